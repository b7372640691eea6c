"""The self-evaluation in the admin: read-only for everyone, with its history, scoped to the user's departments.

Entries are made on the 自评表 form or by Excel import, whose service checks a project's entries as a whole
(分值 adding up to 100, 得分 within its band); a single row edited in the admin could not be checked so."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from projects.access import departments_visible_to, user_reads_all
from selfeval.models import EvaluationTransition, IndicatorEvaluation, ProjectEvaluation, SelfEvaluation


class ReadOnlyScopedAdmin(SimpleHistoryAdmin):
    department_lookup = "evaluation__document__department"

    def _scoped(self, queryset, request):
        if user_reads_all(request.user):
            return queryset
        return queryset.filter(**{f"{self.department_lookup}__in": departments_visible_to(request.user)})

    def get_queryset(self, request):
        return self._scoped(super().get_queryset(request), request)

    def _assert_in_scope(self, request, object_id) -> None:
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        if not visible:
            raise Http404

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        self._assert_in_scope(request, object_id)
        return super().get_history_queryset(request, history_manager, pk_name, object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._assert_in_scope(request, object_id)
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True


class EvaluationTransitionInline(admin.TabularInline):
    model = EvaluationTransition
    extra = 0
    fields = ("created_at", "user", "from_status", "to_status", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(ReadOnlyScopedAdmin):
    department_lookup = "document__department"
    list_display = ("document", "status", "revision", "updated_at")
    list_select_related = ("document__department",)
    list_filter = ("status", "document__year")
    search_fields = ("document__department__name", "document__department__code")
    inlines = [EvaluationTransitionInline]


@admin.register(ProjectEvaluation)
class ProjectEvaluationAdmin(ReadOnlyScopedAdmin):
    list_display = ("project", "adjusted_budget", "spent")
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name")


@admin.register(IndicatorEvaluation)
class IndicatorEvaluationAdmin(ReadOnlyScopedAdmin):
    list_display = ("indicator", "actual_text", "result", "points", "score")
    list_select_related = ("indicator",)
    search_fields = ("indicator__name", "indicator__project__code")
