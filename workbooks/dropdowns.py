"""The drop-down lists of the data sheets, shared by the blank template and the export.

The value lists live on a hidden sheet. Each 一级 has its own column of 二级 names with a defined name
(level2_1, level2_2 …, in the framework's order), and the 二级 cell's list is
INDIRECT("level2_" & MATCH(<its 一级 cell>, level1, 0)), so it offers only the 二级 of the 一级 chosen on the same
row. Excel and LibreOffice both evaluate that formula in a validation list.
"""

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.catalog import Catalog
from workbooks import format as fmt

# How far down the drop-downs reach; well past any real document.
VALIDATION_ROWS = 5000
CATEGORIES_NAME = "level1"
SUBCATEGORIES_PREFIX = "level2_"


def _write_list(ws, column: int, header: str, values: list[str]) -> str:
    """Write a value list into the hidden sheet; return the absolute range that refers to it."""
    ws.cell(row=1, column=column, value=header)
    for row, value in enumerate(values, 2):
        ws.cell(row=row, column=column, value=value)
    letter = get_column_letter(column)
    return f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${max(len(values), 1) + 1}"


def _define(workbook: Workbook, name: str, reference: str) -> None:
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)


def _drop_down(ws, column: int, formula: str, prompt: str, *, strict: bool = True) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict)
    validation.error, validation.errorTitle = prompt, "请从列表中选择"
    validation.prompt, validation.showInputMessage = prompt, True
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
    ws.add_data_validation(validation)


def add_drop_downs(workbook: Workbook, catalog: Catalog) -> None:
    """Add the hidden list sheet (last) and the drop-downs of 部门目标 and 指标 to a workbook with those sheets."""
    lists = workbook.create_sheet(fmt.LISTS_SHEET)
    lists.sheet_state = "hidden"
    kinds = _write_list(lists, 1, "类别", list(fmt.GOAL_KINDS))
    categories = _write_list(lists, 2, fmt.CATEGORY, catalog.category_names)
    _write_list(lists, 3, fmt.SUBCATEGORY, list(dict.fromkeys(s.name for s in catalog.subcategories)))
    bases = _write_list(lists, 4, fmt.BASIS, list(fmt.BASIS_SUGGESTIONS))
    _define(workbook, CATEGORIES_NAME, categories)
    for number, category in enumerate(catalog.category_names, 1):
        names = [s.name for s in catalog.subcategories if s.category.name == category]
        _define(workbook, f"{SUBCATEGORIES_PREFIX}{number}", _write_list(lists, 4 + number, category, names))

    _drop_down(workbook[fmt.GOALS_SHEET], 1, f"={kinds}", "总体绩效目标、分项绩效目标或工作保障措施")
    ws = workbook[fmt.INDICATORS_SHEET]
    headers = [c.header for c in fmt.INDICATOR_COLUMNS]
    category_column = headers.index(fmt.CATEGORY) + 1
    _drop_down(ws, category_column, f"={categories}", "从列表中选择一级指标")
    first_category_cell = f"${get_column_letter(category_column)}2"
    _drop_down(
        ws,
        headers.index(fmt.SUBCATEGORY) + 1,
        f'=INDIRECT("{SUBCATEGORIES_PREFIX}"&MATCH({first_category_cell},{CATEGORIES_NAME},0))',
        "先选左边的一级指标，再从它的二级指标中选择",
    )
    # The list only suggests: a department may add its explanation (其他：专家论证) or name its own standard.
    _drop_down(
        ws,
        headers.index(fmt.BASIS) + 1,
        f"={bases}",
        "计划标准、行业标准、历史标准、其他，或写“其他：说明”",
        strict=False,
    )
