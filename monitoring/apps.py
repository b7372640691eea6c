from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("运行监控")

    def ready(self):
        from monitoring.demo import on_demo_loaded
        from projects.demo import demo_loaded

        demo_loaded.connect(on_demo_loaded, dispatch_uid="monitoring_demo_round")
