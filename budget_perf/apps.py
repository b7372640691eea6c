from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes under a name auditors read in the admin; its models and fields are translated in
    locale/zh_Hans."""

    verbose_name = _("登录记录")
