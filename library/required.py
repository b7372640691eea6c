"""固化指标 as the review reads them: which library entries a project of each 项目类型 must have."""

from functools import cached_property

from library.models import LibraryEntry, RequiredIndicator
from library.names import normalise_name


class RequiredIndicators:
    """Loaded with one query, and only when a reviewed project has a 项目类型 at all."""

    @cached_property
    def _by_type(self) -> dict[int, list[RequiredIndicator]]:
        by_type: dict[int, list[RequiredIndicator]] = {}
        required = RequiredIndicator.objects.filter(entry__in=LibraryEntry.objects.enabled()).select_related(
            "entry__subcategory__category", "project_type"
        )
        for item in required.order_by("project_type_id", "entry__name"):
            by_type.setdefault(item.project_type_id, []).append(item)
        return by_type

    def missing(self, project, indicators) -> list[RequiredIndicator]:
        """The required entries of the project's type that none of its indicators is: neither picked from the
        library as that entry nor named the same under the same 二级."""
        if project.project_type_id is None:
            return []
        present_ids = {i.library_entry_id for i in indicators}
        present_names = {(i.subcategory.name, normalise_name(i.name)) for i in indicators}
        return [
            item
            for item in self._by_type.get(project.project_type_id, [])
            if item.entry_id not in present_ids
            and (item.entry.subcategory.name, item.entry.normalized_name) not in present_names
        ]
