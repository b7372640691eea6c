"""Helpers for testing that a locked (submitted or approved) document cannot change by any path.

from tests.edit_lock import lock, assert_document_unchanged

def test_import_refuses_a_submitted_document(seed, ...):
    lock(seed)
    with assert_document_unchanged(seed):
        ...  # post the form / run the import
"""

from contextlib import contextmanager

from indicators.models import Indicator
from projects.models import DepartmentGoal, Document, PlanEntry, Project


def lock(document: Document, status: str = Document.Status.SUBMITTED) -> Document:
    """Put the document into a locked status directly, as if the workflow had."""
    document.status = status
    document.save(update_fields=["status"])
    return document


def document_snapshot(document: Document) -> dict:
    """Everything the edit lock protects, as plain values."""
    projects = Project.objects.filter(document=document)
    return {
        "document": Document.objects.filter(pk=document.pk).values().get(),
        "goals": list(DepartmentGoal.objects.filter(document=document).values().order_by("pk")),
        "projects": list(projects.values().order_by("pk")),
        "plans": list(PlanEntry.objects.filter(project__in=projects).values().order_by("pk")),
        "indicators": list(Indicator.objects.filter(project__in=projects).values().order_by("pk")),
    }


@contextmanager
def assert_document_unchanged(document: Document):
    before = document_snapshot(document)
    yield
    assert document_snapshot(document) == before
