"""The rules of the results, written once: every page, export and report computes with these.
The page "Hoe wordt er gerekend?" (templates/zelfscan/resultaten/rekenregels.html) explains
them in plain Dutch; change both together.

- A group's result comes from the counts of its items (``Telling``): the mean of the scored
  items, the share scored at or above the threshold of the Normkader, and whether it *voldoet*
  by the Normkader's rule (``Voldoetregel``: every scored item at or above the threshold, the
  default; or a share of them; or their mean). n.v.t., items not asked of this kind of school
  and open items are left out of the mean and the share, and counted.
- A school *voldoet aan de basisnorm* when the three aspects of the basisondersteuning, the
  three protocols and the six themes each voldoen, and the inspection judgement, where one is
  recorded, is voldoende. Where the school's own score on aspect 1 (basiskwaliteit) and the
  inspection judgement disagree, that is flagged.
- Per bestuur, wijk and stad: the mean of the school means, the distribution of the schools
  over the scale, how many voldoen; computed in the database from the per-scan summary
  (``zelfscan/resultaten/totalen.py`` uses the expressions below).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Value
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ijkpunten.models import Groep, Normkader
from zelfscan.models import Groepsresultaat, Kengetallen

SCHAAL = (1, 2, 3, 4)

# "De school die de basiskwaliteit op orde heeft en de basisondersteuning biedt, voldoet aan
# de basisnorm." (002) Of the basisondersteuning, 002 names "drie aspecten van de
# basisondersteuning die op elke school op orde moeten zijn" (the first: "De school voldoet aan
# de landelijke norm voor de basiskwaliteit"), and "In Almere zijn voor negen onderwerpen
# afspraken gemaakt over wat scholen in de basisondersteuning moeten bieden om aan de Almeerse
# Norm Basisondersteuning te voldoen. De afspraken zijn vastgelegd in wettelijk verplichte
# protocollen en Almeerse thema's."
BASISNORM_SOORTEN = (Groep.Soort.ANB_ASPECT, Groep.Soort.PROTOCOL, Groep.Soort.THEMA)
# Aspect 1: "De school voldoet aan de landelijke norm voor de basiskwaliteit." (002)
BASISKWALITEIT_ASPECT = 1

# A wijk, bestuur or stad with fewer schools is not shown to anyone outside the SWV: one
# school in an average exposes that school.
KLEINSTE_GROEP = 3


def te_klein(aantal: int, onbekend: int) -> bool:
    """A total over ``aantal`` schools, ``onbekend`` of them not the viewer's own, is not
    shown outside the SWV when it is over fewer than KLEINSTE_GROEP schools, or over fewer
    than KLEINSTE_GROEP that the viewer does not know already (their own they can subtract)."""
    return aantal < KLEINSTE_GROEP or 0 < onbekend < KLEINSTE_GROEP


def verborgen_totalen(groepen: dict, *, bekend: frozenset, indelingen: list[tuple]) -> set:
    """Which totals a viewer outside the SWV does not see, so that no figure over fewer than
    KLEINSTE_GROEP of the schools they may not see can be computed from what they do see.

    ``groepen``: key -> the set of schools a total is over (a wijk, a bestuur or the stad, of
    one kind of school or of all); ``indelingen``: (key of a whole, keys of its parts), e.g.
    the stad and its wijken, a wijk and its kinds of school. Found from outside: 7 schools
    with mean 3,01 and, filtered to bao, 6 with 2,93 gave the one SBO school's mean.

    Hidden are: a total over too few unseen schools; of two totals of which one holds the
    other, the smaller, when what lies between them is too few unseen schools (a difference
    of two figures); a part of a whole, the smallest still shown, when the whole minus its
    shown parts would be too few unseen schools. Repeated until nothing changes. Not covered:
    sums over three or more totals from different divisions (a wijk minus two besturen in
    it); the SWV can set a larger KLEINSTE_GROEP where its wijken and besturen interlock so.
    """
    onbekend = {k: frozenset(v) - bekend for k, v in groepen.items()}
    verborgen = {k for k, v in onbekend.items() if te_klein(len(groepen[k]), len(v))}
    bevat = {}  # school -> keys of the totals over it
    for k, v in onbekend.items():
        for school in v:
            bevat.setdefault(school, []).append(k)

    def klein(v):
        return 0 < len(v) < KLEINSTE_GROEP

    veranderd = True
    while veranderd:
        veranderd = False
        # Smallest first: of a pair, the smaller is hidden, and may settle others.
        for k in sorted(onbekend, key=lambda k: (len(onbekend[k]), str(k))):
            binnen = onbekend[k]
            if k in verborgen or not binnen:
                continue
            kandidaten = bevat[next(iter(binnen))]
            if any(
                a not in verborgen
                and len(onbekend[a]) > len(binnen)
                and binnen <= onbekend[a]
                and klein(onbekend[a] - binnen)
                for a in kandidaten
            ):
                verborgen.add(k)
                veranderd = True
        for geheel, delen in indelingen:
            if geheel in verborgen or geheel not in onbekend:
                continue
            getoond = [d for d in delen if d not in verborgen and onbekend.get(d)]
            rest = onbekend[geheel].difference(*(onbekend[d] for d in getoond))
            if klein(rest) and getoond:
                verborgen.add(min(getoond, key=lambda d: (len(onbekend[d]), str(d))))
                veranderd = True
    return verborgen


# "0,0021 fte per leerling" (000): the IB norm.
IB_NORM_PER_LEERLING = Decimal("0.0021")


TELVELDEN = ("items", "niet_gevraagd", "nvt", "n1", "n2", "n3", "n4")


@dataclass(frozen=True)
class Telling:
    items: int = 0
    niet_gevraagd: int = 0
    nvt: int = 0
    n1: int = 0
    n2: int = 0
    n3: int = 0
    n4: int = 0

    @property
    def per_score(self) -> tuple[int, int, int, int]:
        return (self.n1, self.n2, self.n3, self.n4)

    @property
    def gescoord(self) -> int:
        return sum(self.per_score)

    @property
    def open(self) -> int:
        return self.items - self.niet_gevraagd - self.nvt - self.gescoord

    @property
    def niet_van_toepassing(self) -> int:
        return self.nvt + self.niet_gevraagd


@dataclass(frozen=True)
class Voldoetregel:
    """When a group *voldoet*, by the rule of its Normkader. The sources give a threshold per
    item ("voldoende" from 3) and no rule for a group; ``elk_item`` is the default. A group
    with items open is not known yet; one with nothing scored (all n.v.t.) has nothing that
    falls short, and voldoet under every rule. Integer arithmetic: no rounding at the edge."""

    drempel: int = 3
    regel: str = Normkader.Voldoetregel.ELK_ITEM
    aandeel: int = 80  # percent, for the rule "aandeel"

    @classmethod
    def van(cls, normkader) -> "Voldoetregel":
        return cls(normkader.drempel_voldoende, normkader.voldoet_regel, normkader.voldoet_aandeel)

    def voldoet(self, telling: Telling) -> bool | None:
        if telling.open:
            return None
        paren = list(zip(SCHAAL, telling.per_score, strict=True))
        gescoord = telling.gescoord
        if self.regel == Normkader.Voldoetregel.AANDEEL:
            voldoende = sum(n for score, n in paren if score >= self.drempel)
            return 100 * voldoende >= self.aandeel * gescoord
        if self.regel == Normkader.Voldoetregel.GEMIDDELDE:
            return sum(score * n for score, n in paren) >= self.drempel * gescoord
        return all(n == 0 for score, n in paren if score < self.drempel)

    def q(self) -> Q:
        """``voldoet`` in SQL, over a Groepsresultaat row annotated with ``open_items``."""
        n = {score: F(f"n{score}") for score in SCHAAL}
        gescoord = n[1] + n[2] + n[3] + n[4]
        if self.regel == Normkader.Voldoetregel.AANDEEL:
            voldoende = sum((n[s] for s in SCHAAL if s >= self.drempel), Value(0))
            regel = Q(GreaterThanOrEqual(100 * voldoende, self.aandeel * gescoord))
        elif self.regel == Normkader.Voldoetregel.GEMIDDELDE:
            som = n[1] + 2 * n[2] + 3 * n[3] + 4 * n[4]
            regel = Q(GreaterThanOrEqual(som, self.drempel * gescoord))
        else:
            regel = Q(**{f"n{score}": 0 for score in SCHAAL if score < self.drempel})
        return regel & Q(open_items=0)

    def uitleg(self) -> str:
        """The rule in force, as "Hoe wordt er gerekend?" says it."""
        if self.regel == Normkader.Voldoetregel.AANDEEL:
            return _(
                "at least %(aandeel)s%% of its scored indicators are at or above %(drempel)s"
            ) % {"aandeel": self.aandeel, "drempel": self.drempel}
        if self.regel == Normkader.Voldoetregel.GEMIDDELDE:
            return _("the mean of its scored indicators is at or above %(drempel)s") % {
                "drempel": self.drempel
            }
        return _("every scored indicator is at or above %(drempel)s") % {"drempel": self.drempel}


def voldoetregels() -> list[tuple[Normkader, str]]:
    """Every established version of the norm with its rule, as the page explains it."""
    return [
        (normkader, Voldoetregel.van(normkader).uitleg())
        for normkader in Normkader.objects.vastgesteld().order_by("-vastgesteld_op", "code")
    ]


@dataclass(frozen=True)
class Uitslag:
    """The result of one group (or the whole scan) of one school."""

    telling: Telling
    gemiddelde: float | None  # None: nothing scored
    aandeel_voldoende: float | None  # 0..1
    voldoet: bool | None  # None: items still open


def uitslag(telling: Telling, regel: Voldoetregel) -> Uitslag:
    drempel = regel.drempel
    gescoord = telling.gescoord
    if gescoord:
        som = sum(score * n for score, n in zip(SCHAAL, telling.per_score, strict=True))
        gemiddelde = som / gescoord
        voldoende = sum(
            n for score, n in zip(SCHAAL, telling.per_score, strict=True) if score >= drempel
        )
        aandeel = voldoende / gescoord
    else:
        gemiddelde = aandeel = None
    return Uitslag(telling, gemiddelde, aandeel, regel.voldoet(telling))


def basiskwaliteit(inspectieoordeel: str) -> bool | None:
    """'Er is sprake van een voldoende beoordeling door de onderwijsinspectie' (002); None
    when no judgement is recorded."""
    if inspectieoordeel == Kengetallen.Inspectieoordeel.VOLDOENDE:
        return True
    if inspectieoordeel == Kengetallen.Inspectieoordeel.ONBEKEND:
        return None
    return False


def voldoet_aan_basisnorm(
    *, inspectieoordeel: str, basisnorm_uitslagen: list[Uitslag]
) -> bool | None:
    """The aspects, protocols and themes (``basisnorm_uitslagen``) and, where recorded, the
    inspection judgement: False as soon as one part is not in order; None while a group has
    items open; True when all are in order. Without a recorded judgement the school's own
    score on aspect 1 stands for its basiskwaliteit."""
    delen = [u.voldoet for u in basisnorm_uitslagen]
    if (oordeel := basiskwaliteit(inspectieoordeel)) is not None:
        delen.append(oordeel)
    if False in delen:
        return False
    if None in delen:
        return None
    return True


def basiskwaliteit_wijkt_af(*, inspectieoordeel: str, aspect: Uitslag | None) -> bool:
    """The school's own score on aspect 1 and the inspection judgement say different things:
    one in order, the other not (both known)."""
    oordeel = basiskwaliteit(inspectieoordeel)
    zelf = aspect.voldoet if aspect is not None else None
    return oordeel is not None and zelf is not None and oordeel != zelf


def basisnorm_q(regel: Voldoetregel) -> Q:
    """``voldoet_aan_basisnorm`` is True, in SQL over Zelfscan: no basisnorm group that does
    not voldoen (or has items open), and no recorded judgement below voldoende."""
    tekort = (
        Groepsresultaat.objects.filter(scan=OuterRef("pk"), groep__soort__in=BASISNORM_SOORTEN)
        .annotate(open_items=open_expr())
        .exclude(regel.q())
    )
    onvoldoende = [o for o in Kengetallen.Inspectieoordeel.values if basiskwaliteit(o) is False]
    return ~Exists(tekort) & ~Q(kengetallen__inspectieoordeel__in=onvoldoende)


# Where a school counts in the distribution over the scale: at the scale value its mean is
# nearest to, x.5 going up. The boundaries between 1|2, 2|3 and 3|4.
SCHAALGRENZEN = (1.5, 2.5, 3.5)


def schaalwaarde(gemiddelde: float) -> int:
    return 1 + sum(gemiddelde >= grens for grens in SCHAALGRENZEN)


# --- the same rules as database expressions, over the fields of Groepsresultaat


def gescoord_expr():
    return F("n1") + F("n2") + F("n3") + F("n4")


def gemiddelde_expr():
    """A school's mean for one row; NULL when nothing is scored."""
    som = F("n1") + 2 * F("n2") + 3 * F("n3") + 4 * F("n4")
    return ExpressionWrapper(
        Cast(som, FloatField()) / NullIf(Cast(gescoord_expr(), FloatField()), Value(0.0)),
        output_field=FloatField(),
    )


