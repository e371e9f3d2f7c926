from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IjkpuntenConfig(AppConfig):
    name = "ijkpunten"
    verbose_name = _("De norm")
