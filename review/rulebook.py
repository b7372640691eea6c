"""绩效目标审核: the rulebook a finance-bureau reviewer applies to a document's targets, run before submission.

Every review rule lives here, with its id, severity, aspect, source and the reason for its severity; the
rulebook in docs/review-rules.md is generated from this module. Rules that already exist elsewhere (funds,
plan, checkpoints, codes, categories) are called, not re-implemented: projects.rules and
indicators.catalog.Catalog keep their single home and their Chinese messages, and targets are read as
indicators.values.parse_target stored them on each Indicator (comparator, number, unit).

Findings of severity 错误 block submission; 提示 only warns. The seed document is an approved-quality draft,
so a rule that fires on most of its rows is a 提示 unless the fault would make the bureau return the document.
"""

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalog import Catalog
from indicators.models import Indicator, basis_kind, basis_needs_explanation
from indicators.values import looks_quantitative, parse_target
from library.required import RequiredIndicators
from projects import rules
from projects.models import DepartmentGoal, Document, Project
from projects.selectors import report_projects_queryset
from workflow.years import mentions_year


class Severity(models.TextChoices):
    ERROR = "错误", gettext_lazy("错误")
    WARNING = "提示", gettext_lazy("提示")


@dataclass(frozen=True)
class Finding:
    """One problem found: which rule, how serious, where (project and field, or the document), and why."""

    rule: str
    severity: Severity
    project: Project | None
    field: str
    message: str
    indicator: Indicator | None = None

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True)
class _Hit:
    field: str
    message: str
    indicator: Indicator | None = None
    # For rules whose severity the bureau sets per case; None is the rule's own.
    severity: Severity | None = None


@dataclass(frozen=True)
class ReviewContext:
    """What a check may consult besides the project: its document and the document's framework."""

    document: Document
    catalog: Catalog
    required: RequiredIndicators = dataclasses.field(default_factory=RequiredIndicators)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    aspect: str  # 完整性 / 一致性 / 可行性 / 相关性 / 适当性 / 文本规范
    summary: str
    source: str
    why: str  # why this severity, for the rulebook
    check: Callable
    scope: str  # "project" or "document"


RULES: list[Rule] = []


def _rule(rule_id: str, severity: Severity, aspect: str, *, source: str, why: str, scope: str = "project"):
    """Register a check; its docstring is the rule's summary in the rulebook."""

    def register(check):
        RULES.append(Rule(rule_id, severity, aspect, check.__doc__.strip(), source, why, check, scope))
        return check

    return register


# Sources, cited by the rules below.
GUIDE_2015 = "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）绩效目标审核：完整性、相关性、适当性、可行性"
GUIDE_2021 = "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）"
TABLE = "项目绩效目标表填报规则"
COMMON_FAULTS = "财政局审核中常见问题"

OUTPUT_CATEGORY = "产出指标"
BENEFIT_CATEGORY = "效益指标"
SATISFACTION_CATEGORY = "满意度指标"
REQUIRED_OUTPUT_SUBCATEGORIES = ("数量指标", "质量指标", "时效指标")
# The latest checkpoint no later than this month should show some spending.
LATE_SPENDING_MONTH = 10
SATISFACTION_FLOOR = Decimal("60")
PERCENT_UNITS = ("%", "％", "百分比", "百分之")
# A rate above 100% is impossible, except for growth rates and the like.
UNBOUNDED_RATE_WORDS = ("增长", "增幅", "提高", "提升", "上升", "增加", "超")
# Characters that Chinese doubles on purpose (常常, 人人) or that meet at a word boundary (补助金金额).
NORMAL_DOUBLES = set("金常人天年月日家户个层步处时事样件项次渐刚仅谢看试想说好多明清白大小高轻慢快每各星点条")
_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
# AABB reduplication (的的确确, 认认真真) is correct Chinese, not a doubled character.
_AABB = re.compile(r"([\u4e00-\u9fff])\1([\u4e00-\u9fff])\2")
_HAS_CONTENT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_COST_AS_USAGE_RATE = re.compile(
    r"(资金|经费|金).*(使用|执行|支出|拨付|发放)(率|情况|比例)|^(使用|执行|支出|拨付|发放)率$"
)


def _has_content(text: str) -> bool:
    return bool(_HAS_CONTENT.search(text or ""))


def _where(project: Project) -> str:
    return _("项目“%(name)s”") % {"name": project.name}


def _row(project: Project, indicator: Indicator, number: int) -> str:
    return _("项目“%(project)s”第%(row)s行三级指标“%(name)s”") % {
        "project": project.name,
        "row": number,
        "name": indicator.name,
    }


