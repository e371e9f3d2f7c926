from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ZelfscanConfig(AppConfig):
    name = "zelfscan"
    verbose_name = _("Zelfscan")

    def ready(self):
        from zelfscan.models import Bewijsstuk
        from zelfscan.scans.bewijs import bestand_weg_na_commit

        # A signal, not a service: a row of evidence also goes by a cascade (its scan, its
        # school) that no service of ours runs, and its file must go with it (issue 28).
        post_delete.connect(
            lambda sender, instance, **kwargs: bestand_weg_na_commit(instance),
            sender=Bewijsstuk,
            weak=False,
            dispatch_uid="bewijs_bestand_weg",
        )
