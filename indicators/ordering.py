"""The print order of a project's indicator rows: each 一级 is one block, and each 二级 one block inside it.

The printed table merges the 一级 and 二级 cells of neighbouring rows, so a row of 效益指标 entered after the
满意度指标 rows would print as a second 效益指标 block. Every path that writes indicator rows (the editor's
service, the admin, the Excel import, the year rollover) passes them through regrouped(), which moves such a
row up to its group and otherwise keeps the order the department chose (DOMAIN: the entered order is data).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

Row = TypeVar("Row")


def regrouped(rows: Iterable[Row], *, key: Callable[[Row], tuple]) -> list[Row]:
    """Stable regrouping by key(row) = (一级, 二级): groups keep the order in which they first appear."""
    groups: dict = {}
    for row in rows:
        category, subcategory = key(row)
        groups.setdefault(category, {}).setdefault(subcategory, []).append(row)
    return [row for subgroups in groups.values() for members in subgroups.values() for row in members]


def _indicator_key(indicator) -> tuple:
    return indicator.subcategory.category_id, indicator.subcategory.pk


def indicators_regrouped(indicators: Sequence) -> list:
    """Indicator rows (saved or not, or the importer's rows) in their print order; each needs its subcategory."""
    return regrouped(indicators, key=_indicator_key)


def project_regroup_indicators(*, project) -> bool:
    """Renumber a project's stored rows into their print order, writing only the rows that moved; for paths
    that save row by row (the admin). Returns whether any row moved."""
    rows = list(project.indicators.select_related("subcategory").order_by("position", "id"))
    moved = []
    for position, row in enumerate(indicators_regrouped(rows), 1):
        if row.position != position:
            row.position = position
            moved.append(row)
    for row in moved:
        row.save(update_fields=["position"])
    return bool(moved)