def open_expr():
    return F("items") - F("niet_gevraagd") - F("nvt") - gescoord_expr()


def schaalwaarde_q(waarde: int) -> Q:
    """schaalwaarde() in SQL: the rows whose annotated ``gemiddelde`` counts at ``waarde``."""
    q = Q(gemiddelde__isnull=False)
    if waarde > SCHAAL[0]:
        q &= Q(gemiddelde__gte=SCHAALGRENZEN[waarde - 2])
    if waarde < SCHAAL[-1]:
        q &= Q(gemiddelde__lt=SCHAALGRENZEN[waarde - 1])
    return q


def ib_onder_norm(*, ib_fte, leerlingen) -> bool | None:
    if ib_fte is None or not leerlingen:
        return None
    return Decimal(ib_fte) < IB_NORM_PER_LEERLING * leerlingen


def verwijzingspercentage(verwijzingen, leerlingen) -> float | None:
    if verwijzingen is None or not leerlingen:
        return None
    return 100 * verwijzingen / leerlingen


def fte(waarde) -> str:
    """An fte with two decimals, or three where the third counts (0,525 for 250 pupils)."""
    decimalen = 2 if (waarde * 100) == int(waarde * 100) else 3
    return number_format(round(float(waarde), decimalen), decimalen)


def ib_norm_tekst() -> str:
    """The IB norm as the page says it: 0,0021 fte per pupil."""
    return number_format(IB_NORM_PER_LEERLING, 4)


