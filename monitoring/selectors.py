"""The read side of a monitoring round: every project's 执行监控表 with its lights, in document order, in a fixed
number of queries. The form, the dashboard, the print, the Excel export and monitoring_lights all read this."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from indicators.models import Indicator
from monitoring import lights
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring
from projects.models import Project
from projects.selectors import IndicatorRow, indicator_rows


@dataclass(frozen=True)
class IndicatorLine:
    row: IndicatorRow  # the indicator with its merged 一级/二级 cells, as the target table prints them
    report: IndicatorMonitoring
    position: int  # 序号: 1-based within the project
    verdict: lights.Verdict

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator


@dataclass(frozen=True)
class ProjectLights:
    number: int
    report: ProjectMonitoring
    budget: lights.Verdict
    plan: lights.Verdict
    planned: Decimal
    lines: list[IndicatorLine]

    @property
    def project(self):
        return self.report.project

    @property
    def title(self) -> str:
        return f"{self.project.name}绩效目标执行监控表"

    @property
    def lights(self) -> list[lights.Light]:
        return [self.budget.light, self.plan.light, *(line.verdict.light for line in self.lines)]


@dataclass(frozen=True)
class RoundReport:
    round: MonitoringRound
    projects: list[ProjectLights]

    @property
    def counts(self) -> Counter:
        return Counter(light for p in self.projects for light in p.lights)


def indicator_facts(report: IndicatorMonitoring, month: int) -> lights.IndicatorFacts:
    indicator = report.indicator
    return lights.IndicatorFacts(
        comparator=indicator.comparator,
        target=indicator.target_number,
        actual=report.actual_number,
        outcome=report.actual_text if indicator.is_qualitative else "",
        likelihood=report.likelihood,
        cumulative=report.cumulative,
        month=month,
    )


def project_lights(report: ProjectMonitoring, number: int, month: int) -> ProjectLights:
    """Expects the project's plan entries and the indicator reports (with their indicators) prefetched."""
    plan = {entry.month: entry.amount for entry in report.project.plan_entries.all()}
    planned = lights.planned_at(month=month, plan=plan, annual_budget=report.annual_budget)
    items = list(report.indicator_reports.all())
    rows = indicator_rows([item.indicator for item in items])
    return ProjectLights(
        number=number,
        report=report,
        budget=lights.budget_pace(spent=report.spent, annual_budget=report.annual_budget, month=month),
        plan=lights.plan_pace(spent=report.spent, annual_budget=report.annual_budget, month=month, plan=plan),
        planned=(Decimal(planned.numerator) / Decimal(planned.denominator)).quantize(Decimal("0.01")),
        lines=[
            IndicatorLine(row, item, position, lights.indicator_light(indicator_facts(item, month)))
            for position, (row, item) in enumerate(zip(rows, items, strict=True), 1)
        ],
    )


def project_reports_queryset():
    return ProjectMonitoring.objects.select_related("project__unit").prefetch_related(
        "project__plan_entries",
        Prefetch(
            "indicator_reports",
            queryset=IndicatorMonitoring.objects.select_related("indicator__subcategory__category").order_by(
                "indicator__position", "indicator__id"
            ),
        ),
    )


def round_report(round: MonitoringRound, *, project_id: int | None = None) -> RoundReport:
    """Every project (or the one asked for) in document order, with lights; five queries whatever the size."""
    reports = project_reports_queryset().filter(round=round).order_by("project__position", "project__id")
    numbered = list(enumerate(reports, 1))
    if project_id is not None:
        numbered = [(n, r) for n, r in numbered if r.project_id == project_id]
    return RoundReport(round, [project_lights(r, n, round.month) for n, r in numbered])


def round_reports(rounds: list[MonitoringRound]) -> list[RoundReport]:
    """Several rounds (the bureau's overview) in the same five queries as one."""
    by_round: dict[int, list[ProjectMonitoring]] = {r.pk: [] for r in rounds}
    reports = project_reports_queryset().filter(round__in=rounds).order_by("project__position", "project__id")
    for report in reports:
        by_round[report.round_id].append(report)
    return [RoundReport(r, [project_lights(p, n, r.month) for n, p in enumerate(by_round[r.pk], 1)]) for r in rounds]


def rounds_of(document) -> list[MonitoringRound]:
    return list(MonitoringRound.objects.filter(document=document).select_related("document__department"))


def earlier_spending(round: MonitoringRound) -> dict[int, tuple[Decimal, Decimal]]:
    """Per project, the 执行数 of the latest earlier round of the same document, which this one may not go below."""
    earlier = (
        MonitoringRound.objects.filter(document_id=round.document_id, month__lt=round.month).order_by("-month").first()
    )
    if earlier is None:
        return {}
    return {
        r.project_id: (r.fiscal_spent, r.other_spent)
        for r in ProjectMonitoring.objects.filter(round=earlier).only("project_id", "fiscal_spent", "other_spent")
    }


def rows_missing(round: MonitoringRound) -> int:
    """Projects and indicators of the document that the round has no row for (added after it opened)."""
    projects = Project.objects.filter(document_id=round.document_id).exclude(monitoring_reports__round=round).count()
    indicators = (
        Indicator.objects.filter(project__document_id=round.document_id)
        .exclude(monitoring_reports__project_report__round=round)
        .count()
    )
    return projects + indicators
