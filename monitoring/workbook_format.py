"""The monitoring workbook: sheet names and headers shared by its export and its import.

Three flat sheets carry the data (header in row 1, columns in any order, extra columns ignored); the context
columns (names, budgets, 指标值) are written for the reader and not read back; the 执行监控表 sheets are for printing.
"""

from workbooks.format import Column

DOCUMENT_SHEET = "文档"
PROJECTS_SHEET = "监控项目"
INDICATORS_SHEET = "监控指标"
FLAT_SHEETS = (DOCUMENT_SHEET, PROJECTS_SHEET, INDICATORS_SHEET)

DOCUMENT_HEADERS = ("字段", "值")
DEPARTMENT_CODE, YEAR, MONTH = "部门编码", "年度", "截止月份"
DOCUMENT_FIELDS = (DEPARTMENT_CODE, YEAR, MONTH)

PROJECT_CODE, PROJECT_NAME, BUDGET = "项目编码", "项目名称", "预算数"
FISCAL_SPENT, OTHER_SPENT, ANNUAL_BUDGET, NOTE = "财政资金执行数", "其他资金执行数", "全年预算数", "执行情况说明"
PROJECT_COLUMNS = (
    Column(PROJECT_CODE, width=25),
    Column(FISCAL_SPENT, width=14),
    Column(OTHER_SPENT, width=14),
    Column(ANNUAL_BUDGET, required=False, width=12),
    Column(NOTE, required=False, width=48),
)
PROJECT_CONTEXT = (Column(PROJECT_NAME, width=36), Column(BUDGET, width=10))

POSITION, INDICATOR_NAME, ACTUAL, CAUSES, CAUSE_NOTE, LIKELIHOOD, REMARK, CUMULATIVE = (
    "序号",
    "三级指标",
    "实际完成值",
    "偏差原因",
    "偏差原因说明",
    "完成目标可能性",
    "备注",
    "按进度累计",
)
CATEGORY, SUBCATEGORY, TARGET = "一级指标", "二级指标", "指标值"
INDICATOR_COLUMNS = (
    Column(PROJECT_CODE, width=25),
    Column(POSITION, width=6),
    Column(INDICATOR_NAME, width=24),
    Column(ACTUAL, width=12),
    Column(CAUSES, required=False, width=16),
    Column(CAUSE_NOTE, required=False, width=30),
    Column(LIKELIHOOD, required=False, width=12),
    Column(REMARK, required=False, width=24),
    Column(CUMULATIVE, required=False, width=10),
)
INDICATOR_CONTEXT = (Column(CATEGORY, width=12), Column(SUBCATEGORY, width=16), Column(TARGET, width=14))
YES, NO = "是", "否"
