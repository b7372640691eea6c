"""What the editor suggests for a 三级 name under a chosen 一级/二级: ranked library entries, and the same project's
rows of last year (历史标准). Both are read as plain rows, one query each, since they are asked at each keystroke."""

from dataclasses import dataclass

from django.db.models import F, Q

from indicators.models import Indicator
from library.models import LibraryEntry
from library.names import normalise_name
from library.ranking import DATABASE_ORDER, SUGGESTION_LIMIT, candidates_from, rank
from projects.models import Document
from workflow.rollover import project_code_for_year

SHOWN_FIELDS = (
    "id",
    "name",
    "definition",
    "formula",
    "comparator",
    "unit",
    "source",
    "use_count",
    "keywords",
    "common_value",
)
LAST_YEAR_FIELDS = ("name", "description", "value_text", "comparator", "unit")


@dataclass(frozen=True)
class Place:
    """The 一级 and 二级, by name, of a framework, as the editor's selects hold them."""

    framework_id: int
    category: str
    subcategory: str


@dataclass(frozen=True)
class ProjectHints:
    """What the user has typed about the project so far; the project may not be saved yet."""

    code: str = ""
    name: str = ""
    purpose: str = ""

    @property
    def text(self) -> str:
        return f"{self.name}\n{self.purpose}"


def library_suggestions(*, place: Place, typed: str, hints: ProjectHints) -> list[dict]:
    """Up to eight enabled entries of this 二级 whose name contains what was typed, best first, as rows."""
    entries = LibraryEntry.objects.enabled().filter(
        subcategory__category__framework_id=place.framework_id,
        subcategory__category__name=place.category,
        subcategory__name=place.subcategory,
    )
    wanted = normalise_name(typed)
    if wanted:
        entries = entries.filter(normalized_name__contains=wanted)
    rows = entries.order_by(*DATABASE_ORDER).values(*SHOWN_FIELDS).iterator(chunk_size=4 * SUGGESTION_LIMIT)
    return [candidate.row for candidate in rank(candidates_from(rows), project_text=hints.text)]


def last_year_rows(*, document: Document, place: Place, typed: str, hints: ProjectHints) -> list[dict]:
    """The same project's rows of the year before under the same 一级/二级 names whose name contains what was
    typed. The project is the department's of that year with the same 项目编码 apart from its year digits, or
    else with the same name."""
    previous_code = project_code_for_year(hints.code, document.year - 1) if len(hints.code) >= 8 else None
    same_project = Q()
    if previous_code:
        same_project |= Q(project__code=previous_code)
    if hints.name.strip():
        same_project |= Q(project__name=hints.name.strip())
    if not same_project:
        return []
    rows = (
        Indicator.objects.filter(
            same_project,
            project__document__department_id=document.department_id,
            project__document__year=document.year - 1,
            subcategory__category__name=place.category,
            subcategory__name=place.subcategory,
        )
        .order_by("project_id", "position", "id")
        # The year's self-evaluation, where there is one, says what was actually reached.
        .values("project__code", *LAST_YEAR_FIELDS, actual=F("evaluation__actual_text"))
    )
    by_project: dict[str, list[dict]] = {}
    for row in rows:
        row["actual"] = row["actual"] or ""
        by_project.setdefault(row.pop("project__code"), []).append(row)
    if not by_project:
        return []
    chosen = by_project.get(previous_code) or next(iter(by_project.values()))
    wanted = normalise_name(typed)
    return [row for row in chosen if wanted in normalise_name(row["name"])]
