"""绩效自评 scoring: every formula of the standard rules, in one place.

All amounts and points are Decimal. Each 得分 is rounded half-up to 2 places as soon as it is computed, and every
total is the sum of rounded figures, so a printed table adds up to the cent. The weights, the 预算执行率 points and
the grade bands are settings (budget_perf/settings.py, with their source); docs/selfeval-rules.md is generated
from this module and lists them.

The functions here take plain values, not models: the forms, the importer, the pages, the printed 自评表, the
Excel export and the commands all reach them through selfeval.selectors, which reads the stored rows.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HUNDREDTH = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
# A target with one of these signs is a ceiling: lower is better (≤5天, <3次).
REVERSE_SIGNS = ("≤", "<")


class Result(models.TextChoices):
    """达成情况 of a qualitative indicator."""

    MET = "met", gettext_lazy("达成")
    PARTLY = "partly", gettext_lazy("部分达成")
    UNMET = "unmet", gettext_lazy("未达成")


@dataclass(frozen=True)
class Band:
    """The share of 分值 a qualitative 得分 may take: low ≤ share, and share ≤ high (or < high)."""

    low: Decimal
    high: Decimal
    high_included: bool


# 达成 80%–100% of 分值 (both included), 部分达成 60% (included) to 80% (excluded), 未达成 0 to 60% (excluded).
BANDS = {
    Result.MET: Band(Decimal("0.8"), ONE, True),
    Result.PARTLY: Band(Decimal("0.6"), Decimal("0.8"), False),
    Result.UNMET: Band(ZERO, Decimal("0.6"), False),
}


def round_points(value: Decimal) -> Decimal:
    """Half-up to 2 places: 16.665 -> 16.67, 16.664 -> 16.66."""
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


# Settings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightGroup:
    """一级 categories sharing one weight: 产出指标 alone in the older framework, 产出 with 成本 in the 2021 one."""

    categories: tuple[str, ...]
    weight: Decimal

    def present_in(self, framework_categories: list[str]) -> list[str]:
        return [name for name in self.categories if name in framework_categories]


def budget_rate_points() -> Decimal:
    return Decimal(settings.SELFEVAL_BUDGET_RATE_POINTS)


def weight_groups() -> list[WeightGroup]:
    return [WeightGroup(tuple(names), Decimal(weight)) for names, weight in settings.SELFEVAL_CATEGORY_WEIGHTS]


def full_marks() -> Decimal:
    """100: the 预算执行率 points plus every 一级 weight."""
    return budget_rate_points() + sum((group.weight for group in weight_groups()), ZERO)


def grade_bands() -> list[tuple[str, Decimal]]:
    """(等级, lowest 总分 for it), best first."""
    return sorted(((name, Decimal(floor)) for name, floor in settings.SELFEVAL_GRADES), key=lambda band: -band[1])


def grade(total: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (bands from settings)."""
    bands = grade_bands()
    for name, floor in bands:
        if total >= floor:
            return name
    return bands[-1][0]


# 预算执行率 -------------------------------------------------------------------------------------------------


def execution_rate(budget: Decimal | None, spent: Decimal | None) -> Decimal | None:
    """全年执行数 ÷ 全年预算数, unrounded; None while either is missing or the budget is 0."""
    if budget is None or spent is None or budget == 0:
        return None
    return spent / budget


def execution_score(budget: Decimal | None, spent: Decimal | None) -> Decimal:
    """min(执行率, 1) × 10, rounded; 0 while the rate cannot be computed."""
    rate = execution_rate(budget, spent)
    if rate is None:
        return round_points(ZERO)
    return round_points(min(rate, ONE) * budget_rate_points())


# 分值 --------------------------------------------------------------------------------------------------------


def split_weight(weight: Decimal, count: int) -> list[Decimal]:
    """Equal shares rounded half-up, the last taking the remainder so they add up to the weight exactly:
    50 over 3 -> 16.67, 16.67, 16.66."""
    if count <= 0:
        return []
    share = round_points(weight / count)
    return [share] * (count - 1) + [round_points(weight) - share * (count - 1)]


