"""Review of a monitoring round before submission, in the manner of review.rulebook: each check has an id, a
severity and a source, 错误 blocks submission and 提示 only warns. The entry rules themselves (amounts, 实际完成值)
live in monitoring.rules and the lights in monitoring.lights; these checks read their results."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from monitoring import rules
from monitoring.lights import Light
from monitoring.models import MonitoringRound
from monitoring.selectors import ProjectLights, earlier_spending, round_report
from review.rulebook import Finding, Severity


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity
    summary: str
    source: str
    check: Callable


CHECKS: list[Check] = []
GUIDE = "运行监控填报要求（本系统）：偏离绩效目标的，分析原因并说明"


def _check(check_id: str, severity: Severity, *, source: str = GUIDE):
    def register(check):
        CHECKS.append(
            Check(check_id, severity, "".join(line.strip() for line in check.__doc__.splitlines()), source, check)
        )
        return check

    return register


def _where(sheet: ProjectLights) -> str:
    return _("项目“%(name)s”") % {"name": sheet.project.name}


def _row(sheet: ProjectLights, line) -> str:
    return _("项目“%(project)s”第%(row)s个指标“%(name)s”") % {
        "project": sheet.project.name,
        "row": line.position,
        "name": line.indicator.name,
    }


@_check("monitor-spending-consistent", Severity.ERROR, source="执行数为1月至截止月份的累计数")
def check_spending(sheet: ProjectLights, earlier: dict):
    """执行数不超过全年预算数，且不少于本文档上一轮监控的累计执行数。"""
    report = sheet.report
    errors = rules.check_spending(
        fiscal=report.fiscal_spent,
        other=report.other_spent,
        annual_budget=report.annual_budget,
        earlier=earlier.get(report.project_id),
    )
    for field, messages in errors.items():
        for message in messages:
            yield field, _("%(where)s：%(message)s") % {"where": _where(sheet), "message": message}, None


@_check("monitor-funds-red-explained", Severity.ERROR)
def check_funds_red(sheet: ProjectLights, earlier: dict):
    """预算执行或计划执行为红灯时，填写了执行情况说明。"""
    if Light.RED in (sheet.budget.light, sheet.plan.light) and not sheet.report.note.strip():
        yield "note", _("%(where)s资金执行为红灯，请在“执行情况说明”中说明原因。") % {"where": _where(sheet)}, None


@_check("monitor-actual-filled", Severity.ERROR)
def check_actual(sheet: ProjectLights, earlier: dict):
    """每个指标都填写了实际完成值。"""
    for line in sheet.lines:
        if not line.report.actual_text:
            yield "actual_text", _("%(row)s未填写实际完成值。") % {"row": _row(sheet, line)}, line.indicator


@_check("monitor-red-has-cause", Severity.ERROR)
def check_red_cause(sheet: ProjectLights, earlier: dict):
    """红灯指标选择了偏差原因。"""
    for line in sheet.lines:
        if line.verdict.light == Light.RED and line.report.actual_text and not line.report.causes:
            yield "causes", _("%(row)s为红灯，请选择偏差原因。") % {"row": _row(sheet, line)}, line.indicator


@_check("monitor-cause-explained", Severity.WARNING)
def check_cause_note(sheet: ProjectLights, earlier: dict):
    """选择了偏差原因（特别是“其他”）的指标写了偏差原因说明。"""
    for line in sheet.lines:
        if line.report.causes and not line.report.cause_note.strip():
            yield (
                "cause_note",
                _("%(row)s选择了偏差原因，请补充偏差原因说明。") % {"row": _row(sheet, line)},
                (line.indicator),
            )


@_check("monitor-likelihood-given", Severity.WARNING)
def check_likelihood(sheet: ProjectLights, earlier: dict):
    """红灯、黄灯指标填写了完成目标可能性。"""
    for line in sheet.lines:
        if line.verdict.light in (Light.RED, Light.YELLOW) and not line.report.likelihood:
            yield (
                "likelihood",
                _("%(row)s偏离目标，请填写完成目标可能性。") % {"row": _row(sheet, line)},
                line.indicator,
            )


@_check("monitor-blue-target-low", Severity.WARNING, source="运行监控预警规则：蓝灯表示目标可能定得过低")
def check_blue(sheet: ProjectLights, earlier: dict):
    """蓝灯指标（远超目标）提示核实目标是否定得过低，可在备注中说明。"""
    for line in sheet.lines:
        if line.verdict.light == Light.BLUE and not line.report.remark.strip():
            yield (
                "remark",
                _("%(row)s已远超目标值，请核实目标是否定得过低，并在备注中说明。") % {"row": _row(sheet, line)},
                line.indicator,
            )


def round_findings(round: MonitoringRound) -> list[Finding]:
    """Every check over every project of the round, errors of a project before its warnings."""
    earlier = earlier_spending(round)
    findings = []
    for sheet in round_report(round).projects:
        found = [
            Finding(check.id, check.severity, sheet.project, field, message, indicator)
            for check in CHECKS
            for field, message, indicator in check.check(sheet, earlier)
        ]
        findings.extend(sorted(found, key=lambda f: not f.is_blocking))
    return findings


def round_assert_submittable(*, round: MonitoringRound) -> None:
    blocking = [f for f in round_findings(round) if f.is_blocking]
    if blocking:
        raise ValidationError(
            [_("检查发现%(count)s个错误，改正后才能提交。") % {"count": len(blocking)}] + [f.message for f in blocking],
            code="monitoring_errors",
        )
