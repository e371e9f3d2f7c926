"""The scan itself: a round (Scanronde), a school's zelfscan in it, and everything a school
answers (items, signals, ambitions, kengetallen), with the history of every change, the
steps of the workflow and the consulent's comments. Answers change only through
``zelfscan/scans/antwoorden.py``.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zelfscan.access.scoping import ScopedQuerySet, bestuur_scope, everything, role_ids
from zelfscan.models.organisaties import Rol, Samenwerkingsverband, School, User

# --- who sees what (the base: zelfscan/access/scoping.py)


class ScanrondeQuerySet(ScopedQuerySet):
    """A round is visible to whoever sees a school of its SWV."""

    def _visible(self, user):
        return models.Q(swv__in=School.objects.for_user(user).values("swv"))


class ZelfscanQuerySet(ScopedQuerySet):
    """The school and its board see their scans in every state; a consulent and the SWV only
    once the board has released them ("only released scans count outside the school and its
    board")."""

    def _visible(self, user):
        schrijvers = (Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR)
        return (
            models.Q(school__in=role_ids(user, schrijvers, "school"))
            | bestuur_scope(user, Rol.BESTUURSROLLEN, "school__")
            | models.Q(
                models.Q(school__in=role_ids(user, (Rol.Soort.CONSULENT,), "school"))
                | models.Q(school__swv__in=role_ids(user, Rol.SWV_ROLLEN, "swv")),
                status__in=Zelfscan.VRIJGEGEVEN_EN_LATER,
            )
        )

    def status_for_user(self, user):
        """The scans whose state and progress this user may see: what ``for_user`` shows, and
        for the SWV every scan of its schools in every state, so that it can follow a round
        and remind the late ones. The SWV sees a concept's state and progress, never its
        answers: those stay behind ``for_user``."""
        gezien = everything(user)
        if gezien is not None:
            return self.all() if gezien else self.none()
        return self.filter(
            self._visible(user) | models.Q(school__swv__in=role_ids(user, Rol.SWV_ROLLEN, "swv"))
        )

    def in_totalen(self):
        """The scans that count in a wijk, bestuur or stad total: the released ones, whoever
        looks. Only totals are built from these, never a row per school; what a viewer sees of
        the totals is decided in zelfscan/resultaten/totalen.py (Zichtbaarheid)."""
        return self.filter(status__in=Zelfscan.VRIJGEGEVEN_EN_LATER)

    def fillable_by(self, user):
        """Scans this user may fill in now: concept scans of a school where they are IB-er or
        directeur. A subset of for_user, in one query; the autosave asks it on every change."""
        if everything(user) is False:
            return self.none()
        concepts = self.filter(status=Zelfscan.Status.CONCEPT)
        if user.is_superuser:
            return concepts
        writer = Rol.objects.filter(
            user=user,
            school=models.OuterRef("school"),
            soort__in=(Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR),
        )
        return concepts.filter(models.Exists(writer))


class Scanronde(models.Model):
    """A round of self-assessment for one school year: every active school of the SWV gets a
    Zelfscan in it, against one version of the norm."""

    class Onderdeel(models.TextChoices):
        ANB = "anb", _("aspecten van de basisondersteuning")
        IJKPUNTEN = "ijkpunten", _("ijkpunten")
        HGW = "hgw", _("indicatoren handelingsgericht werken")
        TOEZICHTKADER = "toezichtkader", _("indicatoren toezichtkader inspectie")
        PROTOCOLLEN = "protocollen", _("wettelijk verplichte protocollen")
        THEMAS = "themas", _("Almeerse thema's")
        KENGETALLEN = "kengetallen", _("kengetallen")

    swv = models.ForeignKey(
        Samenwerkingsverband, verbose_name=_("samenwerkingsverband"), on_delete=models.PROTECT,
        related_name="scanrondes",
    )  # fmt: skip
    schooljaar = models.CharField(
        _("schooljaar"),
        max_length=9,
        validators=[
            RegexValidator(r"^20[0-9]{2}-20[0-9]{2}$", _("A school year such as 2025-2026."))
        ],
    )
    normkader = models.ForeignKey(
        "ijkpunten.Normkader", verbose_name=_("normkader"), on_delete=models.PROTECT,
        related_name="scanrondes",
    )  # fmt: skip
    onderdelen = models.JSONField(_("onderdelen"), default=list)
    deadline = models.DateField(_("deadline"))
    geopend_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    geopend_op = models.DateTimeField(_("geopend op"), auto_now_add=True)

    objects = ScanrondeQuerySet.as_manager()

    class Meta:
        verbose_name = _("scanronde")
        verbose_name_plural = _("scanrondes")
        ordering = ["-schooljaar"]
        constraints = [
            models.UniqueConstraint(fields=["swv", "schooljaar"], name="scanronde_uniek"),
        ]

    def __str__(self):
        return f"{self.swv.code} {self.schooljaar}"


class Zelfscan(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        INGEDIEND = "ingediend", _("ingediend")
        VRIJGEGEVEN = "vrijgegeven", _("vrijgegeven")
        BESPROKEN = "besproken", _("besproken")
        AFGEROND = "afgerond", _("afgerond")

    # Released by the board: from here on the consulent and the SWV see the scan, and it counts
    # in the totals.
    VRIJGEGEVEN_EN_LATER = (Status.VRIJGEGEVEN, Status.BESPROKEN, Status.AFGEROND)

    ronde = models.ForeignKey(
        Scanronde, verbose_name=_("scanronde"), on_delete=models.PROTECT, related_name="scans"
    )
    school = models.ForeignKey(
        # A school erased (the AVG) takes its scans along; the admin lists them first.
        School,
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="scans",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONCEPT
    )
    vorige = models.ForeignKey(
        "self", verbose_name=_("vorige scan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # The kind of school the scan was made for: what it asks (SBO-only items) and where it
    # counts (the filter by kind) stay as they were when the school later changes kind.
    soort = models.CharField(_("soort school"), max_length=3, choices=School.Soort.choices)
    # Read in from the spreadsheets the SWV kept before the application (issue 18): marked as
    # such on its pages.
    ingelezen_op = models.DateTimeField(_("ingelezen op"), null=True, blank=True)
    # The team's rating window (issue 28): closed once, by the school, for good. Before it
    # the team's view shows nothing; after it nothing changes (zelfscan/team/teamoordeel.py).
    team_gesloten_op = models.DateTimeField(
        _("teambeoordeling afgesloten op"), null=True, blank=True
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ZelfscanQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        constraints = [
            models.UniqueConstraint(fields=["ronde", "school"], name="zelfscan_uniek"),
        ]

    def __str__(self):
        return f"{self.school.naam} {self.ronde.schooljaar}"

    @property
    def sector(self) -> str:
        return School.sector_van(self.soort)


class Versiebeheerd(models.Model):
    """An answer of any kind, changed only on the version it was read at (see
    ``zelfscan/scans/antwoorden.py``)."""

    versie = models.PositiveIntegerField(default=0)
    wijziging = models.UUIDField(null=True, blank=True)

    class Meta:
        abstract = True


# A score is one of the norm's scale (1–4) or none: checked by the database too.
OP_SCHAAL = models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4)


class AntwoordQuerySet(models.QuerySet):
    def bevestigd(self):
        """The answers that count (issue 29): not last year's answer taken over and not yet
        confirmed or changed, which is a proposal until the school says so."""
        return self.filter(uit_vorige_scan=False)


class Antwoord(Versiebeheerd):
    """The answer to one item: a score 1–4 or n.v.t., and an optional note.

    ``versie`` goes up with every change, so a save made on an older version is refused
    instead of silently overwriting someone else's. ``wijziging`` is the id of the last change
    the client sent: a retry of that same change is recognised and not stored twice.
    """

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="antwoorden")
    item = models.ForeignKey("ijkpunten.Item", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    nvt = models.BooleanField(_("n.v.t."), default=False)
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=5000)
    # Why the school's score differs a whole point or more from its team's median (asked
    # where the team rated the item; zelfscan/team/teamoordeel.py).
    teamreden = models.TextField(_("reden van afwijking van het team"), blank=True, max_length=2000)
    uit_vorige_scan = models.BooleanField(
        _("overgenomen uit vorige scan"), default=False,
        help_text=_("Prefilled from last year's scan and not yet confirmed or changed."),
    )  # fmt: skip
    gewijzigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(null=True, blank=True)

    objects = AntwoordQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["scan", "item"], name="antwoord_uniek"),
            models.CheckConstraint(condition=OP_SCHAAL, name="antwoord_score_op_schaal"),
        ]

    def __str__(self):
        return f"{self.scan}: {self.item.code}"

    @property
    def beantwoord(self) -> bool:
        """Answered, as progress, results and the basisnorm count it: a proposal taken over
        from last year is not, until the school confirms or changes it (issue 29)."""
        return not self.uit_vorige_scan and (self.nvt or self.score is not None)


class Signaalantwoord(Versiebeheerd):
    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="signalen")
    signaal = models.ForeignKey(
        "ijkpunten.Risicosignaal", on_delete=models.PROTECT, related_name="+"
    )
    aangevinkt = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan", "signaal"], name="signaalantwoord_uniek"),
        ]

    def __str__(self):
        return f"{self.scan}: signaal {self.signaal_id}"


