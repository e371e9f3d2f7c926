"""Organisations, people and their roles.

Who may see what is decided in one place, ``zelfscan/scoping.py``; every model here that holds
school data has a ``for_user`` on its manager that applies those rules. Views, exports, reports
and admin lists go through it, and anything outside it answers 404.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from zelfscan import scoping

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z0-9]{2}$",
    _("A BRIN number is two digits followed by two capital letters or digits, e.g. 12AB."),
)
vestiging_validator = RegexValidator(r"^[0-9]{2}$", _("A branch number is two digits, e.g. 00."))
bevoegd_gezag_validator = RegexValidator(
    r"^[0-9]{5}$", _("A competent-authority number is five digits, e.g. 41234.")
)


class Sector(models.TextChoices):
    PO = "po", _("primair onderwijs")
    VO = "vo", _("voortgezet onderwijs")


class ScopedUserManager(UserManager.from_queryset(scoping.UserQuerySet)):
    pass


class User(AbstractUser):
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_uniek"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Samenwerkingsverband(models.Model):
    """The tenant: the legal partnership of the school boards of a region and sector."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="PO 23-02")
    naam = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=2, choices=Sector.choices)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = scoping.SamenwerkingsverbandQuerySet.as_manager()

    class Meta:
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        ordering = ["code"]

    def __str__(self):
        return f"{self.naam} ({self.code})"


class Bestuur(models.Model):
    """A school board (bevoegd gezag). A board may have schools in more than one SWV."""

    bevoegd_gezag_nummer = models.CharField(
        _("bevoegd-gezagnummer"), max_length=5, unique=True, validators=[bevoegd_gezag_validator]
    )
    naam = models.CharField(_("naam"), max_length=200)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = scoping.BestuurQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Wijk(models.Model):
    swv = models.ForeignKey(
        Samenwerkingsverband,
        verbose_name=_("samenwerkingsverband"),
        on_delete=models.PROTECT,
        related_name="wijken",
    )
    naam = models.CharField(_("naam"), max_length=100)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = scoping.WijkQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["swv", "naam"]
        constraints = [
            models.UniqueConstraint("swv", Lower("naam"), name="wijk_naam_uniek_per_swv"),
        ]

    def __str__(self):
        return self.naam


class School(models.Model):
    class Soort(models.TextChoices):
        BAO = "bao", _("basisonderwijs")
        SBO = "sbo", _("speciaal basisonderwijs")
        SO = "so", _("speciaal onderwijs")
        VO = "vo", _("voortgezet onderwijs")

    swv = models.ForeignKey(
        Samenwerkingsverband,
        verbose_name=_("samenwerkingsverband"),
        on_delete=models.PROTECT,
        related_name="scholen",
    )
    brin = models.CharField(_("BRIN"), max_length=4, validators=[brin_validator])
    vestigingsnummer = models.CharField(
        _("vestigingsnummer"), max_length=2, default="00", validators=[vestiging_validator]
    )
    naam = models.CharField(_("naam"), max_length=200)
    bestuur = models.ForeignKey(
        Bestuur, verbose_name=_("bestuur"), on_delete=models.PROTECT, related_name="scholen"
    )
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="scholen"
    )
    soort = models.CharField(_("soort"), max_length=3, choices=Soort.choices)
    aantal_leerlingen = models.PositiveIntegerField(_("aantal leerlingen"), null=True, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = scoping.SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["brin", "vestigingsnummer"], name="school_brin_uniek"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.brin_volledig})"

    @property
    def brin_volledig(self) -> str:
        return f"{self.brin}{self.vestigingsnummer}"


