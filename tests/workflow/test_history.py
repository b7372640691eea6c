"""History: every create, change and delete of document content is kept with its user, and reads as a diff."""

from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import HistoricalRecords

from indicators.models import Indicator
from projects.models import DepartmentGoal, Document, PlanEntry, Project
from projects.services import project_set_plan
from tests.projects.test_admin import project_post_data
from workflow.history import project_history
from workflow.rollover import document_rollover
from workflow.transitions import document_submit


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def history_url(project):
    return reverse("workflow:project_history", args=[project.pk])


def test_admin_change_is_recorded_with_the_user_and_both_values(client, superuser, seed_with_history):
    project = seed_with_history.projects.get(position=2)
    client.force_login(superuser)
    data = project_post_data(project, name="工会礼堂维护费（修订）", **{"indicators-0-value_text": "≥95"})
    assert client.post(admin_url(Project, "change", project.pk), data).status_code == 302
    latest = project.history.first()
    assert (latest.history_type, latest.history_user, latest.name) == ("~", superuser, "工会礼堂维护费（修订）")
    assert latest.prev_record.name == "工会礼堂维护费"
    indicator = project.indicators.get(position=1)
    assert indicator.history.first().history_user == superuser
    assert indicator.history.first().value_text == "≥95"


def test_admin_delete_is_recorded_with_the_user(client, superuser, seed):
    indicator = seed.projects.get(position=2).indicators.first()
    client.force_login(superuser)
    client.post(admin_url(Indicator, "delete", indicator.pk), {"post": "yes"})
    record = Indicator.history.filter(id=indicator.pk).first()
    assert (record.history_type, record.history_user, record.name) == ("-", superuser, indicator.name)


def test_services_record_the_request_user_for_bulk_writes(rf, seed, filler):
    project = seed.projects.get(position=2)
    request = rf.post("/")
    request.user = filler
    HistoricalRecords.context.request = request
    try:
        project_set_plan(project=project, amounts={3: None, 6: Decimal("5.00"), 10: None, 12: Decimal("10.00")})
    finally:
        del HistoricalRecords.context.request
    records = PlanEntry.history.filter(project_id=project.pk)
    assert {r.history_user for r in records.filter(history_type="+", month=6)} == {filler}
    assert records.filter(history_type="-").exists()
    assert all(r.history_user == filler for r in records.filter(history_type="-"))


def test_transitions_are_in_the_document_history_with_user_and_reason(seed, dept_reviewer):
    document_submit(document=seed, user=dept_reviewer)
    record = seed.history.first()
    assert (record.status, record.history_user, record.history_change_reason) == (
        "submitted",
        dept_reviewer,
        "提交审核",
    )


def test_rollover_rows_are_recorded_with_the_user(seed, filler):
    new = document_rollover(document=seed, to_year=2023, user=filler).document
    for model, lookup in [
        (Document, {"id": new.pk}),
        (DepartmentGoal, {"document_id": new.pk}),
        (Project, {"document_id": new.pk}),
        (PlanEntry, {"project__document_id": new.pk}),
        (Indicator, {"project__document_id": new.pk}),
    ]:
        if "project__document_id" in lookup:
            ids = model.objects.filter(**lookup).values("pk")
            records = model.history.filter(id__in=ids)
        else:
            records = model.history.filter(**lookup)
        assert records.exists(), model
        assert {(r.history_type, r.history_user) for r in records} == {("+", filler)}, model


# The readable diffs


def edit_seed_project(seed, user):
    project = seed.projects.get(position=2)
    project._history_user = user
    project.budget = project.fiscal_funds = Decimal("12.00")
    project.save()
    entry = project.plan_entries.get(month=12)
    entry._history_user = user
    entry.amount = Decimal("12.00")
    entry.save()
    indicator = project.indicators.get(position=1)
    indicator._history_user = user
    indicator.basis = "计划标准"
    indicator.save()
    gone = project.indicators.get(position=2)
    gone._history_user = user
    gone.delete()
    return project, indicator, gone


def test_history_shows_who_changed_what_from_and_to(seed_with_history, filler):
    filler.first_name = "李会计"
    filler.save()
    project, indicator, gone = edit_seed_project(seed_with_history, filler)
    entries = project_history(project=project)
    changes = {
        (e.action, e.subject): {c.label: (c.old, c.new) for c in e.changes} for e in entries if e.user == "李会计"
    }
    assert changes[("修改", "项目")] == {"预算数": ("10.00", "12.00"), "财政资金": ("10.00", "12.00")}
    assert changes[("修改", "资金支出计划 12月底")] == {"累计计划数": ("10.00", "12.00")}
    assert changes[("修改", f"三级指标“{indicator.name}”")] == {"指标值确定依据": ("行业标准", "计划标准")}
    deleted = changes[("删除", f"三级指标“{gone.name}”")]
    assert deleted["三级指标"] == (gone.name, "")
    assert deleted["二级指标"] == (str(gone.subcategory), "")


