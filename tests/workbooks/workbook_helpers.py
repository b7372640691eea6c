"""Shared pieces of the workbook tests: the seed as a workbook, editing a workbook, and the database's state."""

from io import BytesIO

import openpyxl
from django.core import serializers

from indicators.models import Indicator
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, PlanEntry, Project
from workbooks.exporter import export_document, workbook_bytes
from workbooks.importer import workbook_import
from workbooks.reader import WorkbookInvalid

MODELS = (Department, BudgetUnit, Document, DepartmentGoal, Project, PlanEntry, Indicator)


def export_bytes(document) -> bytes:
    return workbook_bytes(export_document(document))


def edited(content: bytes, change) -> BytesIO:
    """The workbook with change(workbook) applied, as a file object."""
    workbook = openpyxl.load_workbook(BytesIO(content))
    change(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def problems_of(source) -> list[str]:
    try:
        workbook_import(source=source)
    except WorkbookInvalid as invalid:
        return [str(p) for p in invalid.problems]
    raise AssertionError("the workbook was imported")


def db_state() -> dict:
    """Every row of the document's tables and of their history, to show an import left nothing behind."""
    state = {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS}
    for model in MODELS:
        state[f"{model.__name__}.history"] = model.history.count()
    return state


def sheet_values(content) -> dict:
    """Every sheet's cell values and merged ranges, to compare two workbooks as a reader sees them."""
    workbook = openpyxl.load_workbook(BytesIO(content) if isinstance(content, bytes) else content)
    return {
        ws.title: (
            [[cell.value for cell in row] for row in ws.iter_rows()],
            sorted(str(r) for r in ws.merged_cells.ranges),
        )
        for ws in workbook.worksheets
    }


def empty_database() -> None:
    for model in reversed(MODELS):
        model.objects.all().delete()
