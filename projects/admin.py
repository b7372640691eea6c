from operator import attrgetter

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.messages import INFO
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from indicators.models import Indicator, Subcategory
from indicators.ordering import project_regroup_indicators
from projects import services
from projects.access import Action, assert_user_may, departments_visible_to, user_may, user_reads_all
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, DocumentTransition, PlanEntry, Project
from review import rulebook

# How each model reaches its department, for scoping the admin (and its history) to the user's departments.
DEPARTMENT_LOOKUPS = {
    Department: "id",
    BudgetUnit: "department",
    Document: "department",
    Project: "document__department",
    Indicator: "project__document__department",
}

# Only the workflow (and its bookkeeping) changes these: no admin form edits them and a revert keeps them.
WORKFLOW_FIELDS = ("status", "revision")


def _scoped(queryset, user, model=None):
    if user_reads_all(user):
        return queryset
    lookup = DEPARTMENT_LOOKUPS[model or queryset.model]
    return queryset.filter(**{f"{lookup}__in": departments_visible_to(user)})


class DepartmentScopedMixin:
    """Users who do not read every department (填报人, 部门审核人) see, and may pick, only their own
    departments' rows; anything else is as if it did not exist."""

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model in DEPARTMENT_LOOKUPS:
            field.queryset = _scoped(field.queryset, request.user)
        return field


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A sidebar filter offering only what the (scoped) changelist holds, never another department's name.

    Departments are those the user may see: finding which of them hold any row would read every indicator of
    the province on each page view."""

    def field_choices(self, field, request, model_admin):
        if field.related_model is not Department:
            return super().field_choices(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": departments_visible_to(request.user).values("pk")},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class ReadableChanges(HistoricalRecordContextHelper):
    """A history list's changes as the forms show values: a status as 已提交 rather than `submitted`, and an
    empty value as nothing rather than `None`."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value is None:
            return ""
        if isinstance(value, list):  # the related objects of a many-to-many field
            return value
        choices = dict(self.model._meta.get_field(change.field).flatchoices)
        return choices.get(value, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages are scoped like the rest of the admin: another department's object, its history list and
    each of its records answer 404. Auditors and department staff read them; only a superuser may revert, and
    a revert is an ordinary admin save (edit lock, permission decision, revision) that leaves the workflow's
    fields as they are. Whoever may not revert sees an old version as read-only values, not as a form."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(request, "_reading_history", False):
            editable = [f.name for f in self.model._meta.get_fields() if f.concrete and f.editable]
            fields += [name for name in editable if name not in fields]
        return fields

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return _scoped(queryset, request.user, self.model)

    def _assert_in_scope(self, request, object_id) -> None:
        """404 unless the object is in the user's departments or no longer exists (its history then decides)."""
        if self.get_object(request, object_id) is not None:
            return
        try:
            exists = self.model._base_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            raise Http404 from None
        if exists:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._assert_in_scope(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        object_id = unquote(object_id)
        self._assert_in_scope(request, object_id)
        records = self.get_history_queryset(request, self.model.history, self.model._meta.pk.attname, object_id)
        try:
            record = records.filter(history_id=version_id).first()
        except (ValueError, TypeError, ValidationError):
            record = None
        if record is None:
            raise Http404
        current = self.get_object(request, object_id) or record.instance
        may_revert = not self.revert_disabled(request, current) and self.has_change_permission(request, current)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            request._reverting_to_history = True
        else:
            request._reading_history = not may_revert
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser or super().revert_disabled(request, obj)

    def save_form(self, request, form, change):
        # Before save_model(), so the revision then moves on from the stored one, not from the old version's.
        obj = super().save_form(request, form, change)
        if getattr(request, "_reverting_to_history", False):
            stored = self.model._base_manager.filter(pk=obj.pk).first()
            for name in WORKFLOW_FIELDS:
                if hasattr(obj, name):
                    setattr(obj, name, getattr(stored, name) if stored else self.model._meta.get_field(name).default)
        return obj


class RevisionMixin:
    """An admin save moves the revision on the same way a browser save does, so a browser editor holding the
    old one is told, not overwritten."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.revision = services.revision_claim(type(obj), pk=obj.pk, expected=obj.revision)
        super().save_model(request, obj, form, change)


class DocumentWriteMixin:
    """Admin writes ask the same two questions as every other path: may this user edit this document
    (projects.access), and may the document change at all (the edit lock)? Submitted or approved documents
    are read-only here too."""

    document_path = ""  # dotted path from the object to its document; empty when the object is the document

    def _document_of(self, obj):
        return attrgetter(self.document_path)(obj) if self.document_path else obj

    def _may_write(self, request, obj) -> bool:
        document = self._document_of(obj)
        return document.is_editable and user_may(request.user, Action.EDIT, document)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._may_write(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._may_write(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        workflow = [f.name for f in self.model._meta.fields if f.name in WORKFLOW_FIELDS and f.editable]
        return [*fields, *(name for name in workflow if name not in fields)]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not self.document_path:
            return form
        parent, _, rest = self.document_path.partition(".")
        user = request.user

        class LockedDocumentForm(form):
            """Adding to (or moving into) a document the user may not edit, or a locked one, is refused next
            to the field that names it."""

            def clean(self):
                cleaned_data = super().clean()
                chosen = cleaned_data.get(parent)
                if chosen is not None:
                    document = attrgetter(rest)(chosen) if rest else chosen
                    try:
                        assert_user_may(user, Action.EDIT, document)
                        services.document_assert_editable(document=document)
                    except (PermissionDenied, ValidationError) as exc:
                        self.add_error(parent, ValidationError(str(exc) if isinstance(exc, PermissionDenied) else exc))
                return cleaned_data

        return LockedDocumentForm


class ReviewFindingsMixin:
    """A read-only 绩效目标审核 section at the end of the change page, computed once per page.

    The admin using it names the review function for its object in `findings_of`."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "review_findings"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        without = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "review_findings"]})
            for name, opts in fieldsets
        ]
        return [*without, (_("绩效目标审核"), {"fields": ["review_findings"]})]

    @admin.display(description=_("审核结果"))
    def review_findings(self, obj):
        return render_to_string("review/_findings.html", {"findings": self.findings_of(obj)})

    class Media:
        css = {"all": ["css/review.css"]}


class BudgetUnitInline(admin.TabularInline):
    model = BudgetUnit
    extra = 0


@admin.register(Department)
class DepartmentAdmin(DepartmentScopedMixin, HistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]
    inlines = [BudgetUnitInline]


@admin.register(BudgetUnit)
class BudgetUnitAdmin(DepartmentScopedMixin, HistoryAdmin):
    list_display = ["code", "name", "department"]
    list_select_related = ["department"]
    list_filter = [("department", ScopedRelatedFilter)]
    search_fields = ["code", "name"]


class DepartmentGoalInline(admin.TabularInline):
    model = DepartmentGoal
    extra = 0
    fields = ["kind", "position", "text"]


class DocumentTransitionInline(admin.TabularInline):
    model = DocumentTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "from_status", "to_status", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(RevisionMixin, ReviewFindingsMixin, DepartmentScopedMixin, DocumentWriteMixin, HistoryAdmin):
    list_display = ["__str__", "department", "year", "status", "framework", "updated_at"]
    list_select_related = ["department", "framework"]
    list_filter = ["year", "status", ("department", ScopedRelatedFilter), "framework"]
    search_fields = ["department__code", "department__name"]
    inlines = [DepartmentGoalInline, DocumentTransitionInline]
    readonly_fields = ["status", "report_links"]
    findings_of = staticmethod(rulebook.review_document)

    @admin.display(description=_("打印"))
    def report_links(self, obj):
        if obj.pk is None:
            return "-"
        args = [obj.department.code, obj.year]
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("reports:document", args=args),
            _("网页版"),
            reverse("reports:pdf", args=args),
            _("下载 PDF"),
        )


