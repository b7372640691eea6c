"""The self-evaluation's findings: what keeps a 绩效自评 from being submitted (错误) or deserves a second look
(提示). Each check is registered with its id, severity, source and the reason for its severity, and
docs/selfeval-rules.md is generated from this module together with the scoring settings and formulas of
selfeval.scoring, the way review/rulebook.py documents the target review.

Impossible input (a negative amount, a 得分 outside its band, a 分值 plan that does not make 100) is refused when
entered; the checks here find what is still missing and what a later change made wrong, such as an indicator
added to the document that changes the default 分值 so that a stored 得分 leaves its band.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from review.rulebook import Severity
from selfeval import scoring
from selfeval.selectors import EvaluationReport, IndicatorRow, ProjectRow, evaluation_report


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    project: ProjectRow
    field: str
    message: str
    indicator: IndicatorRow | None = None

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True)
class _Hit:
    field: str
    message: str
    indicator: IndicatorRow | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    source: str
    why: str
    check: Callable


RULES: list[Rule] = []

ISSUE_RULES = "项目支出绩效自评评分规则（本系统采用，见 selfeval/scoring.py）"
GUIDE_2020 = "《项目支出绩效评价管理办法》（财预〔2020〕10号）"
FORM = "项目支出绩效自评表填报要求"


def _rule(rule_id: str, severity: Severity, *, source: str, why: str):
    def register(check):
        RULES.append(Rule(rule_id, severity, check.__doc__.strip(), source, why, check))
        return check

    return register


def _where(row: ProjectRow) -> str:
    return _("项目“%(name)s”") % {"name": row.project.name}


def _indicator_where(row: ProjectRow, indicator: IndicatorRow) -> str:
    return _("项目“%(project)s”第%(number)s个指标“%(name)s”") % {
        "project": row.project.name,
        "number": indicator.number,
        "name": indicator.indicator.name,
    }


@_rule(
    "funds-spent-missing",
    Severity.ERROR,
    source=f"{FORM}：资金情况填写全年预算数、全年执行数",
    why="没有全年执行数就无法计算预算执行率和它的10分。",
)
def check_spent(row: ProjectRow):
    """全年执行数已填写。"""
    if row.score.spent is None:
        yield _Hit("spent", _("%(project)s未填写“全年执行数”。") % {"project": _where(row)})


@_rule(
    "funds-over-budget",
    Severity.ERROR,
    source=f"{FORM}：执行数不超过全年预算数（预算调整后以调整数为准）",
    why="超预算支出说明全年预算数或执行数填错；确有调整时应先填写调整后的全年预算数。",
)
def check_over_budget(row: ProjectRow):
    """全年执行数不超过全年预算数。"""
    budget, spent = row.score.budget, row.score.spent
    if budget is not None and spent is not None and spent > budget:
        yield _Hit(
            "spent",
            _("%(project)s的全年执行数 %(spent)s 超过全年预算数 %(budget)s（万元）。")
            % {"project": _where(row), "spent": spent, "budget": budget},
        )


@_rule(
    "funds-zero-budget",
    Severity.WARNING,
    source=ISSUE_RULES,
    why="全年预算数调整为0的项目可能真实存在，只是执行率无法计算，按0分计并提醒核对。",
)
def check_zero_budget(row: ProjectRow):
    """全年预算数不为0（为0时预算执行率无法计算，得0分）。"""
    if row.score.budget == 0:
        yield _Hit("adjusted_budget", _("%(project)s的全年预算数为0，预算执行率按0分计。") % {"project": _where(row)})


@_rule(
    "achievement-missing",
    Severity.ERROR,
    source=f"{FORM}：年度总体目标的实际完成情况必填",
    why="自评表须对照预期目标写明实际完成情况，空白的自评表财政局会退回。",
)
def check_achievement(row: ProjectRow):
    """年度总体目标的“实际完成情况”已填写。"""
    if not row.achievement.strip():
        yield _Hit("achievement", _("%(project)s未填写“实际完成情况”。") % {"project": _where(row)})


@_rule(
    "points-plan",
    Severity.ERROR,
    source=f"{GUIDE_2020}：预算执行率10%、产出指标50%、效益指标30%、满意度指标10%，总分100分",
    why="缺少整个一级指标或分值合计不是100分时，总分失去可比性。",
)
def check_points(row: ProjectRow):
    """项目有每个一级指标的三级指标；自定分值时，各指标分值加预算执行率10分合计为100分。"""
    for message in row.score.errors:
        yield _Hit("points", _("%(project)s：%(message)s") % {"project": _where(row), "message": message})


@_rule(
    "indicator-actual-missing",
    Severity.ERROR,
    source=f"{FORM}：逐项填写实际完成值",
    why="没有实际完成值（定性指标没有达成情况和得分）的指标只能按0分计，须补齐。",
)
def check_actual(row: ProjectRow):
    """定量指标已填写实际完成值；定性指标已选择达成情况并填写得分。"""
    for indicator in row.indicators:
        where = _indicator_where(row, indicator)
        if indicator.indicator.is_qualitative:
            entry = indicator.entry
            if entry is None or not entry.result or entry.score is None:
                yield _Hit("score", _("%(where)s为定性指标，请选择达成情况并填写得分。") % {"where": where}, indicator)
        elif not indicator.actual_text:
            yield _Hit("actual_text", _("%(where)s未填写“实际完成值”。") % {"where": where}, indicator)


@_rule(
    "indicator-score-band",
    Severity.ERROR,
    source=f"{GUIDE_2020}附件：定性指标按达成、部分达成、未达成分档计分；{ISSUE_RULES}",
    why="得分超出达成情况对应的区间是不可能的分数；录入时已拒绝，分值因指标变化而改变后在此再次检查。",
)
def check_band(row: ProjectRow):
    """定性指标的得分在其达成情况对应的区间内（达成80%–100%，部分达成60%–80%不含，未达成0–60%不含）。"""
    for indicator in row.indicators:
        entry = indicator.entry
        if indicator.indicator.is_qualitative and entry and entry.result and entry.score is not None:
            for message in scoring.qualitative_score_errors(
                result=entry.result, points=indicator.score.points, score=entry.score
            ):
                yield _Hit("score", f"{_indicator_where(row, indicator)}：{message}", indicator)


@_rule(
    "indicator-reason-missing",
    Severity.ERROR,
    source=f"{FORM}：未完成目标的指标须说明偏差原因及改进措施",
    why="扣分的指标必须说明原因和改进措施，这是自评的主要用途。",
)
def check_reason(row: ProjectRow):
    """得分低于分值的指标已填写“偏差原因分析及改进措施”。"""
    for indicator in row.indicators:
        if indicator.score.below_points and not indicator.reason.strip():
            yield _Hit(
                "reason",
                _("%(where)s得分 %(score)s 低于分值 %(points)s，请填写“偏差原因分析及改进措施”。")
                % {
                    "where": _indicator_where(row, indicator),
                    "score": indicator.score.score,
                    "points": indicator.score.points,
                },
                indicator,
            )


@_rule(
    "indicator-score-bounded",
    Severity.WARNING,
    source=ISSUE_RULES,
    why="公式对负的完成值或负的目标值会算出负分或超过分值的分数；得分取0到分值之间，并提醒核对。",
)
def check_bounded(row: ProjectRow):
    """按公式计算的得分在0到分值之间（超出时取0或分值）。"""
    for indicator in row.indicators:
        if indicator.score.formula is not None:
            yield _Hit(
                "actual_text",
                _("%(where)s按公式得分为 %(formula)s，已按 %(score)s 计，请核对实际完成值和指标值。")
                % {
                    "where": _indicator_where(row, indicator),
                    "formula": indicator.score.formula,
                    "score": indicator.score.score,
                },
                indicator,
            )


# The engine ------------------------------------------------------------------------------------------------


def project_findings(row: ProjectRow) -> list[Finding]:
    """A project's findings, errors first, then in rulebook order."""
    findings = [
        Finding(rule.id, rule.severity, row, hit.field, hit.message, hit.indicator)
        for rule in RULES
        for hit in rule.check(row)
    ]
    return sorted(findings, key=lambda finding: not finding.is_blocking)


