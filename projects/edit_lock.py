"""The edit lock: only a draft (or a document returned for revision) may change.

document_assert_editable is the rule. The base class and querysets below make every ordinary ORM write
reach it before anything is written: save() and delete() of goals, projects, plan entries and indicators,
their querysets' delete(), update(), bulk_create() and bulk_update(), and any change to a document other
than its status — whichever door the change came in by: admin, browser forms, the Excel importer, commands
or the shell. Fixtures (loaddata) restore rows as they were and are not edits.

The documents' rows are locked (SELECT … FOR UPDATE) inside a transaction, so a submission racing an edit
waits for it rather than approving a document that is changing under the reviewer.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from projects.signals import document_changed_on_commit
from projects.text import PlainTextModel

# What may still change on a locked document: the workflow moves the status; bookkeeping follows any save.
DOCUMENT_FIELDS_FREE_WHEN_LOCKED = frozenset({"status", "revision", "updated_at"})


def document_assert_editable(*, document) -> None:
    """Only a draft (or a document returned for revision) may change."""
    if not document.is_editable:
        raise ValidationError(
            _("《%(doc)s》当前状态为“%(status)s”，只有草稿或退回的文档可以修改。")
            % {"doc": document, "status": document.get_status_display()},
            code="not_editable",
        )


def _document_model():
    return apps.get_model("projects", "Document")


def documents_lock_for_edit(*, documents: QuerySet) -> list:
    """Lock the given documents for the rest of the transaction and refuse if any of them may not change."""
    documents = documents.select_related("department").order_by("pk")
    if connection.in_atomic_block:
        documents = documents.select_for_update(of=("self",))
    locked = list(documents)
    for document in locked:
        document_assert_editable(document=document)
        document_changed_on_commit(document.pk)
    return locked


def _parent_field(model) -> str:
    return model.document_path.partition("__")[0]


def _parent_documents(model, parent_ids: set) -> Q:
    """The documents that rows whose parent (document or project) is one of parent_ids belong to."""
    rest = model.document_path.partition("__")[2]
    if not rest:
        return Q(pk__in=parent_ids)
    parent_model = model._meta.get_field(_parent_field(model)).related_model
    return Q(pk__in=parent_model._base_manager.filter(pk__in=parent_ids).values(rest))


def _parents_of(model, objs) -> set:
    return {getattr(obj, f"{_parent_field(model)}_id") for obj in objs}


def _stored_documents(model, rows: QuerySet) -> Q:
    """The documents that stored rows belong to now."""
    return Q(pk__in=model._base_manager.filter(pk__in=rows.values("pk")).values(model.document_path))


def _lock(condition: Q) -> None:
    documents_lock_for_edit(documents=_document_model()._base_manager.filter(condition))


class DocumentContentQuerySet(QuerySet):
    """Bulk writes to document content check every document they touch, in one query."""

    def delete(self):
        _lock(_stored_documents(self.model, self))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        condition = _stored_documents(self.model, self)
        parent = _parent_field(self.model)
        if parent in kwargs or f"{parent}_id" in kwargs:
            # Moving rows to another document changes that one too.
            target = kwargs.get(parent, kwargs.get(f"{parent}_id"))
            condition |= _parent_documents(self.model, {getattr(target, "pk", target)})
        _lock(condition)
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs:
            _lock(_parent_documents(self.model, _parents_of(self.model, objs)))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if objs:
            pks = [obj.pk for obj in objs]
            stored = _stored_documents(self.model, self.filter(pk__in=pks))
            _lock(_parent_documents(self.model, _parents_of(self.model, objs)) | stored)
        return super().bulk_update(objs, fields, *args, **kwargs)


class DocumentContent(PlainTextModel):
    """Base of the models whose rows are part of a document's content.

    document_path is the lookup from the model to its document ("document", "project__document").
    """

    document_path = "document"

    objects = DocumentContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _lock(self._documents_touched())
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        # A cascade from here only reaches content of the same document, so one check covers it all.
        _lock(self._documents_touched())
        return super().delete(*args, **kwargs)

    delete.alters_data = True

    def _documents_touched(self) -> Q:
        condition = _parent_documents(type(self), _parents_of(type(self), [self]))
        if self.pk is not None and not self._state.adding:
            # A row moved from a locked document to a draft one changes the locked one too.
            condition |= _stored_documents(type(self), type(self)._base_manager.filter(pk=self.pk))
        return condition


class DocumentQuerySet(QuerySet):
    def delete(self):
        documents_lock_for_edit(documents=self.model._base_manager.filter(pk__in=self.values("pk")))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        if set(kwargs) - DOCUMENT_FIELDS_FREE_WHEN_LOCKED:
            documents_lock_for_edit(documents=self.model._base_manager.filter(pk__in=self.values("pk")))
        return super().update(**kwargs)

    update.alters_data = True


def document_assert_save_allowed(document, update_fields=None) -> None:
    """A locked document may still change status; any other field is content and stays as it is."""
    if document._state.adding or document.pk is None:
        return
    stored = type(document)._base_manager.filter(pk=document.pk).select_related("department")
    if connection.in_atomic_block:
        stored = stored.select_for_update(of=("self",))
    stored = stored.first()
    if stored is None or stored.is_editable:
        return
    fields = [f for f in type(document)._meta.concrete_fields if f.name not in DOCUMENT_FIELDS_FREE_WHEN_LOCKED]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if any(f.value_from_object(document) != f.value_from_object(stored) for f in fields):
        document_assert_editable(document=stored)