def test_history_of_a_new_project_starts_with_its_creation(seed_with_history):
    project = seed_with_history.projects.get(position=2)
    oldest = [e for e in project_history(project=project) if e.subject == "项目"][-1]
    assert oldest.action == "新建"
    assert {"项目编码": ("", "13012322P002581106928")}.items() <= {
        c.label: (c.old, c.new) for c in oldest.changes
    }.items()


def test_history_page_reads_as_a_diff(client, seed_with_history, filler):
    project, _, _ = edit_seed_project(seed_with_history, filler)
    client.force_login(filler)
    response = client.get(history_url(project))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<del>10.00</del> → <ins>12.00</ins>" in page
    assert "<del>行业标准</del> → <ins>计划标准</ins>" in page
    assert "filler" in page


def test_history_page_queries_do_not_grow_with_the_history(
    client, seed_with_history, filler, django_assert_num_queries
):
    project = seed_with_history.projects.get(position=2)
    client.force_login(filler)
    with CaptureQueriesContext(connection) as small:
        client.get(history_url(project))
    for i in range(10):
        project.name = f"工会礼堂维护费{i}"
        project.save()
        indicator = project.indicators.first()
        indicator.description = f"说明{i}"
        indicator.save()
    with django_assert_num_queries(len(small)):
        response = client.get(history_url(project))
    assert len(response.context["history"]) > 20


@pytest.mark.parametrize("role", ["auditor", "bureau_reviewer"])
def test_readers_of_every_department_see_the_history_page(request, client, seed, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(history_url(seed.projects.first())).status_code == 200


# Auditors in the admin


@pytest.mark.parametrize("model", [Document, Project, Indicator])
def test_auditor_reads_the_admin_history_of_content(client, seed, auditor, model):
    obj = model.objects.first()
    obj.save()
    client.force_login(auditor)
    response = client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    assert response.context["page_obj"].object_list


def test_auditor_cannot_revert_from_history(client, seed, auditor):
    project = seed.projects.get(position=2)
    project.name = "改过"
    project.save()
    first = project.history.last()
    client.force_login(auditor)
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    response = client.post(url, project_post_data(project, name="工会礼堂维护费"))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "改过"


def test_history_table_can_be_included_in_any_page_with_the_template_tag(seed_with_history, filler):
    project, _, _ = edit_seed_project(seed_with_history, filler)
    html = Template("{% load workflow %}{% project_history project %}").render(Context({"project": project}))
    assert "<del>10.00</del> → <ins>12.00</ins>" in html


# The admin's history pages, as auditors read them


def test_admin_history_reads_in_chinese_with_status_labels_and_no_none(
    client, seed_with_history, auditor, dept_reviewer
):
    seed = seed_with_history
    project = seed.projects.get(position=2)
    project.name = "改过"
    project.save()  # a save without a change reason
    document_submit(document=seed, user=dept_reviewer)
    client.force_login(auditor)
    page = client.get(admin_url(Document, "history", seed.pk)).content.decode()
    assert "草稿" in page
    assert "已提交" in page
    assert "submitted" not in page
    assert ">改动</th>" in page
    page = client.get(admin_url(Project, "history", project.pk)).content.decode()
    assert "None" not in page
    assert history_url(project) in page  # the readable history with indicators and plan


def test_admin_index_names_the_login_records_in_chinese(client, seed, auditor):
    client.force_login(auditor)
    page = client.get(reverse("admin:index")).content.decode()
    for text in ("登录记录", "登录尝试", "登录失败记录", "登录日志", "模型名称"):
        assert text in page
    assert "Access attempts" not in page
    page = client.get(reverse("admin:axes_accesslog_changelist")).content.decode()
    assert "尝试时间" in page
    assert "Attempt Time" not in page


def test_auditor_sees_an_old_version_as_read_only_values_under_chinese_breadcrumbs(client, seed, auditor):
    project = seed.projects.get(position=2)
    project.name = "改过"
    project.save()
    first = project.history.last()
    client.force_login(auditor)
    url = reverse("admin:projects_project_simple_history", args=[project.pk, first.history_id])
    response = client.get(url)
    page = response.content.decode()
    breadcrumbs = page[
        page.index('<div class="breadcrumbs">') : page.index("</div>", page.index('<div class="breadcrumbs">'))
    ]
    assert "项目" in breadcrumbs
    assert "预算项目" in breadcrumbs
    assert "Historical" not in breadcrumbs
    assert "Projects" not in breadcrumbs
    form = response.context["adminform"].form
    assert not [name for name in ("name", "code", "budget", "purpose", "goal") if name in form.fields]
    assert f'<div class="readonly">{first.name}</div>' in page
