"""A document as a workbook: the four flat sheets the importer reads back, and one printable sheet per project
laid out like the 项目绩效目标表 of the PDF.

The data comes from projects.selectors.document_report(), the same selector as the HTML page and the PDF, and
amounts go through projects.money, so all three agree to the cent.
"""

import math
import re
from copy import copy
from io import BytesIO

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from indicators.catalog import Catalog
from indicators.models import Indicator
from projects.models import DepartmentGoal, Document
from projects.money import to_cents
from projects.selectors import DocumentReport, ProjectSheet, document_report
from projects.text import without_control_characters
from workbooks import format as fmt
from workbooks.dropdowns import add_drop_downs

MONEY_FORMAT = "0.00"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT = Alignment(horizontal="right", vertical="center")
# Characters Excel forbids in sheet names.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Points per line of 11pt text, for the row heights Excel does not work out for merged cells.
LINE_HEIGHT = 15


def put(ws: Worksheet, row: int, column: int, value, *, number_format: str | None = None):
    """Write one value; user text that an office suite would take for a formula stays text."""
    cell = ws.cell(row=row, column=column)
    value = _clean(value)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(fmt.FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def money_value(amount):
    """Amounts are written as numbers shown with two places, exactly as format_money() prints them."""
    return to_cents(amount)


def money_or_blank_value(amount):
    """A zero 其他资金 prints as an empty cell, as format_money(blank_zero=True) does."""
    cents = to_cents(amount)
    return cents if cents else None


def write_header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = put(ws, 1, index, header)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _clean(value):
    if isinstance(value, Promise):
        value = str(value)
    return without_control_characters(value)


def write_rows(ws: Worksheet, rows, *, money_columns=()) -> None:
    """Append rows below the header; the flat sheets are large, so whole rows go in at once."""
    for values in rows:
        values = [_clean(v) for v in values]
        ws.append(values)
        row = ws._current_row
        for column, value in enumerate(values, 1):
            if isinstance(value, str) and value.startswith(fmt.FORMULA_START):
                put(ws, row, column, value)
        for column in money_columns:
            ws.cell(row=row, column=column).number_format = MONEY_FORMAT


def project_headers(months: list[int]) -> list[str]:
    return [c.header for c in fmt.PROJECT_COLUMNS] + [fmt.month_header(m) for m in months]


def project_widths(months: list[int]) -> list[int]:
    return [c.width for c in fmt.PROJECT_COLUMNS] + [fmt.PLAN_COLUMN_WIDTH] * len(months)


def money_column_numbers(months: list[int]) -> set[int]:
    headers = project_headers(months)
    plan = {fmt.month_header(m) for m in months}
    return {i for i, h in enumerate(headers, 1) if h in fmt.MONEY_HEADERS or h in plan}


def document_rows(document: Document) -> list[tuple[str, str]]:
    return [
        (fmt.DEPARTMENT_CODE, document.department.code),
        (fmt.DEPARTMENT_NAME, document.department.name),
        (fmt.YEAR, str(document.year)),
        (fmt.PREPARED_BY, document.prepared_by),
        (fmt.APPROVING_AUTHORITY, document.approving_authority),
        (fmt.FRAMEWORK, document.framework.name),
    ]


def indicator_row(code: str, indicator: Indicator, category: str, subcategory: str) -> list:
    return [
        code,
        category,
        subcategory,
        indicator.name,
        indicator.description,
        indicator.value_text,
        indicator.basis,
    ]


def write_flat_sheets(workbook: Workbook, report: DocumentReport) -> None:
    document = report.document
    months = list(document.checkpoint_months)

    ws = workbook.active
    ws.title = fmt.DOCUMENT_SHEET
    write_header(ws, list(fmt.DOCUMENT_HEADERS), [12, 40])
    write_rows(ws, document_rows(document))

    ws = workbook.create_sheet(fmt.GOALS_SHEET)
    write_header(ws, [c.header for c in fmt.GOAL_COLUMNS], [c.width for c in fmt.GOAL_COLUMNS])
    sections = zip(DepartmentGoal.Kind.values, report.goal_sections, strict=True)
    write_rows(ws, [(fmt.GOAL_KIND_LABELS[kind], n, i.text) for kind, s in sections for n, i in enumerate(s.items, 1)])

    ws = workbook.create_sheet(fmt.PROJECTS_SHEET)
    write_header(ws, project_headers(months), project_widths(months))
    write_rows(
        ws,
        (
            [
                t.project.unit.code,
                t.project.unit.name,
                t.project.code,
                t.project.name,
                money_value(t.project.budget),
                money_value(t.project.fiscal_funds),
                money_value(t.project.other_funds),
                t.project.purpose,
                t.project.goal,
                *(money_value(cell.amount) for cell in t.plan),
            ]
            for t in report.projects
        ),
        money_columns=money_column_numbers(months),
    )

    ws = workbook.create_sheet(fmt.INDICATORS_SHEET)
    write_header(ws, [c.header for c in fmt.INDICATOR_COLUMNS], [c.width for c in fmt.INDICATOR_COLUMNS])
    write_rows(
        ws,
        (
            indicator_row(t.project.code, r.indicator, r.category, r.subcategory)
            for t in report.projects
            for r in t.rows
        ),
    )


# ---------------------------------------------------------------------------------------------- printed sheets

PRINT_WIDTHS = [13, 13, 16, 14, 14, 11, 12]


def _display_width(text: str) -> int:
    # A CJK character (three bytes in UTF-8) takes about two columns of width, an ASCII one one column.
    return len(text) + (len(text.encode()) - len(text)) // 2


def _lines(text: str, width: float) -> int:
    if not text:
        return 1
    return sum(max(1, math.ceil(_display_width(part) / max(width - 1, 1))) for part in text.split("\n"))


class StyleCache:
    """Cells that look alike share one style, worked out once per workbook.

    openpyxl hashes every font, border and alignment object on each assignment, which dominated the time of
    a large export; copying a ready style array is a fraction of that.
    """

    def __init__(self):
        self._arrays = {}

    def apply(self, cell, *, font=None, alignment=None, border=None) -> None:
        key = (id(font), id(alignment), id(border), cell.number_format, cell.quotePrefix)
        ready = self._arrays.get(key)
        if ready is not None:
            cell._style = copy(ready)
            return
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if border is not None:
            cell.border = border
        self._arrays[key] = copy(cell._style)


class _PrintedTable:
    """Writes one 项目绩效目标表 row by row, merging, framing and wrapping as the printed form does."""

    def __init__(self, ws: Worksheet, columns: int, styles: StyleCache):
        self.ws, self.columns, self.row, self.styles = ws, columns, 0, styles
        self.widths = PRINT_WIDTHS + [fmt.PLAN_COLUMN_WIDTH] * (columns - len(PRINT_WIDTHS))
        for index, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])

    def cell(self, row, first, last, value, *, font=None, money=False, align=WRAP, border=True, rows=1):
        cell = put(self.ws, row, first, value, number_format=MONEY_FORMAT if money else None)
        frame = BORDER if border else None
        self.styles.apply(cell, font=font, alignment=RIGHT if money else align, border=frame)
        if last > first or rows > 1:
            # Every cell of the range is framed below, so openpyxl's own merge_cells() pass over it is not needed.
            self.ws.merged_cells.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=row + rows - 1))
            if border:
                for r in range(row, row + rows):
                    for c in range(first, last + 1):
                        if (r, c) != (row, first):
                            self.styles.apply(self.ws.cell(row=r, column=c), border=BORDER)
        return _lines(value if isinstance(value, str) else "", self.span_width(first, last))

    def line(self, *parts, height_lines=None):
        """parts: (first, last, value, options) for one row; the row is as tall as its longest text."""
        self.row += 1
        needed = 1
        for first, last, value, options in parts:
            needed = max(needed, self.cell(self.row, first, last, value, **options))
        self.ws.row_dimensions[self.row].height = LINE_HEIGHT * (height_lines or needed) + 4
        return self.row


