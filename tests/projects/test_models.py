"""Row rules hold in the database itself, and full_clean() says what is wrong in Chinese, naming the field."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Subcategory
from projects import services
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, PlanEntry, Project


def rejected_by_database(obj_or_callable):
    write = obj_or_callable if callable(obj_or_callable) else obj_or_callable.save
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def clean_errors(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def test_department_code_must_be_three_digits(db):
    rejected_by_database(Department(code="7a1", name="x"))
    assert "部门编码应为3位数字。" in clean_errors(Department(code="71", name="x"))["code"]


def test_budget_unit_code_must_be_six_digits(department):
    rejected_by_database(BudgetUnit(department=department, code="71200", name="x"))


def test_budget_unit_code_must_start_with_department_code(department):
    errors = clean_errors(BudgetUnit(department=department, code="711001", name="x"))
    assert errors["code"] == ["单位编码“711001”应以所属部门编码“712”开头。"]


def test_one_document_per_department_and_year(document):
    duplicate = Document(
        department=document.department,
        year=2022,
        prepared_by="a",
        approving_authority="b",
        framework=document.framework,
    )
    assert "该部门该年度的绩效文本已存在。" in clean_errors(duplicate)["__all__"]
    rejected_by_database(duplicate)


def test_document_year_and_status_are_checked_by_the_database(document):
    document.year = 1999
    rejected_by_database(document)
    document.refresh_from_db()
    document.status = "lost"
    rejected_by_database(document)


def test_document_cover_texts_are_required(document):
    document.prepared_by = ""
    rejected_by_database(document)


def test_document_checkpoint_months_are_validated(document):
    document.checkpoint_months = [3, 6, 9]
    assert clean_errors(document)["checkpoint_months"] == ["资金支出计划的最后一个时间节点必须是12月底。"]


def test_goal_text_is_required_and_kind_checked(document):
    rejected_by_database(DepartmentGoal(document=document, kind="overall", text=""))
    rejected_by_database(DepartmentGoal(document=document, kind="wish", text="x"))


def test_project_code_format_is_enforced_by_the_database(project):
    project.code = "13012322P0025981015"
    rejected_by_database(project)


def test_invalid_project_code_gets_a_chinese_message_naming_the_field(project):
    project.code = "13012322X00259810156P"
    assert clean_errors(project)["code"][0].startswith("项目编码“13012322X00259810156P”格式不正确")


def test_project_code_year_must_match_the_document(project):
    project.code = "13012321P002581106928"
    assert "与文档年度 2022 不符" in clean_errors(project)["code"][0]


def test_project_code_is_unique_within_a_document(project):
    rejected_by_database(
        lambda: Project.objects.create(
            document=project.document, unit=project.unit, code=project.code, name="另一个", budget=0
        )
    )


def test_funds_that_do_not_add_up_are_rejected(project):
    project.fiscal_funds = D("6.00")
    project.other_funds = D("3.00")
    assert clean_errors(project)["budget"] == ["预算数 10.00 应等于财政资金 6.00 与其他资金 3.00 之和（9.00）。"]
    rejected_by_database(project)


def test_negative_amounts_are_rejected_by_the_database(project):
    project.budget, project.fiscal_funds, project.other_funds = D("0"), D("5.00"), D("-5.00")
    rejected_by_database(project)


def test_project_unit_must_belong_to_the_documents_department(project, db):
    other = Department.objects.create(code="799", name="别的部门")
    project.unit = BudgetUnit.objects.create(department=other, code="799001", name="别的单位")
    assert clean_errors(project)["unit"] == ["预算单位“799001 别的单位”不属于本文档的部门。"]


def test_plan_rows_are_checked_by_the_database(project):
    PlanEntry.objects.create(project=project, month=12, amount=D("10.00"))
    rejected_by_database(PlanEntry(project=project, month=12, amount=D("10.00")))
    rejected_by_database(PlanEntry(project=project, month=13, amount=D("1.00")))
    rejected_by_database(PlanEntry(project=project, month=3, amount=D("-1.00")))


def test_set_plan_replaces_the_plan_and_rejects_a_decreasing_one(project):
    services.project_set_plan(project=project, amounts={6: D("5.00"), 12: D("10.00")})
    assert list(project.plan_entries.values_list("month", "amount")) == [(6, D("5.00")), (12, D("10.00"))]
    with pytest.raises(ValidationError) as info:
        services.project_set_plan(project=project, amounts={3: D("6.00"), 6: D("5.00"), 12: D("10.00")})
    assert info.value.message_dict["plan"] == ["资金支出计划是累计数，6月底的 5.00 不能小于3月底的 6.00。"]
    assert project.plan_entries.count() == 2, "a rejected plan leaves the old one in place"


def test_plan_cannot_change_once_submitted(project):
    project.document.status = Document.Status.SUBMITTED
    project.document.save()
    with pytest.raises(ValidationError, match="只有草稿或退回的文档可以修改"):
        services.project_set_plan(project=project, amounts={12: D("10.00")})


def make_indicator(project, **overrides):
    fields = {
        "project": project,
        "subcategory": Subcategory.objects.get(category__framework__code="legacy", name="数量指标"),
        "name": "人数",
        "description": "",
        "value_text": "100",
        "target_number": D("100"),
        "position": 1,
    }
    fields.update(overrides)
    return Indicator(**fields)


def test_indicator_value_is_parsed_by_full_clean(project):
    indicator = make_indicator(project, value_text="≥ 95%", target_number=None)
    indicator.full_clean()
    assert (indicator.comparator, indicator.target_number, indicator.unit) == ("≥", D("95"), "%")


def test_indicator_value_too_large_to_store_names_the_field(project):
    errors = clean_errors(make_indicator(project, value_text="≥1" + "0" * 20))
    assert errors["value_text"][0].startswith("指标值“≥1")
    assert "数值过大" in errors["value_text"][0]


def test_indicator_rows_are_checked_by_the_database(project):
    rejected_by_database(make_indicator(project, name=""))
    rejected_by_database(make_indicator(project, value_text=""))
    rejected_by_database(make_indicator(project, target_number=None, unit="%"))
    rejected_by_database(make_indicator(project, comparator="≈"))
    rejected_by_database(make_indicator(project, basis=""))


def test_a_bare_other_basis_is_kept_and_printed_as_written(project):
    for written in ("其他", "其他：专家论证", "其他:上级文件"):
        indicator = make_indicator(project, basis=written)
        indicator.full_clean()
        indicator.save()
        indicator.refresh_from_db()
        assert indicator.basis_display == written


def test_indicator_subcategory_must_be_in_the_documents_framework(project):
    central = Subcategory.objects.get(category__framework__code="central-2021", name="经济成本指标")
    errors = clean_errors(make_indicator(project, subcategory=central))
    assert errors["subcategory"] == ["二级指标“经济成本指标”不属于本文档使用的指标体系。"]
