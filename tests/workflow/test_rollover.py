"""Year rollover: next year's draft with everything copied, codes moved to the new year, a list to review."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator
from projects.models import DepartmentGoal, Document, PlanEntry, Project
from review.rulebook import review_document
from tests.conftest import grow_document
from tests.edit_lock import assert_document_unchanged, lock
from workflow import rollover as rollover_module
from workflow.rollover import document_rollover, project_code_for_year

Status = Document.Status


def project_rows(document):
    return [
        (p.unit_id, p.code[:6] + p.code[8:], p.name, p.budget, p.fiscal_funds, p.other_funds, p.purpose, p.goal)
        for p in document.projects.all()
    ]


def test_project_code_gets_the_new_year_digits():
    assert project_code_for_year("13012322P002581106928", 2023) == "13012323P002581106928"
    assert project_code_for_year("13012322P00258110694F", 2030) == "13012330P00258110694F"


def test_rollover_copies_the_whole_document_into_a_new_draft(seed, filler):
    lock(seed, Status.APPROVED)
    result = document_rollover(document=seed, to_year=2023, user=filler)
    new = result.document
    assert (new.department, new.year, new.status) == (seed.department, 2023, Status.DRAFT)
    assert (new.prepared_by, new.approving_authority, new.framework, new.checkpoint_months) == (
        "正定县总工会",
        "正定县财政局",
        seed.framework,
        [3, 6, 10, 12],
    )
    assert list(new.goals.values_list("kind", "position", "text")) == list(
        seed.goals.values_list("kind", "position", "text")
    )
    assert project_rows(new) == project_rows(seed)
    assert all(p.code[6:8] == "23" for p in new.projects.all())
    for old, copy in zip(seed.projects.all(), new.projects.all(), strict=True):
        assert list(copy.plan_entries.values_list("month", "amount")) == list(
            old.plan_entries.values_list("month", "amount")
        )
        fields = ("subcategory", "name", "description", "value_text", "comparator", "target_number", "unit", "basis")
        assert list(copy.indicators.values_list(*fields)) == list(old.indicators.values_list(*fields))
    assert new.projects.count() == 6
    assert Indicator.objects.filter(project__document=new).count() == 41
    assert sum(p.budget for p in new.projects.all()) == sum(p.budget for p in seed.projects.all())


def test_rollover_leaves_the_source_as_it_was(seed):
    lock(seed, Status.APPROVED)
    with assert_document_unchanged(seed):
        document_rollover(document=seed, to_year=2023)


def test_new_codes_pass_the_project_code_rule(seed):
    new = document_rollover(document=seed, to_year=2023).document
    for project in new.projects.all():
        project.full_clean()


def test_review_list_names_every_code_change_and_old_years_in_the_text(seed):
    review = [str(item) for item in document_rollover(document=seed, to_year=2023).checklist]
    assert review[0].startswith("全部内容沿用2022年")
    for code in seed.projects.values_list("code", flat=True):
        assert any(f"由 {code} 改为 {project_code_for_year(code, 2023)}" in line for line in review)
    assert any("项目名称提到2022年" in line and "省级困难职工" in line for line in review)
    # Codes hold "2022"-like digits only inside longer numbers; they are not flagged as years.
    assert not any("工会礼堂维护费”：项目名称提到" in line for line in review)


def test_checklist_items_point_at_their_project(seed):
    result = document_rollover(document=seed, to_year=2023)
    projects = {item.project for item in result.checklist if item.project is not None}
    assert projects == set(result.document.projects.all())


def test_rollover_refuses_when_the_target_year_exists(seed):
    document_rollover(document=seed, to_year=2023)
    counts = (Project.objects.count(), Indicator.objects.count(), PlanEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        document_rollover(document=seed, to_year=2023)
    assert exc.value.message_dict["year"] == ["正定县总工会 2023年的绩效文本已存在，不能重复结转。"]
    assert (Project.objects.count(), Indicator.objects.count(), PlanEntry.objects.count()) == counts


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.RETURNED])
def test_rollover_refuses_a_document_under_review(seed, status):
    lock(seed, status)
    with pytest.raises(ValidationError) as exc:
        document_rollover(document=seed, to_year=2023)
    assert "只有草稿或已审核的文档可以结转" in exc.value.messages[0]
    assert not Document.objects.filter(year=2023).exists()


def test_rollover_refuses_an_earlier_year(seed):
    with pytest.raises(ValidationError):
        document_rollover(document=seed, to_year=2022)
    assert Document.objects.count() == 1


def test_rollover_is_one_transaction(seed, monkeypatch):
    real = rollover_module.bulk_create_with_history

    def fail_on_indicators(objs, model, **kwargs):
        if model is Indicator:
            raise RuntimeError("disk full")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(rollover_module, "bulk_create_with_history", fail_on_indicators)
    with pytest.raises(RuntimeError):
        document_rollover(document=seed, to_year=2023)
    assert not Document.objects.filter(year=2023).exists()
    assert not DepartmentGoal.objects.filter(document__year=2023).exists()
    assert Project.objects.count() == 6


def reads(ctx):
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("INSERT")]


def test_rollover_reads_do_not_grow_with_the_document(seed):
    # Writes are bulk INSERTs, which the database driver splits into batches of a few hundred rows.
    with CaptureQueriesContext(connection) as small:
        document_rollover(document=Document.objects.get(pk=seed.pk), to_year=2023)
    grow_document(seed, copies=5)
    with CaptureQueriesContext(connection) as large:
        result = document_rollover(document=Document.objects.get(pk=seed.pk), to_year=2024)
    assert len(reads(large)) == len(reads(small))
    assert len(large) - len(reads(large)) < 20
    assert result.document.projects.count() == 36


# The command


def test_command_creates_the_draft_and_prints_what_to_review(seed):
    out = StringIO()
    call_command("rollover", "711", "2022", "2023", stdout=out)
    printed = out.getvalue()
    assert "已创建《正定县总工会 2023年部门预算绩效文本》（草稿）" in printed
    assert "13012323P002581106928" in printed
    assert "1. 全部内容沿用2022年" in printed
    assert Document.objects.get(year=2023).projects.count() == 6


def test_command_records_the_user_it_is_told(seed, filler):
    call_command("rollover", "711", "2022", "2023", "--user", "filler", stdout=StringIO())
    new = Document.objects.get(year=2023)
    assert new.history.get().history_user == filler
    assert {h.history_user for h in Project.history.filter(document_id=new.pk)} == {filler}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["711", "2021", "2022"], "找不到部门 711 2021年的绩效文本"),
        (["999", "2022", "2023"], "找不到部门 999 2022年的绩效文本"),
        (["711", "2022", "2022"], "应晚于 2022 年"),
        (["711", "2022", "2023", "--user", "nobody"], "找不到用户"),
    ],
)
def test_command_explains_what_is_wrong(seed, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rollover", *args, stdout=StringIO())


def test_command_refuses_when_the_target_exists(seed):
    call_command("rollover", "711", "2022", "2023", stdout=StringIO())
    with pytest.raises(CommandError, match="已存在"):
        call_command("rollover", "711", "2022", "2023", stdout=StringIO())


# The button


CONFIRMED = {"confirmed": "1"}


def rollover_url(document):
    return reverse("workflow:rollover", args=[document.department.code, document.year])


def test_department_editor_rolls_over_with_the_button_and_sees_the_list(client, seed, filler):
    client.force_login(filler)
    response = client.post(rollover_url(seed), CONFIRMED, follow=True)
    assert response.redirect_chain == [(reverse("workflow:status", args=["711", 2023]), 302)]
    page = response.content.decode()
    assert "已创建《正定县总工会 2023年部门预算绩效文本》（草稿）" in page
    assert "结转后请核对" in page
    assert "13012323P002581106928" in page


def test_the_checklist_stays_on_the_new_document_until_marked_done(client, seed, filler, dept_reviewer):
    client.force_login(filler)
    client.post(rollover_url(seed), CONFIRMED)
    document_url = reverse("projects:document", args=["711", 2023])
    for url in (reverse("workflow:status", args=["711", 2023]), document_url):
        assert "结转后请核对（自2022年文本结转）" in client.get(url).content.decode()
    client.force_login(dept_reviewer)
    done_url = reverse("workflow:rollover_checked", args=["711", 2023])
    assert client.post(done_url).status_code == 403
    client.force_login(filler)
    response = client.post(done_url, {"next": document_url}, follow=True)
    assert response.redirect_chain == [(document_url, 302)]
    page = response.content.decode()
    assert "结转核对清单已标记为核对完成" in page
    assert "结转后请核对" not in page
    checklist = Document.objects.get(year=2023).rollover_checklist
    assert (checklist.done_by, checklist.is_done) == (filler, True)
    assert client.post(done_url).status_code == 404


def test_the_review_flags_texts_of_a_rolled_over_document_that_name_the_old_year(seed):
    new = document_rollover(document=seed, to_year=2023).document
    findings = [f for f in review_document(new) if f.rule == "text-rollover-old-year"]
    assert findings
    assert all(f.severity == "提示" for f in findings)
    assert any("写着2022年；本文档由2022年结转而来，请核对是否应改为2023年" in f.message for f in findings)
    assert not [f for f in review_document(seed) if f.rule == "text-rollover-old-year"]


def test_rollover_button_asks_for_confirmation_first(client, seed, filler):
    client.force_login(filler)
    response = client.post(rollover_url(seed))
    assert response.status_code == 200
    assert "确认结转为2023年草稿" in response.content.decode()
    assert not Document.objects.filter(year=2023).exists()


def test_button_refuses_twice_with_a_message(client, seed, filler):
    client.force_login(filler)
    client.post(rollover_url(seed), CONFIRMED)
    response = client.post(rollover_url(seed), CONFIRMED, follow=True)
    assert "已存在，不能重复结转" in response.content.decode()
    assert Document.objects.filter(year=2023).count() == 1


@pytest.mark.parametrize("role", ["dept_reviewer", "bureau_reviewer", "auditor"])
def test_only_the_department_editors_may_roll_over(request, client, seed, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(rollover_url(seed)).status_code == 403
    assert not Document.objects.filter(year=2023).exists()


def test_rollover_button_answers_get_with_405(client, seed, filler):
    client.force_login(filler)
    assert client.get(rollover_url(seed)).status_code == 405


def test_rollover_prints_each_category_as_one_block_even_when_the_source_did_not(seed):
    project = seed.projects.get(position=1)
    rows = list(project.indicators.order_by("position").select_related("subcategory__category"))
    # The first 产出 row moved to the end, after 满意度: a second 产出 block in the source.
    Indicator.objects.filter(pk=rows[0].pk).update(position=99)
    new = document_rollover(document=seed, to_year=2023).document
    copied = list(new.projects.get(position=1).indicators.order_by("position").select_related("subcategory__category"))
    categories = [row.subcategory.category.name for row in copied]
    assert categories == sorted(categories, key=categories.index)
    assert copied[3].name == rows[0].name
    assert [row.position for row in copied] == list(range(1, len(copied) + 1))
