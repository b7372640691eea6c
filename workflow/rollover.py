"""Year rollover: next year's draft, copied from this year's document, and a checklist of what to check in it."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator, Origin
from indicators.ordering import indicators_regrouped
from projects import rules
from projects.access import Action, assert_user_may
from projects.models import DepartmentGoal, Document, PlanEntry, Project
from workflow.models import RolloverChecklist
from workflow.transitions import ROLLOVER_FROM_STATUSES
from workflow.years import mentions_year


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a person should look at in the new document; project is None for the document as a whole."""

    text: str
    project: Project | None = None

    def __str__(self):
        return self.text


@dataclass
class RolloverResult:
    document: Document
    checklist: list[ChecklistItem] = field(default_factory=list)


def project_code_for_year(code: str, year: int) -> str:
    """The same 项目编码 with its two year digits (characters 7–8) set to the given year."""
    return f"{code[:6]}{year % 100:02d}{code[8:]}"


@transaction.atomic
def document_rollover(*, document: Document, to_year: int, user=None) -> RolloverResult:
    """Copy a draft or approved document into a new draft for to_year: goals, projects with their plans and
    indicators, in their order. Refuses if the department already has a document for that year, or if `user`
    (when given; a command run without --user acts for the operator) may not roll this document over."""
    if user is not None:
        assert_user_may(user, Action.ROLLOVER, document)
    if document.status not in ROLLOVER_FROM_STATUSES:
        raise ValidationError(
            _("《%(doc)s》当前状态为“%(status)s”，只有草稿或已审核的文档可以结转。")
            % {"doc": document, "status": document.get_status_display()},
            code="wrong_status",
        )
    if to_year <= document.year:
        raise ValidationError(
            {"year": _("结转的目标年度 %(to)s 应晚于 %(from)s 年。") % {"to": to_year, "from": document.year}}
        )
    if Document.objects.filter(department_id=document.department_id, year=to_year).exists():
        raise ValidationError(
            {
                "year": _("%(dept)s %(year)s年的绩效文本已存在，不能重复结转。")
                % {"dept": document.department.name, "year": to_year}
            },
            code="exists",
        )
    new = Document(
        department=document.department,
        year=to_year,
        status=Document.Status.DRAFT,
        prepared_by=document.prepared_by,
        approving_authority=document.approving_authority,
        framework=document.framework,
        checkpoint_months=list(document.checkpoint_months),
    )
    new.full_clean()
    new._history_user = user
    new.save()

    goals = list(document.goals.all())
    bulk_create_with_history(
        [DepartmentGoal(document=new, kind=g.kind, text=g.text, position=g.position) for g in goals],
        DepartmentGoal,
        default_user=user,
    )

    originals = list(
        document.projects.select_related("unit").prefetch_related("plan_entries", "indicators__subcategory")
    )
    copies = [
        Project(
            document=new,
            unit=p.unit,
            code=project_code_for_year(p.code, to_year),
            name=p.name,
            project_type_id=p.project_type_id,
            budget=p.budget,
            fiscal_funds=p.fiscal_funds,
            other_funds=p.other_funds,
            purpose=p.purpose,
            goal=p.goal,
            position=p.position,
        )
        for p in originals
    ]
    for copy in copies:
        messages = rules.check_project_code(copy.code, to_year)
        if messages:
            raise ValidationError({"code": messages})
    copies = bulk_create_with_history(copies, Project, default_user=user)
    pairs = list(zip(originals, copies, strict=True))
    bulk_create_with_history(
        [PlanEntry(project=c, month=e.month, amount=e.amount) for o, c in pairs for e in o.plan_entries.all()],
        PlanEntry,
        default_user=user,
    )
    bulk_create_with_history(
        [
            i.copy_to(c, position=position, origin=Origin.LAST_YEAR)
            for o, c in pairs
            for position, i in enumerate(indicators_regrouped(o.indicators.all()), 1)
        ],
        Indicator,
        default_user=user,
    )
    checklist = _checklist_items(document, goals, pairs, to_year)
    RolloverChecklist.objects.create(
        document=new,
        from_year=document.year,
        items=[{"text": item.text, "project": item.project.pk if item.project else None} for item in checklist],
    )
    return RolloverResult(document=new, checklist=checklist)


def rollover_checklist_done(*, checklist: RolloverChecklist, user) -> None:
    """Someone who may edit the new draft has gone through the list; it leaves the document's pages."""
    assert_user_may(user, Action.EDIT, checklist.document)
    checklist.done_at, checklist.done_by = timezone.now(), user
    checklist.save(update_fields=["done_at", "done_by"])


def _checklist_items(source: Document, goals, pairs, to_year: int) -> list[ChecklistItem]:
    from_year = source.year
    items = [
        ChecklistItem(
            _("全部内容沿用%(from)s年：各项目的预算数、资金支出计划和指标值请按%(to)s年预算逐项核对。")
            % {"from": from_year, "to": to_year}
        )
    ]
    for goal in goals:
        if mentions_year(goal.text, from_year):
            items.append(
                ChecklistItem(
                    _("%(kind)s“%(text)s”提到%(from)s年。")
                    % {"kind": goal.get_kind_display(), "text": _shorten(goal.text), "from": from_year}
                )
            )
    for original, copy in pairs:
        items.append(
            ChecklistItem(
                _("项目“%(name)s”：项目编码由 %(old)s 改为 %(new)s，请核对项目编号和校验位。")
                % {"name": copy.name, "old": original.code, "new": copy.code},
                project=copy,
            )
        )
        texts = [(_("项目名称"), copy.name), (_("资金用途"), copy.purpose), (_("绩效目标"), copy.goal)]
        texts += [
            (_("三级指标“%(name)s”") % {"name": i.name}, f"{i.name} {i.description} {i.value_text}")
            for i in original.indicators.all()
        ]
        for label, text in texts:
            if mentions_year(text, from_year):
                items.append(
                    ChecklistItem(
                        _("项目“%(name)s”：%(where)s提到%(from)s年。")
                        % {"name": _shorten(copy.name), "where": label, "from": from_year},
                        project=copy,
                    )
                )
    return items


def _shorten(text: str, length: int = 30) -> str:
    return text if len(text) <= length else f"{text[:length]}…"
