"""The approval workflow: 草稿 → 已提交 → 已审核, or 已提交 → 退回 (editable again, with the reviewer's comment).

Who may take a step is decided by projects.access (role and department); which statuses a step leaves from is
decided here. Each step leaves a DocumentTransition saying who, when and why.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.access import Action, assert_user_may, user_may
from projects.models import Document, DocumentTransition
from projects.text import validate_plain_text
from review import rulebook

Status = Document.Status


@dataclass(frozen=True)
class Transition:
    action: str  # as it appears in the URL
    label: Promise
    from_statuses: tuple[str, ...]
    to_status: str
    comment_required: bool


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            action="submit",
            label=gettext_lazy("提交审核"),
            from_statuses=(Status.DRAFT, Status.RETURNED),
            to_status=Status.SUBMITTED,
            comment_required=False,
        ),
        Transition(
            action="approve",
            label=gettext_lazy("审核通过"),
            from_statuses=(Status.SUBMITTED,),
            to_status=Status.APPROVED,
            comment_required=False,
        ),
        Transition(
            action="return",
            label=gettext_lazy("退回修改"),
            from_statuses=(Status.SUBMITTED,),
            to_status=Status.RETURNED,
            comment_required=True,
        ),
    ]
}

# Rollover may start from a finished document or from this year's draft, never from one under review.
ROLLOVER_FROM_STATUSES = (Status.DRAFT, Status.APPROVED)


def user_may_rollover(*, document: Document, user) -> bool:
    """The department's own editors (填报人) start next year's document, from a draft or an approved one."""
    return user_may(user, Action.ROLLOVER, document) and document.status in ROLLOVER_FROM_STATUSES


def transition_get(action: str) -> Transition:
    """The step named in a URL or a command, or a Chinese ValidationError."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("未知的操作“%(action)s”。") % {"action": action}, code="unknown_action")
    return transition


def transition_assert_from(*, transition: Transition, subject) -> None:
    """The step leaves only from its statuses; subject is what moves (a document, a monitoring round)."""
    if subject.status not in transition.from_statuses:
        raise ValidationError(
            _("《%(doc)s》当前状态为“%(status)s”，不能%(action)s。")
            % {"doc": subject, "status": subject.get_status_display(), "action": transition.label},
            code="wrong_status",
        )


def transition_comment(*, transition: Transition, comment: str) -> str:
    """The comment as recorded: plain text, and present when the step needs one (a return)."""
    comment = comment.strip()
    try:
        validate_plain_text(comment, label=_("意见"))
    except ValidationError as exc:
        raise ValidationError({"comment": exc.error_list}) from None
    if transition.comment_required and not comment:
        raise ValidationError({"comment": _("退回时必须填写意见，说明需要修改的内容。")}, code="comment_required")
    return comment


def transitions_open(*, status: str, user, document: Document) -> list[Transition]:
    """The steps this user may take now from `status`, on the document or on something of it."""
    return [t for t in TRANSITIONS.values() if status in t.from_statuses and user_may(user, Action(t.action), document)]


@transaction.atomic
def document_transition(*, document: Document, user, action: str, comment: str = "") -> DocumentTransition:
    """Move the document one step, if the user's role and the document's status allow it, and record it."""
    transition = transition_get(action)
    assert_user_may(user, Action(transition.action), document)
    # The row lock makes two reviewers acting at once take turns; the second sees the first one's status.
    locked = Document.objects.select_for_update(of=("self",)).select_related("department").get(pk=document.pk)
    transition_assert_from(transition=transition, subject=locked)
    if action == "submit":
        rulebook.document_assert_submittable(document=locked)
    comment = transition_comment(transition=transition, comment=comment)
    from_status = locked.status
    locked.status = transition.to_status
    locked._history_user = user
    locked._change_reason = str(transition.label)
    locked.save(update_fields=["status", "updated_at"])
    document.status = locked.status
    return DocumentTransition.objects.create(
        document=locked, from_status=from_status, to_status=transition.to_status, user=user, comment=comment
    )


def document_submit(*, document: Document, user, comment: str = "") -> DocumentTransition:
    """部门审核人 of the document's department: 草稿 or 退回 → 已提交."""
    return document_transition(document=document, user=user, action="submit", comment=comment)


def document_approve(*, document: Document, user, comment: str = "") -> DocumentTransition:
    """财政局审核人: 已提交 → 已审核; the cover stops printing （草案）."""
    return document_transition(document=document, user=user, action="approve", comment=comment)


def document_return(*, document: Document, user, comment: str) -> DocumentTransition:
    """财政局审核人: 已提交 → 退回, with a comment the department sees; the document is editable again."""
    return document_transition(document=document, user=user, action="return", comment=comment)


@dataclass(frozen=True)
class WorkflowState:
    """What the status panel shows one user about one document."""

    document: Document
    transitions: list[DocumentTransition]
    return_comment: DocumentTransition | None
    actions: list[Transition]
    can_rollover: bool

    @property
    def comment_required_for(self) -> list[str]:
        """The steps offered that need a comment (退回修改), named in the label of the one comment box."""
        return [str(t.label) for t in self.actions if t.comment_required]


def workflow_state(*, document: Document, user) -> WorkflowState:
    transitions = list(document.transitions.select_related("user"))
    return_comment = None
    if document.status == Status.RETURNED:
        returns = [t for t in transitions if t.to_status == Status.RETURNED]
        return_comment = returns[-1] if returns else None
    actions = transitions_open(status=document.status, user=user, document=document)
    return WorkflowState(
        document=document,
        transitions=transitions,
        return_comment=return_comment,
        actions=actions,
        can_rollover=user_may_rollover(document=document, user=user),
    )
