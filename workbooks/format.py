"""The workbook format shared by the exporter, the template and the importer: sheet names, headers, value lists.

Four flat sheets carry the data (header in row 1, columns in any order); the per-project sheets are for
printing only and are never read back.
"""

import re
from dataclasses import dataclass

from indicators.models import BASIS_NAMES
from projects.models import DepartmentGoal

DOCUMENT_SHEET = "文档"
GOALS_SHEET = "部门目标"
PROJECTS_SHEET = "项目"
INDICATORS_SHEET = "指标"
FLAT_SHEETS = (DOCUMENT_SHEET, GOALS_SHEET, PROJECTS_SHEET, INDICATORS_SHEET)
# Hidden sheet holding the value lists that the template's drop-downs point at.
LISTS_SHEET = "选项"


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = True
    width: int = 14


# 文档 is a two-column sheet of 字段 / 值 pairs rather than a table.
DOCUMENT_HEADERS = ("字段", "值")
DEPARTMENT_CODE = "部门编码"
DEPARTMENT_NAME = "部门名称"
YEAR = "年度"
PREPARED_BY = "编制单位"
APPROVING_AUTHORITY = "审核单位"
FRAMEWORK = "指标体系"
DOCUMENT_FIELDS = (
    Column(DEPARTMENT_CODE),
    Column(DEPARTMENT_NAME),
    Column(YEAR),
    Column(PREPARED_BY),
    Column(APPROVING_AUTHORITY),
    Column(FRAMEWORK, required=False),
)

# 序号 is for the reader; goals keep the order of their rows within each 类别.
GOAL_COLUMNS = (
    Column("类别", width=16),
    Column("序号", required=False, width=6),
    Column("内容", width=100),
)

UNIT_CODE, UNIT_NAME, PROJECT_CODE, PROJECT_NAME = "单位编码", "单位名称", "项目编码", "项目名称"
BUDGET, FISCAL_FUNDS, OTHER_FUNDS, PURPOSE, GOAL = "预算数", "财政资金", "其他资金", "资金用途", "绩效目标"
PROJECT_COLUMNS = (
    Column(UNIT_CODE, width=10),
    Column(UNIT_NAME, width=20),
    Column(PROJECT_CODE, width=25),
    Column(PROJECT_NAME, width=36),
    Column(BUDGET, width=11),
    Column(FISCAL_FUNDS, required=False, width=11),
    Column(OTHER_FUNDS, required=False, width=11),
    Column(PURPOSE, required=False, width=36),
    Column(GOAL, required=False, width=48),
)
MONEY_HEADERS = (BUDGET, FISCAL_FUNDS, OTHER_FUNDS)
PLAN_COLUMN_WIDTH = 10

CATEGORY, SUBCATEGORY, INDICATOR_NAME, DESCRIPTION, VALUE, BASIS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)
INDICATOR_COLUMNS = (
    Column(PROJECT_CODE, width=25),
    Column(CATEGORY, width=12),
    Column(SUBCATEGORY, width=18),
    Column(INDICATOR_NAME, width=24),
    Column(DESCRIPTION, required=False, width=40),
    Column(VALUE, width=14),
    Column(BASIS, width=14),
)

# The workbook is a file format: its words stay Chinese whatever language the web page is shown in.
GOAL_KINDS = {
    "总体绩效目标": DepartmentGoal.Kind.OVERALL.value,
    "分项绩效目标": DepartmentGoal.Kind.ITEMIZED.value,
    "工作保障措施": DepartmentGoal.Kind.SAFEGUARD.value,
}
GOAL_KIND_LABELS = {value: label for label, value in GOAL_KINDS.items()}
# Offered in the 指标值确定依据 drop-down; any other wording is kept as written.
BASIS_SUGGESTIONS = tuple(BASIS_NAMES)

_MONTH_HEADER = re.compile(r"^\s*(\d{1,2})\s*月底\s*$")


def month_header(month: int) -> str:
    return f"{month}月底"


def month_from_header(header: str) -> int | None:
    """ "3月底" -> 3; anything else -> None."""
    match = _MONTH_HEADER.match(header.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return int(match[1]) if match else None


# Text starting with one of these is taken for a formula by office suites, so the exporter marks it as text.
FORMULA_START = ("=", "+", "-", "@")
