"""The blank workbook clerks start from: the four sheets with their headers, drop-down lists and one filled
example row per sheet showing how each cell is written."""

from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.catalog import Catalog
from indicators.models import Framework
from projects.rules import DEFAULT_CHECKPOINT_MONTHS
from workbooks import format as fmt
from workbooks.dropdowns import add_drop_downs
from workbooks.exporter import (
    money_column_numbers,
    project_headers,
    project_widths,
    write_header,
    write_rows,
)

EXAMPLE_FONT = Font(color="808080", italic=True)

# The example is a department that does not exist, so a template imported unchanged cannot overwrite a real one.
EXAMPLE_DEPARTMENT = ("999", "示例部门")
EXAMPLE_UNIT = ("999001", "示例部门本级")
EXAMPLE_PROJECT_CODE = "13012322P00000000001X"


def _grey(ws, row: int) -> None:
    for cell in ws[row]:
        cell.font = EXAMPLE_FONT


def template_workbook(framework: Framework) -> Workbook:
    catalog = Catalog(framework)
    months = list(DEFAULT_CHECKPOINT_MONTHS)
    workbook = Workbook()

    ws = workbook.active
    ws.title = fmt.DOCUMENT_SHEET
    write_header(ws, list(fmt.DOCUMENT_HEADERS), [12, 40])
    write_rows(
        ws,
        [
            (fmt.DEPARTMENT_CODE, EXAMPLE_DEPARTMENT[0]),
            (fmt.DEPARTMENT_NAME, EXAMPLE_DEPARTMENT[1]),
            (fmt.YEAR, "2022"),
            (fmt.PREPARED_BY, EXAMPLE_DEPARTMENT[1]),
            (fmt.APPROVING_AUTHORITY, "正定县财政局"),
            (fmt.FRAMEWORK, framework.name),
        ],
    )
    for row in range(2, 8):
        ws.cell(row=row, column=2).font = EXAMPLE_FONT

    ws = workbook.create_sheet(fmt.GOALS_SHEET, 1)
    write_header(ws, [c.header for c in fmt.GOAL_COLUMNS], [c.width for c in fmt.GOAL_COLUMNS])
    write_rows(ws, [("总体绩效目标", 1, "提高职工代表大会制度和联席会议制度的规范化和有效性。")])
    _grey(ws, 2)

    ws = workbook.create_sheet(fmt.PROJECTS_SHEET, 2)
    write_header(ws, project_headers(months), project_widths(months))
    write_rows(
        ws,
        [
            [
                *EXAMPLE_UNIT,
                EXAMPLE_PROJECT_CODE,
                "工会礼堂维护费",
                10,
                10,
                0,
                "做好礼堂硬件设施维护",
                "1.做好礼堂硬件设施维护，每半年维护一次",
                None,
                5,
                None,
                10,
            ]
        ],
        money_columns=money_column_numbers(months),
    )
    _grey(ws, 2)

    ws = workbook.create_sheet(fmt.INDICATORS_SHEET, 3)
    write_header(ws, [c.header for c in fmt.INDICATOR_COLUMNS], [c.width for c in fmt.INDICATOR_COLUMNS])
    first = catalog.subcategories[0]
    write_rows(
        ws,
        [
            [
                EXAMPLE_PROJECT_CODE,
                first.category.name,
                first.name,
                "日常巡查维修率",
                "日常对工会礼堂的巡查、维修",
                "≥95%",
                "行业标准",
            ],
        ],
    )
    _grey(ws, 2)
    add_drop_downs(workbook, catalog)
    return workbook
