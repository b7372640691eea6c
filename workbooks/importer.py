"""Importing a workbook: read and check everything, compare with what is stored, then write it in one
transaction with bulk operations (history kept), or, for a dry run, only say what would change.

A document is matched by department code and year, its projects by 项目编码, goals by 类别 and order, plan
amounts by month and indicators by their order within a project. Whatever the workbook no longer has is
removed, so after an import the document is exactly what the workbook says.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.models import Indicator
from indicators.ordering import indicators_regrouped
from projects.access import Action, user_may
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, PlanEntry, Project
from projects.numbering import item_label
from projects.services import document_assert_editable
from workbooks import format as fmt
from workbooks.reader import WORKBOOK, Problem, WorkbookData, WorkbookInvalid, read_workbook

CHANGE_REASON = "Excel导入"
# expected_revision for a preview that found no stored document: confirming fails if one appeared since.
NEW_DOCUMENT = -1
# Keeps `pk IN (...)` lists under SQLite's limit on query parameters.
ID_CHUNK = 900

PROJECT_FIELDS = {
    "unit_id": gettext_lazy("预算单位"),
    "name": gettext_lazy("项目名称"),
    "budget": gettext_lazy("预算数"),
    "fiscal_funds": gettext_lazy("财政资金"),
    "other_funds": gettext_lazy("其他资金"),
    "purpose": gettext_lazy("资金用途"),
    "goal": gettext_lazy("绩效目标"),
    "position": gettext_lazy("顺序"),
}
INDICATOR_FIELDS = (
    "subcategory_id",
    "name",
    "description",
    "value_text",
    "comparator",
    "target_number",
    "unit",
    "basis",
    "position",
)
# The indicator fields a person reads in the preview; sign, number and unit are parts of 指标值.
INDICATOR_SHOWN_FIELDS = {
    "subcategory_id": gettext_lazy("二级指标"),
    "name": gettext_lazy("三级指标"),
    "description": gettext_lazy("绩效指标描述"),
    "value_text": gettext_lazy("指标值"),
    "basis": gettext_lazy("指标值确定依据"),
}
DOCUMENT_FIELDS = {
    "prepared_by": gettext_lazy("编制单位"),
    "approving_authority": gettext_lazy("审核单位"),
    "framework_id": gettext_lazy("指标体系"),
}


@dataclass(frozen=True)
class Diff:
    """One changed field of a changed object, as the preview shows it: 预算数 7.70 → 8.00."""

    label: str
    old: str
    new: str


def shown(value) -> str:
    """A stored or imported value as the preview prints it; amounts with two places, blanks named."""
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


@dataclass(frozen=True)
class Change:
    action: str  # created | changed | removed
    what: str
    detail: str = ""
    diffs: tuple[Diff, ...] = ()

    @property
    def action_label(self) -> str:
        return {"created": _("新增"), "changed": _("修改"), "removed": _("删除")}[self.action]

    def __str__(self) -> str:
        return f"{self.action_label} {self.what}" + (f"（{self.detail}）" if self.detail else "")


@dataclass
class ImportResult:
    document: str
    department_code: str
    year: int
    revision: int  # of the stored document before the import, NEW_DOCUMENT if there was none
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def summary(self) -> str:
        return _("新增 %(created)s 项，修改 %(changed)s 项，删除 %(removed)s 项。") % {
            "created": self.count("created"),
            "changed": self.count("changed"),
            "removed": self.count("removed"),
        }


def _chunks(ids: list, size: int = ID_CHUNK) -> Iterable[list]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _delete_with_history(model: type[models.Model], objs: list, *, user, now) -> None:
    """Delete rows keeping a "-" history record for each, in a few queries rather than one per row.

    QuerySet.delete() would let simple-history write one history row per object; here the history rows
    are bulk-created and the delete runs without per-object signals. Children are deleted by the caller first.
    """
    if not objs:
        return
    history = model.history.model
    history.objects.bulk_create(
        history(
            history_date=now,
            history_user=user,
            history_change_reason=CHANGE_REASON,
            history_type="-",
            **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields},
        )
        for obj in objs
    )
    for ids in _chunks([obj.pk for obj in objs]):
        model.objects.filter(pk__in=ids)._raw_delete(model.objects.db)


class _Plan:
    """What the import will do, worked out from stored rows loaded in a fixed number of queries.

    Each step notes its changes and queues the bulk writes; nothing is written until all steps have run, and
    then only if something changed.
    """

    def __init__(self, data: WorkbookData, *, user, now):
        self.data, self.user, self.now = data, user, now
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.warnings: list[str] = list(data.warnings)
        self.writes: list[Callable[[], None]] = []
        self.department = Department.objects.filter(code=data.department_code).first()
        self.document = None
        if self.department:
            self.document = (
                Document.objects.select_for_update()
                .select_related("department", "framework")
                .filter(department=self.department, year=data.year)
                .first()
            )
        self.stored_revision = self.document.revision if self.document else None
        self.units = {u.code: u for u in BudgetUnit.objects.filter(code__in=data.units).select_related("department")}
        self.goals, self.projects, self.plan_entries, self.indicators = [], {}, {}, {}
        if self.document:
            self.goals = list(self.document.goals.order_by("position", "id"))
            self.projects = {p.code: p for p in self.document.projects.select_related("unit")}
            for entry in PlanEntry.objects.filter(project__document=self.document):
                self.plan_entries.setdefault(entry.project_id, {})[entry.month] = entry
            stored_indicators = (
                Indicator.objects.filter(project__document=self.document)
                .select_related("subcategory")
                .order_by("position", "id")
            )
            for indicator in stored_indicators:
                self.indicators.setdefault(indicator.project_id, []).append(indicator)

    def note(self, action: str, what: str, detail: str = "", diffs=()) -> None:
        self.changes.append(Change(action, what, detail, tuple(diffs)))

    def check_user(self, user) -> None:
        """The same decision as every other path: may this user import into this department's document? An
        import names its department by code; creating or renaming a department stays with those who may do
        so in the admin, so a department's name in the workbook must match the stored one."""
        refused = Problem(WORKBOOK, _("您不能导入部门“%(code)s”的绩效文本。") % {"code": self.data.department_code})
        if self.department is None:
            if not user.has_perm("projects.add_department"):
                self.problems.append(refused)
            return
        target = self.document or Document(department=self.department, year=self.data.year)
        if not user_may(user, Action.IMPORT, target):
            self.problems.append(refused)
        elif self.department.name != self.data.department_name and not user.has_perm("projects.change_department"):
            self.problems.append(
                Problem(
                    self.data.department_name_cell,
                    _("部门名称“%(name)s”与系统中部门 %(code)s 的名称“%(stored)s”不一致；部门名称只能由管理员修改。")
                    % {"name": self.data.department_name, "code": self.department.code, "stored": self.department.name},
                )
            )

    def check(self, *, expected_revision: int | None) -> None:
        """Refusals that depend on what is stored: a locked document, a stale preview, another department's unit."""
        if self.document:
            try:
                document_assert_editable(document=self.document)
            except ValidationError as exc:
                self.problems.extend(Problem(fmt.DOCUMENT_SHEET, message) for message in exc.messages)
        stale = (self.document.revision if self.document else NEW_DOCUMENT) != expected_revision
        if expected_revision is not None and stale:
            self.problems.append(
                Problem(fmt.DOCUMENT_SHEET, _("预览之后该文档已被其他人修改，请重新上传并核对预览后再确认。"))
            )
        for code, unit in self.units.items():
            if unit.department.code != self.data.department_code:
                self.problems.append(
                    Problem(
                        fmt.PROJECTS_SHEET,
                        _("单位编码“%(code)s”已属于部门“%(dept)s”，不能用于部门“%(mine)s”。")
                        % {"code": code, "dept": unit.department, "mine": self.data.department_code},
                    )
                )

    def run(self, *, write: bool) -> None:
        department = self._department()
        units = self._units(department)
        document = self._document(department)
        self._goals(document)
        self._projects(document, units)
        if write and self.changes:
            for step in self.writes:
                step()

    def _history(self) -> dict:
        return {"default_user": self.user, "default_change_reason": CHANGE_REASON}

    def _department(self) -> Department:
        data, department = self.data, self.department
        if department is None:
            department = Department(code=data.department_code, name=data.department_name)
            self.note("created", _("部门 %(dept)s") % {"dept": department})
        elif department.name != data.department_name:
            self.note(
                "changed",
                _("部门 %(dept)s") % {"dept": department},
                _("名称改为“%(name)s”") % {"name": data.department_name},
                [Diff(_("部门名称"), department.name, data.department_name)],
            )
            department.name = data.department_name
        else:
            return department

        def save():
            department.full_clean(validate_unique=False)
            department.save()

        self.writes.append(save)
        return department

    def _units(self, department) -> dict[str, BudgetUnit]:
        units, new, renamed = dict(self.units), [], []
        for code, name in self.data.units.items():
            unit = units.get(code)
            if unit is None:
                unit = units[code] = BudgetUnit(department=department, code=code, name=name)
                new.append(unit)
                self.note("created", _("预算单位 %(unit)s") % {"unit": unit})
            elif unit.name != name:
                self.note(
                    "changed",
                    _("预算单位 %(unit)s") % {"unit": unit},
                    _("名称改为“%(name)s”") % {"name": name},
                    [Diff(_("单位名称"), unit.name, name)],
                )
                unit.name = name
                renamed.append(unit)
        self.writes.append(lambda: bulk_create_with_history(new, BudgetUnit, **self._history()))
        self.writes.append(lambda: bulk_update_with_history(renamed, BudgetUnit, ["name"], **self._history()))
        return units

    def _document(self, department) -> Document:
        data, document = self.data, self.document
        if document is None:
            document = Document(
                department=department,
                year=data.year,
                prepared_by=data.prepared_by,
                approving_authority=data.approving_authority,
                framework=data.framework,
                checkpoint_months=data.checkpoint_months,
            )
            self.note("created", _("绩效文本 %(dept)s %(year)s年") % {"dept": data.department_name, "year": data.year})
        else:
            wanted = {
                "prepared_by": data.prepared_by,
                "approving_authority": data.approving_authority,
                "framework_id": data.framework.pk,
            }
            fields = [name for name in DOCUMENT_FIELDS if getattr(document, name) != wanted[name]]
            changed = [str(DOCUMENT_FIELDS[name]) for name in fields]
            diffs = [
                Diff(str(DOCUMENT_FIELDS[name]), shown(getattr(document, name)), shown(wanted[name]))
                for name in fields
                if name != "framework_id"
            ]
            if "framework_id" in fields:
                diffs.append(Diff(str(DOCUMENT_FIELDS["framework_id"]), document.framework.name, data.framework.name))
            if document.checkpoint_months != data.checkpoint_months:
                changed.append(_("资金支出计划时间节点"))
                diffs.append(
                    Diff(
                        _("资金支出计划时间节点"), _months(document.checkpoint_months), _months(data.checkpoint_months)
                    )
                )
            if changed:
                self.note("changed", _("绩效文本 %(doc)s") % {"doc": document.title}, "、".join(changed), diffs)
            for name, value in wanted.items():
                setattr(document, name, value)
            document.checkpoint_months = data.checkpoint_months

        def save():
            # The department may have been created a moment ago, after this document was built.
            document.department = department
            if document.pk:
                document.revision += 1
            document.full_clean(validate_unique=False)
            document.save()

        self.writes.append(save)
        return document

    def _goals(self, document) -> None:
        stored, wanted = {}, {}
        for goal in self.goals:
            stored.setdefault(goal.kind, []).append(goal)
        for goal in self.data.goals:
            wanted.setdefault(goal.kind, []).append(goal)
        new, updated, removed = [], [], []
        for kind, kind_label in DepartmentGoal.Kind.choices:
            old, want = stored.get(kind, []), wanted.get(kind, [])
            for index, item in enumerate(want):
                label = f"{kind_label}{item_label(index + 1)}"
                if index >= len(old):
                    new.append(DepartmentGoal(document=document, kind=kind, text=item.text, position=item.position))
                    self.note("created", label)
                elif (old[index].text, old[index].position) != (item.text, item.position):
                    diffs = [Diff(_("内容"), old[index].text, item.text)] if old[index].text != item.text else []
                    old[index].text, old[index].position = item.text, item.position
                    updated.append(old[index])
                    self.note("changed", label, diffs=diffs)
            for index, goal in enumerate(old[len(want) :], len(want) + 1):
                removed.append(goal)
                self.note("removed", f"{kind_label}{item_label(index)}")
        self.writes.append(lambda: _delete_with_history(DepartmentGoal, removed, user=self.user, now=self.now))
        self.writes.append(
            lambda: bulk_update_with_history(updated, DepartmentGoal, ["text", "position"], **self._history())
        )
        self.writes.append(lambda: bulk_create_with_history(new, DepartmentGoal, **self._history()))

    def _projects(self, document, units) -> None:
        new_projects, updated_projects = [], []
        new_entries, updated_entries, removed_entries = [], [], []
        new_indicators, updated_indicators, removed_indicators = [], [], []
        # bulk_update() builds a CASE per field and row, so only the fields that changed anywhere are sent.
        project_fields, indicator_fields = {"revision", "updated_at"}, set()

        for item in self.data.projects:
            unit = units[item.unit_code]
            label = _("项目 %(code)s %(name)s") % {"code": item.code, "name": item.name}
            self._regroup_indicators(item)
            values = {
                "name": item.name,
                "budget": item.budget,
                "fiscal_funds": item.fiscal_funds,
                "other_funds": item.other_funds,
                "purpose": item.purpose,
                "goal": item.goal,
                "position": item.position,
            }
            project = self.projects.get(item.code)
            if project is None:
                project = Project(document=document, unit=unit, code=item.code, **values)
                new_projects.append(project)
                new_entries.extend(PlanEntry(project=project, month=m, amount=a) for m, a in item.plan.items())
                new_indicators.extend(_new_indicator(project, wanted) for wanted in item.indicators)
                self.note("created", label, _("%(count)s 个指标") % {"count": len(item.indicators)})
                continue

            fields = [name for name, value in values.items() if getattr(project, name) != value]
            diffs = [
                Diff(str(PROJECT_FIELDS[name]), shown(getattr(project, name)), shown(values[name]))
                for name in fields
                if name != "position"
            ]
            if unit.pk is None or project.unit_id != unit.pk:
                fields.append("unit_id")
                diffs.append(Diff(str(PROJECT_FIELDS["unit_id"]), str(project.unit), str(unit)))
            changed = [str(PROJECT_FIELDS[name]) for name in fields]
            for name, value in values.items():
                setattr(project, name, value)
            project.unit = unit

            entries = self.plan_entries.get(project.pk, {})
            plan_changed = False
            for month in sorted(set(item.plan) | set(entries)):
                entry, amount = entries.get(month), item.plan.get(month)
                if entry is None:
                    new_entries.append(PlanEntry(project=project, month=month, amount=amount))
                elif amount is None:
                    removed_entries.append(entry)
                elif entry.amount != amount:
                    updated_entries.append(entry)
                else:
                    continue
                plan_changed = True
                diffs.append(Diff(fmt.month_header(month), shown(entry and entry.amount), shown(amount)))
                if entry is not None and amount is not None:
                    entry.amount = amount
            if plan_changed:
                changed.append(_("资金支出计划"))

            created, modified, dropped = _match_indicators(
                project,
                item.indicators,
                self.indicators.get(project.pk, []),
                new_indicators,
                updated_indicators,
                indicator_fields,
                diffs,
            )
            removed_indicators.extend(dropped)
            if created or modified or dropped:
                changed.append(
                    _("指标：新增%(created)s、修改%(changed)s、删除%(removed)s")
                    % {"created": created, "changed": modified, "removed": len(dropped)}
                )
            if changed:
                project.revision += 1
                project.updated_at = self.now
                updated_projects.append(project)
                project_fields.update("unit" if name == "unit_id" else name for name in fields)
                self.note("changed", label, "、".join(changed), diffs)

        wanted_codes = {item.code for item in self.data.projects}
        removed_projects = [p for code, p in self.projects.items() if code not in wanted_codes]
        for project in removed_projects:
            self.note("removed", _("项目 %(code)s %(name)s") % {"code": project.code, "name": project.name})
            removed_entries.extend(self.plan_entries.get(project.pk, {}).values())
            removed_indicators.extend(self.indicators.get(project.pk, []))

        def save():
            # Children before parents, so nothing is left pointing at a deleted row.
            _delete_with_history(Indicator, removed_indicators, user=self.user, now=self.now)
            _delete_with_history(PlanEntry, removed_entries, user=self.user, now=self.now)
            _delete_with_history(Project, removed_projects, user=self.user, now=self.now)
            bulk_update_with_history(
                updated_projects,
                Project,
                sorted(project_fields),
                **self._history(),
            )
            bulk_create_with_history(new_projects, Project, **self._history())
            bulk_update_with_history(updated_entries, PlanEntry, ["amount"], **self._history())
            bulk_create_with_history(new_entries, PlanEntry, **self._history())
            bulk_update_with_history(updated_indicators, Indicator, sorted(indicator_fields), **self._history())
            bulk_create_with_history(new_indicators, Indicator, **self._history())

        self.writes.append(save)

    def _regroup_indicators(self, item) -> None:
        """Rows of one 一级 or 二级 scattered over the sheet are brought together, as every save path does."""
        rows = indicators_regrouped(item.indicators)
        if rows != item.indicators:
            self.warnings.append(
                _("项目 %(code)s 的指标已按一级、二级指标归组排列（同一指标类别的行在打印表中合并为一块）。")
                % {"code": item.code}
            )
        for position, row in enumerate(rows, 1):
            row.position = position
        item.indicators = rows


