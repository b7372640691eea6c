from decimal import Decimal as D

import pytest

from projects import rules


def test_seed_project_codes_are_valid_for_2022():
    for code in ["13012322P00259810156P", "13012322P002581106928", "13012322P00258110694F"]:
        assert rules.check_project_code(code, 2022) == []


@pytest.mark.parametrize(
    "code",
    ["13012322P0025981015", "13012322X00259810156P", "13012322P00259810156p", "1301232P200259810156P", ""],
)
def test_malformed_project_code_is_rejected_naming_the_field(code):
    [message] = rules.check_project_code(code, 2022)
    assert message.startswith(f"项目编码“{code}”格式不正确")


def test_project_code_year_must_match_document_year():
    [message] = rules.check_project_code("13012321P00259810156P", 2022)
    assert "年度位为“21”" in message
    assert "应为“22”" in message


def test_unit_code_must_start_with_department_code():
    assert rules.check_unit_code("711001", "711") == []
    assert rules.check_unit_code("712001", "711") == ["单位编码“712001”应以所属部门编码“711”开头。"]
    assert rules.check_unit_code("71100", "711") == ["单位编码“71100”应为6位数字。"]


def test_funds_must_add_up_to_budget():
    assert rules.check_funds(D("7.70"), D("7.70"), D("0")) == []
    assert rules.check_funds(D("10.00"), D("6.00"), D("4.00")) == []
    [message] = rules.check_funds(D("10.00"), D("6.00"), D("3.00"))
    assert message == "预算数 10.00 应等于财政资金 6.00 与其他资金 3.00 之和（9.00）。"


@pytest.mark.parametrize(
    ("months", "fragment"),
    [
        ([], "不能为空"),
        ([3, 6, 13], "1到12之间"),
        ([6, 3, 12], "从小到大"),
        ([3, 3, 12], "从小到大"),
        ([3, 6, 9], "最后一个时间节点必须是12月底"),
        ("3,6,12", "不能为空"),
    ],
)
def test_checkpoint_months_are_validated(months, fragment):
    [message] = rules.check_checkpoint_months(months)
    assert fragment in message


def test_seed_style_plans_with_blanks_are_valid():
    months = [3, 6, 10, 12]
    assert rules.check_plan(D("10.00"), {6: D("5.00"), 12: D("10.00")}, months) == {}
    assert rules.check_plan(D("5.22"), {12: D("5.22")}, months) == {}


def test_decreasing_plan_is_rejected_at_the_checkpoint_that_decreases():
    errors = rules.check_plan(D("10.00"), {3: D("6.00"), 6: D("4.00"), 12: D("10.00")}, [3, 6, 10, 12])
    assert list(errors) == [6]
    assert errors[6] == ["资金支出计划是累计数，6月底的 4.00 不能小于3月底的 6.00。"]


def test_plan_that_does_not_reach_budget_is_rejected_at_the_last_checkpoint():
    errors = rules.check_plan(D("10.00"), {6: D("5.00"), 12: D("9.99")}, [3, 6, 10, 12])
    assert errors == {12: ["12月底的累计计划数 9.99 应等于预算数 10.00。"]}


def test_plan_without_last_checkpoint_is_rejected():
    errors = rules.check_plan(D("10.00"), {6: D("5.00")}, [3, 6, 10, 12])
    assert errors == {12: ["12月底的累计计划数必须填写，且等于预算数 10.00。"]}


def test_plan_month_outside_the_documents_checkpoints_is_rejected():
    errors = rules.check_plan(D("10.00"), {9: D("5.00"), 12: D("10.00")}, [3, 6, 10, 12])
    assert errors == {9: ["9月底不是本文档的资金支出计划时间节点。"]}


def test_negative_plan_amount_is_rejected():
    errors = rules.check_plan(D("10.00"), {3: D("-1.00"), 12: D("10.00")}, [3, 6, 10, 12])
    assert errors == {3: ["3月底的计划数不能为负数。"]}
