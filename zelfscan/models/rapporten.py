"""A report asked for in the background and the file it made."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet
from zelfscan.models.organisaties import User
from zelfscan.models.scans import Scanronde


class RapportopdrachtQuerySet(ScopedQuerySet):
    """A report made in the background is for the person who asked for it, and nobody else:
    it holds what they may see."""

    def _visible(self, user):
        return models.Q(aangevraagd_door=user)


class Rapportopdracht(models.Model):
    """A report that takes too long to make while the user waits: made by the worker
    (``manage.py rapporten_werker``), kept for the person who asked, downloaded when ready."""

    class Soort(models.TextChoices):
        BESTUUR = "bestuur", _("board report")

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("waiting")
        BEZIG = "bezig", _("being made")
        KLAAR = "klaar", _("ready")
        MISLUKT = "mislukt", _("failed")

    aangevraagd_door = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    ronde = models.ForeignKey(Scanronde, on_delete=models.CASCADE, related_name="+")
    onderwerp_id = models.PositiveIntegerField()  # the bestuur
    schoolsoort = models.CharField(max_length=3, blank=True)
    titel = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    aangevraagd_op = models.DateTimeField(auto_now_add=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    inhoud = models.BinaryField(null=True, blank=True)
    fout = models.TextField(blank=True)

    objects = RapportopdrachtQuerySet.as_manager()

    class Meta:
        ordering = ["-aangevraagd_op", "-pk"]
        indexes = [models.Index(fields=["status", "aangevraagd_op"])]

    def __str__(self):
        return self.titel


# --- after the scan: the conversation and the development plan
