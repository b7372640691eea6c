from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfevalConfig(AppConfig):
    name = "selfeval"
    verbose_name = _("绩效自评")

    def ready(self):
        from projects.demo import demo_loaded

        demo_loaded.connect(_add_demo, dispatch_uid="selfeval-demo")


def _add_demo(sender, document, **kwargs):
    from selfeval.demo import demo_selfevaluation

    demo_selfevaluation(document=document)
