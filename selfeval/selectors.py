"""Reading a self-evaluation: the document's projects and indicators in print order, each with its stored row
(if any) and its scores from selfeval.scoring. The pages, the printed 自评表, the Excel export, the findings and
the commands all read through here, in a fixed number of queries whatever the document's size."""

from dataclasses import dataclass

from django.db.models import Prefetch

from indicators.models import Category, Indicator
from projects.models import Document, Project
from selfeval.models import IndicatorEvaluation, ProjectEvaluation, SelfEvaluation
from selfeval.scoring import (
    DepartmentScore,
    IndicatorEntry,
    IndicatorScore,
    ProjectScore,
    Result,
    score_department,
    score_project,
)


def stored_row(obj, name: str):
    """A reverse one-to-one that may not exist yet: a row is created the first time the user saves it."""
    try:
        return getattr(obj, name)
    except (ProjectEvaluation.DoesNotExist, IndicatorEvaluation.DoesNotExist):
        return None


@dataclass(frozen=True)
class IndicatorRow:
    number: int  # 序号 within the project, 1-based
    indicator: Indicator
    entry: IndicatorEvaluation | None
    score: IndicatorScore

    @property
    def actual_text(self) -> str:
        return self.entry.actual_text if self.entry else ""

    @property
    def result(self) -> str:
        return self.entry.result if self.entry else ""

    @property
    def result_label(self) -> str:
        return str(Result(self.result).label) if self.result else ""

    @property
    def custom_points(self):
        return self.entry.points if self.entry else None

    @property
    def reason(self) -> str:
        return self.entry.reason if self.entry else ""


@dataclass(frozen=True)
class ProjectRow:
    number: int  # position in the document, 1-based
    project: Project
    entry: ProjectEvaluation | None
    score: ProjectScore
    indicators: list[IndicatorRow]

    @property
    def adjusted_budget(self):
        return self.entry.adjusted_budget if self.entry else None

    @property
    def achievement(self) -> str:
        return self.entry.achievement if self.entry else ""


@dataclass(frozen=True)
class EvaluationReport:
    document: Document
    evaluation: SelfEvaluation | None
    framework_categories: list[str]
    projects: list[ProjectRow]
    department: DepartmentScore


def entry_for(indicator: Indicator, row: IndicatorEvaluation | None, *, actual_number=None) -> IndicatorEntry:
    """What scoring reads of an indicator and its stored (or submitted) self-evaluation values."""
    return IndicatorEntry(
        category=indicator.subcategory.category.name,
        qualitative=indicator.is_qualitative,
        comparator=indicator.comparator,
        target=indicator.target_number,
        actual=row.actual_number if row else actual_number,
        custom_points=row.points if row else None,
        result=row.result if row else "",
        entered_score=row.score if row else None,
    )


def project_row(number: int, project: Project, framework_categories: list[str]) -> ProjectRow:
    """One project scored from its stored rows (project.evaluation and each indicator's evaluation, prefetched)."""
    entry = stored_row(project, "evaluation")
    indicators = list(project.indicators.all())
    stored = [stored_row(indicator, "evaluation") for indicator in indicators]
    score = score_project(
        budget=entry.full_year_budget if entry else project.budget,
        spent=entry.spent if entry else None,
        entries=[entry_for(i, row) for i, row in zip(indicators, stored, strict=True)],
        framework_categories=framework_categories,
    )
    rows = [
        IndicatorRow(n, indicator, row, indicator_score)
        for n, (indicator, row, indicator_score) in enumerate(zip(indicators, stored, score.indicators, strict=True), 1)
    ]
    return ProjectRow(number, project, entry, score, rows)


def framework_categories(document: Document) -> list[str]:
    return list(Category.objects.filter(framework_id=document.framework_id).values_list("name", flat=True))


def projects_queryset():
    indicators = Indicator.objects.select_related("subcategory__category", "evaluation").order_by("position", "id")
    return (
        Project.objects.select_related("unit", "evaluation")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("position", "id")
    )


def evaluation_report(document: Document) -> EvaluationReport:
    """Every project of the document with its self-evaluation and scores, and the department's score."""
    evaluation = SelfEvaluation.objects.filter(document=document).first()
    categories = framework_categories(document)
    projects = [
        project_row(n, project, categories)
        for n, project in enumerate(projects_queryset().filter(document=document), 1)
    ]
    return EvaluationReport(
        document=document,
        evaluation=evaluation,
        framework_categories=categories,
        projects=projects,
        department=score_department([p.score for p in projects]),
    )


def project_evaluation_row(project: Project) -> ProjectRow:
    """One project's row, numbered by its place in the document."""
    loaded = projects_queryset().get(pk=project.pk)
    order = Project.objects.filter(document_id=project.document_id).order_by("position", "id")
    number = list(order.values_list("pk", flat=True)).index(project.pk) + 1
    return project_row(number, loaded, framework_categories(project.document))
