"""Every message the browser forms can show, in Chinese, next to the field it is about."""

from decimal import Decimal

import pytest

from indicators.catalog import Catalog
from projects.forms import DocumentForm, GoalFormSet, IndicatorForm, ProjectForm
from projects.models import BudgetUnit, Project

VALID_PROJECT = {
    "code": "13012322P002581109990",
    "name": "职工书屋建设",
    "budget": "3.00",
    "fiscal_funds": "3.00",
    "other_funds": "0.00",
    "plan_12": "3.00",
}


def project_form(seed, **changes):
    data = {**VALID_PROJECT, "unit": seed.department.units.get().pk, **changes}
    form = ProjectForm({k: v for k, v in data.items() if v is not None}, instance=Project(), document=seed)
    form.is_valid()
    return form


def indicator_form(seed, **changes):
    data = {
        "category": "产出指标",
        "subcategory_name": "数量指标",
        "name": "帮扶人数",
        "value_text": "≥100人",
        "basis": "计划标准",
        **changes,
    }
    form = IndicatorForm(data, catalog=Catalog(seed.framework))
    form.is_valid()
    return form


def document_form(seed, **changes):
    data = {"prepared_by": "正定县总工会", "approving_authority": "正定县财政局", "checkpoint_months": "3, 6, 10, 12"}
    form = DocumentForm({**data, **changes}, instance=seed)
    form.is_valid()
    return form


def test_valid_project_form_has_no_errors(seed):
    form = project_form(seed)
    assert form.errors == {}
    assert form.plan_amounts() == {3: None, 6: None, 10: None, 12: Decimal("3.00")}


def test_project_code_in_the_wrong_shape(seed):
    assert project_form(seed, code="1301232200258110999").errors["code"] == [
        "项目编码“1301232200258110999”格式不正确：应为21位（6位区划码、2位年度、P、11位数字、1位校验码）。"
    ]


def test_project_code_with_another_year(seed):
    assert project_form(seed, code="13012321P002581109990").errors["code"] == [
        "项目编码“13012321P002581109990”的年度位为“21”，与文档年度 2022 不符（应为“22”）。"
    ]


def test_project_name_is_required(seed):
    assert project_form(seed, name="").errors["name"] == ["这个字段是必填项。"]


def test_budget_must_be_the_sum_of_fiscal_and_other_funds(seed):
    assert project_form(seed, other_funds="1.00").errors["budget"] == [
        "预算数 3.00 应等于财政资金 3.00 与其他资金 1.00 之和（4.00）。"
    ]


def test_amounts_must_be_numbers(seed):
    assert project_form(seed, fiscal_funds="三万").errors["fiscal_funds"] == ["输入一个数字。"]


def test_amounts_have_at_most_two_decimals(seed):
    assert project_form(seed, budget="3.001").errors["budget"] == ["确认小数不超过 2 位."]


def test_negative_amounts_are_refused(seed):
    form = project_form(seed, budget="-1.00", fiscal_funds="-1.00", plan_12="-1.00")
    assert "预算数、财政资金和其他资金不能为负数。" in form.non_field_errors()
    assert "12月底的计划数不能为负数。" in form.errors["plan_12"]


def test_unit_of_another_department_cannot_be_chosen(seed, unit):
    assert project_form(seed, unit=unit.pk).errors["unit"] == ["选择一个有效的选项： 该选择不在可用的选项中。"]


def test_unit_choices_are_the_documents_department_only(seed, unit):
    form = project_form(seed)
    assert list(form.fields["unit"].queryset) == list(BudgetUnit.objects.filter(department=seed.department))


def test_plan_must_reach_the_budget_at_the_last_checkpoint(seed):
    assert project_form(seed, plan_12="2.50").errors["plan_12"] == ["12月底的累计计划数 2.50 应等于预算数 3.00。"]


def test_plan_last_checkpoint_is_required(seed):
    assert project_form(seed, plan_12=None, plan_6="1.00").errors["plan_12"] == [
        "12月底的累计计划数必须填写，且等于预算数 3.00。"
    ]


def test_plan_never_decreases(seed):
    form = project_form(seed, plan_3="2.00", plan_6="1.00")
    assert form.errors["plan_6"] == ["资金支出计划是累计数，6月底的 1.00 不能小于3月底的 2.00。"]
    assert "plan_3" not in form.errors


def test_plan_fields_follow_the_documents_checkpoint_months(seed):
    seed.checkpoint_months = [6, 9, 12]
    form = ProjectForm(instance=Project(), document=seed)
    assert [field.label for field in form.plan_fields] == ["6月底", "9月底", "12月底"]