def _indicator_diffs(row: int, old: Indicator | None, new: Indicator | None, differing=()) -> list[Diff]:
    """What the preview says about one indicator row: each shown field old → new, or the whole row added or gone."""
    where = _("指标第%(row)s行") % {"row": row}
    if old is None or new is None:
        return [Diff(where, shown(old and old.name), shown(new and new.name))]
    diffs = []
    for name, label in INDICATOR_SHOWN_FIELDS.items():
        if name in differing:
            before, after = (
                (old.subcategory.name, new.subcategory.name)
                if name == "subcategory_id"
                else (getattr(old, name), getattr(new, name))
            )
            diffs.append(Diff(f"{where}“{new.name}”{label}", shown(before), shown(after)))
    return diffs


def _match_indicators(
    project, wanted, stored, new, updated, fields: set, diffs: list[Diff]
) -> tuple[int, int, list[Indicator]]:
    """Pair indicators by their order in the project; returns (created, changed, removed rows).

    Adds the names of the fields that changed to `fields`, and what changed in each row to `diffs`.
    """
    changed = 0
    for index, item in enumerate(wanted):
        fresh = _new_indicator(project, item)
        if index >= len(stored):
            new.append(fresh)
            diffs.extend(_indicator_diffs(index + 1, None, fresh))
            continue
        indicator = stored[index]
        differing = [name for name in INDICATOR_FIELDS if getattr(indicator, name) != getattr(fresh, name)]
        if differing:
            diffs.extend(_indicator_diffs(index + 1, indicator, fresh, differing))
            for name in differing:
                setattr(indicator, name, getattr(fresh, name))
            fields.update(differing)
            updated.append(indicator)
            changed += 1
    for index, indicator in enumerate(stored[len(wanted) :], len(wanted) + 1):
        diffs.extend(_indicator_diffs(index, indicator, None))
    return max(len(wanted) - len(stored), 0), changed, stored[len(wanted) :]


