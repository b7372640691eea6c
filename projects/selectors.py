"""The read side of the document core: the report context, one document read in a fixed number of queries and
shaped the way it is printed, and the rows of a document's projects table.

The HTML page, the PDF, the Excel export, the review and the render_report command all read through this, so
they show the same data in the same order."""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from indicators.models import Indicator
from projects.models import DepartmentGoal, Document, PlanEntry, Project
from projects.money import format_money
from projects.numbering import chinese_numeral, item_label

# Columns right of the row labels in a 项目绩效目标表, shared by the 预算数 row, the plan and the indicators.
PLAN_COLUMNS = 6


@dataclass(frozen=True)
class GoalItem:
    label: str  # （一）
    text: str


@dataclass(frozen=True)
class GoalSection:
    number: str  # 一
    title: str  # 总体绩效目标
    items: list[GoalItem]


@dataclass(frozen=True)
class PlanCell:
    month: int
    amount: Decimal | None

    @property
    def label(self) -> str:
        return f"{self.month}月底"


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    category: str
    subcategory: str
    category_rowspan: int  # 0: this row continues the merged 一级 cell above
    subcategory_rowspan: int  # 0: continues the 二级 cell above


@dataclass(frozen=True)
class ProjectSheet:
    number: int
    project: Project
    plan: list[PlanCell]
    rows: list[IndicatorRow]

    @property
    def title(self) -> str:
        return f"{self.project.name}绩效目标表"

    @property
    def plan_colspans(self) -> list[tuple[PlanCell, int]]:
        """The checkpoints spread over the table's six value columns, wider ones first as in the seed (3月底 spans
        two of six); empty when there are more checkpoints than columns, which then print as a grid of their own."""
        count = len(self.plan)
        if not count or count > PLAN_COLUMNS:
            return []
        base, extra = divmod(PLAN_COLUMNS, count)
        return [(cell, base + (1 if i < extra else 0)) for i, cell in enumerate(self.plan)]

    def split_at_pages(self, pages: list[int]) -> "ProjectSheet":
        """The same table with each merged 一级/二级 cell cut where the printed rows change page, so a cell that
        continues on a new page shows its label again; `pages` gives the page of each indicator row."""
        indicators = [row.indicator for row in self.rows]
        return replace(self, rows=indicator_rows(indicators, pages=pages))


@dataclass(frozen=True)
class DocumentReport:
    document: Document
    goal_sections: list[GoalSection]
    projects: list[ProjectSheet] = field(default_factory=list)

    @property
    def department(self):
        return self.document.department


def _spans(keys: list) -> list[int]:
    """For runs of equal consecutive keys: the run length on a run's first row, 0 on the rows it covers."""
    spans = [0] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans[start] = i - start
            start = i
    return spans


def indicator_rows(indicators: list[Indicator], pages: list[int] | None = None) -> list[IndicatorRow]:
    pages = pages or [0] * len(indicators)
    categories = [(page, i.subcategory.category_id) for page, i in zip(pages, indicators, strict=True)]
    subcategories = [
        (page, i.subcategory.category_id, i.subcategory_id) for page, i in zip(pages, indicators, strict=True)
    ]
    # A 二级 run never crosses a 一级 boundary, since the pair includes the 一级.
    return [
        IndicatorRow(
            indicator=ind,
            category=ind.subcategory.category.name,
            subcategory=ind.subcategory.name,
            category_rowspan=c_span,
            subcategory_rowspan=s_span,
        )
        for ind, c_span, s_span in zip(indicators, _spans(categories), _spans(subcategories), strict=True)
    ]


def project_sheet(project: Project, number: int, months: list[int]) -> ProjectSheet:
    """One 项目绩效目标表; expects plan_entries and indicators prefetched."""
    amounts = {e.month: e.amount for e in project.plan_entries.all()}
    return ProjectSheet(
        number=number,
        project=project,
        plan=[PlanCell(month, amounts.get(month)) for month in months],
        rows=indicator_rows(list(project.indicators.all())),
    )


def report_projects_queryset():
    return Project.objects.select_related("unit").prefetch_related(
        "plan_entries",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("subcategory__category").order_by("position", "id"),
        ),
    )


def document_report(document: Document) -> DocumentReport:
    """Everything the printed document shows, in print order, in five queries whatever the size."""
    document = (
        Document.objects.select_related("department", "framework")
        .prefetch_related(
            Prefetch("goals", queryset=DepartmentGoal.objects.order_by("position", "id")),
            Prefetch("projects", queryset=report_projects_queryset().order_by("position", "id")),
        )
        .get(pk=document.pk)
    )
    goals = list(document.goals.all())
    sections = [
        GoalSection(
            number=chinese_numeral(n),
            title=kind.label,
            items=[GoalItem(item_label(i), g.text) for i, g in enumerate((g for g in goals if g.kind == kind), 1)],
        )
        for n, kind in enumerate(DepartmentGoal.Kind, 1)
    ]
    months = list(document.checkpoint_months)
    tables = [project_sheet(p, n, months) for n, p in enumerate(document.projects.all(), 1)]
    return DocumentReport(document=document, goal_sections=sections, projects=tables)


MONEY_FIELDS = ("budget", "fiscal_funds", "other_funds")


def document_projects(document: Document) -> QuerySet[Project]:
    """Every value the table shows comes from this one query plus one prefetch of the page's plan entries."""
    return (
        Project.objects.filter(document=document)
        .select_related("unit")
        .annotate(indicator_count=Count("indicators"))
        .prefetch_related(Prefetch("plan_entries", queryset=PlanEntry.objects.order_by("month")))
        .order_by("position", "id")
    )


def money_totals(projects: QuerySet[Project]) -> dict[str, str]:
    """Sums of the filtered projects in the one money format, so the footer agrees with the report to the cent."""
    sums = projects.order_by().aggregate(**{name: Sum(name) for name in MONEY_FIELDS})
    return {name: format_money(sums[name] or 0) for name in MONEY_FIELDS}