def _rows(project: Project) -> Iterable[tuple[int, Indicator]]:
    return enumerate(project.indicators.all(), 1)


def _category(indicator: Indicator) -> str:
    return indicator.subcategory.category.name


def _is_satisfaction(indicator: Indicator) -> bool:
    return _category(indicator) == SATISFACTION_CATEGORY or "满意" in indicator.name


def _is_percentage(indicator: Indicator) -> bool:
    """The unit says %, or no unit is written and the name says it is a rate (seed style: "≥90" for 90%)."""
    if indicator.unit:
        return indicator.unit in PERCENT_UNITS
    return indicator.name.endswith(("率", "满意度"))


def _amounts(project: Project) -> dict[int, Decimal]:
    return {entry.month: entry.amount for entry in project.plan_entries.all()}


# 完整性 ----------------------------------------------------------------------------------------------------


@_rule(
    "complete-overall-goal",
    Severity.ERROR,
    "完整性",
    scope="document",
    source=f"{GUIDE_2015}；部门预算绩效文本第一部分",
    why="第一部分没有总体绩效目标，文本就缺了一整部分，财政局必然退回。",
)
def check_overall_goal(document: Document, projects: list[Project], context: ReviewContext):
    """第一部分“部门整体绩效目标”至少有一条总体绩效目标。"""
    if not any(goal.kind == DepartmentGoal.Kind.OVERALL for goal in document.goals.all()):
        yield _Hit("goals", _("第一部分“部门整体绩效目标”没有填写总体绩效目标。"))


@_rule(
    "complete-checkpoints",
    Severity.ERROR,
    "完整性",
    scope="document",
    source=f"{TABLE}：资金支出计划按月底时间节点累计填写，最后一个节点为12月底",
    why="时间节点不成立时，各项目的资金支出计划都无法核对。",
)
def check_checkpoints(document: Document, projects: list[Project], context: ReviewContext):
    """文档的资金支出计划时间节点有效（月份递增、最后为12月底）。"""
    for message in rules.check_checkpoint_months(document.checkpoint_months):
        yield _Hit("checkpoint_months", message)


@_rule(
    "complete-categories",
    Severity.ERROR,
    "完整性",
    source=f"{GUIDE_2015}；{GUIDE_2021}：指标体系的各一级指标均应设置",
    why="缺少整个一级指标（如没有效益指标）时，目标无法评价，属于必须补齐的内容。",
)
def check_categories(project: Project, context: ReviewContext):
    """项目在文档所用指标体系要求的每个一级指标下都至少有一个三级指标。"""
    present = {_category(indicator) for indicator in project.indicators.all()}
    for name in context.catalog.category_names:
        if name not in present:
            yield _Hit(
                "indicators",
                _("%(project)s缺少一级指标“%(category)s”下的绩效指标。")
                % {"project": _where(project), "category": name},
            )


@_rule(
    "complete-output-subcategories",
    Severity.ERROR,
    "完整性",
    source=f"{GUIDE_2021}：产出指标一般包括数量、质量、时效指标",
    why="数量、质量、时效是产出的基本维度，缺一项即无法判断“做了多少、做得如何、是否按时”；样稿各项目均已具备。",
)
def check_output_subcategories(project: Project, context: ReviewContext):
    """产出指标包含数量指标、质量指标和时效指标。"""
    present = {
        indicator.subcategory.name for indicator in project.indicators.all() if _category(indicator) == OUTPUT_CATEGORY
    }
    for name in REQUIRED_OUTPUT_SUBCATEGORIES:
        if name not in present:
            yield _Hit(
                "indicators",
                _("%(project)s的产出指标缺少“%(sub)s”。") % {"project": _where(project), "sub": name},
            )


@_rule(
    "complete-required-indicators",
    Severity.ERROR,
    "完整性",
    source="财政局为各项目类型设定的固化指标（指标库）",
    why="固化指标是财政局要求该类项目必须设置的指标；缺少时按财政局为每个固化指标设定的“错误”或“提示”报告，"
    "表中所列为未设定时的严重程度。",
)
def check_required_indicators(project: Project, context: ReviewContext):
    """项目类型有固化指标时，项目设置了其中的每一个（从指标库选用，或在同一二级指标下同名）。"""
    for item in context.required.missing(project, list(project.indicators.all())):
        yield _Hit(
            "indicators",
            _("%(project)s属于“%(type)s”，缺少固化指标“%(name)s”（%(category)s / %(sub)s）。")
            % {
                "project": _where(project),
                "type": item.project_type.name,
                "name": item.entry.name,
                "category": item.entry.subcategory.category.name,
                "sub": item.entry.subcategory.name,
            },
            severity=Severity(item.severity),
        )