def _sheet_name(number: int, name: str, taken: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub("", without_control_characters(f"{number}.{name}"))[:31]
    candidate, suffix = base, 1
    while candidate in taken or candidate in fmt.FLAT_SHEETS:
        suffix += 1
        candidate = f"{base[: 31 - len(str(suffix)) - 1]}~{suffix}"
    taken.add(candidate)
    return candidate


def _plan_spans(count: int, first: int, last: int) -> list[tuple[int, int]]:
    """Spread `count` checkpoints over columns first..last as evenly as the printed form does."""
    width = last - first + 1
    base, extra = divmod(width, count)
    spans, column = [], first
    for i in range(count):
        size = base + (1 if i < extra else 0)
        spans.append((column, column + size - 1))
        column += size
    return spans


def write_project_sheet(ws: Worksheet, table: ProjectSheet, months: list[int], styles: StyleCache) -> None:
    project = table.project
    last = max(len(PRINT_WIDTHS), len(months) + 1)
    t = _PrintedTable(ws, last, styles)
    head = {"font": BOLD, "align": WRAP_CENTER}
    plain = {}
    no_border = {"border": False}

    title = {"font": TITLE, "align": WRAP_CENTER, "border": False}
    t.line((1, last, f"{table.number}.{table.title}", title), height_lines=2)
    t.line(
        (1, 4, f"{project.unit.code} {project.unit.name}", no_border),
        (5, last, "单位：万元", {"border": False, "align": RIGHT}),
    )
    t.line(
        (1, 1, "项目编码", head), (2, 3, project.code, plain), (4, 4, "项目名称", head), (5, last, project.name, plain)
    )
    budget_row = t.row + 1
    t.line(
        (1, 1, "预算规模及资金用途", {**head, "rows": 2}),
        (2, 2, "预算数", head),
        (3, 3, money_value(project.budget), {"money": True}),
        (4, 4, "其中：财政资金", head),
        (5, 5, money_value(project.fiscal_funds), {"money": True}),
        (6, 6, "其他资金", head),
        (7, last, money_or_blank_value(project.other_funds), {"money": True}),
    )
    t.line((2, last, project.purpose, plain))
    spans = _plan_spans(len(months), 2, last) if months else []
    t.line(
        (1, 1, "资金支出计划（%）", {**head, "rows": 2}),
        *((first, end, fmt.month_header(m), head) for (first, end), m in zip(spans, months, strict=True)),
    )
    t.line(
        *(
            (first, end, money_value(cell.amount), {"money": True})
            for (first, end), cell in zip(spans, table.plan, strict=True)
        )
    )
    t.line((1, 1, "绩效目标", head), (2, last, project.goal, plain))
    header_row = t.line(
        (1, 1, "一级指标", head),
        (2, 2, "二级指标", head),
        (3, 3, "三级指标", head),
        (4, last - 2, "绩效指标描述", head),
        (last - 1, last - 1, "指标值", head),
        (last, last, "指标值确定依据", head),
    )
    for row in table.rows:
        indicator = row.indicator
        parts = [
            (3, 3, indicator.name, plain),
            (4, last - 2, indicator.description, plain),
            (last - 1, last - 1, indicator.value_text, {"align": WRAP_CENTER}),
            (last, last, indicator.basis, {"align": WRAP_CENTER}),
        ]
        if row.category_rowspan:
            parts.insert(0, (1, 1, row.category, {"align": WRAP_CENTER, "rows": row.category_rowspan}))
        if row.subcategory_rowspan:
            parts.insert(1, (2, 2, row.subcategory, {"align": WRAP_CENTER, "rows": row.subcategory_rowspan}))
        t.line(*parts)
    ws.row_dimensions[budget_row].height = LINE_HEIGHT * 2 + 4

    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&P"


def export_document(document: Document) -> Workbook:
    """The whole document as a workbook, with the template's drop-downs; six queries whatever its size."""
    report = document_report(document)
    workbook = Workbook()
    write_flat_sheets(workbook, report)
    months = list(report.document.checkpoint_months)
    taken: set[str] = set()
    styles = StyleCache()
    for table in report.projects:
        ws = workbook.create_sheet(_sheet_name(table.number, table.project.name, taken))
        write_project_sheet(ws, table, months, styles)
    add_drop_downs(workbook, Catalog(report.document.framework))
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(document: Document) -> str:
    return f"{document.department.code}-{document.year}-{document.department.name}部门预算绩效文本.xlsx"
