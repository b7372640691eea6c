"""The self-evaluation as a workbook: three flat sheets the importer reads back (文档, 自评项目, 自评指标; the
computed columns are for reading and ignored on import), a printable 自评汇总 and one printable 自评表 per project.
Amounts and points are numbers shown with two places, as on the printed 自评表."""

from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from projects.models import Document
from selfeval.scoring import full_marks
from selfeval.selectors import EvaluationReport, ProjectRow
from workbooks.exporter import BOLD, BORDER, MONEY_FORMAT, TITLE, WRAP, WRAP_CENTER, put, write_header, write_rows

DOCUMENT_SHEET = "文档"
PROJECTS_SHEET = "自评项目"
INDICATORS_SHEET = "自评指标"
SUMMARY_SHEET = "自评汇总"
FLAT_SHEETS = (DOCUMENT_SHEET, PROJECTS_SHEET, INDICATORS_SHEET)

DEPARTMENT_CODE, YEAR = "部门编码", "年度"
PROJECT_CODE, ADJUSTED_BUDGET, SPENT, ACHIEVEMENT = "项目编码", "全年预算数", "全年执行数", "实际完成情况"
NUMBER, INDICATOR_NAME, ACTUAL, POINTS, RESULT, SCORE, REASON = (
    "序号",
    "三级指标",
    "实际完成值",
    "分值",
    "达成情况",
    "得分",
    "偏差原因分析及改进措施",
)
# Exported for the reader; the importer ignores them.
READ_ONLY = (
    "项目名称",
    "年初预算数",
    "执行率",
    "预算执行率得分",
    "总分",
    "等级",
    "一级指标",
    "二级指标",
    "年度指标值",
    "计算分值",
    "计算得分",
)
PROJECT_COLUMNS = [
    (PROJECT_CODE, 25),
    ("项目名称", 30),
    ("年初预算数", 11),
    (ADJUSTED_BUDGET, 11),
    (SPENT, 11),
    (ACHIEVEMENT, 60),
    ("执行率", 9),
    ("预算执行率得分", 9),
    ("总分", 9),
    ("等级", 6),
]
INDICATOR_COLUMNS = [
    (PROJECT_CODE, 25),
    (NUMBER, 6),
    ("一级指标", 10),
    ("二级指标", 12),
    (INDICATOR_NAME, 24),
    ("年度指标值", 12),
    (ACTUAL, 12),
    (POINTS, 8),
    (RESULT, 10),
    (SCORE, 8),
    (REASON, 40),
    ("计算分值", 9),
    ("计算得分", 9),
]


FUNDS_HEADERS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def _rate(rate) -> str:
    return f"{rate * 100:.2f}%" if rate is not None else ""


def _write_flat(workbook: Workbook, report: EvaluationReport) -> None:
    ws = workbook.active
    ws.title = DOCUMENT_SHEET
    write_header(ws, ["字段", "值"], [12, 30])
    write_rows(ws, [(DEPARTMENT_CODE, report.document.department.code), (YEAR, str(report.document.year))])

    ws = workbook.create_sheet(PROJECTS_SHEET)
    write_header(ws, [h for h, _w in PROJECT_COLUMNS], [w for _h, w in PROJECT_COLUMNS])
    write_rows(
        ws,
        (
            [
                row.project.code,
                row.project.name,
                row.project.budget,
                row.adjusted_budget,
                row.score.spent,
                row.achievement,
                _rate(row.score.rate),
                row.score.rate_score,
                row.score.total,
                row.score.grade,
            ]
            for row in report.projects
        ),
        money_columns=(3, 4, 5, 8, 9),
    )

    ws = workbook.create_sheet(INDICATORS_SHEET)
    write_header(ws, [h for h, _w in INDICATOR_COLUMNS], [w for _h, w in INDICATOR_COLUMNS])
    write_rows(
        ws,
        (
            [
                row.project.code,
                item.number,
                item.indicator.subcategory.category.name,
                item.indicator.subcategory.name,
                item.indicator.name,
                item.indicator.value_text,
                item.actual_text,
                item.custom_points,
                item.result_label,
                item.entry.score if item.entry else None,
                item.reason,
                item.score.points,
                item.score.score,
            ]
            for row in report.projects
            for item in row.indicators
        ),
        money_columns=(8, 10, 12, 13),
    )


def _cell(ws: Worksheet, row: int, first: int, last: int, value, *, bold=False, money=False, left=False):
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = put(ws, row, first, value, number_format=MONEY_FORMAT if money else None)
    cell.alignment = WRAP if left else WRAP_CENTER
    if bold:
        cell.font = BOLD
    for column in range(first, last + 1):
        ws.cell(row=row, column=column).border = BORDER
    return cell


