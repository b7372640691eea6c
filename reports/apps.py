from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("报告")

    def ready(self):
        from projects.signals import document_changed
        from reports import checks  # noqa: F401  registers the system checks
        from reports.tasks import on_department_saved, on_document_changed

        # Every save path (editor, admin, import, rollover, workflow) announces its changes through this signal,
        # so each change has its PDF rendered before anyone asks for it.
        document_changed.connect(on_document_changed, dispatch_uid="reports.render_on_change")
        post_save.connect(on_department_saved, sender="projects.Department", dispatch_uid="reports.render_dept")
