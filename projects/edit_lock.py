"""The edit lock: only a draft (or returned) document's content may change.

The rule itself is services.document_assert_editable. This module makes every ordinary ORM write reach it:
save() and delete() of a document's goals, projects, plan entries and indicators, and changes to a document
other than its status, whichever door they came in by — admin, browser forms, commands or the shell. Bulk
writes (bulk_create, bulk_update, QuerySet.update) send no signals; code that uses them calls
documents_lock_for_edit() first, as the importer and the rollover do.

The document rows are locked (SELECT … FOR UPDATE) inside a transaction, so a submission that races an edit
waits for it instead of approving a document that is changing under the reviewer.
"""

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import pre_delete, pre_save

from projects.models import Document
from projects.services import document_assert_editable

# Fields of a document that may change after submission: the workflow moves the status, and the
# bookkeeping fields follow any save.
DOCUMENT_FIELDS_FREE_WHEN_LOCKED = {"status", "revision", "updated_at"}

# How each kind of content reaches its document, as a lookup path.
CONTENT_DOCUMENT_PATHS = {
    "projects.DepartmentGoal": "document",
    "projects.Project": "document",
    "projects.PlanEntry": "project__document",
    "indicators.Indicator": "project__document",
}


def documents_lock_for_edit(*, documents: QuerySet[Document]) -> list[Document]:
    """Lock the given documents for the rest of the transaction and refuse if any of them may not change."""
    documents = documents.select_related("department").order_by("pk")
    if connection.in_atomic_block:
        documents = documents.select_for_update(of=("self",))
    locked = list(documents)
    for document in locked:
        document_assert_editable(document=document)
    return locked


def _documents_of(instance: Model) -> QuerySet[Document]:
    """The document the instance is about to belong to and, for a stored row, the one it belongs to now."""
    model = type(instance)
    path = CONTENT_DOCUMENT_PATHS[model._meta.label]
    parent, _, rest = path.partition("__")
    parent_id = getattr(instance, f"{parent}_id")
    if rest:
        parent_model = model._meta.get_field(parent).related_model
        condition = Q(pk__in=parent_model.objects.filter(pk=parent_id).values(rest))
    else:
        condition = Q(pk=parent_id)
    if instance.pk is not None and not instance._state.adding:
        # A row moved from a locked document to a draft one changes the locked one too.
        condition |= Q(pk__in=model.objects.filter(pk=instance.pk).values(path))
    return Document.objects.filter(condition)


def _content_pre_save(sender, instance, raw=False, **kwargs):
    # Fixtures (raw saves) restore data as it was; they are not edits.
    if not raw:
        documents_lock_for_edit(documents=_documents_of(instance))


def _is_guarded(model) -> bool:
    return model is Document or model._meta.label in CONTENT_DOCUMENT_PATHS


def _covered_by_origin(instance, origin) -> bool:
    """True when the delete began at another guarded object (or queryset) whose own check covers this row:
    deleting a document or a project only ever cascades to content of that same document."""
    if isinstance(origin, Model):
        return origin is not instance and _is_guarded(type(origin))
    if isinstance(origin, QuerySet):
        return type(instance) is not origin.model and _is_guarded(origin.model)
    return False


def _content_pre_delete(sender, instance, origin=None, **kwargs):
    if not _covered_by_origin(instance, origin):
        documents_lock_for_edit(documents=_documents_of(instance))


def _document_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = Document.objects.filter(pk=instance.pk)
    if connection.in_atomic_block:
        stored = stored.select_for_update(of=("self",))
    stored = stored.select_related("department").first()
    if stored is None or stored.is_editable:
        return
    fields = [f for f in Document._meta.concrete_fields if f.name not in DOCUMENT_FIELDS_FREE_WHEN_LOCKED]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if any(f.value_from_object(instance) != f.value_from_object(stored) for f in fields):
        document_assert_editable(document=stored)


def _document_pre_delete(sender, instance, origin=None, **kwargs):
    if not _covered_by_origin(instance, origin):
        documents_lock_for_edit(documents=Document.objects.filter(pk=instance.pk))


def connect() -> None:
    for label in CONTENT_DOCUMENT_PATHS:
        pre_save.connect(_content_pre_save, sender=label, dispatch_uid=f"edit_lock_save_{label}")
        pre_delete.connect(_content_pre_delete, sender=label, dispatch_uid=f"edit_lock_delete_{label}")
    pre_save.connect(_document_pre_save, sender=Document, dispatch_uid="edit_lock_save_document")
    pre_delete.connect(_document_pre_delete, sender=Document, dispatch_uid="edit_lock_delete_document")