class Ambitie(Versiebeheerd):
    class Niveau(models.TextChoices):
        BASISNORM = "basisnorm", _("basisnorm")
        STREEFNORM = "streefnorm", _("streefnorm")
        GESPECIALISEERD = "gespecialiseerd", _("gespecialiseerd")

    class Expertise(models.TextChoices):
        GEEN = "", _("neither")
        BRENGT = "brengt", _("brings expertise to the wijk")
        ZOEKT = "zoekt", _("seeks expertise in the wijk")

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="ambities")
    thema = models.ForeignKey("ijkpunten.Groep", on_delete=models.PROTECT, related_name="+")
    niveau = models.CharField(_("ambitie"), max_length=20, choices=Niveau.choices, blank=True)
    expertise = models.CharField(
        _("expertise"), max_length=10, choices=Expertise.choices, blank=True
    )
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=5000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scan", "thema"], name="ambitie_uniek"),
        ]

    def __str__(self):
        return f"{self.scan}: ambitie {self.thema_id}"


class Kengetallen(models.Model):
    """The numbers behind the risk signals of ijkpunt 3 and 12."""

    class Inspectieoordeel(models.TextChoices):
        ONBEKEND = "", _("unknown")
        VOLDOENDE = "voldoende", _("voldoende (basistoezicht) or better")
        ONVOLDOENDE = "onvoldoende", _("onvoldoende")
        ZEER_ZWAK = "zeer_zwak", _("zeer zwak")

    scan = models.OneToOneField(Zelfscan, on_delete=models.CASCADE, related_name="kengetallen")
    leerlingen = models.PositiveIntegerField(_("pupils"), null=True, blank=True)
    # Three decimals: the norm (0,0021 fte per pupil) gives 0,525 for 250 pupils.
    ib_fte = models.DecimalField(_("IB fte"), max_digits=5, decimal_places=3, null=True, blank=True)
    verwijzingen_sbo = models.PositiveIntegerField(_("referrals to SBO"), null=True, blank=True)
    verwijzingen_so = models.PositiveIntegerField(_("referrals to SO"), null=True, blank=True)
    thuiszitters = models.PositiveIntegerField(
        _("pupils at home without school"), null=True, blank=True
    )
    opps = models.PositiveIntegerField(_("development plans (OPP)"), null=True, blank=True)
    inspectieoordeel = models.CharField(
        _("inspection judgement"), max_length=12, choices=Inspectieoordeel.choices, blank=True
    )
    versie = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.scan}: kengetallen"