@_rule(
    "complete-goal",
    Severity.ERROR,
    "完整性",
    source=f"{GUIDE_2015}；{TABLE}：绩效目标必填",
    why="没有绩效目标，指标就没有可对应的目标，表格不成立。",
)
def check_goal(project: Project, context: ReviewContext):
    """绩效目标已填写（只有标点也算未填写）。"""
    if not _has_content(project.goal):
        yield _Hit("goal", _("%(project)s的“绩效目标”未填写。") % {"project": _where(project)})


@_rule(
    "complete-purpose",
    Severity.ERROR,
    "完整性",
    source=f"{GUIDE_2015}（相关性审核需对照资金用途）；{TABLE}：资金用途必填",
    why="没有资金用途，审核人无法判断指标与资金是否相关。",
)
def check_purpose(project: Project, context: ReviewContext):
    """资金用途已填写（只有标点也算未填写）。"""
    if not _has_content(project.purpose):
        yield _Hit("purpose", _("%(project)s的“资金用途”未填写。") % {"project": _where(project)})


@_rule(
    "complete-plan-consistent",
    Severity.ERROR,
    "完整性",
    source=f"{TABLE}：资金支出计划为各月底累计数，不减少（projects.rules.check_plan）",
    why="累计数倒退或填在非时间节点上的计划是错账，打印出来自相矛盾。",
)
def check_plan_consistent(project: Project, context: ReviewContext):
    """资金支出计划各时间节点一致：只填在文档的时间节点上、不为负、累计数不减少。"""
    errors = rules.check_plan(None, _amounts(project), context.document.checkpoint_months)
    for month in sorted(errors):
        for message in errors[month]:
            yield _Hit(
                "plan", _("%(project)s的资金支出计划：%(message)s") % {"project": _where(project), "message": message}
            )


@_rule(
    "complete-plan-reaches-budget",
    Severity.ERROR,
    "完整性",
    source=f"{TABLE}：12月底累计计划数等于预算数（projects.rules.check_plan）；{COMMON_FAULTS}：计划数达不到预算数",
    why="年底累计计划数与预算数不符，说明计划与预算脱节，是财政局退回的常见原因。",
)
def check_plan_reaches_budget(project: Project, context: ReviewContext):
    """资金支出计划最后一个时间节点（12月底）的累计数等于预算数。"""
    months = context.document.checkpoint_months
    if not months:
        return
    last = months[-1]
    amounts = _amounts(project)
    errors = rules.check_plan(project.budget, {last: amounts.get(last)}, [last])
    for message in errors.get(last, []):
        yield _Hit(
            "plan", _("%(project)s的资金支出计划：%(message)s") % {"project": _where(project), "message": message}
        )


# 一致性 ----------------------------------------------------------------------------------------------------


@_rule(
    "consistent-subcategory",
    Severity.ERROR,
    "一致性",
    source="文档所用指标体系（indicators.catalog.Catalog）",
    why="二级指标不在本指标体系的该一级指标下时，表格的分类本身是错的。",
)
def check_subcategory(project: Project, context: ReviewContext):
    """每个三级指标的二级指标属于文档所用指标体系，且在其一级指标之下。"""
    for number, indicator in _rows(project):
        try:
            context.catalog.resolve(_category(indicator), indicator.subcategory.name)
        except ValidationError as exc:
            yield _Hit(
                "subcategory",
                _("%(row)s：%(message)s") % {"row": _row(project, indicator, number), "message": exc.messages[0]},
                indicator,
            )


@_rule(
    "consistent-funds",
    Severity.ERROR,
    "一致性",
    source=f"{TABLE}：预算数 = 财政资金 + 其他资金（projects.rules.check_funds）",
    why="金额不平的表格不能上报。",
)
def check_funds(project: Project, context: ReviewContext):
    """预算数等于财政资金与其他资金之和。"""
    for message in rules.check_funds(project.budget, project.fiscal_funds, project.other_funds):
        yield _Hit("budget", _("%(project)s：%(message)s") % {"project": _where(project), "message": message})


@_rule(
    "consistent-project-code",
    Severity.ERROR,
    "一致性",
    source="项目编码规则：6位区划码 + 2位年度 + P + 11位数字 + 1位校验码（projects.rules.check_project_code）",
    why="编码错误的项目无法与预算系统对应。",
)
def check_project_code(project: Project, context: ReviewContext):
    """项目编码格式正确，且年度位与文档年度一致。"""
    for message in rules.check_project_code(project.code, context.document.year):
        yield _Hit("code", _("%(project)s：%(message)s") % {"project": _where(project), "message": message})