def kengetallen_signalen(
    *,
    ib_fte,
    leerlingen,
    verwijzingen: dict,
    wijk: dict,
    landelijk: dict | None = None,
    stadsbreed: bool = False,
) -> list[str]:
    """The signals in a school's kengetallen (ijkpunt 3 and 12 of 000): IB below the norm; a
    referral rate to SBO or SO "aantoonbaar meer ... dan het landelijk gemiddelde en het
    gemiddelde voor de eigen wijk" (above both where both are known, else above the one that
    is); and a school that "verwijst helemaal niet". ``wijk``: its pupils and referrals
    summed, all None where the viewer may not see them; ``landelijk``: the national rate per
    kind ("SBO", "SO") for the round's year, None where the SWV has not entered it.
    ``stadsbreed``: the school has no wijk (a VO school works city-wide, 002), so ``wijk``
    holds the city's figures, 000's "vergelijkbare leerling-populaties"."""
    landelijk = landelijk or {}
    signalen = []
    if ib_onder_norm(ib_fte=ib_fte, leerlingen=leerlingen):
        signalen.append(
            _(
                "IB fte %(fte)s is below the norm of %(per)s fte per pupil "
                "(%(norm)s for %(n)s pupils)."
            )
            % {"fte": fte(ib_fte), "per": ib_norm_tekst(),
               "norm": fte(IB_NORM_PER_LEERLING * leerlingen), "n": leerlingen}
        )  # fmt: skip
    if leerlingen and verwijzingen and all(aantal == 0 for aantal in verwijzingen.values()):
        # Every kind recorded, and none: "of een school verwijst helemaal niet" (000).
        signalen.append(_("The school refers no pupils to SBO or SO at all."))
    for soort, aantal in verwijzingen.items():
        eigen = verwijzingspercentage(aantal, leerlingen)
        wijkpct = verwijzingspercentage(wijk[soort.lower()], wijk["leerlingen"])
        land = landelijk.get(soort)
        if eigen is None or (wijkpct is None and land is None):
            continue
        boven_wijk = wijkpct is None or eigen > wijkpct
        boven_land = land is None or eigen > float(land)
        if not (boven_wijk and boven_land):
            continue
        waarden = {"soort": soort, "eigen": procent(eigen)}
        if land is not None and wijkpct is not None and stadsbreed:
            tekst = _("Referral rate to %(soort)s %(eigen)s%% is above the national "
                      "%(land)s%% and the city's %(wijk)s%%.")  # fmt: skip
            waarden |= {"land": procent(land), "wijk": procent(wijkpct)}
        elif land is not None and wijkpct is not None:
            tekst = _("Referral rate to %(soort)s %(eigen)s%% is above the national "
                      "%(land)s%% and the wijk's %(wijk)s%%.")  # fmt: skip
            waarden |= {"land": procent(land), "wijk": procent(wijkpct)}
        elif land is not None:
            tekst = _("Referral rate to %(soort)s %(eigen)s%% is above the national %(land)s%%.")
            waarden["land"] = procent(land)
        else:
            if stadsbreed:
                tekst = _("Referral rate to %(soort)s %(eigen)s%% is above the city's %(wijk)s%%.")
            else:
                tekst = _("Referral rate to %(soort)s %(eigen)s%% is above the wijk's %(wijk)s%%.")
            waarden["wijk"] = procent(wijkpct)
        signalen.append(tekst % waarden)
    return signalen


def procent(waarde) -> str:
    return number_format(round(float(waarde), 1), 1)
