"""运行监控 in the admin: read-only (the form, the Excel import and the workflow are the ways to change it), scoped
to the user's departments like the rest of the admin, with every row's history for auditors."""

from django.contrib import admin

from monitoring.models import IndicatorMonitoring, MonitoringRound, ProjectMonitoring, RoundTransition
from projects.access import departments_visible_to, user_reads_all
from projects.admin import HistoryAdmin

DEPARTMENT_LOOKUPS = {
    MonitoringRound: "document__department",
    ProjectMonitoring: "round__document__department",
    IndicatorMonitoring: "project_report__round__document__department",
}


def _scoped(queryset, user, model):
    if user_reads_all(user):
        return queryset
    return queryset.filter(**{f"{DEPARTMENT_LOOKUPS[model]}__in": departments_visible_to(user)})


class ReadOnlyScopedAdmin(HistoryAdmin):
    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request.user, self.model)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super(HistoryAdmin, self).get_history_queryset(request, history_manager, pk_name, object_id)
        return _scoped(queryset, request.user, self.model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoundTransitionInline(admin.TabularInline):
    model = RoundTransition
    extra = 0
    fields = ("created_at", "user", "from_status", "to_status", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonitoringRound)
class MonitoringRoundAdmin(ReadOnlyScopedAdmin):
    list_display = ("document", "month", "status", "updated_at")
    list_select_related = ("document__department",)
    list_filter = ("status", "month")
    search_fields = ("document__department__name", "document__department__code")
    inlines = [RoundTransitionInline]


@admin.register(ProjectMonitoring)
class ProjectMonitoringAdmin(ReadOnlyScopedAdmin):
    list_display = ("project", "round", "annual_budget", "fiscal_spent", "other_spent")
    list_select_related = ("project", "round__document__department")
    search_fields = ("project__code", "project__name")


@admin.register(IndicatorMonitoring)
class IndicatorMonitoringAdmin(ReadOnlyScopedAdmin):
    list_display = ("indicator", "project_report", "actual_text", "likelihood")
    list_select_related = ("indicator", "project_report__project", "project_report__round__document__department")
    search_fields = ("indicator__name", "project_report__project__code")