class Rol(models.Model):
    """What a person is, and for which organisation. One person may hold several roles."""

    class Soort(models.TextChoices):
        IB_ER = "ib_er", _("intern begeleider")
        DIRECTEUR = "directeur", _("directeur")
        BESTUUR = "bestuur", _("bestuurder of kwaliteitsmedewerker")
        CONSULENT = "consulent", _("consulent")
        SWV_BEHEERDER = "swv_beheerder", _("SWV-beheerder")

    # Which organisation each kind of role is held for.
    SCHOOLROLLEN = (Soort.IB_ER, Soort.DIRECTEUR, Soort.CONSULENT)
    BESTUURSROLLEN = (Soort.BESTUUR,)
    SWV_ROLLEN = (Soort.SWV_BEHEERDER,)

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="rollen"
    )
    soort = models.CharField(_("rol"), max_length=20, choices=Soort.choices)
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="rollen",
    )  # fmt: skip
    bestuur = models.ForeignKey(
        Bestuur, verbose_name=_("bestuur"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="rollen",
    )  # fmt: skip
    swv = models.ForeignKey(
        Samenwerkingsverband, verbose_name=_("samenwerkingsverband"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="rollen",
    )  # fmt: skip

    objects = scoping.RolQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.CheckConstraint(
                name="rol_hoort_bij_een_organisatie",
                condition=(
                    models.Q(
                        soort__in=["ib_er", "directeur", "consulent"],
                        school__isnull=False,
                        bestuur__isnull=True,
                        swv__isnull=True,
                    )
                    | models.Q(
                        soort="bestuur",
                        school__isnull=True,
                        bestuur__isnull=False,
                        swv__isnull=True,
                    )
                    | models.Q(
                        soort="swv_beheerder",
                        school__isnull=True,
                        bestuur__isnull=True,
                        swv__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "school"],
                condition=models.Q(school__isnull=False),
                name="rol_uniek_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "bestuur"],
                condition=models.Q(bestuur__isnull=False),
                name="rol_uniek_per_bestuur",
            ),
            models.UniqueConstraint(
                fields=["user", "soort", "swv"],
                condition=models.Q(swv__isnull=False),
                name="rol_uniek_per_swv",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} — {self.organisatie}"

    @property
    def organisatie(self):
        return self.school or self.bestuur or self.swv


class Rolaanbod(models.Model):
    """A role offered to an account that exists already outside the SWV that offers it: it
    starts only when its owner accepts it (nobody's account is given a role silently, and the
    one who offers it never sees the owner's name)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="rolaanbiedingen")
    soort = models.CharField(_("rol"), max_length=20, choices=Rol.Soort.choices)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    bestuur = models.ForeignKey(Bestuur, null=True, blank=True, on_delete=models.CASCADE)
    swv = models.ForeignKey(Samenwerkingsverband, null=True, blank=True, on_delete=models.CASCADE)
    aangeboden_door = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangeboden_op = models.DateTimeField(auto_now_add=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    aanvaard = models.BooleanField(null=True)

    class Meta:
        ordering = ["-aangeboden_op", "-pk"]

    def __str__(self):
        return str(Rol(soort=self.soort, school=self.school, bestuur=self.bestuur, swv=self.swv))


class Importbestand(models.Model):
    """An uploaded file between its preview and the confirmation that writes it.

    Kept in the database, not on one server's disk, so any application process can confirm it.
    """

    swv = models.ForeignKey(Samenwerkingsverband, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    soort = models.CharField(max_length=20)
    bestandsnaam = models.CharField(max_length=255)
    inhoud = models.BinaryField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("importbestand")
        verbose_name_plural = _("importbestanden")

    def __str__(self):
        return self.bestandsnaam


# --- the scan itself


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

    objects = scoping.ScanrondeQuerySet.as_manager()

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

    ronde = models.ForeignKey(
        Scanronde, verbose_name=_("scanronde"), on_delete=models.PROTECT, related_name="scans"
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="scans"
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
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = scoping.ZelfscanQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        constraints = [
            models.UniqueConstraint(fields=["ronde", "school"], name="zelfscan_uniek"),
        ]

    def __str__(self):
        return f"{self.school.naam} {self.ronde.schooljaar}"


class Versiebeheerd(models.Model):
    """An answer of any kind, changed only on the version it was read at (see antwoorden.py)."""

    versie = models.PositiveIntegerField(default=0)
    wijziging = models.UUIDField(null=True, blank=True)

    class Meta:
        abstract = True


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
    uit_vorige_scan = models.BooleanField(
        _("overgenomen uit vorige scan"), default=False,
        help_text=_("Prefilled from last year's scan and not yet confirmed or changed."),
    )  # fmt: skip
    gewijzigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["scan", "item"], name="antwoord_uniek"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4),
                name="antwoord_score_op_schaal",
            ),
        ]

    def __str__(self):
        return f"{self.scan}: {self.item.code}"

    @property
    def beantwoord(self) -> bool:
        return self.nvt or self.score is not None


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
    reden = models.TextField(blank=True)

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

    class Meta:
        ordering = ["op", "pk"]

    def __str__(self):
        return self.tekst[:60]


class Groepsresultaat(models.Model):
    """The counts behind one scan's result for one group, kept current by every save of an
    answer (``samenvatting.py``), so that no results page aggregates raw answers.

    The row with no group is the whole scan, each item counted once. Scores are kept as a count
    per scale value, so that a change only moves one count and the threshold, which belongs to
    the Normkader, is applied when the result is read (``rekenregels.py``).
    """

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="resultaten")
    groep = models.ForeignKey(
        "ijkpunten.Groep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.PositiveSmallIntegerField(default=0)
    niet_gevraagd = models.PositiveSmallIntegerField(default=0)  # e.g. SBO-only items elsewhere
    nvt = models.PositiveSmallIntegerField(default=0)
    n1 = models.PositiveSmallIntegerField(default=0)
    n2 = models.PositiveSmallIntegerField(default=0)
    n3 = models.PositiveSmallIntegerField(default=0)
    n4 = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "groep"],
                condition=models.Q(groep__isnull=False),
                name="groepsresultaat_uniek",
            ),
            models.UniqueConstraint(
                fields=["scan"],
                condition=models.Q(groep__isnull=True),
                name="scanresultaat_uniek",
            ),
        ]
        indexes = [models.Index(fields=["groep", "scan"])]

    def __str__(self):
        return f"{self.scan}: {self.groep_id or 'totaal'}"


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

    objects = scoping.RapportopdrachtQuerySet.as_manager()

    class Meta:
        ordering = ["-aangevraagd_op", "-pk"]
        indexes = [models.Index(fields=["status", "aangevraagd_op"])]

    def __str__(self):
        return self.titel


# --- after the scan: the conversation and the development plan


class Gesprek(models.Model):
    """The conversation of the consulent with the school about a released scan."""

    scan = models.ForeignKey(Zelfscan, on_delete=models.CASCADE, related_name="gesprekken")
    datum = models.DateField(_("date"))
    deelnemers = models.TextField(
        _("participants"), help_text=_("One per line: role and name, e.g. 'IB-er: A. de Vries'.")
    )
    agenda = models.TextField(_("agenda"), max_length=10000)
    notities = models.TextField(_("notes"), blank=True, max_length=20000)
    afspraken = models.TextField(_("agreements"), blank=True, max_length=10000)
    vastgelegd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = scoping.GesprekQuerySet.as_manager()

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

    objects = scoping.PerSchoolQuerySet.as_manager()

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

    objects = scoping.PerSchoolQuerySet.as_manager()

    class Meta:
        ordering = ["school", "stap"]
        constraints = [
            models.UniqueConstraint(fields=["school", "stap"], name="trajectstap_uniek"),
        ]

    def __str__(self):
        return f"{self.school}: {self.get_stap_display()}"
