from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZelfscanConfig(AppConfig):
    name = "zelfscan"
    verbose_name = _("Zelfscan")
