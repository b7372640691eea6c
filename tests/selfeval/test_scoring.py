"""Worked examples of every scoring formula, at every band edge and rounding edge."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from selfeval.scoring import (
    IndicatorEntry,
    assert_qualitative_score,
    execution_rate,
    execution_score,
    grade,
    project_points,
    qualitative_score_errors,
    quantitative_formula,
    quantitative_score,
    round_points,
    score_department,
    score_project,
    split_weight,
)

LEGACY = ["产出指标", "效益指标", "满意度指标"]
CENTRAL = ["成本指标", "产出指标", "效益指标", "满意度指标"]


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("16.665", "16.67"), ("16.664999", "16.66"), ("0.005", "0.01"), ("0.0049", "0.00"), ("2.5", "2.50")],
)
def test_points_round_half_up_to_two_places(value, rounded):
    assert round_points(D(value)) == D(rounded)


# 预算执行率 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "spent", "score"),
    [
        ("10.00", "10.00", "10.00"),  # fully spent
        ("10.00", "12.00", "10.00"),  # over budget is capped at 1
        ("7.70", "7.00", "9.09"),  # 0.909090… × 10
        ("3.00", "2.00", "6.67"),  # 6.666… rounds up
        ("8.00", "6.66", "8.33"),  # 8.325 exactly: half up
        ("8.00", "6.65", "8.31"),  # 8.3125
        ("10.00", "0.00", "0.00"),
        ("0.00", "0.00", "0.00"),  # no rate without a budget
        ("10.00", None, "0.00"),  # not entered yet
    ],
)
def test_execution_score_is_min_of_rate_and_one_times_ten(budget, spent, score):
    assert execution_score(D(budget), D(spent) if spent else None) == D(score)


def test_execution_rate_is_unrounded():
    assert execution_rate(D("3.00"), D("2.00")) == D(2) / D(3)
    assert execution_rate(D("0"), D("1")) is None


# 分值 --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "count", "shares"),
    [
        ("50", 3, ["16.67", "16.67", "16.66"]),
        ("50", 4, ["12.50", "12.50", "12.50", "12.50"]),
        ("30", 7, ["4.29"] * 6 + ["4.26"]),
        ("10", 3, ["3.33", "3.33", "3.34"]),
        ("10", 1, ["10.00"]),
        ("50", 6, ["8.33"] * 5 + ["8.35"]),
    ],
)
def test_a_weight_is_split_equally_and_the_last_takes_the_remainder(weight, count, shares):
    result = split_weight(D(weight), count)
    assert result == [D(s) for s in shares]
    assert sum(result) == D(weight)


def test_default_points_follow_each_indicators_category_in_entered_order():
    categories = ["产出指标", "效益指标", "产出指标", "满意度指标", "产出指标", "效益指标"]
    plan = project_points(categories=categories, custom=[None] * 6, framework_categories=LEGACY)
    assert plan.points == [D("16.67"), D("15.00"), D("16.67"), D("10.00"), D("16.66"), D("15.00")]
    assert sum(plan.points) == D("90")
    assert plan.errors == []


def test_in_the_2021_framework_output_and_cost_share_fifty():
    categories = ["成本指标", "产出指标", "产出指标", "效益指标", "满意度指标"]
    plan = project_points(categories=categories, custom=[None] * 5, framework_categories=CENTRAL)
    assert plan.points == [D("16.67"), D("16.67"), D("16.66"), D("30.00"), D("10.00")]


def test_a_missing_first_level_category_is_an_error_naming_it():
    plan = project_points(categories=["产出指标", "效益指标"], custom=[None, None], framework_categories=LEGACY)
    assert plan.errors == ["缺少一级指标“满意度指标”（10分），无法计算分值。"]


def test_custom_points_must_make_one_hundred_with_the_budget_rate():
    ok = project_points(
        categories=["产出指标", "效益指标", "满意度指标"],
        custom=[D("60"), D("20"), D("10")],
        framework_categories=LEGACY,
    )
    assert ok.points == [D("60.00"), D("20.00"), D("10.00")]
    assert ok.errors == []
    off = project_points(
        categories=["产出指标", "效益指标", "满意度指标"],
        custom=[D("60"), D("20"), D("10.01")],
        framework_categories=LEGACY,
    )
    assert off.total_error == "各指标分值合计为 90.01，加预算执行率 10 分应为 100 分，即指标分值合计应为 90.00。"


def test_custom_points_on_some_indicators_count_with_the_default_share_of_the_others():
    plan = project_points(
        categories=["产出指标", "产出指标", "效益指标", "满意度指标"],
        custom=[D("20"), None, None, None],
        framework_categories=LEGACY,
    )
    assert plan.points == [D("20.00"), D("25.00"), D("30.00"), D("10.00")]
    assert "合计为 85.00" in plan.total_error


# 定量指标 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "score"),
    [
        # T = 0: full if A ≤ 0, else nothing, whatever the sign.
        ("≤", "0", "0", "10.00"),
        ("=", "0", "-1", "10.00"),
        ("≥", "0", "0.01", "0.00"),
        # reverse (≤ or <)
        ("≤", "5", "5", "10.00"),  # A = T
        ("≤", "5", "4", "10.00"),  # better than the ceiling
        ("≤", "5", "6", "8.00"),  # 10 × (1 − 1/5)
        ("<", "3", "4", "6.67"),  # 10 × (1 − 1/3) = 6.666…
        ("≤", "5", "9.99", "0.02"),  # just below 2T
        ("≤", "5", "10", "0.00"),  # A = 2T
        ("<", "5", "11", "0.00"),  # beyond 2T
        # otherwise (≥, >, = or no sign)
        ("≥", "90", "90", "10.00"),
        ("≥", "90", "95", "10.00"),
        (">", "90", "89.9", "9.99"),  # 10 × 0.99888…
        ("=", "100", "99.95", "10.00"),  # 9.995 half up
        ("=", "100", "99.94", "9.99"),  # 9.994
        ("", "3", "2", "6.67"),
        ("≥", "90", "0", "0.00"),
    ],
)
def test_quantitative_formula(comparator, target, actual, score):
    assert quantitative_formula(comparator=comparator, target=D(target), actual=D(actual), points=D("10")) == D(score)


def test_quantitative_half_up_at_the_third_decimal():
    # 16.67 × 0.5 = 8.335 exactly: half up gives 8.34.
    assert quantitative_formula(comparator="≥", target=D("2"), actual=D("1"), points=D("16.67")) == D("8.34")


def test_a_negative_actual_earns_nothing_rather_than_a_negative_score():
    assert quantitative_formula(comparator="≥", target=D("5"), actual=D("-1"), points=D("10")) == D("-2.00")
    assert quantitative_score(comparator="≥", target=D("5"), actual=D("-1"), points=D("10")) == D("0.00")


# 定性指标 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "points", "score", "allowed"),
    [
        ("met", "10", "8.00", True),  # 80% included
        ("met", "10", "10.00", True),  # 100% included
        ("met", "10", "7.99", False),
        ("met", "10", "10.01", False),
        ("partly", "10", "6.00", True),  # 60% included
        ("partly", "10", "7.99", True),
        ("partly", "10", "8.00", False),  # 80% excluded
        ("partly", "10", "5.99", False),
        ("unmet", "10", "0.00", True),
        ("unmet", "10", "5.99", True),
        ("unmet", "10", "6.00", False),  # 60% excluded
        # Exact, unrounded limits: 80% of 16.67 is 13.336.
        ("met", "16.67", "13.34", True),
        ("met", "16.67", "13.33", False),
        ("partly", "16.67", "13.33", True),
        ("partly", "16.67", "10.00", False),  # 60% is 10.002
        ("partly", "16.67", "10.01", True),
        ("unmet", "16.67", "10.00", True),
    ],
)
def test_qualitative_bands(result, points, score, allowed):
    assert (qualitative_score_errors(result=result, points=D(points), score=D(score)) == []) is allowed


def test_a_score_outside_its_band_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        assert_qualitative_score(result="partly", points=D("16.67"), score=D("13.34"))
    assert caught.value.message_dict == {
        "score": [
            "“得分”13.34 不在“部分达成”的范围内：应不低于 10.002 且低于 13.336（分值 16.67 的 60%–80%（不含））。"
        ]
    }


# 等级 and totals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "优"),
        ("90.00", "优"),
        ("89.99", "良"),
        ("80.00", "良"),
        ("79.99", "中"),
        ("60.00", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(total, expected):
    assert grade(D(total)) == expected


def test_project_total_is_the_sum_of_rounded_scores():
    entries = [
        IndicatorEntry("产出指标", False, "≥", D("3"), D("2")),  # 16.67 × 2/3 = 11.113… -> 11.11
        IndicatorEntry("产出指标", False, "≥", D("3"), D("2")),  # 11.11
        IndicatorEntry("产出指标", False, "≥", D("3"), D("2")),  # 16.66 × 2/3 = 11.106… -> 11.11
        IndicatorEntry("效益指标", True, result="met", entered_score=D("27")),
        IndicatorEntry("满意度指标", False, "≥", D("90"), D("95")),
    ]
    score = score_project(budget=D("3.00"), spent=D("2.00"), entries=entries, framework_categories=LEGACY)
    assert [i.score for i in score.indicators] == [D("11.11"), D("11.11"), D("11.11"), D("27.00"), D("10.00")]
    assert score.rate_score == D("6.67")
    assert score.total == D("77.00")
    assert score.grade == "中"


def test_department_score_is_weighted_by_full_year_budget_and_rounded_half_up():
    a = score_project(budget=D("1.00"), spent=D("1.00"), entries=[], framework_categories=[])
    b = score_project(budget=D("3.00"), spent=D("0.50"), entries=[], framework_categories=[])
    # 10 × 1 + 1.67 × 3 = 15.01, ÷ 4 = 3.7525 -> 3.75
    department = score_department([a, b])
    assert (a.total, b.total) == (D("10.00"), D("1.67"))
    assert department.score == D("3.75")
    assert department.grade == "差"


def test_department_score_with_no_budget_is_the_plain_mean():
    a = score_project(budget=D("0"), spent=D("0"), entries=[], framework_categories=[])
    assert score_department([a]).score == D("0.00")
    assert score_department([]).score == D("0.00")