@_rule(
    "consistent-unit-code",
    Severity.ERROR,
    "一致性",
    source="单位编码规则：部门编码 + 3位数字（projects.rules.check_unit_code）",
    why="预算单位不属于本部门时，项目放错了文本。",
)
def check_unit_code(project: Project, context: ReviewContext):
    """项目的预算单位编码以文档所属部门的编码开头。"""
    for message in rules.check_unit_code(project.unit.code, context.document.department.code):
        yield _Hit("unit", _("%(project)s：%(message)s") % {"project": _where(project), "message": message})


# 可行性 ----------------------------------------------------------------------------------------------------


@_rule(
    "measurable-output-number",
    Severity.ERROR,
    "可行性",
    source=f"{GUIDE_2021}：产出指标应量化；{COMMON_FAULTS}：能量化的写成定性描述",
    why="产出是资金直接买到的东西，总能数出来（如“验收合格率 100%”）；没有数值就无法监控和自评。样稿无此问题。",
)
def check_output_number(project: Project, context: ReviewContext):
    """产出指标的指标值有数值，不是一句定性描述。"""
    for number, indicator in _rows(project):
        if _category(indicator) == OUTPUT_CATEGORY and indicator.is_qualitative:
            yield _Hit(
                "value_text",
                _("%(row)s属于产出指标，指标值“%(value)s”没有数值，请量化（如 ≥90%%、100人）。")
                % {"row": _row(project, indicator, number), "value": indicator.value_text},
                indicator,
            )


@_rule(
    "measurable-comparator",
    Severity.WARNING,
    "可行性",
    source=f"{GUIDE_2021}：指标值应写明比较方向（≥、≤、=）",
    why="没有比较符号时“95”可读作“恰好95”或“至少95”，但含义通常能从指标名看出，只提醒补上符号。",
)
def check_comparator(project: Project, context: ReviewContext):
    """产出指标有数值时写明比较符号；百分比指标的满额目标“100”“100%”不需要符号。"""
    for number, indicator in _rows(project):
        if _category(indicator) != OUTPUT_CATEGORY or indicator.is_qualitative or indicator.comparator:
            continue
        if indicator.target_number == 100 and _is_percentage(indicator):
            continue
        yield _Hit(
            "value_text",
            _("%(row)s的指标值“%(value)s”没有比较符号，请写明 ≥、≤ 或 =。")
            % {"row": _row(project, indicator, number), "value": indicator.value_text},
            indicator,
        )


@_rule(
    "measurable-qualitative-outcome",
    Severity.WARNING,
    "可行性",
    source=f"{GUIDE_2021}：效益、满意度指标可定性，但宜尽量量化",
    why="效益常常只能定性描述，指引也允许；只提醒能量化时量化。",
)
def check_qualitative_outcome(project: Project, context: ReviewContext):
    """效益指标、满意度指标的定性指标值只作提示。"""
    for number, indicator in _rows(project):
        if _category(indicator) in (BENEFIT_CATEGORY, SATISFACTION_CATEGORY) and indicator.is_qualitative:
            yield _Hit(
                "value_text",
                _("%(row)s的指标值是定性描述，能量化的请量化。") % {"row": _row(project, indicator, number)},
                indicator,
            )


@_rule(
    "measurable-impossible-percentage",
    Severity.ERROR,
    "可行性",
    source=f"{COMMON_FAULTS}：不可能达到的指标值（如 ≥120% 的完成率）",
    why="完成率、覆盖率等比率不可能超过100%，这样的目标无法实现也无法评价。增长率等可以超过100%的不在此列。",
)
def check_impossible_percentage(project: Project, context: ReviewContext):
    """百分比指标（单位为%，或未写单位而名称以“率”“满意度”结尾）的目标不超过100%（增长率等除外）。"""
    for number, indicator in _rows(project):
        value = indicator.target_number
        if value is None or not _is_percentage(indicator) or any(w in indicator.name for w in UNBOUNDED_RATE_WORDS):
            continue
        if (indicator.comparator in ("≥", "=", "") and value > 100) or (indicator.comparator == ">" and value >= 100):
            yield _Hit(
                "value_text",
                _("%(row)s是百分比，指标值“%(value)s”不可能达到。")
                % {"row": _row(project, indicator, number), "value": indicator.value_text},
                indicator,
            )


@_rule(
    "measurable-satisfaction-floor",
    Severity.ERROR,
    "可行性",
    source=f"{COMMON_FAULTS}：满意度目标低于及格线",
    why="满意度目标低于60%等于以“不满意”为目标，不是可接受的绩效目标。按5分制等打分的请写单位“分”，不受此规则约束。",
)
def check_satisfaction_floor(project: Project, context: ReviewContext):
    """满意度指标（百分比或未写单位）的目标不低于60。"""
    for number, indicator in _rows(project):
        value = indicator.target_number
        if value is None or not _is_satisfaction(indicator):
            continue
        if (not indicator.unit or indicator.unit in PERCENT_UNITS) and value < SATISFACTION_FLOOR:
            yield _Hit(
                "value_text",
                _("%(row)s是满意度指标，指标值“%(value)s”低于60%%。")
                % {"row": _row(project, indicator, number), "value": indicator.value_text},
                indicator,
            )