@dataclass(frozen=True)
class PointsPlan:
    points: list[Decimal]  # one per indicator, in entered order
    missing: list[str]  # a 一级 without indicators (or without a weight): the document's structure
    total_error: str = ""  # user-set 分值 that do not make 100: refused when entered

    @property
    def errors(self) -> list[str]:
        return [*self.missing, self.total_error] if self.total_error else list(self.missing)


def project_points(
    *, categories: list[str], custom: list[Decimal | None], framework_categories: list[str]
) -> PointsPlan:
    """The 分值 of a project's indicators, given each one's 一级 and the 分值 the user set (None: default split)."""
    defaults: list[Decimal] = [ZERO] * len(categories)
    missing = []
    grouped: set[str] = set()
    for group in weight_groups():
        names = group.present_in(framework_categories)
        if not names:
            continue
        grouped.update(names)
        members = [index for index, category in enumerate(categories) if category in names]
        if not members:
            missing.append(
                _("缺少一级指标“%(category)s”（%(weight)s分），无法计算分值。")
                % {"category": "”“".join(names), "weight": _plain(group.weight)}
            )
            continue
        for index, share in zip(members, split_weight(group.weight, len(members)), strict=True):
            defaults[index] = share
    for category in dict.fromkeys(categories):
        if category not in grouped:
            missing.append(_("一级指标“%(category)s”没有设置权重，其指标分值按0计。") % {"category": category})
    points = [round_points(c) if c is not None else d for c, d in zip(custom, defaults, strict=True)]
    total_error = ""
    if any(c is not None for c in custom):
        expected = full_marks() - budget_rate_points()
        total = sum(points, ZERO)
        if total != expected:
            total_error = _(
                "各指标分值合计为 %(total)s，加预算执行率 %(rate)s 分应为 %(full)s 分，"
                "即指标分值合计应为 %(expected)s。"
            ) % {
                "total": total,
                "rate": _plain(budget_rate_points()),
                "full": _plain(full_marks()),
                "expected": round_points(expected),
            }
    return PointsPlan(points, missing, total_error)


# 得分 --------------------------------------------------------------------------------------------------------


def quantitative_formula(*, comparator: str, target: Decimal, actual: Decimal, points: Decimal) -> Decimal:
    """The standard formula, rounded, before any bound:

    - T = 0: S if A ≤ 0, else 0;
    - reverse (≤ or <): S if A ≤ T; S × (1 − (A − T) ÷ T) if T < A < 2T; 0 if A ≥ 2T;
    - otherwise (≥, >, = or no sign): S if A ≥ T, else S × A ÷ T.
    """
    if target == 0:
        return round_points(points if actual <= 0 else ZERO)
    if comparator in REVERSE_SIGNS:
        if actual <= target:
            return round_points(points)
        if actual < 2 * target:
            return round_points(points * (ONE - (actual - target) / target))
        return round_points(ZERO)
    if actual >= target:
        return round_points(points)
    return round_points(points * actual / target)


def quantitative_score(*, comparator: str, target: Decimal, actual: Decimal, points: Decimal) -> Decimal:
    """The formula's result held between 0 and 分值: a negative 实际完成值 against a positive target (a fall where
    growth was planned) earns nothing rather than a negative score; a negative target can give more than 分值."""
    formula = quantitative_formula(comparator=comparator, target=target, actual=actual, points=points)
    return min(max(formula, ZERO), points)


def band_limits(result: str, points: Decimal) -> tuple[Decimal, Decimal, bool]:
    """Lowest and highest 得分 of the result's band for this 分值, exact (not rounded), and whether the highest
    is allowed: 达成 for 16.67 is 13.336 to 16.67, so 13.34 is 达成 and 13.33 is not."""
    band = BANDS[Result(result)]
    return band.low * points, band.high * points, band.high_included


def qualitative_score_errors(*, result: str, points: Decimal, score: Decimal) -> list[str]:
    """Why a qualitative 得分 is impossible for its 达成情况 and 分值 (empty when it is possible)."""
    low, high, high_included = band_limits(result, points)
    if low <= score and (score < high or (high_included and score == high)):
        return []
    upper = _("不高于") if high_included else _("低于")
    return [
        _(
            "“得分”%(score)s 不在“%(result)s”的范围内："
            "应不低于 %(low)s 且%(upper)s %(high)s（分值 %(points)s 的 %(band)s）。"
        )
        % {
            "score": score,
            "result": Result(result).label,
            "low": _plain(low),
            "upper": upper,
            "high": _plain(high),
            "points": points,
            "band": _band_text(result),
        }
    ]


