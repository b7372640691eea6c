from operator import attrgetter

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, Subcategory
from projects import services
from projects.models import BudgetUnit, Department, DepartmentGoal, Document, DocumentTransition, PlanEntry, Project


class EditableOnlyWhileDraftMixin:
    """Submitted or approved documents are read-only in the admin too; the rule itself lives in services."""

    document_path = ""  # dotted path from the object to its document; empty when the object is the document

    def _document_of(self, obj):
        return attrgetter(self.document_path)(obj) if self.document_path else obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._document_of(obj).is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._document_of(obj).is_editable:
            return False
        return super().has_delete_permission(request, obj)


class BudgetUnitInline(admin.TabularInline):
    model = BudgetUnit
    extra = 0


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]
    inlines = [BudgetUnitInline]


@admin.register(BudgetUnit)
class BudgetUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "department"]
    list_select_related = ["department"]
    list_filter = ["department"]
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
class DocumentAdmin(EditableOnlyWhileDraftMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "department", "year", "status", "framework", "updated_at"]
    list_select_related = ["department", "framework"]
    list_filter = ["year", "status", "department", "framework"]
    search_fields = ["department__code", "department__name"]
    inlines = [DepartmentGoalInline, DocumentTransitionInline]
    readonly_fields = ["status", "report_links"]

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
    fields = ["position", "subcategory", "name", "description", "value_text", "basis", "basis_note"]
    ordering = ["position", "id"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["subcategory"]
        field.queryset = Subcategory.objects.select_related("category")
        if obj is not None:
            field.queryset = field.queryset.filter(category__framework_id=obj.document.framework_id)
        # Evaluated once here, so the rows share one list instead of querying per row.
        field.widget.widget.choices = field.choices = list(field.choices)
        return formset


@admin.register(Project)
class ProjectAdmin(EditableOnlyWhileDraftMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "document", "budget", "fiscal_funds", "other_funds", "position"]
    list_select_related = ["unit", "document__department"]
    list_filter = ["document__department", "document__year", "unit"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": ["document", "unit", "position", "code", "name"]}),
        (_("预算规模及资金用途"), {"fields": ["budget", "fiscal_funds", "other_funds", "purpose"]}),
        (_("绩效目标"), {"fields": ["goal"]}),
    ]
    inlines = [PlanEntryInline, IndicatorInline]
    document_path = "document"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document__department", "unit")