# 相关性 / 适当性 ----------------------------------------------------------------------------------------------


@_rule(
    "quality-duplicate-name",
    Severity.ERROR,
    "相关性",
    source=f"{TABLE}：同一项目的三级指标不重复",
    why="同一张表里同名的三级指标是重复行，打印出来即是错误；改名或删除即可。",
)
def check_duplicate_name(project: Project, context: ReviewContext):
    """同一项目中三级指标名称不重复。"""
    counts = Counter(indicator.name.strip() for indicator in project.indicators.all())
    seen = set()
    for indicator in project.indicators.all():
        name = indicator.name.strip()
        if counts[name] > 1 and name not in seen:
            seen.add(name)
            yield _Hit(
                "name",
                _("%(project)s中三级指标“%(name)s”出现了%(count)s次。")
                % {"project": _where(project), "name": name, "count": counts[name]},
                indicator,
            )


@_rule(
    "quality-cost-usage-rate",
    Severity.WARNING,
    "相关性",
    source=f"{GUIDE_2021}：成本指标反映单位成本或成本控制；{COMMON_FAULTS}：成本指标写成“资金使用率 100”",
    why="把资金使用率、执行率当作成本指标是普遍做法（样稿六个项目都是），但它衡量的是预算执行而不是成本；"
    "提醒改为单位成本或成本控制指标，不阻止提交。",
)
def check_cost_usage_rate(project: Project, context: ReviewContext):
    """成本指标不只是资金使用率、执行率或发放率。"""
    for number, indicator in _rows(project):
        is_cost = "成本" in indicator.subcategory.name or "成本" in _category(indicator)
        if is_cost and _COST_AS_USAGE_RATE.search(indicator.name):
            yield _Hit(
                "name",
                _("%(row)s是资金使用（执行）情况，不是成本指标；请改为单位成本、成本控制等指标。")
                % {"row": _row(project, indicator, number)},
                indicator,
            )


@_rule(
    "quality-satisfaction-under-benefit",
    Severity.ERROR,
    "相关性",
    source=f"{GUIDE_2021}：满意度指标单列；{COMMON_FAULTS}：以满意度代替效益",
    why="满意度放在效益下，效益实际上就缺了，分类也是错的；移到满意度指标下即可。",
)
def check_satisfaction_under_benefit(project: Project, context: ReviewContext):
    """满意度类指标不放在效益指标下。"""
    for number, indicator in _rows(project):
        if _category(indicator) == BENEFIT_CATEGORY and "满意" in indicator.name:
            yield _Hit(
                "subcategory",
                _("%(row)s是满意度，应放在“满意度指标”下，而不是“效益指标”下。")
                % {"row": _row(project, indicator, number)},
                indicator,
            )


@_rule(
    "quality-late-spending",
    Severity.WARNING,
    "适当性",
    source=f"{COMMON_FAULTS}：资金支出计划前低后高、年底突击支出",
    why="有些项目确实集中在年底支出（如年底体检、节日慰问），所以只提醒说明，不阻止提交。",
)
def check_late_spending(project: Project, context: ReviewContext):
    """截至10月底（或文档在10月底之前的最后一个时间节点）的累计计划数大于0。"""
    months = [m for m in context.document.checkpoint_months if isinstance(m, int) and m <= LATE_SPENDING_MONTH]
    if not months or not project.budget:
        return
    checkpoint = months[-1]
    amounts = _amounts(project)
    spent = max((amounts[m] for m in amounts if m <= checkpoint), default=Decimal("0"))
    if spent <= 0:
        yield _Hit(
            "plan",
            _("%(project)s截至%(month)s月底计划支出为0，预算 %(budget)s 全部安排在最后支出，请核实或说明。")
            % {"project": _where(project), "month": checkpoint, "budget": f"{project.budget:.2f}"},
        )


# 文本规范 --------------------------------------------------------------------------------------------------


@_rule(
    "text-empty-description",
    Severity.WARNING,
    "文本规范",
    source=f"{GUIDE_2021}：指标应有解释说明",
    why="绩效指标描述在表中可以空着（模型允许），但没有描述的指标难以核对口径，故提示。",
)
def check_empty_description(project: Project, context: ReviewContext):
    """绩效指标描述已填写（只有标点也算未填写）。"""
    for number, indicator in _rows(project):
        if not _has_content(indicator.description):
            yield _Hit(
                "description",
                _("%(row)s的“绩效指标描述”未填写。") % {"row": _row(project, indicator, number)},
                indicator,
            )