def report_findings(report: EvaluationReport) -> list[Finding]:
    return [finding for row in report.projects for finding in project_findings(row)]


def evaluation_assert_submittable(*, document) -> None:
    """For the submit step: a Chinese ValidationError listing every 错误 while any remains."""
    blocking = [f for f in report_findings(evaluation_report(document)) if f.is_blocking]
    if blocking:
        raise ValidationError(
            [_("自评发现%(count)s个错误，改正后才能提交。") % {"count": len(blocking)}] + [f.message for f in blocking],
            code="selfeval_errors",
        )


# The rulebook ----------------------------------------------------------------------------------------------

RULEBOOK_INTRO = """\
# 绩效自评评分规则 / Self-evaluation scoring rules

本文件由 `python manage.py selfeval_rulebook` 根据 `selfeval/scoring.py`、`selfeval/rulebook.py` 和设置生成，
请勿手工修改；测试 `tests/selfeval/test_rulebook.py` 在本文件与代码不一致时失败。

每年年度结束后，部门对每个项目按其绩效目标自评打分（项目支出绩效自评），财政局审核。分数全部由
`selfeval/scoring.py` 计算：所有金额和分数都是 Decimal，每个得分四舍五入（ROUND_HALF_UP）到两位小数，
合计都是已舍入数的和，因此打印的自评表逐行相加分毫不差。

自评与绩效文本使用相同的流程和角色：草稿 → 已提交 → 已审核，或 已提交 → 退回（可再修改）。填报人修改，
部门审核人提交，财政局审核人通过或退回（须填写意见）；只有草稿或退回的自评可以修改（`selfeval/edit_lock.py`）。
"""


