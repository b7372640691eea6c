"""The blank workbook clerks start from: the four sheets with their headers, drop-down lists and one filled
example row per sheet showing how each cell is written."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.catalog import Catalog
from indicators.models import Framework
from projects.rules import DEFAULT_CHECKPOINT_MONTHS
from workbooks import format as fmt
from workbooks.exporter import (
    money_column_numbers,
    project_headers,
    project_widths,
    put,
    write_header,
    write_rows,
)

# How far down the drop-downs reach; well past any real document.
VALIDATION_ROWS = 5000
EXAMPLE_FONT = Font(color="808080", italic=True)

# The example is a department that does not exist, so a template imported unchanged cannot overwrite a real one.
EXAMPLE_DEPARTMENT = ("999", "示例部门")
EXAMPLE_UNIT = ("999001", "示例部门本级")
EXAMPLE_PROJECT_CODE = "13012322P00000000001X"


def _list_column(ws, column: int, header: str, values: list[str]) -> str:
    """Write a value list into the hidden sheet; return the range a drop-down refers to."""
    put(ws, 1, column, header)
    for row, value in enumerate(values, 2):
        put(ws, row, column, value)
    letter = get_column_letter(column)
    return f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(values) + 1}"


def _drop_down(ws, column: int, source: str, prompt: str) -> None:
    validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=True)
    validation.error, validation.errorTitle = prompt, "请从列表中选择"
    validation.prompt, validation.showInputMessage = prompt, True
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(validation)


def _grey(ws, row: int) -> None:
    for cell in ws[row]:
        cell.font = EXAMPLE_FONT


def template_workbook(framework: Framework) -> Workbook:
    catalog = Catalog(framework)
    months = list(DEFAULT_CHECKPOINT_MONTHS)
    workbook = Workbook()

    lists = workbook.create_sheet(fmt.LISTS_SHEET)
    lists.sheet_state = "hidden"
    kinds = _list_column(lists, 1, "类别", list(fmt.GOAL_KINDS))
    categories = _list_column(lists, 2, fmt.CATEGORY, catalog.category_names)
    subcategories = _list_column(lists, 3, fmt.SUBCATEGORY, list(dict.fromkeys(s.name for s in catalog.subcategories)))
    bases = _list_column(lists, 4, fmt.BASIS, list(fmt.BASIS_SUGGESTIONS))

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
            (fmt.REVIEWED_BY, "正定县财政局"),
            (fmt.FRAMEWORK, framework.name),
        ],
    )
    for row in range(2, 8):
        ws.cell(row=row, column=2).font = EXAMPLE_FONT

    ws = workbook.create_sheet(fmt.GOALS_SHEET, 1)
    write_header(ws, [c.header for c in fmt.GOAL_COLUMNS], [c.width for c in fmt.GOAL_COLUMNS])
    write_rows(ws, [("总体绩效目标", 1, "提高职工代表大会制度和联席会议制度的规范化和有效性。")])
    _grey(ws, 2)
    _drop_down(ws, 1, kinds, "总体绩效目标、分项绩效目标或工作保障措施")

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
    headers = [c.header for c in fmt.INDICATOR_COLUMNS]
    _drop_down(ws, headers.index(fmt.CATEGORY) + 1, categories, "从列表中选择一级指标")
    _drop_down(ws, headers.index(fmt.SUBCATEGORY) + 1, subcategories, "二级指标须属于左边的一级指标")
    _drop_down(ws, headers.index(fmt.BASIS) + 1, bases, "计划标准、行业标准、历史标准、其他，或写“其他：说明”")
    # The list only suggests: a department may add its explanation (其他：专家论证) or name its own standard.
    ws.data_validations.dataValidation[-1].showErrorMessage = False
    workbook.move_sheet(lists, offset=len(workbook.sheetnames))
    return workbook