@_rule(
    "text-only-punctuation",
    Severity.ERROR,
    "文本规范",
    source=TABLE,
    why="项目名称、三级指标和指标值必须填写；只填“/”“——”等占位符号等于没有填写。",
)
def check_only_punctuation(project: Project, context: ReviewContext):
    """项目名称、三级指标名称和指标值不是只有标点符号。"""
    if project.name and not _has_content(project.name):
        yield _Hit("name", _("项目“%(name)s”的“项目名称”只有标点符号，请填写名称。") % {"name": project.name})
    for number, indicator in _rows(project):
        for field, label, text in (
            ("name", _("三级指标"), indicator.name),
            ("value_text", _("指标值"), indicator.value_text),
        ):
            if text and not _has_content(text):
                yield _Hit(
                    field,
                    _("%(row)s的“%(label)s”只有标点符号。") % {"row": _row(project, indicator, number), "label": label},
                    indicator,
                )


@_rule(
    "text-doubled-character",
    Severity.WARNING,
    "文本规范",
    source="文字规范",
    why="“为为”多半是笔误，但叠字也可能是有意的，只提醒核对；按原文保存，不自动改。",
)
def check_doubled_character(project: Project, context: ReviewContext):
    """项目名称、资金用途、绩效目标、三级指标、绩效指标描述和定性指标值中没有“为为”这类重复字。"""
    texts = [
        ("name", _("项目名称"), project.name, None, _where(project)),
        ("purpose", _("资金用途"), project.purpose, None, _where(project)),
        ("goal", _("绩效目标"), project.goal, None, _where(project)),
    ]
    for number, indicator in _rows(project):
        where = _row(project, indicator, number)
        texts.append(("name", _("三级指标"), indicator.name, indicator, where))
        texts.append(("description", _("绩效指标描述"), indicator.description, indicator, where))
        if indicator.is_qualitative:
            texts.append(("value_text", _("指标值"), indicator.value_text, indicator, where))
    for field, label, text, indicator, where in texts:
        plain = _AABB.sub("", text or "")
        doubles = [m.group(0) for m in _DOUBLED.finditer(plain) if m.group(1) not in NORMAL_DOUBLES]
        if doubles:
            yield _Hit(
                field,
                _("%(where)s的“%(label)s”中有重复字“%(doubles)s”，请核对是否笔误。")
                % {"where": where, "label": label, "doubles": "”“".join(dict.fromkeys(doubles))},
                indicator,
            )


@_rule(
    "text-percent-unit",
    Severity.WARNING,
    "文本规范",
    source=f"{COMMON_FAULTS}：单位写成“百分比”（如“≥100百分比”）",
    why="含义清楚，只是写法不规范，打印前改成“%”即可。",
)
def check_percent_unit(project: Project, context: ReviewContext):
    """百分比单位写作“%”，不写“百分比”“百分之”。"""
    for number, indicator in _rows(project):
        if indicator.unit in ("百分比", "百分之"):
            yield _Hit(
                "value_text",
                _("%(row)s的指标值“%(value)s”单位请写作“%%”。")
                % {"row": _row(project, indicator, number), "value": indicator.value_text},
                indicator,
            )


@_rule(
    "text-value-unread",
    Severity.WARNING,
    "文本规范",
    source=f"{TABLE}：指标值写作比较符号、数值和单位（如 ≥90%）或一句定性描述",
    why="“≥上年水平”“90-95”这类写法是部门真实写下的内容，按原样保存；但读不出数值就无法监控，提醒核对写法。",
)
def check_value_unread(project: Project, context: ReviewContext):
    """带比较符号或只有数字符号、却读不出数值的指标值（按定性描述保存）。"""
    for number, indicator in _rows(project):
        if indicator.is_qualitative and looks_quantitative(parse_target(indicator.value_text)):
            yield _Hit(
                "value_text",
                _("%(row)s的指标值“%(value)s”读不出比较符号、数值和单位，按定性描述保存；数值目标请写作 ≥90%% 的格式。")
                % {"row": _row(project, indicator, number), "value": indicator.value_text},
                indicator,
            )