class Historie(models.Model):
    """Every change to an answer, whatever path made it: who, when, old and new value."""

    class Bron(models.TextChoices):
        FORMULIER = "formulier", _("form")
        AUTOSAVE = "autosave", _("autosave")
        VORIGE_SCAN = "vorige_scan", _("prefill from last year")
        IMPORT = "import", _("import")
        BEHEER = "beheer", _("admin")

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="historie")
    onderwerp = models.CharField(max_length=80)  # "item:123", "signaal:4", "ambitie:7", ...
    veld = models.CharField(max_length=40)
    oud = models.TextField(blank=True)
    nieuw = models.TextField(blank=True)
    door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(auto_now_add=True)
    bron = models.CharField(max_length=12, choices=Bron.choices)

    class Meta:
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["scan", "onderwerp"])]

    def __str__(self):
        return f"{self.onderwerp} {self.veld}: {self.oud} → {self.nieuw}"


class Statusovergang(models.Model):
    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="overgangen")
    van = models.CharField(max_length=12, choices=Zelfscan.Status.choices)
    naar = models.CharField(max_length=12, choices=Zelfscan.Status.choices)
    door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(auto_now_add=True)
    reden = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.van} → {self.naar}"


class Opmerking(models.Model):
    """A consulent's review comment on one part of a scan."""

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="opmerkingen")
    onderdeel = models.CharField(max_length=40)
    tekst = models.TextField(max_length=5000)
    door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(auto_now_add=True)
    # Who has seen it on its page: "new" on the start page is per person, since their last
    # visit to the part.
    gelezen_door = models.ManyToManyField(User, blank=True, related_name="+")

    class Meta:
        ordering = ["op", "pk"]

    def __str__(self):
        return self.tekst[:60]
