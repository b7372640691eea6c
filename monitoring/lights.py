"""预警: the warning lights of a monitoring round, each from one rule with an id and a source.

Lights are computed from what was reported, never typed or stored. Every comparison is exact: amounts and values
are Decimals, turned into Fractions so that a ratio such as 5 ÷ 3 is compared as it is, with no rounding first.
The thresholds are settings (MONITORING_RED_BELOW, MONITORING_GREEN_FROM, MONITORING_BLUE_RATIO,
MONITORING_REVERSE_YELLOW_RATIO); docs/monitoring-rules.md is generated from this module and monitoring.checks.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from indicators.values import Comparator
from monitoring.models import Likelihood, Outcome

YEAR_MONTHS = 12
# Units counted up over the year, so that by month N about N/12 of the target is expected. A rate, a percentage,
# a duration or a bare number is a level reached, not a running total.
CUMULATIVE_UNITS = frozenset(
    [
        "人",
        "人次",
        "万人次",
        "次",
        "个",
        "户",
        "项",
        "场",
        "册",
        "件",
        "家",
        "所",
        "台",
        "套",
        "批",
        "篇",
        "期",
        "元",
        "万元",
    ]
)
REVERSE_COMPARATORS = (Comparator.LE, Comparator.LT)


class Light(models.TextChoices):
    GREEN = "绿", gettext_lazy("绿")
    YELLOW = "黄", gettext_lazy("黄")
    RED = "红", gettext_lazy("红")
    BLUE = "蓝", gettext_lazy("蓝")


LIGHT_CSS = {Light.GREEN: "green", Light.YELLOW: "yellow", Light.RED: "red", Light.BLUE: "blue"}


@dataclass(frozen=True)
class Verdict:
    """A light, the rule that gave it and the percentage it was read from (None where no ratio applies)."""

    light: Light
    rule: str
    value: Fraction | None = None

    @property
    def css(self) -> str:
        return LIGHT_CSS[self.light]

    @property
    def percent(self) -> Decimal | None:
        """For display only, to two places; the light was decided on the exact value."""
        if self.value is None:
            return None
        return (Decimal(self.value.numerator) / Decimal(self.value.denominator)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class LightRule:
    id: str
    subject: str  # 预算执行 / 计划执行 / 指标
    summary: str
    source: str


LIGHT_RULES: list[LightRule] = []


def _rule(rule_id: str, subject: str, *, source: str):
    def register(check: Callable) -> Callable:
        LIGHT_RULES.append(
            LightRule(rule_id, subject, "".join(line.strip() for line in check.__doc__.splitlines()), source)
        )
        check.rule_id = rule_id
        return check

    return register


FINANCE_SYSTEMS = "预算管理一体化系统“双监控”时间进度预警口径"
ISSUE_RULES = "运行监控预警规则（本系统）"


def _exact(value) -> Fraction:
    return Fraction(Decimal(value))


def band(value: Fraction) -> Light:
    """红 below MONITORING_RED_BELOW %, 黄 below MONITORING_GREEN_FROM %, otherwise 绿."""
    if value < _exact(settings.MONITORING_RED_BELOW):
        return Light.RED
    if value < _exact(settings.MONITORING_GREEN_FROM):
        return Light.YELLOW
    return Light.GREEN


# 资金 ------------------------------------------------------------------------------------------------------


@_rule("budget-pace", "预算执行", source=FINANCE_SYSTEMS)
def budget_pace(*, spent: Decimal, annual_budget: Decimal, month: int) -> Verdict:
    """v = (执行数 ÷ 全年预算数) ÷ (N ÷ 12) × 100，执行数 = 财政资金执行数 + 其他资金执行数；
    v < 60 红，60 ≤ v < 80 黄，v ≥ 80 绿。全年预算数为 0 时无可执行，绿。"""
    if not annual_budget:
        return Verdict(Light.GREEN, "budget-pace")
    value = _exact(spent) / _exact(annual_budget) / Fraction(month, YEAR_MONTHS) * 100
    return Verdict(band(value), "budget-pace", value)


def planned_at(*, month: int, plan: Mapping[int, Decimal | None], annual_budget: Decimal) -> Fraction:
    """The planned cumulative amount at the end of `month`, linear between the plan's checkpoints, with month 0
    as 0 and 12月底 as 全年预算数; blank checkpoints are skipped."""
    points = {0: Fraction(0)}
    points.update({m: _exact(a) for m, a in plan.items() if a is not None and 0 < m < YEAR_MONTHS})
    points[YEAR_MONTHS] = _exact(annual_budget)
    if month in points:
        return points[month]
    before = max(m for m in points if m < month)
    after = min(m for m in points if m > month)
    return points[before] + (points[after] - points[before]) * Fraction(month - before, after - before)


@_rule("plan-pace", "计划执行", source=f"{ISSUE_RULES}：对照部门自己的资金支出计划（财政系统不看计划）")
def plan_pace(*, spent: Decimal, annual_budget: Decimal, month: int, plan: Mapping[int, Decimal | None]) -> Verdict:
    """计划数按资金支出计划的时间节点线性插值到 N 月底（0 月为 0，12 月底为全年预算数，空节点跳过）；
    v = 执行数 ÷ 计划数 × 100，同样的 60/80 分档；计划数为 0 时绿。"""
    planned = planned_at(month=month, plan=plan, annual_budget=annual_budget)
    if not planned:
        return Verdict(Light.GREEN, "plan-pace")
    value = _exact(spent) / planned * 100
    return Verdict(band(value), "plan-pace", value)


# 指标 ------------------------------------------------------------------------------------------------------


def cumulative_by_default(unit: str) -> bool:
    """按进度累计 unless the user says otherwise: exactly the units in CUMULATIVE_UNITS."""
    return unit in CUMULATIVE_UNITS


@dataclass(frozen=True)
class IndicatorFacts:
    """What the indicator light reads: the target as stored on the Indicator and what was reported."""

    comparator: str
    target: Decimal | None  # None for a qualitative target
    actual: Decimal | None  # the number of 实际完成值 of a quantitative indicator
    outcome: str  # 达成 / 部分达成 / 未达成 for a qualitative one
    likelihood: str
    cumulative: bool
    month: int


@_rule("indicator-impossible", "指标", source=ISSUE_RULES)
def _impossible(facts: IndicatorFacts) -> Verdict | None:
    """完成目标可能性为“完全不可能”时红，不看其他。"""
    if facts.likelihood == Likelihood.IMPOSSIBLE:
        return Verdict(Light.RED, "indicator-impossible")
    return None


@_rule("indicator-missing", "指标", source=ISSUE_RULES)
def _missing(facts: IndicatorFacts) -> Verdict | None:
    """实际完成值未填写时红（没有报告进度按未完成预警，提交前须填写）。"""
    if (facts.target is None and not facts.outcome) or (facts.target is not None and facts.actual is None):
        return Verdict(Light.RED, "indicator-missing")
    return None


@_rule("indicator-qualitative", "指标", source=ISSUE_RULES)
def _qualitative(facts: IndicatorFacts) -> Verdict | None:
    """定性指标：达成 绿，部分达成 黄，未达成 红。"""
    if facts.target is not None:
        return None
    light = {Outcome.MET: Light.GREEN, Outcome.PARTLY: Light.YELLOW, Outcome.NOT_MET: Light.RED}[facts.outcome]
    return Verdict(light, "indicator-qualitative")


@_rule("indicator-zero-target", "指标", source=ISSUE_RULES)
def _zero_target(facts: IndicatorFacts) -> Verdict | None:
    """目标值 T = 0：实际完成值 A = 0 绿，否则红。"""
    if facts.target != 0:
        return None
    return Verdict(Light.GREEN if facts.actual == 0 else Light.RED, "indicator-zero-target")


@_rule("indicator-reverse", "指标", source=ISSUE_RULES)
def _reverse(facts: IndicatorFacts) -> Verdict | None:
    """反向指标（≤ 或 <）：A ≤ T 绿，A ≤ 1.2 T 黄，否则红。"""
    if facts.comparator not in REVERSE_COMPARATORS:
        return None
    actual, target = _exact(facts.actual), _exact(facts.target)
    if actual <= target:
        light = Light.GREEN
    elif actual <= target * _exact(settings.MONITORING_REVERSE_YELLOW_RATIO):
        light = Light.YELLOW
    else:
        light = Light.RED
    return Verdict(light, "indicator-reverse", actual / target * 100)


@_rule("indicator-none-done", "指标", source=ISSUE_RULES)
def _none_done(facts: IndicatorFacts) -> Verdict | None:
    """正向指标（≥、>、= 或无符号）：A = 0 红。"""
    if facts.actual == 0:
        return Verdict(Light.RED, "indicator-none-done", Fraction(0))
    return None


@_rule("indicator-far-above", "指标", source=f"{ISSUE_RULES}：远超目标说明目标可能定得过低")
def _far_above(facts: IndicatorFacts) -> Verdict | None:
    """正向指标：A ÷ T ≥ 1.2 蓝（目标可能定得过低）。"""
    ratio = _exact(facts.actual) / _exact(facts.target)
    if ratio >= _exact(settings.MONITORING_BLUE_RATIO):
        return Verdict(Light.BLUE, "indicator-far-above", ratio * 100)
    return None


@_rule("indicator-pace", "指标", source=ISSUE_RULES)
def _pace(facts: IndicatorFacts) -> Verdict:
    """正向指标其余情况：按进度累计的 v = A ÷ (T × N ÷ 12) × 100，不累计的 v = A ÷ T × 100；
    v < 60 红，60 ≤ v < 80 黄，v ≥ 80 绿。"""
    expected = _exact(facts.target)
    if facts.cumulative:
        expected *= Fraction(facts.month, YEAR_MONTHS)
    value = _exact(facts.actual) / expected * 100
    return Verdict(band(value), "indicator-pace", value)


# In this order: the first rule that decides gives the light.
_INDICATOR_STEPS = (_impossible, _missing, _qualitative, _zero_target, _reverse, _none_done, _far_above, _pace)


def indicator_light(facts: IndicatorFacts) -> Verdict:
    for step in _INDICATOR_STEPS:
        verdict = step(facts)
        if verdict is not None:
            return verdict
    raise AssertionError("indicator-pace always decides")