@_rule(
    "text-basis-explain",
    Severity.WARNING,
    "文本规范",
    source=f"{TABLE}：指标值确定依据为计划标准、行业标准、历史标准或其他",
    why="只写“其他”在实际表格中很常见，表格也允许；但不说明依据时审核人无从判断目标是否合理，故只提示补充说明。",
)
def check_basis_explained(project: Project, context: ReviewContext):
    """指标值确定依据为“其他”时写明依据，如“其他：专家论证”。"""
    for number, indicator in _rows(project):
        if basis_needs_explanation(indicator.basis):
            yield _Hit(
                "basis",
                _("%(row)s的指标值确定依据只写了“其他”，建议写明依据，如“其他：专家论证”。")
                % {"row": _row(project, indicator, number)},
                indicator,
            )


@_rule(
    "text-basis-unnamed",
    Severity.WARNING,
    "文本规范",
    source=f"{TABLE}：指标值确定依据为计划标准、行业标准、历史标准或其他",
    why="部门写下的依据按原样保存和打印；不以这四种之一开头的写法多半可以改写成“其他：……”，只提醒核对。",
)
def check_basis_named(project: Project, context: ReviewContext):
    """指标值确定依据以计划标准、行业标准、历史标准或其他开头。"""
    for number, indicator in _rows(project):
        if basis_kind(indicator.basis) is None:
            yield _Hit(
                "basis",
                _(
                    "%(row)s的指标值确定依据“%(basis)s”不是计划标准、行业标准、历史标准或其他，请核对，或写作“其他：%(basis)s”。"
                )
                % {"row": _row(project, indicator, number), "basis": indicator.basis},
                indicator,
            )


@_rule(
    "text-rollover-old-year-goals",
    Severity.WARNING,
    "文本规范",
    scope="document",
    source="年度结转：新年度草稿沿用上一年度的全部内容",
    why="第一部分的目标和保障措施结转后常常还写着上一年度，但也可能是有意的对比，只提醒逐条核对。",
)
def check_rollover_old_year_goals(document: Document, projects: list[Project], context: ReviewContext):
    """由上一年度结转的文本中，第一部分的各条目标和保障措施不再写着上一年度。"""
    checklist = getattr(document, "rollover_checklist", None)
    if checklist is None:
        return
    for goal in document.goals.all():
        if mentions_year(goal.text, checklist.from_year):
            yield _Hit(
                "goals",
                _("%(kind)s“%(text)s”写着%(old)s年；本文档由%(old)s年结转而来，请核对是否应改为%(new)s年。")
                % {
                    "kind": goal.get_kind_display(),
                    "text": goal.text[:30],
                    "old": checklist.from_year,
                    "new": document.year,
                },
            )


@_rule(
    "text-rollover-old-year",
    Severity.WARNING,
    "文本规范",
    source="年度结转：新年度草稿沿用上一年度的全部内容",
    why="结转后的文本多半还写着上一年度（“2022年省级……资金”），但“较2022年提高”这类写法是对的，只提醒逐条核对。",
)
def check_rollover_old_year(project: Project, context: ReviewContext):
    """由上一年度结转的文本中，项目名称、资金用途、绩效目标和各三级指标不再写着上一年度。"""
    checklist = getattr(context.document, "rollover_checklist", None)
    if checklist is None:
        return
    old, new = checklist.from_year, context.document.year
    texts = [
        ("name", _("项目名称"), project.name, None, _where(project)),
        ("purpose", _("资金用途"), project.purpose, None, _where(project)),
        ("goal", _("绩效目标"), project.goal, None, _where(project)),
    ]
    for number, indicator in _rows(project):
        where = _row(project, indicator, number)
        texts.append(("name", _("三级指标"), indicator.name, indicator, where))
        texts.append(("description", _("绩效指标描述"), indicator.description, indicator, where))
        texts.append(("value_text", _("指标值"), indicator.value_text, indicator, where))
    for field, label, text, indicator, where in texts:
        if mentions_year(text, old):
            yield _Hit(
                field,
                _("%(where)s的“%(label)s”写着%(old)s年；本文档由%(old)s年结转而来，请核对是否应改为%(new)s年。")
                % {"where": where, "label": label, "old": old, "new": new},
                indicator,
            )


# The engine ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFindings:
    project: Project
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_blocking)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass(frozen=True)
class DocumentReview:
    """A document's findings, document-level first, then project by project in print order."""

    document: Document
    projects: list[Project]
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_blocking)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def document_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.project is None]

    @property
    def by_project(self) -> list[ProjectFindings]:
        return [ProjectFindings(p, [f for f in self.findings if f.project is p]) for p in self.projects]


def _project_findings(project: Project, context: ReviewContext) -> list[Finding]:
    """Errors first, since they are what stands between the user and submission; then rulebook order."""
    findings = [
        Finding(rule.id, hit.severity or rule.severity, project, hit.field, hit.message, hit.indicator)
        for rule in RULES
        if rule.scope == "project"
        for hit in rule.check(project, context)
    ]
    return sorted(findings, key=lambda finding: not finding.is_blocking)


