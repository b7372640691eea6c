"""What another person changed while a user was editing.

An edit page carries a signed snapshot of what the user saw. When their save is refused because the revision
moved on, the snapshot is compared with the stored data so the page can say exactly what changed — whether
or not the earlier versions have history records (data loaded from fixtures has none).
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from projects.models import DepartmentGoal, Document, Project
from projects.money import format_money

PROJECT_FIELDS = ("unit", "code", "name", "budget", "fiscal_funds", "other_funds", "purpose", "goal")
DOCUMENT_FIELDS = ("prepared_by", "approving_authority", "checkpoint_months")


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str
    # The form fields this change shows in, as (row id, field name) with row id "" for the main form.
    fields: tuple[tuple[str, str], ...] = ()
    # Whether the user changed one of those fields too, so their input and the other person's collide.
    by_both: bool = False


@dataclass(frozen=True)
class Conflict:
    """Who saved last and when, and what differs from what the user started from."""

    changed_by: str
    changed_at: object
    changes: list[Change]

    @property
    def changed_by_both(self) -> list[Change]:
        return [change for change in self.changes if change.by_both]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def project_snapshot(project: Project) -> dict:
    """What the editor shows of a project, as plain strings (expects indicators with their categories loaded)."""
    fields = {name: _text(getattr(project, name)) for name in PROJECT_FIELDS}
    for name in ("budget", "fiscal_funds", "other_funds"):
        fields[name] = format_money(getattr(project, name))
    return {
        "fields": fields,
        "plan": {str(e.month): format_money(e.amount) for e in project.plan_entries.all()},
        "indicators": [
            {
                "id": i.pk,
                "name": i.name,
                "category": f"{i.subcategory.category.name} / {i.subcategory.name}",
                "description": i.description,
                "value_text": i.value_text,
                "basis": i.basis_display,
            }
            for i in project.indicators.select_related("subcategory__category").order_by("position", "id")
        ],
    }


def document_snapshot(document: Document) -> dict:
    goals: dict[str, list[str]] = {kind: [] for kind in DepartmentGoal.Kind.values}
    for goal in document.goals.order_by("position", "id"):
        goals[goal.kind].append(goal.text)
    return {"fields": {name: _text(getattr(document, name)) for name in DOCUMENT_FIELDS}, "goals": goals}


# Indicator values in the snapshot and the editor's fields they are typed in.
INDICATOR_FIELDS = {
    "name": ("name",),
    "category": ("category", "subcategory_name"),
    "description": ("description",),
    "value_text": ("value_text",),
    "basis": ("basis", "basis_note"),
}


def _field_changes(model, before: dict, after: dict) -> list[Change]:
    return [
        Change(_field_label(model, name), before.get(name, ""), value, (("", name),))
        for name, value in after.items()
        if before.get(name, "") != value
    ]


def _flag_changed_by_both(changes: list[Change], both: set[tuple[str, str]]) -> list[Change]:
    return [replace(change, by_both=any(key in both for key in change.fields)) for change in changes]


def _indicator_changes(before: list[dict], after: list[dict]) -> list[Change]:
    changes = []
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    labels = {
        "name": _("三级指标"),
        "category": _("一级/二级指标"),
        "description": _("绩效指标描述"),
        "value_text": _("指标值"),
        "basis": _("指标值确定依据"),
    }
    for row in before:
        if row["id"] not in new:
            changes.append(Change(_("删除指标“%(name)s”") % {"name": row["name"]}, row["value_text"], ""))
    for row in after:
        if row["id"] not in old:
            changes.append(Change(_("新增指标“%(name)s”") % {"name": row["name"]}, "", row["value_text"]))
            continue
        for key, label in labels.items():
            if old[row["id"]][key] != row[key]:
                what = _("指标“%(name)s”的%(field)s") % {"name": old[row["id"]]["name"], "field": label}
                fields = tuple((str(row["id"]), name) for name in INDICATOR_FIELDS[key])
                changes.append(Change(what, old[row["id"]][key], row[key], fields))
    kept_before = [row["id"] for row in before if row["id"] in new]
    kept_after = [row["id"] for row in after if row["id"] in old]
    if kept_before != kept_after:
        names = {row["id"]: row["name"] for row in after}
        changes.append(
            Change(
                _("指标顺序"),
                "、".join(names[pk] for pk in kept_before),
                "、".join(names[pk] for pk in kept_after),
            )
        )
    return changes


def _last_editor(obj) -> tuple[str, object]:
    record = obj.history.select_related("history_user").order_by("-history_date").first()
    if record is None or record.history_user is None:
        return "", getattr(obj, "updated_at", None)
    user = record.history_user
    return user.get_full_name() or user.get_username(), record.history_date


def project_conflict(project: Project, before: dict | None, both: set[tuple[str, str]] = frozenset()) -> Conflict:
    """The differences between the snapshot the user started from and the project as stored now; `both` names
    the fields the user changed too (projects.forms.changed_by_both)."""
    after = project_snapshot(project)
    before = before or {"fields": {}, "plan": {}, "indicators": []}
    changes = _field_changes(Project, before["fields"], after["fields"])
    for month in project.document.checkpoint_months:
        old, new = before["plan"].get(str(month), ""), after["plan"].get(str(month), "")
        if old != new:
            month_label = _("资金支出计划%(month)s月底") % {"month": month}
            changes.append(Change(month_label, old, new, (("", f"plan_{month}"),)))
    changes += _indicator_changes(before["indicators"], after["indicators"])
    who, when = _last_editor(project)
    return Conflict(changed_by=who, changed_at=when, changes=_flag_changed_by_both(changes, both))


def document_conflict(document: Document, before: dict | None, both: set[tuple[str, str]] = frozenset()) -> Conflict:
    after = document_snapshot(document)
    before = before or {"fields": {}, "goals": {}}
    changes = _field_changes(Document, before["fields"], after["fields"])
    goal_ids: dict[str, list[int]] = {kind: [] for kind in DepartmentGoal.Kind.values}
    for pk, kind in document.goals.values_list("pk", "kind"):
        goal_ids[kind].append(pk)
    for kind in DepartmentGoal.Kind:
        old, new = before["goals"].get(kind.value, []), after["goals"][kind.value]
        if old != new:
            fields = tuple((str(pk), "text") for pk in goal_ids[kind.value])
            changes.append(Change(str(kind.label), "\n".join(old), "\n".join(new), fields))
    who, when = _last_editor(document)
    return Conflict(changed_by=who, changed_at=when, changes=_flag_changed_by_both(changes, both))
