"""The norm as data.

Everything hangs off a versioned ``Normkader``, so that a revision of the norm is a new
version and never changes the scans made against an older one. All texts come verbatim from
the source documents (``fixtures/`` loads them; ``fixtures/BESLUITEN.md`` says how).

Scorable statements of every kind live in one table, ``Item``; what they belong to is a typed
``Groep`` (ijkpunt, ANB-aspect, HGW-sectie, toezichtkader, protocol, thema). Answers, roll-ups
and reports therefore treat every part of the norm alike.

Natural keys (the Normkader code, then the codes below it) let the fixtures name their rows
without primary keys, so loading them again updates in place instead of duplicating.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 4


def alineas(tekst: str) -> list[str]:
    """The paragraphs of a text of the norm: one per blank line."""
    return [a for a in tekst.split("\n\n") if a.strip()]


class Sector(models.TextChoices):
    """The two sectors of Almere's partnerships. The ANB holds for both (002: "gelden voor alle
    reguliere scholen voor primair en voortgezet onderwijs"); a group or item the source ties to
    one sector is marked with it and not asked of the other."""

    PO = "po", _("primair onderwijs")
    VO = "vo", _("voortgezet onderwijs")


def sector_field():
    return models.CharField(
        _("sector"), max_length=2, choices=Sector.choices, blank=True,
        help_text=_("Asked only of schools of this sector; empty: of both."),
    )  # fmt: skip


class NormkaderQuerySet(models.QuerySet):
    def vastgesteld(self):
        return self.filter(status=Normkader.Status.VASTGESTELD)


class NormkaderManager(models.Manager.from_queryset(NormkaderQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Normkader(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    class Voldoetregel(models.TextChoices):
        ELK_ITEM = "elk_item", _("every scored item at or above the threshold")
        AANDEEL = "aandeel", _("a share of the scored items at or above the threshold")
        GEMIDDELDE = "gemiddelde", _("the mean of the scored items at or above the threshold")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONCEPT
    )
    drempel_voldoende = models.PositiveSmallIntegerField(
        _("drempel voor voldoende"),
        default=3,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("An item counts as sufficient from this score upward."),
    )
    # When a group *voldoet*: the sources name a threshold per item ("voldoende") but no rule
    # for a group, so the rule is the SWV's choice per version of the norm, shown on "Hoe
    # wordt er gerekend?" (issue 15).
    voldoet_regel = models.CharField(
        _("regel voor voldoet"), max_length=12, choices=Voldoetregel.choices,
        default=Voldoetregel.ELK_ITEM,
        help_text=_("When a group meets the norm; the threshold is the one above."),
    )  # fmt: skip
    voldoet_aandeel = models.PositiveSmallIntegerField(
        _("aandeel voor voldoet (%)"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("With the rule 'a share of the items': the share, in percent, of the "
                    "scored items that must be at or above the threshold."),
    )  # fmt: skip
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    afgeleid_van = models.ForeignKey(
        "self",
        verbose_name=_("afgeleid van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="afgeleide_versies",
    )
    bronnen = models.TextField(_("bronnen"), blank=True)

    objects = NormkaderManager()

    class Meta:
        verbose_name = _("normkader")
        verbose_name_plural = _("normkaders")
        ordering = ["-vastgesteld_op", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(drempel_voldoende__gte=SCORE_MIN)
                & models.Q(drempel_voldoende__lte=SCORE_MAX),
                name="normkader_drempel_op_schaal",
            ),
            models.CheckConstraint(
                condition=models.Q(voldoet_aandeel__gte=1) & models.Q(voldoet_aandeel__lte=100),
                name="normkader_aandeel_in_procenten",
            ),
        ]

    def __str__(self):
        return self.naam

    def natural_key(self):
        return (self.code,)

    @property
    def is_vastgesteld(self) -> bool:
        return self.status == self.Status.VASTGESTELD


class _PerNormkaderManager(models.Manager):
    """Rows identified by their Normkader's code plus one field of their own."""

    key_field = "nummer"

    def get_by_natural_key(self, normkader_code, key):
        return self.get(normkader__code=normkader_code, **{self.key_field: key})