def _new_indicator(project: Project, item) -> Indicator:
    indicator = Indicator(
        project=project,
        subcategory=item.subcategory,
        name=item.name,
        description=item.description,
        basis=item.basis,
        position=item.position,
    )
    indicator.value_text = item.target.text
    indicator.comparator = item.target.comparator
    indicator.target_number = item.target.number
    indicator.unit = item.target.unit
    return indicator


def _months(months) -> str:
    return "、".join(fmt.month_header(m) for m in months)


def workbook_import(
    *,
    source,
    user=None,
    dry_run: bool = False,
    expected_revision: int | None = None,
) -> ImportResult:
    """Import a workbook (path or file object) as one document; raises WorkbookInvalid with every problem.

    dry_run works out and reports the changes without writing. The user's right to import into the document
    is checked (projects.access); no user means the server's operator (a command run without --user), who may
    import anything. expected_revision makes a confirmed upload fail if the document changed
    after its preview.
    """
    data = read_workbook(source)
    with transaction.atomic():
        plan = _Plan(data, user=user, now=timezone.now())
        if user is not None:
            plan.check_user(user)
            if plan.problems:
                raise WorkbookInvalid(plan.problems, data.warnings)
        plan.check(expected_revision=expected_revision)
        if plan.problems:
            raise WorkbookInvalid(plan.problems, data.warnings)
        plan.run(write=not dry_run)
    return ImportResult(
        document=_("%(dept)s %(year)s年部门预算绩效文本") % {"dept": data.department_name, "year": data.year},
        department_code=data.department_code,
        year=data.year,
        revision=NEW_DOCUMENT if plan.stored_revision is None else plan.stored_revision,
        dry_run=dry_run,
        changes=plan.changes,
        warnings=plan.warnings,
    )
