"""The project editor: one page like the printed table, saved as one transaction, with no silent overwrite."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, Subcategory
from projects.models import PlanEntry, Project
from tests.conftest import make_user
from tests.projects.form_data import page_data

NEW_CODE = "13012322P002581109990"


@pytest.fixture
def filler(seed, django_user_model):
    return make_user(django_user_model, "filler", role="填报人", departments=[seed.department])


@pytest.fixture
def first(seed):
    return seed.projects.get(position=1)


@pytest.fixture
def url(first):
    return reverse("projects:project_edit", args=[first.pk])


@pytest.fixture
def data(filler, client, url):
    client.force_login(filler)
    return page_data(client.get(url))


@pytest.fixture
def add_url(seed):
    return reverse("projects:project_add", args=[seed.department.code, seed.year])


def plan_of(project):
    return dict(project.plan_entries.values_list("month", "amount"))


def indicator_names(project):
    return list(project.indicators.order_by("position").values_list("name", flat=True))


def add_rows(data, rows):
    """Append indicator rows the way the page script does: new numbered forms and a larger TOTAL_FORMS."""
    start = int(data["indicators-INITIAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"indicators-{start + offset}-{name}"] = value
    data["indicators-TOTAL_FORMS"] = start + len(rows)
    return data


THREE_CATEGORIES = [
    {
        "category": "产出指标",
        "subcategory_name": "数量指标",
        "name": "帮扶人数",
        "value_text": "≥100人",
        "basis": "计划标准",
    },
    {
        "category": "效益指标",
        "subcategory_name": "社会效益指标",
        "name": "困难职工生活改善",
        "value_text": "有效改善",
        "basis": "历史标准",
    },
    {
        "category": "满意度指标",
        "subcategory_name": "服务对象满意度指标",
        "name": "受助职工满意度",
        "value_text": "≥90%",
        "basis": "行业标准",
    },
]


def new_project_data(client, add_url, **changes):
    data = page_data(client.get(add_url))
    data.update(
        {
            "code": NEW_CODE,
            "name": "职工书屋建设",
            "budget": "3.00",
            "fiscal_funds": "2.50",
            "other_funds": "0.50",
            "purpose": "购置图书",
            "goal": "建成职工书屋2个",
            "plan_6": "1.00",
            "plan_12": "3.00",
        }
    )
    add_rows(data, THREE_CATEGORIES)
    data.update(changes)
    return data


def test_editor_shows_the_printed_table_fields_and_indicators_in_order(first, filler, client, url):
    client.force_login(filler)
    response = client.get(url)
    html = response.content.decode()
    assert 'value="13012322P00259810156P"' in html
    assert [f.value() for f in response.context["form"].plan_fields] == [
        Decimal("2.00"),
        Decimal("4.00"),
        Decimal("6.00"),
        Decimal("7.70"),
    ]
    rows = response.context["formset"].initial_forms
    assert [(f["category"].value(), f["subcategory_name"].value()) for f in rows][:4] == [
        ("产出指标", "质量指标"),
        ("产出指标", "成本指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "时效指标"),
    ]
    assert "预算规模及资金用途" in html
    assert "资金支出计划" in html


def test_saving_name_and_plan_moves_the_revision_and_rewrites_no_unchanged_indicator(first, client, url, data):
    data.update({"name": "困难职工及劳模帮扶救助资金", "plan_3": "", "plan_6": "5.00"})
    response = client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.name, first.revision) == ("困难职工及劳模帮扶救助资金", 1)
    assert dict(first.plan_entries.values_list("month", "amount")) == {
        6: Decimal("5.00"),
        10: Decimal("6.00"),
        12: Decimal("7.70"),
    }
    assert Indicator.history.count() == 0


def test_new_project_with_indicators_in_all_three_categories_is_created_at_the_end(seed, filler, client, add_url):
    client.force_login(filler)
    response = client.post(add_url, new_project_data(client, add_url))
    project = Project.objects.get(code=NEW_CODE)
    assert response.url == reverse("projects:project_edit", args=[project.pk])
    assert project.position == 7
    assert (project.budget, project.fiscal_funds, project.other_funds) == (
        Decimal("3.00"),
        Decimal("2.50"),
        Decimal("0.50"),
    )
    rows = list(project.indicators.select_related("subcategory__category").order_by("position"))
    assert [r.subcategory.category.name for r in rows] == ["产出指标", "效益指标", "满意度指标"]
    assert [(r.comparator, r.target_number, r.unit) for r in rows] == [
        ("≥", Decimal("100"), "人"),
        ("", None, ""),
        ("≥", Decimal("90"), "%"),
    ]
    assert [r.position for r in rows] == [1, 2, 3]


def test_budget_that_is_not_the_sum_of_funds_is_refused_next_to_the_budget(seed, filler, client, add_url):
    client.force_login(filler)
    response = client.post(add_url, new_project_data(client, add_url, fiscal_funds="2.00"))
    assert response.status_code == 200
    assert response.context["form"].errors["budget"] == [
        "预算数 3.00 应等于财政资金 2.00 与其他资金 0.50 之和（2.50）。"
    ]
    page = response.content.decode()
    assert "未保存：发现 1 处错误，请修改后再保存。" in page
    assert '<a href="#id_budget">预算数：预算数 3.00 应等于财政资金 2.00 与其他资金 0.50 之和（2.50）。</a>' in page
    assert not Project.objects.filter(code=NEW_CODE).exists()


def test_plan_errors_appear_next_to_their_checkpoint(seed, filler, client, add_url):
    client.force_login(filler)
    response = client.post(add_url, new_project_data(client, add_url, plan_10="0.50", plan_12="2.00"))
    errors = response.context["form"].errors
    assert errors["plan_10"] == ["资金支出计划是累计数，10月底的 0.50 不能小于6月底的 1.00。"]
    assert errors["plan_12"] == ["12月底的累计计划数 2.00 应等于预算数 3.00。"]
    assert 'id="id_plan_12_errors"' in response.content.decode()


def test_bad_project_code_is_refused_with_the_rule_message(seed, filler, client, add_url):
    client.force_login(filler)
    response = client.post(add_url, new_project_data(client, add_url, code="13012321P002581109990"))
    assert response.context["form"].errors["code"] == [
        "项目编码“13012321P002581109990”的年度位为“21”，与文档年度 2022 不符（应为“22”）。"
    ]


def test_duplicate_project_code_is_refused_and_nothing_is_saved(seed, first, filler, client, add_url):
    client.force_login(filler)
    response = client.post(add_url, new_project_data(client, add_url, code=first.code))
    assert response.status_code == 200
    assert "本文档中已有相同项目编码的项目。" in response.context["form"].non_field_errors()
    assert seed.projects.count() == 6
    assert response.context["project"].pk is None


def test_a_target_too_large_to_store_is_refused_next_to_its_cell_and_nothing_is_saved(first, client, url, data):
    data["name"] = "改名"
    data["indicators-0-value_text"] = "≥1" + "0" * 20
    response = client.post(url, data)
    assert "数值过大" in response.context["formset"].forms[0].errors["value_text"][0]
    first.refresh_from_db()
    assert (first.name, first.revision) == ("2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）", 0)


def test_subcategory_under_the_wrong_category_gets_the_catalog_message(first, client, url, data):
    data["indicators-0-category"] = "效益指标"
    data["indicators-0-subcategory_name"] = "质量指标"
    response = client.post(url, data)
    assert response.context["formset"].forms[0].errors["subcategory_name"] == [
        "二级指标“质量指标”不能放在一级指标“效益指标”下，应属于“产出指标”。"
    ]


def test_changing_category_and_subcategory_together_is_saved(first, client, url, data):
    data["indicators-0-category"] = "效益指标"
    data["indicators-0-subcategory_name"] = "社会效益指标"
    assert client.post(url, data).status_code == 302
    moved = first.indicators.get(position=1)
    assert moved.subcategory == Subcategory.objects.get(
        category__framework__code="legacy", category__name="效益指标", name="社会效益指标"
    )


def test_a_bare_other_basis_is_saved_as_written_and_the_review_suggests_explaining_it(first, client, url, data):
    data["indicators-0-basis"] = "其他"
    data["indicators-1-basis"] = "其他：专家论证"
    assert client.post(url, data).status_code == 302
    assert list(first.indicators.order_by("position").values_list("basis", flat=True)[:2]) == ["其他", "其他：专家论证"]
    findings = client.get(url).context["findings"]
    assert [f.rule for f in findings if f.field == "basis"] == ["text-basis-explain"]


def test_indicators_are_reordered_by_position_and_renumbered(first, client, url, data):
    before = indicator_names(first)
    data["indicators-0-position"], data["indicators-1-position"] = "2", "1"
    assert client.post(url, data).status_code == 302
    assert indicator_names(first) == [before[1], before[0], *before[2:]]
    assert list(first.indicators.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Indicator.history.count() == 2


def test_an_indicator_is_removed_and_another_added_in_one_save(first, client, url, data):
    before = indicator_names(first)
    data["indicators-2-DELETE"] = "on"
    data.update(
        {
            "indicators-6-category": "满意度指标",
            "indicators-6-subcategory_name": "服务对象满意度指标",
            "indicators-6-name": "职工满意度",
            "indicators-6-value_text": "≥95%",
            "indicators-6-basis": "行业标准",
        }
    )
    assert client.post(url, data).status_code == 302
    assert indicator_names(first) == [*before[:2], *before[3:], "职工满意度"]


def test_blank_extra_row_is_ignored(first, client, url, data):
    data["indicators-6-position"] = "7"
    assert client.post(url, data).status_code == 302
    assert first.indicators.count() == 6


def test_second_save_of_the_same_project_is_refused_and_shows_what_changed(first, filler, client, url, data):
    other = page_data(client.get(url))
    other["indicators-0-value_text"] = "≥95"
    other["plan_3"] = "3.00"
    other["name"] = "别人改的名称"
    assert client.post(url, other).status_code == 302

    data["goal"] = "我写的绩效目标"
    data["indicators-1-value_text"] = "≥40"
    response = client.post(url, data)
    assert response.status_code == 200
    changes = {c.what: (c.before, c.after) for c in response.context["conflict"].changes}
    assert changes["项目名称"] == ("2022年省级困难职工及劳模帮扶救助资金（石财行[2021]63号）", "别人改的名称")
    assert changes["资金支出计划3月底"] == ("2.00", "3.00")
    assert changes["指标“建档职工帮扶救助率”的指标值"] == ("≥90", "≥95")
    html = response.content.decode()
    assert "未保存：别人已修改了这些内容" in html
    assert "我写的绩效目标" in html
    assert 'value="≥40"' in html
    first.refresh_from_db()
    assert (first.goal, first.revision) == (
        "1.对困难职工及劳模实施帮扶救助，包括生活救助、医疗救助、子女助学等三个方面",
        1,
    )

    resend = page_data(response)
    assert client.post(url, resend).status_code == 302
    first.refresh_from_db()
    # Saving again keeps what this user changed and what the other person changed where this user did not.
    assert (first.goal, first.name, first.revision) == ("我写的绩效目标", "别人改的名称", 2)
    assert plan_of(first)[3] == Decimal("3.00")
    assert [i.value_text for i in first.indicators.order_by("position")][:2] == ["≥95", "≥40"]


def test_conflict_highlights_the_fields_both_people_changed(first, client, url, data):
    other = page_data(client.get(url))
    other["name"] = "别人改的名称"
    other["indicators-0-value_text"] = "≥95"
    other["plan_3"] = "3.00"
    assert client.post(url, other).status_code == 302

    data["name"] = "我改的名称"
    data["indicators-0-value_text"] = "≥99"
    data["goal"] = "我写的绩效目标"
    response = client.post(url, data)
    conflict = response.context["conflict"]
    assert {c.what for c in conflict.changed_by_both} == {"项目名称", "指标“建档职工帮扶救助率”的指标值"}
    assert "资金支出计划3月底" in [c.what for c in conflict.changes if not c.by_both]
    form, formset = response.context["form"], response.context["formset"]
    assert "changed-by-both" in str(form["name"])
    assert "changed-by-both" in str(formset.forms[0]["value_text"])
    assert "changed-by-both" not in str(form["goal"])
    assert "changed-by-both" not in str(form["plan_3"])
    assert "您也改过" in response.content.decode()


def test_stale_save_after_a_deletion_lists_it_and_keeps_the_users_row_as_a_new_one(first, client, url, data):
    names = indicator_names(first)
    other = page_data(client.get(url))
    other["indicators-5-DELETE"] = "on"
    client.post(url, other)
    assert indicator_names(first) == names[:5]

    data["indicators-5-value_text"] = "≥95%"
    response = client.post(url, data)
    whats = [c.what for c in response.context["conflict"].changes]
    assert f"删除指标“{names[5]}”" in whats
    assert response.context["formset"].is_valid()

    assert client.post(url, page_data(response)).status_code == 302
    assert indicator_names(first) == names
    assert first.indicators.get(position=6).value_text == "≥95%"


def test_editor_query_count_does_not_grow_with_indicators(first, filler, client, url):
    client.force_login(filler)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    template = first.indicators.first()
    Indicator.objects.bulk_create(
        Indicator(
            project=first,
            subcategory=template.subcategory,
            name=f"指标{n}",
            value_text="≥1",
            comparator="≥",
            target_number=1,
            position=10 + n,
        )
        for n in range(30)
    )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_save_query_count_does_not_grow_with_indicators(first, filler, client, url):
    client.force_login(filler)

    def save_queries(name):
        data = page_data(client.get(url))
        with CaptureQueriesContext(connection) as saved:
            assert client.post(url, {**data, "name": name}).status_code == 302
        return len(saved)

    small = save_queries("改名一次")
    # Rows added under the last 二级 keep the blocks whole, so the save has nothing to regroup.
    template = first.indicators.order_by("position").last()
    after = first.indicators.count()
    Indicator.objects.bulk_create(
        Indicator(
            project=first, subcategory=template.subcategory, name=f"指标{n}", value_text="定性", position=after + n
        )
        for n in range(1, 31)
    )
    assert save_queries("改名两次") == small


def test_plan_entries_are_not_rewritten_when_the_plan_did_not_change(first, client, url, data):
    data["name"] = "新名称"
    client.post(url, data)
    assert PlanEntry.history.count() == 0


def test_budget_change_that_leaves_the_plan_short_is_refused_next_to_12_month(first, client, url, data):
    data.update({"budget": "8.00", "fiscal_funds": "8.00"})
    response = client.post(url, data)
    assert response.context["form"].errors["plan_12"] == ["12月底的累计计划数 7.70 应等于预算数 8.00。"]


def test_editor_shows_the_projects_review_findings_and_links_its_history(client, seed, django_user_model):
    user = make_user(django_user_model, "reader-of-findings", role="填报人", departments=[seed.department])
    client.force_login(user)
    project = seed.projects.get(position=3)
    page = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    assert "text-doubled-character" in page
    assert "为为" in page
    assert reverse("workflow:project_history", args=[project.pk]) in page
    assert reverse("review:document", args=["711", 2022]) in page


def test_read_only_editor_offers_no_blank_row(client, seed, django_user_model):
    reader = make_user(django_user_model, "reader-no-blank", role="部门审核人", departments=[seed.department])
    client.force_login(reader)
    project = seed.projects.get(position=3)
    page = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    body = page[page.index("<tbody data-rows>") : page.index("</tbody>", page.index("<tbody data-rows>"))]
    assert body.count("<tr data-row") == 7


def test_read_only_editor_shows_values_as_text_not_disabled_fields(client, seed, django_user_model):
    reader = make_user(django_user_model, "reader-values", role="部门审核人", departments=[seed.department])
    client.force_login(reader)
    project = seed.projects.get(position=2)
    page = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    form = page[page.index('<form method="post" id="project-form"') : page.index("</form>")]
    assert not any(control in form for control in ("<select", "<textarea", 'type="text"', 'type="number"'))
    assert "placeholder" not in form
    assert '<div class="shown-value" id="id_name">工会礼堂维护费</div>' in page
    assert '<div class="shown-value" id="id_unit">711001 正定县总工会本级</div>' in page
    assert '<div class="shown-value" id="id_indicators-0-category">产出指标</div>' in page
    assert '<div class="shown-value" id="id_indicators-0-basis">行业标准</div>' in page


def test_each_delete_checkbox_is_labelled_with_its_row(client, seed, django_user_model):
    client.force_login(make_user(django_user_model, "filler-labels", role="填报人", departments=[seed.department]))
    project = seed.projects.get(position=2)
    page = client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    first = project.indicators.order_by("position").first()
    assert f'<span class="visually-hidden">勾选以删除指标“{first.name}”</span></label>' in page
    document_page = client.get(reverse("projects:document", args=["711", 2022])).content.decode()
    assert '<span class="visually-hidden">删除第1条</span></label>' in document_page


@pytest.fixture
def editor_client(client, seed, django_user_model):
    client.force_login(make_user(django_user_model, "deleting-filler", role="填报人", departments=[seed.department]))
    return client


def test_filler_deletes_a_project_after_confirming(editor_client, seed):
    project = seed.projects.get(position=4)
    url = reverse("projects:project_delete", args=[project.pk])
    confirm = editor_client.get(url).content.decode()
    assert "困难职工帮扶资金" in confirm
    assert "5.00" in confirm
    response = editor_client.post(url, {"revision": project.revision})
    assert response.url == reverse("projects:document", args=["711", 2022])
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not Indicator.objects.filter(project_id=project.pk).exists()
    assert not PlanEntry.objects.filter(project_id=project.pk).exists()
    assert Project.history.filter(id=project.pk, history_type="-").exists()


def test_a_project_changed_since_the_confirmation_is_not_deleted(editor_client, seed):
    project = seed.projects.get(position=4)
    stale = project.revision
    Project.objects.filter(pk=project.pk).update(revision=stale + 1)
    response = editor_client.post(
        reverse("projects:project_delete", args=[project.pk]), {"revision": stale}, follow=True
    )
    assert "已被他人修改" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_project_of_a_submitted_document_is_not_deleted(editor_client, seed):
    project = seed.projects.get(position=4)
    seed.status = "submitted"
    seed.save(update_fields=["status"])
    response = editor_client.post(
        reverse("projects:project_delete", args=[project.pk]), {"revision": project.revision}, follow=True
    )
    assert "只有草稿或退回的文档可以修改" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()


def test_readers_cannot_delete_a_project(client, seed, django_user_model):
    client.force_login(
        make_user(django_user_model, "reading-reviewer", role="部门审核人", departments=[seed.department])
    )
    project = seed.projects.get(position=4)
    response = client.post(reverse("projects:project_delete", args=[project.pk]), {"revision": project.revision})
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_row_added_under_an_earlier_category_is_saved_in_its_group_and_the_editor_says_so(first, client, url, data):
    before = list(first.indicators.order_by("position").select_related("subcategory__category"))
    benefit_at = max(i for i, row in enumerate(before) if row.subcategory.category.name == "效益指标")
    data.update(
        {
            "indicators-6-category": "效益指标",
            "indicators-6-subcategory_name": "社会效益指标",
            "indicators-6-name": "职工技能提升",
            "indicators-6-value_text": "明显提升",
            "indicators-6-basis": "其他",
        }
    )
    response = client.post(url, data, follow=True)
    names = indicator_names(first)
    assert names.index("职工技能提升") == benefit_at + 1
    assert "指标已按一级、二级指标归组" in response.content.decode()
    assert [row.instance.name for row in response.context["formset"].initial_forms] == names


def test_the_error_summary_counts_the_errors_and_names_the_row_of_an_empty_indicator(first, client, url, data):
    data["indicators-2-name"] = ""
    data["indicators-4-value_text"] = ""
    data["plan_12"] = "7.80"
    response = client.post(url, data)
    assert response.context["formset"].forms[2].errors["name"] == ["第3行三级指标不能为空。"]
    summary = response.context["error_summary"]
    assert summary == [
        ("id_plan_12", "12月底：12月底的累计计划数 7.80 应等于预算数 7.70。"),
        ("id_indicators-2-name", "第3行三级指标不能为空。"),
        ("id_indicators-4-value_text", "第5行指标值不能为空。"),
    ]
    page = response.content.decode()
    assert "未保存：发现 3 处错误，请修改后再保存。" in page
    assert '<a href="#id_indicators-2-name">第3行三级指标不能为空。</a>' in page
    assert 'id="id_indicators-2-name"' in page


def test_the_new_project_form_explains_the_project_code_and_works_out_the_budget(seed, filler, client, add_url):
    client.force_login(filler)
    page = client.get(add_url).content.decode()
    assert "6位行政区划码（正定县为130123）＋2位年度（2022年为22）＋字母P＋11位项目编号＋1位校验码" in page
    assert 'aria-describedby="id_code_help"' in page
    assert 'id="id_budget_computed" hidden' in page
    assert "js/budget.js" in page