class GenummerdInNormkader(models.Model):
    """A row known by its number within its Normkader: a domain, a principle, a phase, a level.

    Subclasses add the ``normkader`` foreign key, each with its own related name.
    """

    nummer = models.PositiveSmallIntegerField(_("nummer"))

    objects = _PerNormkaderManager()

    class Meta:
        abstract = True
        ordering = ["normkader", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["normkader", "nummer"], name="%(class)s_uniek"),
        ]

    def natural_key(self):
        return (*self.normkader.natural_key(), self.nummer)

    natural_key.dependencies = ["ijkpunten.normkader"]


class SchaalwaardeManager(_PerNormkaderManager):
    key_field = "waarde"


class Schaalwaarde(models.Model):
    """One step of the 1–4 scale, with the label the source document gives it."""

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="schaal")
    waarde = models.PositiveSmallIntegerField(
        _("waarde"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    kort = models.CharField(_("korte aanduiding"), max_length=40)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    objects = SchaalwaardeManager()

    class Meta:
        verbose_name = _("schaalwaarde")
        verbose_name_plural = _("schaalwaarden")
        ordering = ["normkader", "waarde"]
        constraints = [
            models.UniqueConstraint(fields=["normkader", "waarde"], name="schaalwaarde_uniek"),
        ]

    def __str__(self):
        return f"{self.waarde}: {self.omschrijving}"

    def natural_key(self):
        return (*self.normkader.natural_key(), self.waarde)

    natural_key.dependencies = ["ijkpunten.normkader"]


class Domein(GenummerdInNormkader):
    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="domeinen")
    naam = models.CharField(_("naam"), max_length=100)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")

    def __str__(self):
        return self.naam


class GroepManager(_PerNormkaderManager):
    key_field = "code"


class Groep(models.Model):
    """A part of the norm whose items are scored together and reported as one result."""

    class Soort(models.TextChoices):
        ANB_ASPECT = "anb_aspect", _("aspect van de basisondersteuning")
        IJKPUNT = "ijkpunt", _("ijkpunt")
        HGW_SECTIE = "hgw_sectie", _("indicatoren handelingsgericht werken")
        TOEZICHTKADER = "toezichtkader", _("indicatoren toezichtkader inspectie")
        PROTOCOL = "protocol", _("wettelijk verplicht protocol")
        THEMA = "thema", _("Almeers thema")

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="groepen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    code = models.SlugField(_("code"), max_length=40)
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    standaard = models.TextField(
        _("standaard"), blank=True, help_text=_("The standard the school meets, for an ijkpunt.")
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    domein = models.ForeignKey(
        Domein,
        verbose_name=_("domein"),
        null=True,
        blank=True,
        # RESTRICT: a domain with ijkpunten cannot be deleted on its own, but goes with its
        # Normkader when a concept version is deleted whole.
        on_delete=models.RESTRICT,
        related_name="groepen",
    )
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)
    sector = sector_field()
    gedeelde_items = models.ManyToManyField(
        "Item",
        verbose_name=_("gedeelde items"),
        blank=True,
        related_name="ook_in_groepen",
        help_text=_(
            "Items defined in another group that also count here; answered once, reported in both."
        ),
    )

    objects = GroepManager()

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["normkader", "soort", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["normkader", "code"], name="groep_code_uniek"),
            models.UniqueConstraint(
                fields=["normkader", "soort", "nummer"], name="groep_nummer_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.nummer}: {self.naam}"

    def natural_key(self):
        return (*self.normkader.natural_key(), self.code)

    natural_key.dependencies = ["ijkpunten.normkader", "ijkpunten.domein"]


class ItemManager(models.Manager):
    def get_by_natural_key(self, normkader_code, groep_code, code):
        return self.get(groep__normkader__code=normkader_code, groep__code=groep_code, code=code)


class Item(models.Model):
    """One scorable statement of the norm, scored 1–4."""

    class Bron(models.TextChoices):
        INSPECTIE = "inspectie", _("inspectie-eisen")
        REFERENTIEKADER = "referentiekader", _("referentiekader")
        ALMEERSE_AFSPRAKEN = "almeerse_afspraken", _("Almeerse afspraken")
        ANB = "anb", _("Almeerse Norm Basisondersteuning")
        HGW = "hgw", _("indicatoren handelingsgericht werken")
        TOEZICHTKADER = "toezichtkader", _("toezichtkader inspectie")
        ONTWIKKELINGSGEBIED = "ontwikkelingsgebied", _("basisondersteuning per ontwikkelingsgebied")

    class Aspect(models.TextChoices):
        AANBOD = "aanbod", _("aanbod")
        AANBOD_MATERIALEN = "aanbod_materialen", _("aanbod/materialen")
        MATERIALEN = "materialen", _("materialen")
        PROTOCOL = "protocol", _("protocol")
        EXPERTISE = "expertise", _("expertise")
        RUIMTE = "ruimte", _("(fysieke) ruimte(s)")
        RANDVOORWAARDEN = "randvoorwaarden", _("randvoorwaarden")
        BELEID = "beleid", _("beleid")

    groep = models.ForeignKey(Groep, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=30)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices, blank=True)
    inleiding = models.TextField(
        _("inleiding"),
        blank=True,
        help_text=_("The lead-in sentence the source puts before this and its sibling items."),
    )
    tekst = models.TextField(_("tekst"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    subpunten = models.JSONField(
        _("subpunten"),
        default=list,
        blank=True,
        help_text=_("Sub-points that belong to this item, in the order of the source."),
    )
    alleen_sbo = models.BooleanField(
        _("alleen SBO"),
        default=False,
        help_text=_("Asked only of a special primary school (SBO); n.v.t. elsewhere."),
    )
    nvt_toegestaan = models.BooleanField(_("n.v.t. toegestaan"), default=False)
    sector = sector_field()
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)

    objects = ItemManager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["groep", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["groep", "code"], name="item_code_uniek"),
        ]

    def __str__(self):
        return f"{self.code}: {self.tekst[:80]}"

    def natural_key(self):
        return (*self.groep.natural_key(), self.code)

    natural_key.dependencies = ["ijkpunten.groep"]


class RisicosignaalManager(models.Manager):
    def get_by_natural_key(self, normkader_code, groep_code, volgorde):
        return self.get(
            groep__normkader__code=normkader_code, groep__code=groep_code, volgorde=volgorde
        )


class Risicosignaal(models.Model):
    """A warning sign of an ijkpunt: not scored, a school ticks the ones that apply."""

    groep = models.ForeignKey(Groep, on_delete=models.CASCADE, related_name="risicosignalen")
    volgorde = models.PositiveSmallIntegerField(_("volgorde"))
    tekst = models.TextField(_("tekst"))

    objects = RisicosignaalManager()

    class Meta:
        verbose_name = _("risicosignaal")
        verbose_name_plural = _("risicosignalen")
        ordering = ["groep", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["groep", "volgorde"], name="risicosignaal_uniek"),
        ]

    def __str__(self):
        return self.tekst[:80]

    def natural_key(self):
        return (*self.groep.natural_key(), self.volgorde)

    natural_key.dependencies = ["ijkpunten.groep"]