def _projects_queryset():
    return report_projects_queryset().order_by("position", "id")


def document_review(document: Document) -> DocumentReview:
    """Every rule over one document, in six queries whatever its size."""
    document = (
        Document.objects.select_related("department", "framework", "rollover_checklist")
        .prefetch_related("goals", Prefetch("projects", queryset=_projects_queryset()))
        .get(pk=document.pk)
    )
    context = ReviewContext(document, Catalog(document.framework))
    projects = list(document.projects.all())
    findings = [
        Finding(rule.id, rule.severity, None, hit.field, hit.message, hit.indicator)
        for rule in RULES
        if rule.scope == "document"
        for hit in rule.check(document, projects, context)
    ]
    for project in projects:
        findings.extend(_project_findings(project, context))
    return DocumentReview(document, projects, findings)


def review_document(document: Document) -> list[Finding]:
    """All findings of a document: document-level ones first, then each project's in print order."""
    return document_review(document).findings


def review_project(project: Project) -> list[Finding]:
    """The findings of one project, in four queries whatever its size."""
    project = (
        _projects_queryset()
        .select_related("document__department", "document__framework", "document__rollover_checklist")
        .get(pk=project.pk)
    )
    return _project_findings(project, ReviewContext(project.document, Catalog(project.document.framework)))


def blocking_findings(document: Document) -> list[Finding]:
    """The 错误 findings that keep a document from being submitted."""
    return [finding for finding in review_document(document) if finding.is_blocking]


def document_assert_submittable(*, document: Document) -> None:
    """For the submit service: a Chinese ValidationError listing every 错误 while any remains."""
    blocking = blocking_findings(document)
    if blocking:
        raise ValidationError(
            [_("审核发现%(count)s个错误，改正后才能提交。") % {"count": len(blocking)}]
            + [finding.message for finding in blocking],
            code="review_errors",
        )


# The rulebook ----------------------------------------------------------------------------------------------

RULEBOOK_INTRO = """\
# 绩效目标审核规则 / Review rules for targets

本文件由 `python manage.py review_rulebook` 根据 `review/rulebook.py` 生成，请勿手工修改；
测试 `tests/projects/test_review_rulebook.py` 在本文件与代码不一致时失败。

审核在提交前运行，规则依据财政部门绩效目标审核的四个方面（完整性、相关性、适当性、可行性）以及项目绩效目标表
本身的填报规则。每条规则有一个编号、一个严重程度和一句依据：

- **错误**：阻止提交。用于表格本身不成立（缺项、金额不平、编码错误、分类错误）或目标无法评价
  （产出没有数值、不可能达到的百分比、满意度低于及格线）的情况。
- **提示**：只提醒，不阻止提交。用于普遍存在、需要审核人判断的写法问题。

定级原则：种子文档（正定县总工会2022年部门预算绩效文本）是财政局认可质量的草案。若一条规则在它的大多数行上触发，
说明这是当地普遍接受的写法（例如把“资金使用率”当作成本指标），这样的规则定为“提示”；
只有财政局一定会退回的问题才定为“错误”。种子文档的审核结果见 docs/seed-review.md。

与其他模块已有的规则（预算数等于资金之和、资金支出计划、项目编码、单位编码、指标分类）由审核直接调用
`projects.rules` 和 `indicators.catalog.Catalog`，消息与录入时的校验一致。

命令：`python manage.py review_targets <部门编码> <年度>` 每行输出一条 `<严重程度> <项目编码> <规则编号> <消息>`，
仍有错误时退出码为 1。文档级问题的项目编码处显示 `-`。
"""


def rulebook_markdown() -> str:
    """docs/review-rules.md: the intro above, then every rule in the order it runs."""
    lines = [RULEBOOK_INTRO]
    counts = Counter(rule.severity for rule in RULES)
    lines.append(f"共 {len(RULES)} 条规则：错误 {counts[Severity.ERROR]} 条，提示 {counts[Severity.WARNING]} 条。\n")
    lines.append("| 编号 | 方面 | 严重程度 | 检查内容 |")
    lines.append("|---|---|---|---|")
    lines.extend(f"| `{r.id}` | {r.aspect} | {r.severity.value} | {r.summary} |" for r in RULES)
    lines.append("")
    for r in RULES:
        scope = "文档" if r.scope == "document" else "项目"
        lines.append(f"## `{r.id}` {r.summary}\n")
        lines.append(f"- 方面：{r.aspect}；范围：{scope}")
        lines.append(f"- 严重程度：**{r.severity.value}**。{r.why}")
        lines.append(f"- 依据：{r.source}")
        lines.append("")
    return "\n".join(lines)
