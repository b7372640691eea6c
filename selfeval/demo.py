"""A demo self-evaluation of the seed document: most targets met, a few short of them with their reasons, so
every part of the 自评表 shows something. Added once; running the demo set-up again leaves it as it is."""

from decimal import Decimal

from django.db import transaction

from selfeval.models import SelfEvaluation
from selfeval.scoring import BANDS, Result, round_points
from selfeval.selectors import project_evaluation_row
from selfeval.services import IndicatorValues, ProjectValues, prepared_write, project_evaluation_prepare

CHANGE_REASON = "演示数据"
# (project position, indicator 序号) of the targets the demo misses, and by how much of the target.
SHORTFALLS = {(2, 1): Decimal("0.95"), (4, 2): Decimal("0.90")}
# Project positions that did not spend their whole budget, and the share they spent.
UNDERSPENT = {3: Decimal("0.92"), 6: Decimal("0.97")}
SHORTFALL_REASON = "受疫情影响部分活动延期举办，已调整至次年一季度完成；今后提前制定备选方案。"


def _actual(indicator, share: Decimal) -> str:
    number = indicator.target_number * share
    if indicator.comparator in ("≤", "<"):
        number = indicator.target_number / share
    return f"{round_points(number).normalize():f}{indicator.unit}"


@transaction.atomic
def demo_selfevaluation(*, document) -> SelfEvaluation | None:
    if SelfEvaluation.objects.filter(document=document).exists():
        return None
    evaluation = SelfEvaluation.objects.create(document=document)
    prepared = []
    for project in document.projects.order_by("position", "id"):
        row = project_evaluation_row(project)
        spent = round_points(project.budget * UNDERSPENT.get(row.number, Decimal("1")))
        values = ProjectValues(None, spent, f"已按计划完成年度绩效目标。{project.goal[:60]}")
        indicators = []
        for item in row.indicators:
            indicator, share = item.indicator, SHORTFALLS.get((row.number, item.number))
            if indicator.is_qualitative:
                score = (
                    item.score.points if share is None else round_points(item.score.points * BANDS[Result.PARTLY].low)
                )
                result = Result.MET if share is None else Result.PARTLY
                indicators.append(
                    IndicatorValues(indicator, "", result, None, score, SHORTFALL_REASON if share else "")
                )
            else:
                actual = _actual(indicator, share or Decimal("1"))
                indicators.append(IndicatorValues(indicator, actual, "", None, None, SHORTFALL_REASON if share else ""))
        prepared.append(
            project_evaluation_prepare(evaluation=evaluation, project=project, values=values, indicators=indicators)
        )
    prepared_write(evaluation=evaluation, prepared=prepared, user=None, reason=CHANGE_REASON)
    return evaluation