def _settings_section() -> list[str]:
    lines = ["## 分值与等级（设置）", ""]
    lines.append(
        "设置在 `budget_perf/settings.py`，依据《项目支出绩效评价管理办法》（财预〔2020〕10号）：原则上预算执行率和"
        "一级指标权重统一设置为预算执行率10%、产出指标50%、效益指标30%、服务对象满意度指标10%；总分100分，"
        "90（含）–100分为优、80（含）–90分为良、60（含）–80分为中、60分以下为差。"
    )
    lines.append("")
    lines.append("| 设置 | 项目 | 值 |")
    lines.append("|---|---|---|")
    lines.append(f"| `SELFEVAL_BUDGET_RATE_POINTS` | 预算执行率 | {scoring.budget_rate_points()} |")
    for group in scoring.weight_groups():
        lines.append(f"| `SELFEVAL_CATEGORY_WEIGHTS` | {'、'.join(group.categories)}（共享） | {group.weight} |")
    for name, floor in scoring.grade_bands():
        lines.append(f"| `SELFEVAL_GRADES` | {name} | 总分 ≥ {floor} |")
    lines.append("")
    lines.append(
        "成本指标在2021年指标体系中是一级指标，与产出指标共享50分；旧指标体系中成本指标是产出指标下的二级指标。"
    )
    lines.append("")
    return lines


FORMULAS = """\
## 计分公式

- **预算执行率** = 全年执行数 ÷ 全年预算数（全年预算数不填时等于年初预算数）；
  **预算执行率得分** = min(执行率, 1) × 10，四舍五入到两位小数。全年预算数为0或未填全年执行数时得0分。
- **默认分值**：每个一级指标的权重在项目该一级下的三级指标间平均分配，每份四舍五入到两位小数，
  最后一个指标（按录入顺序）取余数，使各份之和恰好等于权重。例：50分分给3个指标为 16.67、16.67、16.66。
- **自定分值**：用户可逐个指标填写分值；填写了任何一个时，该项目各指标分值（未填的按默认分配）加预算执行率
  10分必须合计100分，否则拒绝保存。项目缺少整个一级指标时报错并写明缺少哪个一级指标。
- **定量指标**（目标值 T、实际完成值 A、分值 S；A 的单位须与指标值的单位一致，A 不带比较符号）：
  - T = 0：A ≤ 0 得 S，否则得 0；
  - 反向指标（≤ 或 <）：A ≤ T 得 S；T < A < 2T 得 S × (1 − (A − T) ÷ T)；A ≥ 2T 得 0；
  - 其他（≥、>、= 或无符号）：A ≥ T 得 S，否则得 S × A ÷ T。
  - 计算结果四舍五入到两位小数后取0到 S 之间（负的完成值不得负分），超出时提示。
- **定性指标**：选择达成情况并填写得分，得分须在区间内，否则拒绝：达成为分值的80%–100%（两端都含），
  部分达成为60%（含）–80%（不含），未达成为0–60%（不含）。区间端点按分值精确计算、不舍入：
  分值16.67时达成须不低于13.336，即13.34起。
- **偏差原因分析及改进措施**：得分低于分值的每个指标必填。
- **项目总分** = 预算执行率得分 + 各指标得分之和；等级按上表。
- **部门得分** = 各项目总分以全年预算数为权重的加权平均，四舍五入到两位小数，等级按上表；
  全部项目全年预算数都为0时取算术平均。

命令：`python manage.py selfeval_scores <部门编码> <年度>` 按文档顺序每个项目输出一行
`P<TAB>项目编码<TAB>预算执行率得分<TAB>总分<TAB>等级`，随后该项目每个指标一行
`I<TAB>项目编码<TAB>序号<TAB>分值<TAB>得分`，最后一行 `D<TAB>部门编码<TAB>部门得分<TAB>等级`；数字都保留两位小数。
"""


def rulebook_markdown() -> str:
    """docs/selfeval-rules.md: intro, settings, formulas, then every finding in the order it runs."""
    lines = [RULEBOOK_INTRO, *_settings_section(), FORMULAS, "## 提交前检查", ""]
    counts = Counter(rule.severity for rule in RULES)
    lines.append(
        f"共 {len(RULES)} 条检查：错误 {counts[Severity.ERROR]} 条（阻止提交），提示 {counts[Severity.WARNING]} 条。\n"
    )
    lines.append("| 编号 | 严重程度 | 检查内容 |")
    lines.append("|---|---|---|")
    lines.extend(f"| `{r.id}` | {r.severity.value} | {r.summary} |" for r in RULES)
    lines.append("")
    for r in RULES:
        lines.append(f"### `{r.id}` {r.summary}\n")
        lines.append(f"- 严重程度：**{r.severity.value}**。{r.why}")
        lines.append(f"- 依据：{r.source}")
        lines.append("")
    return "\n".join(lines)
