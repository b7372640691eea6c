"""Writes to documents and projects. Every path that changes data (admin, browser forms, Excel import,
commands) goes through these functions, so the rules hold whichever door the change came in by."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from projects import rules
from projects.edit_lock import document_assert_editable
from projects.models import PlanEntry, Project


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
