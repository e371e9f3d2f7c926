"""A report asked for in the background and the file it made."""

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet
from zelfscan.models.organisaties import User
from zelfscan.models.scans import Scanronde


class RapportopdrachtQuerySet(ScopedQuerySet):
    """A report made in the background is for the person who asked for it, and nobody else:
    it holds what they may see."""

    def _visible(self, user):
        return models.Q(aangevraagd_door=user)

    def met_voortgang(self):
        """With ``delen_klaar`` of ``delen_totaal``: how far the workers are."""
        delen = Rapportdeel.objects.filter(opdracht=models.OuterRef("pk")).order_by()
        aantal = delen.values("opdracht").annotate(n=models.Count("pk")).values("n")
        klaar = delen.filter(status=Rapportopdracht.Status.KLAAR)
        klaar = klaar.values("opdracht").annotate(n=models.Count("pk")).values("n")
        return self.annotate(
            delen_totaal=Coalesce(models.Subquery(aantal), 0),
            delen_klaar=Coalesce(models.Subquery(klaar), 0),
        )


class Rapportopdracht(models.Model):
    """A report that takes too long to make while the user waits: what the person sees of it
    in "Mijn rapporten". The work itself is a job on Django's task framework
    (``zelfscan/tasks.py``, ``zelfscan/rapporten/achtergrond.py``); this row keeps its state,
    its tries, the file, and which scans the file holds."""

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
    fout = models.TextField(blank=True)  # the reason, in Dutch, for the person who asked
    # The tries so far (of putting it together; on failure, of the step that failed); the job
    # of the latest (its id in the task backend); the last sign of life of the worker making
    # it (a worker that stops signing has died: it is tried again).
    pogingen = models.PositiveSmallIntegerField(default=0)
    taak_id = models.CharField(max_length=64, blank=True)
    levensteken = models.DateTimeField(null=True, blank=True)
    # What the report is of: the same key on unchanged data is the same order (asking twice
    # makes one report); and the scans the file holds, each checked again at download.
    sleutel = models.CharField(max_length=64, blank=True)
    scans = models.JSONField(default=list, blank=True)

    objects = RapportopdrachtQuerySet.as_manager()

    class Meta:
        ordering = ["-aangevraagd_op", "-pk"]
        indexes = [
            models.Index(fields=["status", "aangevraagd_op"]),
            models.Index(fields=["status", "levensteken"]),
        ]
        constraints = [
            # Two clicks at once still make one order.
            models.UniqueConstraint(
                fields=["sleutel"],
                condition=~models.Q(sleutel="") & ~models.Q(status="mislukt"),
                name="rapportopdracht_een_per_sleutel",
            ),
        ]

    def __str__(self):
        return self.titel


class Rapportdeel(models.Model):
    """A part of a report made in the background: the overview of the board's schools (no
    scans) or a few schools' pages. Each is a job of its own, so several workers make one
    report at once; the order's own job puts the parts together when all are made
    (``zelfscan/rapporten/achtergrond.py``). Tries, job and sign of life as the order's."""

    opdracht = models.ForeignKey(Rapportopdracht, on_delete=models.CASCADE, related_name="delen")
    volgnummer = models.PositiveSmallIntegerField()
    # The scans as they were asked for; a scan gone or out of sight since fails the report.
    scans = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=Rapportopdracht.Status.choices,
        default=Rapportopdracht.Status.WACHTEND,
    )  # fmt: skip
    pogingen = models.PositiveSmallIntegerField(default=0)
    taak_id = models.CharField(max_length=64, blank=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    levensteken = models.DateTimeField(null=True, blank=True)
    inhoud = models.BinaryField(null=True, blank=True)  # emptied once put together
    # Once made: its lines in the contents, [title, its first page in the part], in order.
    kopjes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["opdracht", "volgnummer"]
        indexes = [models.Index(fields=["status", "levensteken"])]
        constraints = [
            models.UniqueConstraint(fields=["opdracht", "volgnummer"], name="rapportdeel_volgorde")
        ]

    def __str__(self):
        return f"{self.opdracht} ({self.volgnummer})"


# --- after the scan: the conversation and the development plan
