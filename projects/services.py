"""Writes to documents and projects from the browser forms, each in one transaction and against the revision
the user started from. The rules that every path must meet (the edit lock, single-row constraints) live in the
models, so the admin, the Excel import (workbooks.importer), the rollover and the shell meet them too; the
cross-field rules they share are in projects.rules."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator
from indicators.ordering import indicators_regrouped
from projects import rules
from projects.edit_lock import document_assert_editable
from projects.models import DepartmentGoal, Document, PlanEntry, Project


def plan_errors_for(*, project: Project, amounts: Mapping[int, Decimal | None]) -> dict[int, list[str]]:
    return rules.check_plan(project.budget, amounts, project.document.checkpoint_months)


@transaction.atomic
def project_set_plan(*, project: Project, amounts: Mapping[int, Decimal | None]) -> None:
    """Replace a project's spending plan; blank checkpoints (None) have no row."""
    document_assert_editable(document=project.document)
    errors = plan_errors_for(project=project, amounts=amounts)
    if errors:
        raise ValidationError({"plan": [msg for month in sorted(errors) for msg in errors[month]]})
    project.plan_entries.all().delete()
    bulk_create_with_history(
        [
            PlanEntry(project=project, month=month, amount=amount)
            for month, amount in sorted(amounts.items())
            if amount is not None
        ],
        PlanEntry,
    )


class StaleRevisionError(Exception):
    """Someone else saved the object after the user loaded it; their save must not be overwritten silently."""

    def __init__(self, *, expected: int, current: int):
        super().__init__(f"revision {expected} is stale, the current revision is {current}")
        self.expected = expected
        self.current = current


def _lock_editable_document(*, pk: int) -> Document:
    """Lock the document row so a concurrent submit cannot slip in between the check and the write."""
    document = Document.objects.select_for_update().select_related("department").get(pk=pk)
    document_assert_editable(document=document)
    return document


def revision_claim(model, *, pk: int, expected: int | None) -> int:
    """Compare-and-swap on `revision`: only the save that started from the current revision moves it on."""
    claimed = model.objects.filter(pk=pk, revision=expected).update(revision=F("revision") + 1)
    if not claimed:
        current = model.objects.filter(pk=pk).values_list("revision", flat=True).get()
        raise StaleRevisionError(expected=expected if expected is not None else -1, current=current)
    return expected + 1


def _same_values(a, b, fields: Sequence[str]) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in fields)


INDICATOR_FIELDS = (
    "subcategory_id",
    "name",
    "description",
    "value_text",
    "basis",
    "position",
    "origin",
    "library_entry_id",
)
GOAL_FIELDS = ("kind", "text", "position")


def _write_rows(*, stored, rows, removed, fields: Sequence[str]) -> None:
    """Delete the removed child rows, then save only the rows whose values differ from what is stored,
    so the history records real changes only."""
    stored = {row.pk: row for row in stored}
    for row in removed:
        if row.pk in stored:
            row.delete()
    for row in rows:
        if row.pk in stored and _same_values(row, stored[row.pk], fields):
            continue
        row.full_clean()
        row.save()


@transaction.atomic
def project_save(
    *,
    project: Project,
    expected_revision: int | None,
    amounts: Mapping[int, Decimal | None],
    indicators: Sequence[Indicator],
    removed_indicators: Sequence[Indicator] = (),
) -> Project:
    """Save a project with its spending plan and indicator rows as one change.

    `indicators` is the full list of rows to keep, in the order the user gave; they are regrouped so each
    一级 and 二级 prints as one block (indicators.ordering), positions are renumbered 1, 2, 3 … from that, and
    only rows that really changed are written (so history shows real edits only).
    """
    _lock_editable_document(pk=project.document_id)
    if project.pk is None:
        last = Project.objects.filter(document_id=project.document_id).aggregate(last=Max("position"))["last"]
        project.position = (last or 0) + 1
        project.revision = 0
    else:
        project.revision = revision_claim(Project, pk=project.pk, expected=expected_revision)
    project.full_clean()
    project.save()
    wanted = {month: amount for month, amount in amounts.items() if amount is not None}
    if wanted != {e.month: e.amount for e in PlanEntry.objects.filter(project=project)}:
        project_set_plan(project=project, amounts=amounts)
    elif errors := plan_errors_for(project=project, amounts=amounts):
        # An unchanged plan can still stop fitting, e.g. when only 预算数 changed.
        raise ValidationError({"plan": [msg for month in sorted(errors) for msg in errors[month]]})

    indicators = indicators_regrouped(indicators)
    for position, indicator in enumerate(indicators, 1):
        indicator.project = project
        indicator.position = position
    _write_rows(
        stored=Indicator.objects.filter(project=project),
        rows=indicators,
        removed=removed_indicators,
        fields=INDICATOR_FIELDS,
    )
    return project


@transaction.atomic
def document_update(
    *,
    document: Document,
    expected_revision: int | None,
    goals: Mapping[str, Sequence[DepartmentGoal]],
    removed_goals: Sequence[DepartmentGoal] = (),
) -> Document:
    """Save the cover texts, checkpoint months and the three goal lists of a document as one change.

    Each list in `goals` (keyed by DepartmentGoal.Kind) is the full list in print order; positions are
    renumbered from it and unchanged goals are not written.
    """
    _lock_editable_document(pk=document.pk)
    document.revision = revision_claim(Document, pk=document.pk, expected=expected_revision)
    document.full_clean()
    document.save()

    for kind, items in goals.items():
        for position, goal in enumerate(items, 1):
            goal.document = document
            goal.kind = kind
            goal.position = position
    _write_rows(
        stored=DepartmentGoal.objects.filter(document=document),
        rows=[goal for items in goals.values() for goal in items],
        removed=removed_goals,
        fields=GOAL_FIELDS,
    )
    return document


@transaction.atomic
def project_delete(*, project: Project, expected_revision: int) -> None:
    """Remove a project with its plan and indicators, unless someone changed it since the user looked at it."""
    _lock_editable_document(pk=project.document_id)
    revision_claim(Project, pk=project.pk, expected=expected_revision)
    project.delete()