class HgwPrincipe(GenummerdInNormkader):
    """A principle of handelingsgericht (samen)werken."""

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="hgw_principes")
    tekst = models.TextField(_("tekst"))

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("HGW-principe")
        verbose_name_plural = _("HGW-principes")

    def __str__(self):
        return f"{self.nummer}. {self.tekst}"


class Begrip(GenummerdInNormkader):
    """A term of the norm's glossary (002, "Begrippenlijst"), marked where item texts use it."""

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="begrippen")
    term = models.CharField(_("term"), max_length=100)
    omschrijving = models.TextField(_("omschrijving"))
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")

    def __str__(self):
        return self.term


class Uitleg(GenummerdInNormkader):
    """A passage of the sources that explains the norm without being scored: what is not
    basisondersteuning, the zorgplicht and its terms. ``tekst``: paragraphs, one per blank
    line (a bullet of the source is a paragraph of its own)."""

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="uitleg")
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"))
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("uitleg")
        verbose_name_plural = _("uitleg")

    def __str__(self):
        return self.titel

    @property
    def alineas(self) -> list[str]:
        return alineas(self.tekst)


class Ontwikkelstap(GenummerdInNormkader):
    """A step of the Ontwikkelprogramma HGW (003, "4. Werkwijze"): what happens in it and what
    it yields ("Het resultaat van stap N"), verbatim; shown beside the school's own record of
    the step in its development plan (``zelfscan.Trajectstap``). Paragraphs, one per blank
    line (a bullet of the source is a paragraph of its own)."""

    normkader = models.ForeignKey(
        Normkader, on_delete=models.CASCADE, related_name="ontwikkelstappen"
    )
    naam = models.CharField(_("naam"), max_length=100)
    werkwijze = models.TextField(_("werkwijze"))
    resultaat = models.TextField(_("resultaat"))
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("ontwikkelstap")
        verbose_name_plural = _("ontwikkelstappen")

    def __str__(self):
        return f"{self.nummer}. {self.naam}"

    @property
    def alineas(self) -> list[str]:
        return alineas(self.werkwijze)


