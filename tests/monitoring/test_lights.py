"""Every light rule with worked examples at the edges of its bands; Decimals compared exactly."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from monitoring.lights import (
    LIGHT_RULES,
    IndicatorFacts,
    Light,
    budget_pace,
    cumulative_by_default,
    indicator_light,
    plan_pace,
    planned_at,
)

GREEN, YELLOW, RED, BLUE = Light.GREEN, Light.YELLOW, Light.RED, Light.BLUE


# budget-pace: v = (spent ÷ budget) ÷ (N ÷ 12) × 100. Budget 12.00 at month 6 expects 6.00 spent for v = 100.
@pytest.mark.parametrize(
    ("spent", "light"),
    [
        ("3.59", RED),  # v = 59.83…
        ("3.60", YELLOW),  # v = 60 exactly: 60 ≤ v
        ("4.79", YELLOW),  # v = 79.83…
        ("4.80", GREEN),  # v = 80 exactly
        ("12.00", GREEN),
    ],
)
def test_budget_pace_bands_at_their_edges(spent, light):
    verdict = budget_pace(spent=D(spent), annual_budget=D("12.00"), month=6)
    assert verdict.light == light
    assert verdict.rule == "budget-pace"


def test_budget_pace_compares_exactly_without_rounding_first():
    # 7.00 of 20.00 at month 7: v = 7/20 ÷ 7/12 × 100 = 60 exactly, though 7/12 has no finite decimal.
    assert budget_pace(spent=D("7.00"), annual_budget=D("20.00"), month=7).value == 60
    assert budget_pace(spent=D("7.00"), annual_budget=D("20.00"), month=7).light == YELLOW
    # One cent less is below 60 by a hair that rounding to two places would hide (59.97).
    verdict = budget_pace(spent=D("6.99"), annual_budget=D("20.00"), month=7)
    assert verdict.light == RED
    assert verdict.percent == D("59.91")


def test_budget_pace_of_a_zero_budget_is_green():
    assert budget_pace(spent=D("0"), annual_budget=D("0"), month=7).light == GREEN


def test_the_seed_style_pace_uses_both_kinds_of_funds():
    # 执行数 = 财政资金执行数 + 其他资金执行数, passed in as one sum by the selector.
    assert budget_pace(spent=D("2.00") + D("2.20"), annual_budget=D("7.70"), month=7).light == GREEN


# plan-pace: planned amount interpolated between checkpoints, month 0 = 0, 12月底 = 全年预算数.
def test_planned_amount_interpolates_between_checkpoints():
    plan = {3: D("2.00"), 6: D("4.00"), 10: D("6.00"), 12: D("7.70")}
    assert planned_at(month=7, plan=plan, annual_budget=D("7.70")) == Fraction(9, 2)  # 4 + 2 × 1/4
    assert planned_at(month=6, plan=plan, annual_budget=D("7.70")) == 4
    assert planned_at(month=1, plan=plan, annual_budget=D("7.70")) == Fraction(2, 3)  # from month 0 = 0


def test_planned_amount_skips_blank_checkpoints_and_ends_at_the_annual_budget():
    plan = {3: None, 6: D("5.00"), 10: None, 12: D("10.00")}
    # 6 → 12 is 5.00 → 12.00 (全年预算数 wins over the plan's own 12月底); month 9 is half way.
    assert planned_at(month=9, plan=plan, annual_budget=D("12.00")) == D("8.5")
    assert planned_at(month=3, plan=plan, annual_budget=D("12.00")) == D("2.5")


@pytest.mark.parametrize(
    ("spent", "light"),
    [("2.99", RED), ("3.00", YELLOW), ("3.99", YELLOW), ("4.00", GREEN)],
)
def test_plan_pace_bands_at_their_edges(spent, light):
    # planned at month 5 between (0, 0) and (10, 10.00): 5.00; 60% = 3.00, 80% = 4.00.
    plan = {10: D("10.00")}
    assert plan_pace(spent=D(spent), annual_budget=D("12.00"), month=5, plan=plan).light == light


def test_plan_pace_is_green_when_nothing_is_planned_yet():
    # A plan of 0.00 at 10月底 plans nothing before then.
    plan = {10: D("0.00"), 12: D("5.00")}
    verdict = plan_pace(spent=D("0.00"), annual_budget=D("5.00"), month=7, plan=plan)
    assert verdict.light == GREEN
    assert verdict.value is None


def test_plan_and_time_pace_can_disagree():
    # Spending planned late: behind the calendar, on the plan.
    plan = {10: D("2.50"), 12: D("5.00")}
    assert budget_pace(spent=D("1.50"), annual_budget=D("5.00"), month=7).light == RED
    assert plan_pace(spent=D("1.50"), annual_budget=D("5.00"), month=7, plan=plan).light == GREEN


# Indicator lights.
def facts(**kwargs):
    values = {
        "comparator": "≥",
        "target": D("100"),
        "actual": D("100"),
        "outcome": "",
        "likelihood": "",
        "cumulative": False,
        "month": 6,
    }
    values.update(kwargs)
    return IndicatorFacts(**values)


def test_impossible_likelihood_is_red_whatever_else():
    verdict = indicator_light(facts(actual=D("200"), likelihood="完全不可能"))
    assert (verdict.light, verdict.rule) == (RED, "indicator-impossible")


def test_a_missing_actual_is_red():
    assert indicator_light(facts(actual=None)).rule == "indicator-missing"
    assert indicator_light(facts(target=None, comparator="", actual=None, outcome="")).light == RED


@pytest.mark.parametrize(("outcome", "light"), [("达成", GREEN), ("部分达成", YELLOW), ("未达成", RED)])
def test_qualitative_outcomes(outcome, light):
    assert indicator_light(facts(target=None, comparator="", actual=None, outcome=outcome)).light == light


@pytest.mark.parametrize(("actual", "light"), [("0", GREEN), ("0.0001", RED), ("3", RED)])
def test_a_zero_target(actual, light):
    assert indicator_light(facts(target=D("0"), comparator="≤", actual=D(actual))).light == light


@pytest.mark.parametrize(
    ("comparator", "actual", "light"),
    [
        ("≤", "5", GREEN),  # A = T
        ("≤", "4", GREEN),
        ("≤", "5.0001", YELLOW),
        ("≤", "6", YELLOW),  # A = 1.2 T exactly
        ("≤", "6.0001", RED),
        ("<", "6", YELLOW),
        ("<", "7", RED),
    ],
)
def test_reverse_indicators(comparator, actual, light):
    assert indicator_light(facts(comparator=comparator, target=D("5"), actual=D(actual))).light == light


def test_a_forward_indicator_with_nothing_done_is_red():
    assert indicator_light(facts(actual=D("0"))).rule == "indicator-none-done"


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("119.99", GREEN),
        ("120", BLUE),  # A ÷ T = 1.2 exactly
        ("150", BLUE),
    ],
)
def test_far_above_the_target_is_blue(actual, light):
    assert indicator_light(facts(actual=D(actual))).light == light


@pytest.mark.parametrize(
    ("actual", "light"),
    [("59.99", RED), ("60", YELLOW), ("79.99", YELLOW), ("80", GREEN), ("100", GREEN)],
)
def test_a_level_indicator_is_read_against_the_whole_target(actual, light):
    assert indicator_light(facts(comparator="", actual=D(actual), cumulative=False)).light == light


@pytest.mark.parametrize(
    ("actual", "light"),
    # T = 100 at month 6 expects 50: 60% is 30, 80% is 40; 1.2 T = 120 is blue regardless of the pace.
    [("29.99", RED), ("30", YELLOW), ("39.99", YELLOW), ("40", GREEN), ("119", GREEN), ("120", BLUE)],
)
def test_a_cumulative_indicator_is_read_against_its_pace(actual, light):
    assert indicator_light(facts(actual=D(actual), cumulative=True)).light == light


@pytest.mark.parametrize("comparator", ["≥", ">", "=", ""])
def test_every_forward_sign_reads_the_same(comparator):
    assert indicator_light(facts(comparator=comparator, actual=D("70"))).light == YELLOW


@pytest.mark.parametrize(
    ("unit", "cumulative"),
    [("人", True), ("人次", True), ("万人次", True), ("万元", True), ("元", True), ("篇", True), ("期", True)]
    + [("%", False), ("天", False), ("", False), ("小时", False), ("年", False)],
)
def test_cumulative_by_default_exactly_for_counted_units(unit, cumulative):
    assert cumulative_by_default(unit) is cumulative


def test_every_rule_has_an_id_a_summary_and_a_source():
    ids = [rule.id for rule in LIGHT_RULES]
    assert len(ids) == len(set(ids)) == 10
    assert all(rule.summary and rule.source for rule in LIGHT_RULES)


def test_thresholds_are_settings(settings):
    settings.MONITORING_RED_BELOW = D("50")
    settings.MONITORING_BLUE_RATIO = D("1.5")
    assert budget_pace(spent=D("3.00"), annual_budget=D("12.00"), month=6).light == YELLOW  # v = 50
    assert indicator_light(facts(actual=D("149"))).light == GREEN
