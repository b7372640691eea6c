"""The seed document's demo monitoring round: January to July 2022, with a light of every colour to look at."""

from decimal import Decimal

from monitoring.models import DEFAULT_MONTH, Cause, IndicatorMonitoring, Likelihood, MonitoringRound
from monitoring.rules import parse_actual
from monitoring.services import round_create

# By project position: 财政资金执行数 and 执行情况说明; then by indicator position what departs from "on target".
DEMO_FUNDS = {
    1: ("4.20", "困难职工帮扶救助按季度发放，进度正常。"),
    2: ("3.00", "礼堂维修项目8月集中招标，上半年仅支付日常巡查维修费用。"),
    3: ("10.29", "社保费按月缴纳。"),
    4: ("1.50", "帮扶资金按计划在10月集中发放，执行进度低于时间进度但符合资金支出计划。"),
    5: ("0.00", "劳模体检统一安排在11月，上半年未发生支出。"),
    6: ("2.95", "补助按月发放。"),
}
DEMO_LINES = {
    (1, 3): {"actual": "52", "cumulative": True},
    (2, 4): {
        "actual": "30",
        "causes": [Cause.RULES],
        "cause_note": "维修项目须履行政府采购程序，8月完成招标后支付。",
        "likelihood": Likelihood.POSSIBLE,
    },
    (4, 3): {
        "actual": "60",
        "causes": [Cause.OTHER],
        "cause_note": "帮扶资金按计划集中在第四季度发放。",
    },
    (5, 4): {
        "actual": "0",
        "causes": [Cause.OTHER],
        "cause_note": "体检安排在11月，届时一次性支付。",
    },
    (6, 6): {"actual": "125", "remark": "年中新增安置退役军人，全年目标定得偏低。"},
}


def demo_round(document) -> MonitoringRound | None:
    """Open and fill the month-7 round of the seed document, once; a run that finds it leaves it as it is."""
    if MonitoringRound.objects.filter(document=document, month=DEFAULT_MONTH).exists():
        return None
    round = round_create(document=document, month=DEFAULT_MONTH)
    for report in round.project_reports.select_related("project"):
        fiscal, note = DEMO_FUNDS.get(report.project.position, ("0.00", ""))
        report.fiscal_spent, report.note = Decimal(fiscal), note
        report.save()
    lines = IndicatorMonitoring.objects.filter(project_report__round=round).select_related(
        "indicator", "project_report__project"
    )
    for line in lines:
        wanted = DEMO_LINES.get((line.project_report.project.position, line.indicator.position), {})
        default = "达成" if line.indicator.is_qualitative else f"{line.indicator.target_number.normalize():f}"
        actual = parse_actual(line.indicator, wanted.get("actual", default))
        line.actual_text, line.actual_number = actual.text, actual.number
        line.cumulative = wanted.get("cumulative", line.cumulative)
        line.causes = [str(c) for c in wanted.get("causes", [])]
        line.cause_note = wanted.get("cause_note", "")
        line.likelihood = wanted.get("likelihood", Likelihood.CERTAIN)
        line.remark = wanted.get("remark", "")
        line.save()
    return round


def on_demo_loaded(sender, document, **kwargs) -> None:
    demo_round(document)
