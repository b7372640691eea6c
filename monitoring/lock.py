"""The monitoring round's edit lock, built like projects.edit_lock: only a draft (or returned) round may change.

Every ordinary ORM write of a round's rows reaches round_assert_editable first: save() and delete(), and the
querysets' update(), delete(), bulk_create() and bulk_update(), so the admin, the form, the Excel import and the
shell meet the same rule. The 整改 exchange is the exception: the bureau asks for corrections on a submitted or
approved round and the department answers, so those two fields stay writable (by their own service).
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from projects.text import PlainTextModel

# What may change on a locked round: the workflow moves its status; the 整改 exchange happens after submission.
ROUND_FIELDS_FREE_WHEN_LOCKED = frozenset({"status", "revision", "updated_at"})
CONTENT_FIELDS_FREE_WHEN_LOCKED = frozenset({"correction_request", "correction_result"})


def round_assert_editable(*, round) -> None:
    """Only a draft (or a round returned for revision) may change."""
    if not round.is_editable:
        raise ValidationError(
            _("《%(round)s》当前状态为“%(status)s”，只有草稿或退回的运行监控可以修改。")
            % {"round": round, "status": round.get_status_display()},
            code="not_editable",
        )


def _round_model():
    return apps.get_model("monitoring", "MonitoringRound")


def rounds_lock_for_edit(*, rounds: QuerySet) -> list:
    """Lock the rounds for the rest of the transaction and refuse if any of them may not change."""
    rounds = rounds.select_related("document__department").order_by("pk")
    if connection.in_atomic_block:
        rounds = rounds.select_for_update(of=("self",))
    locked = list(rounds)
    for found in locked:
        round_assert_editable(round=found)
    return locked


def _lock(condition: Q) -> None:
    rounds_lock_for_edit(rounds=_round_model()._base_manager.filter(condition))


def _parent_field(model) -> str:
    return model.round_path.partition("__")[0]


def _parent_rounds(model, parent_ids: set) -> Q:
    rest = model.round_path.partition("__")[2]
    if not rest:
        return Q(pk__in=parent_ids)
    parent_model = model._meta.get_field(_parent_field(model)).related_model
    return Q(pk__in=parent_model._base_manager.filter(pk__in=parent_ids).values(rest))


def _stored_rounds(model, rows: QuerySet) -> Q:
    return Q(pk__in=model._base_manager.filter(pk__in=rows.values("pk")).values(model.round_path))


def _only_free(fields) -> bool:
    return bool(fields) and set(fields) <= CONTENT_FIELDS_FREE_WHEN_LOCKED


class RoundContentQuerySet(QuerySet):
    def delete(self):
        _lock(_stored_rounds(self.model, self))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        if not _only_free(kwargs):
            _lock(_stored_rounds(self.model, self))
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs:
            parent = _parent_field(self.model)
            _lock(_parent_rounds(self.model, {getattr(obj, f"{parent}_id") for obj in objs}))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if objs and not _only_free(fields):
            _lock(_stored_rounds(self.model, self.filter(pk__in=[obj.pk for obj in objs])))
        return super().bulk_update(objs, fields, *args, **kwargs)


class RoundContent(PlainTextModel):
    """Base of the rows that belong to a round; round_path is the lookup from the model to its round."""

    round_path = "round"

    objects = RoundContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._changes_content(kwargs.get("update_fields")):
            parent = _parent_field(type(self))
            _lock(_parent_rounds(type(self), {getattr(self, f"{parent}_id")}))
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        _lock(_stored_rounds(type(self), type(self)._base_manager.filter(pk=self.pk)))
        return super().delete(*args, **kwargs)

    delete.alters_data = True

    def _changes_content(self, update_fields) -> bool:
        if self._state.adding or self.pk is None:
            return True
        if update_fields is not None and _only_free(update_fields):
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).first()
        if stored is None:
            return True
        fields = [f for f in self._meta.concrete_fields if f.name not in CONTENT_FIELDS_FREE_WHEN_LOCKED]
        return any(f.value_from_object(self) != f.value_from_object(stored) for f in fields)


class RoundQuerySet(QuerySet):
    def delete(self):
        rounds_lock_for_edit(rounds=self.model._base_manager.filter(pk__in=self.values("pk")))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        if set(kwargs) - ROUND_FIELDS_FREE_WHEN_LOCKED:
            rounds_lock_for_edit(rounds=self.model._base_manager.filter(pk__in=self.values("pk")))
        return super().update(**kwargs)

    update.alters_data = True


def round_assert_save_allowed(round, update_fields=None) -> None:
    """A locked round may still change status; its month stays as it is."""
    if round._state.adding or round.pk is None:
        return
    stored = type(round)._base_manager.filter(pk=round.pk).select_related("document__department").first()
    if stored is None or stored.is_editable:
        return
    fields = [f for f in type(round)._meta.concrete_fields if f.name not in ROUND_FIELDS_FREE_WHEN_LOCKED]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if any(f.value_from_object(round) != f.value_from_object(stored) for f in fields):
        round_assert_editable(round=stored)
