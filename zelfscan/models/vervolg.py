"""What follows a scan: the consulent's own view of it (consulentoordeel), the conversation
(gesprek), the school's development plan (points and their notes) and the steps of the
improvement trajectory (003).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet, bestuur_scope, role_ids
from zelfscan.models.organisaties import Rol, School, User
from zelfscan.models.scans import OP_SCHAAL, Versiebeheerd, Zelfscan


class GesprekQuerySet(ScopedQuerySet):
    """A conversation is seen by whoever sees its scan: the school and its board, and the
    consulent and the SWV (the scan is released by then)."""

    def _visible(self, user):
        return models.Q(scan__in=Zelfscan.objects.for_user(user).values("pk"))


class PerSchoolQuerySet(ScopedQuerySet):
    """A school's development plan and its steps: whoever sees the school."""

    def _visible(self, user):
        return models.Q(school__in=School.objects.for_user(user).values("pk"))


class Gesprek(models.Model):
    """The conversation of the consulent with the school about a released scan."""

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="gesprekken")
    datum = models.DateField(_("date"))
    deelnemers = models.TextField(
        _("participants"), max_length=2000,
        help_text=_("One per line: role and name, e.g. 'IB-er: A. de Vries'."),
    )  # fmt: skip
    agenda = models.TextField(_("agenda"), max_length=10000)
    notities = models.TextField(_("notes"), blank=True, max_length=20000)
    afspraken = models.TextField(_("agreements"), blank=True, max_length=10000)
    vastgelegd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = GesprekQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.scan}: {self.datum}"


class Ontwikkelpunt(models.Model):
    """A development point of a school's plan, linked to a group or an indicator of the norm;
    it stays with the school from round to round until it is finished or stopped."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("planned")
        BEZIG = "bezig", _("in progress")
        AFGEROND = "afgerond", _("completed")
        GESTOPT = "gestopt", _("stopped")

    OPEN = (Status.GEPLAND, Status.BEZIG)

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="ontwikkelpunten")
    scan = models.ForeignKey(
        Zelfscan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The scan the point was set after."),
    )  # fmt: skip
    groep = models.ForeignKey(
        "ijkpunten.Groep", verbose_name=_("group"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    item = models.ForeignKey(
        "ijkpunten.Item", verbose_name=_("indicator"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    titel = models.CharField(_("title"), max_length=200)
    doel = models.TextField(_("SMART goal"), max_length=5000)
    acties = models.TextField(_("actions"), max_length=5000)
    eigenaar = models.CharField(_("owner"), max_length=200)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GEPLAND
    )
    aangemaakt_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = PerSchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("development point")
        verbose_name_plural = _("development points")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(groep__isnull=False) | models.Q(item__isnull=False),
                name="ontwikkelpunt_hoort_bij_groep_of_item",
            ),
        ]

    def __str__(self):
        return self.titel


class Notitie(models.Model):
    """A dated note on a development point: the school's progress, or the consulent's comment."""

    class Soort(models.TextChoices):
        VOORTGANG = "voortgang", _("progress")
        OPMERKING = "opmerking", _("comment of the consulent")

    ontwikkelpunt = models.ForeignKey(
        Ontwikkelpunt, on_delete=models.CASCADE, related_name="notities"
    )
    soort = models.CharField(max_length=10, choices=Soort.choices)
    datum = models.DateField(_("date"))
    tekst = models.TextField(_("text"), max_length=5000)
    door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["datum", "pk"]

    def __str__(self):
        return self.tekst[:60]


class Trajectstap(models.Model):
    """One of the seven steps of the Ontwikkelprogramma HGW (003), per school."""

    class Stap(models.IntegerChoices):
        INTAKE = 1, "Intake"
        VERZAMELEN = 2, "Verzamelen"
        ANALYSE = 3, "Analyse"
        REFLECTIE = 4, "Reflectie met het team van de school"
        AMBITIE = 5, "Ambitie bepalen"
        PLAN = 6, "Plan van aanpak"
        UITVOEREN = 7, "Uitvoeren"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="trajectstappen")
    stap = models.PositiveSmallIntegerField(_("step"), choices=Stap.choices)
    datum = models.DateField(_("date"), null=True, blank=True)
    resultaat = models.TextField(_("result"), blank=True, max_length=2000)

    objects = PerSchoolQuerySet.as_manager()

    class Meta:
        ordering = ["school", "stap"]
        constraints = [
            models.UniqueConstraint(fields=["school", "stap"], name="trajectstap_uniek"),
        ]

    def __str__(self):
        return f"{self.school}: {self.get_stap_display()}"


class ConsulentoordeelQuerySet(ScopedQuerySet):
    """The consulent's own view of a released scan: the consulents of the school and the SWV
    see it from the start; the school and its board once the conversation has been held
    (issue 17: "after the gesprek the school sees it beside its own score")."""

    def _visible(self, user):
        schrijvers = (Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR)
        return (
            models.Q(
                scan__school__in=role_ids(user, (Rol.Soort.CONSULENT,), "school"),
                scan__status__in=Zelfscan.VRIJGEGEVEN_EN_LATER,
            )
            | models.Q(
                scan__school__swv__in=role_ids(user, Rol.SWV_ROLLEN, "swv"),
                scan__status__in=Zelfscan.VRIJGEGEVEN_EN_LATER,
            )
            | models.Q(
                models.Q(scan__school__in=role_ids(user, schrijvers, "school"))
                | bestuur_scope(user, Rol.BESTUURSROLLEN, "scan__school__"),
                scan__status__in=Consulentoordeel.NA_HET_GESPREK,
            )
        )


class Consulentoordeel(Versiebeheerd):
    """What the consulent saw in practice, of one item or one group of a released scan: the
    scale of the norm and a note. Never part of a result: the roll-ups use the school's own
    score (``zelfscan/vervolg/consulentoordeel.py``)."""

    NA_HET_GESPREK = (Zelfscan.Status.BESPROKEN, Zelfscan.Status.AFGEROND)

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="consulentoordelen")
    item = models.ForeignKey(
        "ijkpunten.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    groep = models.ForeignKey(
        "ijkpunten.Groep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=5000)
    gewijzigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = ConsulentoordeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("oordeel van de consulent")
        verbose_name_plural = _("oordelen van de consulent")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=True, groep__isnull=False)
                | models.Q(item__isnull=False, groep__isnull=True),
                name="consulentoordeel_item_of_groep",
            ),
            models.UniqueConstraint(
                fields=["scan", "item"], condition=models.Q(item__isnull=False),
                name="consulentoordeel_item_uniek",
            ),
            models.UniqueConstraint(
                fields=["scan", "groep"], condition=models.Q(groep__isnull=False),
                name="consulentoordeel_groep_uniek",
            ),
            models.CheckConstraint(condition=OP_SCHAAL, name="consulentoordeel_op_schaal"),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.scan}: {self.item_id or self.groep_id}"