def _write_summary(workbook: Workbook, report: EvaluationReport) -> None:
    ws = workbook.create_sheet(SUMMARY_SHEET)
    for column, width in zip("ABCDEFGHI", [6, 24, 30, 11, 11, 9, 10, 9, 6], strict=True):
        ws.column_dimensions[column].width = width
    title = put(ws, 1, 1, f"{report.document.department.name}{report.document.year}年度项目支出绩效自评汇总表")
    title.font = TITLE
    ws.merge_cells("A1:I1")
    headers = ["序号", "项目编码", "项目名称", "全年预算数", "全年执行数", "执行率", "执行率得分", "总分", "等级"]
    for column, header in enumerate(headers, 1):
        _cell(ws, 2, column, column, header, bold=True)
    line = 2
    for row in report.projects:
        line += 1
        values = [row.number, row.project.code, row.project.name, row.score.budget, row.score.spent]
        values += [_rate(row.score.rate), row.score.rate_score, row.score.total, row.score.grade]
        for column, value in enumerate(values, 1):
            _cell(ws, line, column, column, value, money=column in (4, 5, 7, 8), left=column == 3)
    line += 1
    _cell(ws, line, 1, 7, "部门得分（按全年预算数加权）", bold=True)
    _cell(ws, line, 8, 8, report.department.score, bold=True, money=True)
    _cell(ws, line, 9, 9, report.department.grade, bold=True)


def _write_sheet(ws: Worksheet, report: EvaluationReport, row: ProjectRow) -> None:
    """The 项目支出绩效自评表 of one project, in the printed layout's eight columns."""
    for column, width in zip("ABCDEFGH", [10, 11, 20, 12, 12, 8, 8, 30], strict=True):
        ws.column_dimensions[column].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    title = put(ws, 1, 1, f"项目支出绩效自评表（{report.document.year}年度）")
    title.font = TITLE
    ws.merge_cells("A1:H1")
    score = row.score
    lines = [
        [(1, 2, "项目名称", True), (3, 8, row.project.name, False)],
        [(1, 2, "项目编码", True), (3, 8, row.project.code, False)],
        [(1, 2, "主管部门", True), (3, 4, report.document.department.name, False), (5, 6, "实施单位", True)]
        + [(7, 8, row.project.unit.name, False)],
        [(1, 2, "项目资金（万元）", True)]
        + [
            (c, c, h, True)
            for c, h in zip(
                range(3, 9), ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], strict=True
            )
        ],
        [(1, 2, "年度资金总额", True)]
        + [
            (c, c, v, False)
            for c, v in zip(
                range(3, 9),
                [row.project.budget, score.budget, score.spent, score.rate_points, _rate(score.rate), score.rate_score],
                strict=True,
            )
        ],
        [(1, 2, "年度总体目标", True), (3, 5, "预期目标", True), (6, 8, "实际完成情况", True)],
        [(1, 2, "", False), (3, 5, row.project.goal, False), (6, 8, row.achievement, False)],
        [
            (c, c, h, True)
            for c, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", ACTUAL, POINTS, SCORE, REASON], 1)
        ],
    ]
    for item in row.indicators:
        actual = "\n".join(v for v in [item.result_label, item.actual_text] if v)
        values = [item.indicator.subcategory.category.name, item.indicator.subcategory.name, item.indicator.name]
        values += [item.indicator.value_text, actual, item.score.points, item.score.score, item.reason]
        lines.append([(c, c, v, False) for c, v in enumerate(values, 1)])
    lines.append(
        [
            (1, 5, "总分", True),
            (6, 6, full_marks(), True),
            (7, 7, score.total, True),
            (8, 8, f"等级：{score.grade}", True),
        ]
    )
    for number, parts in enumerate(lines, 2):
        for first, last, value, bold in parts:
            money = not isinstance(value, str) and value is not None and not isinstance(value, int)
            _cell(ws, number, first, last, value, bold=bold, money=money, left=first in (3, 6, 8) and not bold)


def export_evaluation(report: EvaluationReport) -> Workbook:
    """The official tables are Chinese whatever the reader's interface language, and the importer reads them so."""
    workbook = Workbook()
    with translation.override("zh-hans"):
        _write_flat(workbook, report)
        _write_summary(workbook, report)
        for row in report.projects:
            _write_sheet(workbook.create_sheet(f"自评表{row.number}"), report, row)
    return workbook


def export_filename(document: Document) -> str:
    return f"{document.department.name}{document.year}年度绩效自评.xlsx"
