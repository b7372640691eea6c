"""The self-evaluation's edit lock, the same rule as the document's (projects/edit_lock.py): only a draft (or a
self-evaluation returned for revision) may change.

Every ordinary ORM write of a project's or an indicator's self-evaluation row reaches the rule first: save()
and delete(), and their querysets' delete(), update(), bulk_create() and bulk_update(). The self-evaluation's
row is locked (SELECT … FOR UPDATE) inside the transaction, so a submission racing an edit waits for it.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from projects.text import PlainTextModel


def evaluation_assert_editable(*, evaluation) -> None:
    if not evaluation.is_editable:
        raise ValidationError(
            _("《%(evaluation)s》当前状态为“%(status)s”，只有草稿或退回的自评可以修改。")
            % {"evaluation": evaluation, "status": evaluation.get_status_display()},
            code="not_editable",
        )


def evaluations_lock_for_edit(*, condition: Q) -> list:
    """Lock the self-evaluations matching condition for the rest of the transaction; refuse if any is locked."""
    evaluations = apps.get_model("selfeval", "SelfEvaluation")._base_manager.filter(condition)
    evaluations = evaluations.select_related("document__department").order_by("pk")
    if connection.in_atomic_block:
        evaluations = evaluations.select_for_update(of=("self",))
    locked = list(evaluations)
    for evaluation in locked:
        evaluation_assert_editable(evaluation=evaluation)
    return locked


def _stored(model, rows: QuerySet) -> Q:
    return Q(pk__in=model._base_manager.filter(pk__in=rows.values("pk")).values("evaluation_id"))


class EvaluationContentQuerySet(QuerySet):
    def delete(self):
        evaluations_lock_for_edit(condition=_stored(self.model, self))
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        condition = _stored(self.model, self)
        target = kwargs.get("evaluation", kwargs.get("evaluation_id"))
        if target is not None:
            condition |= Q(pk=getattr(target, "pk", target))
        evaluations_lock_for_edit(condition=condition)
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs:
            evaluations_lock_for_edit(condition=Q(pk__in={obj.evaluation_id for obj in objs}))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if objs:
            stored = _stored(self.model, self.filter(pk__in=[obj.pk for obj in objs]))
            evaluations_lock_for_edit(condition=Q(pk__in={obj.evaluation_id for obj in objs}) | stored)
        return super().bulk_update(objs, fields, *args, **kwargs)


class EvaluationContent(PlainTextModel):
    """Base of the rows that belong to one self-evaluation (through their `evaluation` foreign key)."""

    objects = EvaluationContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        evaluations_lock_for_edit(condition=self._evaluations_touched())
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        evaluations_lock_for_edit(condition=self._evaluations_touched())
        return super().delete(*args, **kwargs)

    delete.alters_data = True

    def _evaluations_touched(self) -> Q:
        condition = Q(pk=self.evaluation_id)
        if self.pk is not None and not self._state.adding:
            condition |= _stored(type(self), type(self)._base_manager.filter(pk=self.pk))
        return condition
