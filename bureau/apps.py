from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureauConfig(AppConfig):
    name = "bureau"
    verbose_name = _("财政局审核总览")

    def ready(self):
        from bureau.tasks import document_changed_enqueue_review
        from projects.signals import document_changed

        document_changed.connect(document_changed_enqueue_review, dispatch_uid="bureau_review_summary")
