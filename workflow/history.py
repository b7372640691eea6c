"""A project's change history as a person reads it: who changed what, when, from which value to which.

Built from django-simple-history's records of the project, its plan entries and its indicators (deleted
ones included), in a fixed number of queries whatever the length of the history.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import ForeignKey
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from projects.models import PlanEntry, Project
from projects.money import format_money

# Bookkeeping fields, and the indicator's parsed value, which only repeats 指标值 as typed.
HIDDEN_FIELDS = {"id", "revision", "updated_at", "project", "document", "comparator", "target_number", "unit"}
ACTIONS = {"+": gettext_lazy("新建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    user: str
    action: str  # 新建 / 修改 / 删除
    subject: str  # 项目, 资金支出计划 3月底, 三级指标“…”
    changes: list[FieldChange]
    reason: str


def project_history(*, project: Project) -> list[HistoryEntry]:
    """Newest first."""
    sources = [
        (Project, project.history.all(), lambda r: _("项目")),
        (
            PlanEntry,
            PlanEntry.history.filter(project_id=project.pk),
            lambda r: _("资金支出计划 %(month)s月底") % {"month": r.month},
        ),
        (
            Indicator,
            Indicator.history.filter(project_id=project.pk),
            lambda r: _("三级指标“%(name)s”") % {"name": r.name},
        ),
    ]
    entries = []
    for model, records, subject in sources:
        records = list(records.select_related("history_user").order_by("history_date", "history_id"))
        fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
        names = _related_names(fields, records)
        previous = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            changes = _changes(fields, names, before, record)
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    user=_user_label(record.history_user),
                    action=str(ACTIONS[record.history_type]),
                    subject=subject(record),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    # Records saved in the same instant keep their order: the project before its rows, older rows first.
    entries.reverse()
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _changes(fields, names, before, record) -> list[FieldChange]:
    changes = []
    for f in fields:
        new = _display(f, f.value_from_object(record), names)
        if record.history_type == "+" or before is None:
            old = ""
        else:
            old = _display(f, f.value_from_object(before), names)
        if record.history_type == "-":
            old, new = new, ""
        if old != new:
            changes.append(FieldChange(label=str(f.verbose_name), old=old, new=new))
    return changes


def _related_names(fields, records) -> dict:
    """Display names of every object the records point at, one query per kind of foreign key."""
    names = {}
    for f in fields:
        if isinstance(f, ForeignKey):
            ids = {f.value_from_object(r) for r in records} - {None}
            related = f.related_model.objects.filter(pk__in=ids)
            if f.related_model._meta.label == "indicators.Subcategory":
                related = related.select_related("category")
            names[f.name] = {obj.pk: str(obj) for obj in related}
    return names


def _display(f, value, names) -> str:
    if value is None or value == "":
        return ""
    if isinstance(f, ForeignKey):
        return names[f.name].get(value, str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, Decimal) and f.decimal_places == 2:
        return format_money(value)
    return str(value)


def _user_label(user) -> str:
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()
