"""Writes of 运行监控: opening a round, saving a project's 执行监控表, the workflow steps and the 整改 exchange.

Each function is one transaction and asks projects.access for the user's right; the round's edit lock
(monitoring.lock) refuses changes to a submitted or approved round whatever path they come by.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator
from monitoring import checks, rules
from monitoring.lights import cumulative_by_default
from monitoring.lock import rounds_lock_for_edit
from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring, RoundTransition
from monitoring.selectors import earlier_spending
from projects.access import Action, assert_user_may
from projects.models import Document, Project
from projects.text import validate_plain_text
from workflow import transitions

PROJECT_FIELDS = ("fiscal_spent", "other_spent", "annual_budget", "note")
INDICATOR_FIELDS = ("actual_text", "actual_number", "cumulative", "causes", "cause_note", "likelihood", "remark")


def _history(obj, user):
    obj._history_user = user
    return obj


@transaction.atomic
def round_create(*, document: Document, month: int, user=None) -> MonitoringRound:
    """Open the round at month N with one row per project and indicator: 全年预算数 starts as 预算数, 按进度累计 as
    its unit says (monitoring.lights.cumulative_by_default). No user means the server's operator."""
    if user is not None:
        assert_user_may(user, Action.EDIT, document)
    if MonitoringRound.objects.filter(document=document, month=month).exists():
        raise ValidationError({"month": _("%(month)s月的运行监控已存在。") % {"month": month}}, code="exists")
    round = MonitoringRound(document=document, month=month)
    round.full_clean(validate_unique=False)
    _history(round, user).save()
    round_add_missing_rows(round=round, user=user)
    return round


def round_add_missing_rows(*, round: MonitoringRound, user=None) -> int:
    """Rows for projects and indicators the round does not have yet (a document changed after the round opened).

    Called without a user by the importer and the services that already checked one; the page asks round_extend."""
    projects = list(Project.objects.filter(document_id=round.document_id).order_by("position", "id"))
    stored = {r.project_id: r for r in ProjectMonitoring.objects.filter(round=round)}
    new_reports = [
        ProjectMonitoring(round=round, project=p, annual_budget=p.budget) for p in projects if p.pk not in stored
    ]
    history = {"default_user": user, "default_change_reason": _("新建运行监控")}
    bulk_create_with_history(new_reports, ProjectMonitoring, **history)
    reports = {r.project_id: r for r in ProjectMonitoring.objects.filter(round=round)}
    present = set(
        IndicatorMonitoring.objects.filter(project_report__round=round).values_list("indicator_id", flat=True)
    )
    indicators = Indicator.objects.filter(project__document_id=round.document_id).exclude(pk__in=present)
    new_lines = [
        IndicatorMonitoring(project_report=reports[i.project_id], indicator=i, cumulative=cumulative_by_default(i.unit))
        for i in indicators.order_by("project_id", "position", "id")
    ]
    bulk_create_with_history(new_lines, IndicatorMonitoring, **history)
    return len(new_reports) + len(new_lines)


@transaction.atomic
def round_extend(*, round: MonitoringRound, user) -> int:
    """The department's editors add the document's new projects and indicators to a draft or returned round."""
    assert_user_may(user, Action.EDIT, round.document)
    (locked,) = rounds_lock_for_edit(rounds=MonitoringRound.objects.filter(pk=round.pk))
    return round_add_missing_rows(round=locked, user=user)


@dataclass
class LineValues:
    """One indicator row as entered, already read by monitoring.rules."""

    line: IndicatorMonitoring
    actual: rules.Actual
    cumulative: bool
    causes: list[str]
    cause_note: str
    likelihood: str
    remark: str


def spending_errors(*, report: ProjectMonitoring, fiscal: Decimal, other: Decimal, annual_budget: Decimal) -> dict:
    """monitoring.rules.check_spending against the round's earlier round, for the form and the importer."""
    earlier = earlier_spending(report.round).get(report.project_id)
    return rules.check_spending(fiscal=fiscal, other=other, annual_budget=annual_budget, earlier=earlier)


