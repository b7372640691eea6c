"""Every write of a self-evaluation: starting one, saving a project's entries (from the form or a workbook) and
moving it through the workflow. Each is one transaction; input is checked completely before anything is written,
and each problem names its field (and indicator), so the form and the importer can point at it."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from indicators.models import Indicator
from projects.access import Action, assert_user_may
from projects.models import Document, Project
from selfeval import scoring
from selfeval.edit_lock import evaluation_assert_editable
from selfeval.models import EvaluationTransition, IndicatorEvaluation, ProjectEvaluation, SelfEvaluation
from selfeval.rulebook import evaluation_assert_submittable
from selfeval.selectors import framework_categories
from workflow.transitions import transition_assert_from, transition_comment, transition_get

CHANGE_REASON_FORM = "自评表"
CHANGE_REASON_IMPORT = "Excel导入"


@dataclass(frozen=True)
class ProjectValues:
    adjusted_budget: Decimal | None
    spent: Decimal | None
    achievement: str


@dataclass(frozen=True)
class IndicatorValues:
    indicator: Indicator
    actual_text: str
    result: str
    points: Decimal | None
    score: Decimal | None
    reason: str


@dataclass(frozen=True)
class FieldError:
    indicator: int | None  # 序号 of the indicator within the project, None for the project's own fields
    field: str
    message: str


class EvaluationInvalid(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__("\n".join(e.message for e in errors))
        self.errors = errors


@dataclass
class PreparedProject:
    """A project's rows as they would be saved, and which of them differ from what is stored."""

    project: Project
    row: ProjectEvaluation
    indicators: list[IndicatorEvaluation]
    changed: list[tuple]  # (row to save, the stored row it replaces or None)


def evaluation_start(*, document: Document, user) -> SelfEvaluation:
    """The department's editors open the year's self-evaluation, empty, as a draft."""
    assert_user_may(user, Action.EDIT, document)
    evaluation, _created = SelfEvaluation.objects.get_or_create(document=document)
    return evaluation


def _errors_of(exc: ValidationError, indicator: int | None) -> list[FieldError]:
    return [
        FieldError(indicator, field, message) for field, messages in exc.message_dict.items() for message in messages
    ]


_PROJECT_FIELDS = ("adjusted_budget", "spent", "achievement")
_INDICATOR_FIELDS = ("actual_text", "actual_number", "result", "points", "score", "reason")


def _differs(row, stored, fields) -> bool:
    return stored is None or any(getattr(row, f) != getattr(stored, f) for f in fields)


def project_evaluation_prepare(
    *, evaluation: SelfEvaluation, project: Project, values: ProjectValues, indicators: list[IndicatorValues]
) -> PreparedProject:
    """Check one project's entries as a whole; raises EvaluationInvalid listing every problem."""
    errors: list[FieldError] = []
    try:
        stored = project.evaluation
    except ProjectEvaluation.DoesNotExist:
        stored = None
    row = ProjectEvaluation(
        pk=stored.pk if stored else None,
        evaluation=evaluation,
        project=project,
        adjusted_budget=values.adjusted_budget,
        spent=values.spent,
        achievement=values.achievement,
    )
    try:
        row.full_clean(exclude=["evaluation", "project"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors += _errors_of(exc, None)
    changed = [(row, stored)] if _differs(row, stored, _PROJECT_FIELDS) else []

    rows = []
    for number, value in enumerate(indicators, 1):
        try:
            stored_indicator = value.indicator.evaluation
        except IndicatorEvaluation.DoesNotExist:
            stored_indicator = None
        entry = IndicatorEvaluation(
            pk=stored_indicator.pk if stored_indicator else None,
            evaluation=evaluation,
            indicator=value.indicator,
            actual_text=value.actual_text.strip(),
            result=value.result,
            points=value.points,
            score=value.score,
            reason=value.reason,
        )
        try:
            entry.full_clean(exclude=["evaluation", "indicator"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors += _errors_of(exc, number)
        rows.append(entry)
        if _differs(entry, stored_indicator, _INDICATOR_FIELDS):
            changed.append((entry, stored_indicator))

    # The whole-project checks run even when some cells are wrong, so one pass reports every problem.
    plan = scoring.project_points(
        categories=[v.indicator.subcategory.category.name for v in indicators],
        custom=[v.points if v.points is None or v.points >= 0 else None for v in indicators],
        framework_categories=framework_categories(project.document),
    )
    wrong = {error.indicator for error in errors}
    if plan.total_error and not any(error.field == "points" for error in errors):
        first_custom = next(n for n, v in enumerate(indicators, 1) if v.points is not None)
        errors.append(FieldError(first_custom, "points", plan.total_error))
    for number, (entry, points) in enumerate(zip(rows, plan.points, strict=True), 1):
        if number not in wrong and entry.indicator.is_qualitative and entry.result and entry.score is not None:
            for message in scoring.qualitative_score_errors(result=entry.result, points=points, score=entry.score):
                errors.append(FieldError(number, "score", message))
    if errors:
        raise EvaluationInvalid(errors)
    return PreparedProject(project, row, rows, changed)


def prepared_write(*, evaluation: SelfEvaluation, prepared: list[PreparedProject], user, reason: str) -> int:
    """Save the rows that changed, each with its history record; returns how many. Call inside a transaction."""
    saved = 0
    for item in prepared:
        for row, _stored in item.changed:
            row._history_user = user
            row._change_reason = reason
            row.save(force_insert=row.pk is None)
            saved += 1
    if saved:
        SelfEvaluation.objects.filter(pk=evaluation.pk).update(revision=F("revision") + 1)
    return saved


def _locked(evaluation: SelfEvaluation) -> SelfEvaluation:
    return (
        SelfEvaluation.objects.select_for_update(of=("self",))
        .select_related("document__department")
        .get(pk=evaluation.pk)
    )


@transaction.atomic
def project_evaluation_save(*, project: Project, user, values: ProjectValues, indicators: list[IndicatorValues]) -> int:
    """Save one project's self-evaluation from the form: the department's editors, while it is a draft."""
    document = project.document
    assert_user_may(user, Action.EDIT, document)
    evaluation = _locked(document.selfevaluation)
    evaluation_assert_editable(evaluation=evaluation)
    prepared = project_evaluation_prepare(evaluation=evaluation, project=project, values=values, indicators=indicators)
    return prepared_write(evaluation=evaluation, prepared=[prepared], user=user, reason=CHANGE_REASON_FORM)


@transaction.atomic
def evaluation_transition(*, evaluation: SelfEvaluation, user, action: str, comment: str = "") -> EvaluationTransition:
    """Move the self-evaluation one step, with the same roles and statuses as the document's workflow."""
    transition = transition_get(action)
    assert_user_may(user, Action(transition.action), evaluation.document)
    locked = _locked(evaluation)
    transition_assert_from(transition=transition, subject=locked)
    if action == "submit":
        evaluation_assert_submittable(document=locked.document)
    comment = transition_comment(transition=transition, comment=comment)
    from_status = locked.status
    locked.status = transition.to_status
    locked._history_user = user
    locked._change_reason = str(transition.label)
    locked.save(update_fields=["status", "updated_at"])
    evaluation.status = locked.status
    return EvaluationTransition.objects.create(
        evaluation=locked, from_status=from_status, to_status=transition.to_status, user=user, comment=comment
    )
