"""A monitoring round as a workbook: the three flat sheets import_monitoring reads back, pre-filled with the
document's projects and indicators, and one printable 执行监控表 per project when the round exists.

Cells are written by workbooks.exporter (formula-looking text stays text, amounts to the cent), so the monitoring
workbook behaves like the target workbook in every office suite."""

from django.db.models import Prefetch
from openpyxl import Workbook

from indicators.models import Indicator
from monitoring import workbook_format as fmt
from monitoring.lights import cumulative_by_default
from monitoring.models import MonitoringRound
from monitoring.selectors import ProjectLights, round_report
from projects.models import Document, Project
from workbooks.exporter import (
    BOLD,
    BORDER,
    HEADER_FILL,
    MONEY_FORMAT,
    TITLE,
    WRAP,
    WRAP_CENTER,
    money_value,
    put,
    write_header,
    write_rows,
)


def _flag(value: bool) -> str:
    return fmt.YES if value else fmt.NO


def _blank_rows(document: Document):
    """Rows for a round not opened yet: the projects and indicators, nothing reported."""
    projects = (
        Project.objects.filter(document=document)
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("subcategory__category").order_by("position", "id"),
            )
        )
        .order_by("position", "id")
    )
    project_rows, indicator_rows = [], []
    for project in projects:
        project_rows.append([project.code, project.name, money_value(project.budget), None, None, None, ""])
        for position, indicator in enumerate(project.indicators.all(), 1):
            indicator_rows.append(
                [
                    project.code,
                    position,
                    indicator.subcategory.category.name,
                    indicator.subcategory.name,
                    indicator.name,
                    indicator.value_text,
                    "",
                    _flag(cumulative_by_default(indicator.unit)),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return project_rows, indicator_rows


def _round_rows(sheets: list[ProjectLights]):
    project_rows, indicator_rows = [], []
    for sheet in sheets:
        report = sheet.report
        project_rows.append(
            [
                sheet.project.code,
                sheet.project.name,
                money_value(sheet.project.budget),
                money_value(report.fiscal_spent),
                money_value(report.other_spent),
                money_value(report.annual_budget),
                report.note,
            ]
        )
        for line in sheet.lines:
            item = line.report
            indicator_rows.append(
                [
                    sheet.project.code,
                    line.position,
                    line.row.category,
                    line.row.subcategory,
                    line.indicator.name,
                    line.indicator.value_text,
                    item.actual_text,
                    _flag(item.cumulative),
                    "、".join(item.causes),
                    item.cause_note,
                    item.likelihood,
                    item.remark,
                ]
            )
    return project_rows, indicator_rows


PROJECT_HEADERS = [fmt.PROJECT_CODE, fmt.PROJECT_NAME, fmt.BUDGET, fmt.FISCAL_SPENT, fmt.OTHER_SPENT]
PROJECT_HEADERS += [fmt.ANNUAL_BUDGET, fmt.NOTE]
PROJECT_WIDTHS = [25, 36, 10, 14, 14, 12, 48]
INDICATOR_HEADERS = [fmt.PROJECT_CODE, fmt.POSITION, fmt.CATEGORY, fmt.SUBCATEGORY, fmt.INDICATOR_NAME, fmt.TARGET]
INDICATOR_HEADERS += [fmt.ACTUAL, fmt.CUMULATIVE, fmt.CAUSES, fmt.CAUSE_NOTE, fmt.LIKELIHOOD, fmt.REMARK]
INDICATOR_WIDTHS = [25, 6, 12, 16, 24, 14, 12, 10, 16, 30, 12, 24]


def export_monitoring(document: Document, month: int) -> Workbook:
    """The round of `document` at `month` as a workbook; a round not opened yet gives the blank form."""
    round = MonitoringRound.objects.filter(document=document, month=month).first()
    sheets = round_report(round).projects if round else []
    project_rows, indicator_rows = _round_rows(sheets) if round else _blank_rows(document)

    workbook = Workbook()
    ws = workbook.active
    ws.title = fmt.DOCUMENT_SHEET
    write_header(ws, list(fmt.DOCUMENT_HEADERS), [12, 20])
    write_rows(ws, [(fmt.DEPARTMENT_CODE, document.department.code), (fmt.YEAR, document.year), (fmt.MONTH, month)])

    ws = workbook.create_sheet(fmt.PROJECTS_SHEET)
    write_header(ws, PROJECT_HEADERS, PROJECT_WIDTHS)
    write_rows(ws, project_rows, money_columns=(3, 4, 5, 6))

    ws = workbook.create_sheet(fmt.INDICATORS_SHEET)
    write_header(ws, INDICATOR_HEADERS, INDICATOR_WIDTHS)
    write_rows(ws, indicator_rows)

    for sheet in sheets:
        write_print_sheet(workbook.create_sheet(f"{sheet.number}.执行监控表"), sheet, month)
    return workbook


PRINT_HEADERS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "预警",
    "偏差原因",
    "完成目标可能性",
    "备注",
]
PRINT_WIDTHS = [10, 12, 20, 10, 10, 6, 22, 10, 20]


def _light_text(verdict) -> str:
    """ "红 51.43%", or the light alone where no ratio applies (nothing budgeted or planned)."""
    return verdict.light.value + (f" {verdict.percent}%" if verdict.percent is not None else "")


def write_print_sheet(ws, sheet: ProjectLights, month: int) -> None:
    """The 项目支出绩效目标执行监控表 of one project, as the PDF prints it."""
    report, project = sheet.report, sheet.project
    last = len(PRINT_HEADERS)
    for index, width in enumerate(PRINT_WIDTHS, 1):
        ws.column_dimensions[chr(64 + index)].width = width

    def line(row, values, *, bold_first=False):
        for column, value in enumerate(values, 1):
            cell = put(ws, row, column, value)
            cell.border, cell.alignment = BORDER, WRAP
            if bold_first and column % 2 == 1:
                cell.font, cell.fill = BOLD, HEADER_FILL

    title = put(ws, 1, 1, f"{project.name}绩效目标执行监控表（1-{month}月）")
    title.font, title.alignment = TITLE, WRAP_CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    put(ws, 2, 1, f"{project.unit.code} {project.unit.name}")
    put(ws, 2, last, "单位：万元")
    line(3, ["项目编码", project.code, "项目名称", project.name], bold_first=True)
    line(
        4,
        ["全年预算数", money_value(report.annual_budget), "财政资金执行数", money_value(report.fiscal_spent)],
        bold_first=True,
    )
    line(5, ["其他资金执行数", money_value(report.other_spent), "执行数", money_value(report.spent)], bold_first=True)
    line(
        6,
        [
            "预算执行",
            _light_text(sheet.budget),
            "计划执行",
            _light_text(sheet.plan),
        ],
        bold_first=True,
    )
    line(7, ["执行情况说明", report.note, "整改要求", report.correction_request], bold_first=True)
    for row in (4, 5):
        for column in (2, 4):
            ws.cell(row=row, column=column).number_format = MONEY_FORMAT
    for column, header in enumerate(PRINT_HEADERS, 1):
        cell = put(ws, 9, column, header)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BORDER, WRAP_CENTER
    for offset, item in enumerate(sheet.lines, 10):
        line(
            offset,
            [
                item.row.category,
                item.row.subcategory,
                item.indicator.name,
                item.indicator.value_text,
                item.report.actual_text,
                item.verdict.light.value,
                "、".join(item.report.causes) + (f"：{item.report.cause_note}" if item.report.cause_note else ""),
                item.report.likelihood,
                item.report.remark,
            ],
        )
    ws.print_title_rows = "9:9"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.oddFooter.center.text = "&P"


def export_filename(document: Document, month: int) -> str:
    return f"{document.department.code}-{document.year}-{month}月-{document.department.name}运行监控.xlsx"