@transaction.atomic
def project_report_save(
    *,
    report: ProjectMonitoring,
    user,
    fiscal_spent: Decimal,
    other_spent: Decimal,
    annual_budget: Decimal,
    note: str,
    lines: Sequence[LineValues],
    expected_revision: int | None = None,
) -> ProjectMonitoring:
    """Save one project's 执行监控表; only rows that really changed are written, so history shows real edits.

    expected_revision is the round's revision the form was read at: a save over someone else's newer one is refused.
    """
    assert_user_may(user, Action.EDIT, report.round.document)
    (locked,) = rounds_lock_for_edit(rounds=MonitoringRound.objects.filter(pk=report.round_id))
    if expected_revision is not None and locked.revision != expected_revision:
        raise ValidationError(_("打开此页之后运行监控已被其他人修改，请重新打开后再填写。"), code="stale")
    errors = spending_errors(report=report, fiscal=fiscal_spent, other=other_spent, annual_budget=annual_budget)
    if errors:
        raise ValidationError(errors)
    values = {"fiscal_spent": fiscal_spent, "other_spent": other_spent, "annual_budget": annual_budget, "note": note}
    if any(getattr(report, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(report, name, value)
        report.full_clean(validate_unique=False)
        _history(report, user).save()
    for entry in lines:
        line = entry.line
        wanted = {
            "actual_text": entry.actual.text,
            "actual_number": entry.actual.number,
            "cumulative": entry.cumulative,
            "causes": entry.causes,
            "cause_note": entry.cause_note,
            "likelihood": entry.likelihood,
            "remark": entry.remark,
        }
        if all(getattr(line, name) == value for name, value in wanted.items()):
            continue
        for name, value in wanted.items():
            setattr(line, name, value)
        line.full_clean(validate_unique=False)
        _history(line, user).save()
    MonitoringRound.objects.filter(pk=report.round_id).update(revision=F("revision") + 1)
    return report


@transaction.atomic
def round_transition(*, round: MonitoringRound, user, action: str, comment: str = "") -> RoundTransition:
    """The document workflow's steps and roles (workflow.transitions) applied to a round; submitting needs a
    round without 错误 (monitoring.checks)."""
    step = transitions.transition_get(action)
    assert_user_may(user, Action(step.action), round.document)
    locked = MonitoringRound.objects.select_for_update(of=("self",)).select_related("document__department")
    locked = locked.get(pk=round.pk)
    transitions.transition_assert_from(transition=step, subject=locked)
    if action == "submit":
        # Projects or indicators added to the document since the round opened are reported on too.
        round_add_missing_rows(round=locked, user=user)
        checks.round_assert_submittable(round=locked)
    comment = transitions.transition_comment(transition=step, comment=comment)
    from_status = locked.status
    locked.status = step.to_status
    locked._history_user = user
    locked._change_reason = str(step.label)
    locked.save(update_fields=["status", "updated_at"])
    round.status = locked.status
    return RoundTransition.objects.create(
        round=locked, from_status=from_status, to_status=step.to_status, user=user, comment=comment
    )


def _correction_text(text: str, label: str) -> str:
    text = (text or "").strip()
    validate_plain_text(text, label=label)
    return text


@transaction.atomic
def correction_request_save(*, report: ProjectMonitoring, user, text: str) -> ProjectMonitoring:
    """整改要求: the finance bureau (who may return) asks a project for corrections once the round is submitted."""
    assert_user_may(user, Action.RETURN, report.round.document)
    status = MonitoringRound.objects.select_for_update().values_list("status", flat=True).get(pk=report.round_id)
    if status == Document.Status.DRAFT:
        raise ValidationError({"correction_request": _("运行监控提交后才能提出整改要求。")}, code="not_submitted")
    report.correction_request = _correction_text(text, _("整改要求"))
    _history(report, user).save(update_fields=["correction_request"])
    return report


@transaction.atomic
def correction_result_save(*, report: ProjectMonitoring, user, text: str) -> ProjectMonitoring:
    """整改结果: the department's editors answer a 整改要求."""
    assert_user_may(user, Action.EDIT, report.round.document)
    if not report.correction_request:
        raise ValidationError({"correction_result": _("没有整改要求，无需填写整改结果。")}, code="no_request")
    report.correction_result = _correction_text(text, _("整改结果"))
    _history(report, user).save(update_fields=["correction_result"])
    return report