class PlanEntryFormSet(BaseInlineFormSet):
    """Checks the whole plan at once against the project's 预算数 as just entered."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        project = self.instance
        if project.budget is None or project.document_id is None:
            return
        amounts, form_by_month = {}, {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("month") is None:
                continue
            month = data["month"]
            if month in amounts:
                raise ValidationError(_("%(month)s月底填写了两次。") % {"month": month})
            amounts[month], form_by_month[month] = data.get("amount"), form
        errors = services.plan_errors_for(project=project, amounts=amounts)
        for month, messages in errors.items():
            form = form_by_month.get(month)
            if form is None:
                raise ValidationError(messages)
            form.add_error("amount", messages)


class PlanEntryInline(admin.TabularInline):
    model = PlanEntry
    formset = PlanEntryFormSet
    extra = 0
    min_num = 1


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "subcategory", "name", "description", "value_text", "basis"]
    ordering = ["position", "id"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["subcategory"]
        field.queryset = Subcategory.objects.select_related("category")
        if obj is not None:
            field.queryset = field.queryset.filter(category__framework_id=obj.document.framework_id)
        # Evaluated once here, so the rows share one list instead of querying per row.
        field.widget.widget.choices = field.choices = list(field.choices)
        # Categories are fixed data; editing them from a project row would only confuse a clerk.
        field.widget.can_add_related = field.widget.can_change_related = False
        field.widget.can_delete_related = field.widget.can_view_related = False
        return formset


@admin.register(Project)
class ProjectAdmin(RevisionMixin, ReviewFindingsMixin, DepartmentScopedMixin, DocumentWriteMixin, HistoryAdmin):
    list_display = ["code", "name", "unit", "document", "budget", "fiscal_funds", "other_funds", "position"]
    list_select_related = ["unit", "document__department"]
    list_filter = [("document__department", ScopedRelatedFilter), "document__year", ("unit", ScopedRelatedFilter)]
    search_fields = ["code", "name"]
    # The model's ordering goes through the document to the department's code: a sort of every matching row
    # joined three ways. By document and position, an index gives the first page without sorting.
    ordering = ["document_id", "position", "id"]
    fieldsets = [
        (None, {"fields": ["document", "unit", "project_type", "position", "code", "name"]}),
        (_("预算规模及资金用途"), {"fields": ["budget", "fiscal_funds", "other_funds", "purpose"]}),
        (_("绩效目标"), {"fields": ["goal"]}),
    ]
    inlines = [PlanEntryInline, IndicatorInline]
    document_path = "document"
    findings_of = staticmethod(rulebook.review_project)
    # The project's own records, with a link to the page that reads them together with its indicators and plan.
    object_history_template = "admin/projects/project/object_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document__department", "unit")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if project_regroup_indicators(project=form.instance):
            self.message_user(request, _("指标已按一级、二级指标归组排列，与打印顺序一致。"), INFO)


admin.site.site_header = _("预算绩效管理")
admin.site.site_title = _("预算绩效管理")
admin.site.index_title = _("数据管理")