def test_valid_indicator_is_resolved_and_parsed(seed):
    form = indicator_form(seed)
    assert form.errors == {}
    assert form.instance.subcategory.name == "数量指标"
    assert (form.instance.comparator, form.instance.target_number, form.instance.unit) == ("≥", Decimal("100"), "人")


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("≤5天", ("≤", Decimal("5"), "天")),
        ("100%", ("", Decimal("100"), "%")),
        ("100", ("", Decimal("100"), "")),
        ("资金使用合规", ("", None, "")),
    ],
)
def test_targets_are_parsed_as_typed(seed, typed, parsed):
    form = indicator_form(seed, value_text=typed)
    assert form.errors == {}
    assert (form.instance.comparator, form.instance.target_number, form.instance.unit) == parsed
    assert form.instance.value_text == typed


@pytest.mark.parametrize("typed", ["≥上年水平", "90-100"])
def test_odd_targets_a_department_writes_are_accepted_as_written(seed, typed):
    form = indicator_form(seed, value_text=typed)
    assert form.errors == {}
    assert form.instance.value_text == typed


def test_target_is_required(seed):
    assert indicator_form(seed, value_text="").errors["value_text"] == ["这个字段是必填项。"]


def test_indicator_name_is_required(seed):
    assert indicator_form(seed, name="").errors["name"] == ["这个字段是必填项。"]


def test_subcategory_under_the_wrong_category_names_its_parent(seed):
    assert indicator_form(seed, category="满意度指标").errors["subcategory_name"] == [
        "二级指标“数量指标”不能放在一级指标“满意度指标”下，应属于“产出指标”。"
    ]


def test_category_outside_the_framework_cannot_be_chosen(seed):
    assert indicator_form(seed, category="成本指标").errors["category"] == [
        "选择一个有效的选项。 成本指标 不在可用的选项中。"
    ]


def test_category_and_subcategory_are_required(seed):
    errors = indicator_form(seed, category="", subcategory_name="").errors
    assert errors["category"] == ["这个字段是必填项。"]
    assert errors["subcategory_name"] == ["这个字段是必填项。"]


def test_subcategory_choices_are_grouped_by_category(seed):
    choices = IndicatorForm(catalog=Catalog(seed.framework)).fields["subcategory_name"].choices
    groups = {group: [name for name, _ in options] for group, options in choices[1:]}
    assert groups["产出指标"] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    assert groups["满意度指标"] == ["服务对象满意度指标"]


@pytest.mark.parametrize("written", ["其他", "其他：专家论证", "其他:上级文件", "计划标准", "《职工书屋建设标准》"])
def test_basis_is_accepted_as_written(seed, written):
    form = indicator_form(seed, basis=written)
    assert form.errors == {}
    assert form.instance.basis == written


def test_valid_document_form_parses_months_typed_with_chinese_commas(seed):
    form = document_form(seed, checkpoint_months="3，6、9 12")
    assert form.errors == {}
    assert form.cleaned_data["checkpoint_months"] == [3, 6, 9, 12]


def test_checkpoint_months_that_are_not_numbers(seed):
    assert document_form(seed, checkpoint_months="3月, 12月").errors["checkpoint_months"] == [
        "资金支出计划时间节点“3月, 12月”无法识别：请填写用逗号分隔的月份，如 3, 6, 10, 12。"
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "资金支出计划时间节点不能为空，如 3, 6, 10, 12。"),
        ("0, 12", "资金支出计划时间节点必须是1到12之间的月份。"),
        ("6, 3, 12", "资金支出计划时间节点必须按月份从小到大排列且不能重复。"),
        ("3, 6, 9", "资金支出计划的最后一个时间节点必须是12月底。"),
    ],
)
def test_checkpoint_months_rules(seed, typed, message):
    assert document_form(seed, checkpoint_months=typed).errors["checkpoint_months"] == [message]


def test_cover_texts_are_required(seed):
    errors = document_form(seed, prepared_by="", approving_authority="").errors
    assert errors["prepared_by"] == ["这个字段是必填项。"]
    assert errors["approving_authority"] == ["这个字段是必填项。"]


def test_goal_text_is_required(seed):
    goal = seed.goals.filter(kind="itemized").order_by("position").first()
    data = {
        "goals-itemized-TOTAL_FORMS": "1",
        "goals-itemized-INITIAL_FORMS": "1",
        "goals-itemized-0-id": str(goal.pk),
        "goals-itemized-0-document": str(seed.pk),
        "goals-itemized-0-text": "  ",
        "goals-itemized-0-position": "1",
    }
    formset = GoalFormSet(data, instance=seed, kind="itemized")
    assert not formset.is_valid()
    assert formset.forms[0].errors["text"] == ["这个字段是必填项。"]


def test_blank_goal_row_with_only_a_position_is_ignored(seed):
    data = {
        "goals-overall-TOTAL_FORMS": "1",
        "goals-overall-INITIAL_FORMS": "0",
        "goals-overall-0-position": "3",
    }
    formset = GoalFormSet(data, instance=seed, kind="overall")
    assert formset.is_valid()
    assert formset.kept_in_order() == []