class Kaartaspect(GenummerdInNormkader):
    """An aspect of the support card (ondersteuningskaart) every Almere theme has (002: the
    "Handreiking Ondersteuning" "bevat per thema informatie ... over de volgende aspecten" and
    the "Kenniskaart" "definieert per thema welke kennis ... Hierbij gaat het om"), verbatim.
    The structure is the norm's; what each theme's card says per aspect and level, the SWV
    writes (``zelfscan.Kaartinhoud``)."""

    class Kaart(models.TextChoices):
        HANDREIKING = "handreiking", _("Handreiking Ondersteuning")
        KENNISKAART = "kenniskaart", _("Kenniskaart")

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="kaartaspecten")
    kaart = models.CharField(_("kaart"), max_length=12, choices=Kaart.choices)
    inleiding = models.TextField(_("inleiding"), blank=True)
    tekst = models.TextField(_("tekst"))
    herkomst = models.CharField(_("herkomst"), max_length=200, blank=True)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("aspect van de ondersteuningskaart")
        verbose_name_plural = _("aspecten van de ondersteuningskaart")

    def __str__(self):
        return self.tekst


class CyclusFase(GenummerdInNormkader):
    """A phase of the cycle of handelingsgericht (samen)werken."""

    normkader = models.ForeignKey(Normkader, on_delete=models.CASCADE, related_name="cyclusfasen")
    naam = models.CharField(_("naam"), max_length=60)

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("cyclusfase")
        verbose_name_plural = _("cyclusfasen")

    def __str__(self):
        return f"{self.nummer}. {self.naam}"


class Ondersteuningsniveau(GenummerdInNormkader):
    """One of the four support levels of the ANB, and which norm it belongs to."""

    class Norm(models.TextChoices):
        BASISNORM = "basisnorm", _("basisnorm")
        STREEFNORM = "streefnorm", _("streefnorm")
        GESPECIALISEERD = "gespecialiseerd", _("extra (gespecialiseerde) ondersteuning")

    normkader = models.ForeignKey(
        Normkader, on_delete=models.CASCADE, related_name="ondersteuningsniveaus"
    )
    naam = models.CharField(_("naam"), max_length=200)
    categorie = models.CharField(_("categorie"), max_length=200)
    norm = models.CharField(_("norm"), max_length=20, choices=Norm.choices)
    norm_omschrijving = models.CharField(_("wat de norm vraagt"), max_length=300)
    omschrijving = models.TextField(_("omschrijving"))

    class Meta(GenummerdInNormkader.Meta):
        verbose_name = _("ondersteuningsniveau")
        verbose_name_plural = _("ondersteuningsniveaus")

    def __str__(self):
        return f"Niveau {self.nummer}. {self.naam}"