def _plain(value: Decimal) -> str:
    """13.3360 -> 13.336, 0E+1 -> 0: a limit as short as it is exact."""
    return f"{value.normalize():f}"


def _band_text(result: str) -> str:
    band = BANDS[Result(result)]
    low, high = f"{band.low * 100:.0f}%", f"{band.high * 100:.0f}%"
    return f"{low}–{high}" + ("" if band.high_included else _("（不含）"))


def assert_qualitative_score(*, result: str, points: Decimal, score: Decimal) -> None:
    """Refuses, naming the 得分 field, a score outside its band."""
    errors = qualitative_score_errors(result=result, points=points, score=score)
    if errors:
        raise ValidationError({"score": errors}, code="score_out_of_band")


# Projects and the department ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorEntry:
    """What scoring needs of one indicator and its self-evaluation row."""

    category: str
    qualitative: bool
    comparator: str = ""
    target: Decimal | None = None
    actual: Decimal | None = None
    custom_points: Decimal | None = None
    result: str = ""
    entered_score: Decimal | None = None


@dataclass(frozen=True)
class IndicatorScore:
    points: Decimal
    score: Decimal
    formula: Decimal | None = None  # the quantitative formula's result when a bound changed it

    @property
    def below_points(self) -> bool:
        return self.score < self.points


@dataclass(frozen=True)
class ProjectScore:
    budget: Decimal | None  # 全年预算数
    spent: Decimal | None  # 全年执行数
    rate: Decimal | None
    rate_score: Decimal
    indicators: list[IndicatorScore]
    errors: list[str]
    total: Decimal
    grade: str

    @property
    def rate_points(self) -> Decimal:
        return round_points(budget_rate_points())


def score_indicator(entry: IndicatorEntry, points: Decimal) -> IndicatorScore:
    if entry.qualitative:
        return IndicatorScore(points, round_points(entry.entered_score) if entry.entered_score is not None else ZERO)
    if entry.actual is None or entry.target is None:
        return IndicatorScore(points, round_points(ZERO))
    formula = quantitative_formula(comparator=entry.comparator, target=entry.target, actual=entry.actual, points=points)
    score = quantitative_score(comparator=entry.comparator, target=entry.target, actual=entry.actual, points=points)
    return IndicatorScore(points, score, formula if formula != score else None)


def score_project(
    *, budget: Decimal | None, spent: Decimal | None, entries: list[IndicatorEntry], framework_categories: list[str]
) -> ProjectScore:
    """总分 = 预算执行率得分 + the sum of the indicators' 得分; 等级 from the bands."""
    plan = project_points(
        categories=[e.category for e in entries],
        custom=[e.custom_points for e in entries],
        framework_categories=framework_categories,
    )
    indicators = [score_indicator(entry, points) for entry, points in zip(entries, plan.points, strict=True)]
    rate_score = execution_score(budget, spent)
    total = rate_score + sum((i.score for i in indicators), ZERO)
    return ProjectScore(
        budget=budget,
        spent=spent,
        rate=execution_rate(budget, spent),
        rate_score=rate_score,
        indicators=indicators,
        errors=plan.errors,
        total=total,
        grade=grade(total),
    )


@dataclass(frozen=True)
class DepartmentScore:
    score: Decimal
    grade: str


def score_department(projects: list[ProjectScore]) -> DepartmentScore:
    """The projects' 总分 weighted by 全年预算数, rounded half-up; the plain mean when every budget is 0."""
    weights = [p.budget or ZERO for p in projects]
    total_weight = sum(weights, ZERO)
    if not projects:
        mean = ZERO
    elif total_weight:
        mean = sum((p.total * w for p, w in zip(projects, weights, strict=True)), ZERO) / total_weight
    else:
        mean = sum((p.total for p in projects), ZERO) / len(projects)
    score = round_points(mean)
    return DepartmentScore(score, grade(score))
