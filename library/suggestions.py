"""What the editor suggests for a 三级 name under a chosen 二级: ranked library entries, and the same project's
rows of last year (历史标准)."""

from dataclasses import dataclass

from django.db.models import Q

from indicators.models import Indicator, Subcategory
from library.models import LibraryEntry
from library.names import normalise_name
from library.ranking import candidates_from, rank
from projects.models import Document, Project
from workflow.rollover import project_code_for_year


@dataclass(frozen=True)
class ProjectHints:
    """What the user has typed about the project so far; the project may not be saved yet."""

    code: str = ""
    name: str = ""
    purpose: str = ""

    @property
    def text(self) -> str:
        return f"{self.name}\n{self.purpose}"


def library_suggestions(*, subcategory: Subcategory, typed: str, hints: ProjectHints) -> list[LibraryEntry]:
    """Up to eight enabled entries of this 二级 whose name contains what was typed, best first."""
    entries = LibraryEntry.objects.enabled().filter(subcategory=subcategory)
    wanted = normalise_name(typed)
    if wanted:
        entries = entries.filter(normalized_name__contains=wanted)
    best = rank(candidates_from(entries), project_text=hints.text)
    found = LibraryEntry.objects.in_bulk([c.entry_id for c in best])
    return [found[c.entry_id] for c in best]


def last_year_project(*, document: Document, hints: ProjectHints) -> Project | None:
    """The same project in the department's document of the year before: by 项目编码 with the year digits
    changed, else by name."""
    previous = Q()
    if len(hints.code) >= 8:
        previous |= Q(code=project_code_for_year(hints.code, document.year - 1))
    if hints.name.strip():
        previous |= Q(name=hints.name.strip())
    if not previous:
        return None
    matches = Project.objects.filter(
        previous, document__department_id=document.department_id, document__year=document.year - 1
    )
    by_code = project_code_for_year(hints.code, document.year - 1) if len(hints.code) >= 8 else None
    return min(matches, key=lambda project: project.code != by_code, default=None)


def last_year_rows(*, document: Document, subcategory: Subcategory, typed: str, hints: ProjectHints):
    """Last year's rows of the same project under the same 一级/二级 names whose name contains what was typed."""
    project = last_year_project(document=document, hints=hints)
    if project is None:
        return []
    rows = Indicator.objects.filter(
        project=project,
        subcategory__name=subcategory.name,
        subcategory__category__name=subcategory.category.name,
    ).order_by("position", "id")
    wanted = normalise_name(typed)
    return [row for row in rows if wanted in normalise_name(row.name)]