class LandelijkGemiddelde(models.Model):
    """The national referral rates of one school year, which the referral signal compares a
    school with (000, ijkpunt 3: "aantoonbaar meer leerlingen naar het SBO en SO dan het
    landelijk gemiddelde en het gemiddelde voor de eigen wijk"). Figures of a year, not of
    the norm's text: the SWV enters them each year, also for an established version."""

    normkader = models.ForeignKey(
        Normkader, on_delete=models.CASCADE, related_name="landelijke_gemiddelden"
    )
    schooljaar = models.CharField(
        _("schooljaar"), max_length=9,
        validators=[RegexValidator(r"^20[0-9]{2}-20[0-9]{2}$",
                                   _("A school year such as 2025-2026."))],
    )  # fmt: skip
    verwijzingen_sbo = models.DecimalField(
        _("referrals to SBO per 100 pupils"), max_digits=5, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    verwijzingen_so = models.DecimalField(
        _("referrals to SO per 100 pupils"), max_digits=5, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("landelijk gemiddelde")
        verbose_name_plural = _("landelijke gemiddelden")
        constraints = [
            models.UniqueConstraint(
                fields=["normkader", "schooljaar"], name="een_landelijk_gemiddelde_per_jaar"
            )
        ]

    def __str__(self):
        return f"{self.normkader.code} {self.schooljaar}"


class Overgang(models.Model):
    """One line of a concordantie: what became of a row of the version a concept was derived
    from (``oud``) in that concept (``nieuw``). An old row with several lines was split, a new
    row with several was merged; ``nieuw`` empty: removed; ``oud`` empty: new. Whether a 1:1
    line is the same or reworded follows from the texts (``ijkpunten/concordantie.py``).

    Subclasses add ``normkader`` and the ``oud`` and ``nieuw`` foreign keys: PROTECT on the old
    side (an established version's rows are never deleted), CASCADE on the new side (the
    lines go with a concept version deleted whole)."""

    toelichting = models.TextField(
        _("toelichting"), blank=True,
        help_text=_("Why, shown where a trend breaks at this line."),
    )  # fmt: skip
    voorgesteld = models.BooleanField(
        _("voorgesteld"), default=False,
        help_text=_("Proposed by the application (same code or text), not set by hand."),
    )  # fmt: skip

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(oud__isnull=False) | models.Q(nieuw__isnull=False),
                name="%(class)s_oud_of_nieuw",
            ),
            models.UniqueConstraint(
                fields=["normkader", "oud", "nieuw"], name="%(class)s_uniek"
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.oud or '–'} → {self.nieuw or '–'}"


def _lijn(naar, kant: str):
    if kant == "oud":
        return models.ForeignKey(naar, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="overgangen_naar")  # fmt: skip
    return models.ForeignKey(naar, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="overgangen_van")  # fmt: skip


class ItemOvergang(Overgang):
    normkader = models.ForeignKey(
        Normkader, on_delete=models.CASCADE, related_name="item_overgangen"
    )
    oud = _lijn(Item, "oud")
    nieuw = _lijn(Item, "nieuw")

    class Meta(Overgang.Meta):
        verbose_name = _("overgang van een item")
        verbose_name_plural = _("overgangen van items")


class GroepOvergang(Overgang):
    normkader = models.ForeignKey(
        Normkader, on_delete=models.CASCADE, related_name="groep_overgangen"
    )
    oud = _lijn(Groep, "oud")
    nieuw = _lijn(Groep, "nieuw")

    class Meta(Overgang.Meta):
        verbose_name = _("overgang van een groep")
        verbose_name_plural = _("overgangen van groepen")
