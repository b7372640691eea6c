from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfevalConfig(AppConfig):
    name = "selfeval"
    verbose_name = _("绩效自评")
