"""The rules of the results, written once: every page, export and report computes with these.
The page "Hoe wordt er gerekend?" (templates/zelfscan/resultaten/rekenregels.html) explains
them in plain Dutch; change both together.

- A group's result comes from the counts of its items (``Telling``): the mean of the scored
  items, the share scored at or above the threshold of the Normkader, and whether it *voldoet*
  (every applicable item at or above the threshold). n.v.t., items not asked of this kind of
  school and open items are left out of the mean and the share, and counted.
- A school *voldoet aan de basisnorm* when its basiskwaliteit is in order (the inspection
  judgement recorded in the scan) and every basisnorm group voldoet.
- Per bestuur, wijk and stad: the mean of the school means, the distribution of the schools
  over the scale, how many voldoen; computed in the database from the per-scan summary
  (``zelfscan/resultaten/totalen.py`` uses the expressions below).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import ExpressionWrapper, F, FloatField, Q, Value
from django.db.models.functions import Cast, NullIf
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ijkpunten.models import Groep
from zelfscan.models import Kengetallen

SCHAAL = (1, 2, 3, 4)

# "In Almere zijn voor negen onderwerpen afspraken gemaakt over wat scholen in de
# basisondersteuning moeten bieden om aan de Almeerse Norm Basisondersteuning te voldoen. De
# afspraken zijn vastgelegd in wettelijk verplichte protocollen en Almeerse thema's." (002)
BASISNORM_SOORTEN = (Groep.Soort.PROTOCOL, Groep.Soort.THEMA)

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
class Uitslag:
    """The result of one group (or the whole scan) of one school."""

    telling: Telling
    gemiddelde: float | None  # None: nothing scored
    aandeel_voldoende: float | None  # 0..1
    voldoet: bool | None  # None: items still open


def uitslag(telling: Telling, drempel: int) -> Uitslag:
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
    if telling.open:
        voldoet = None
    else:
        voldoet = all(
            n == 0 for score, n in zip(SCHAAL, telling.per_score, strict=True) if score < drempel
        )
    return Uitslag(telling, gemiddelde, aandeel, voldoet)


def basiskwaliteit(inspectieoordeel: str) -> bool | None:
    """'Er is sprake van een voldoende beoordeling door de onderwijsinspectie' (002)."""
    if inspectieoordeel == Kengetallen.Inspectieoordeel.VOLDOENDE:
        return True
    if inspectieoordeel == Kengetallen.Inspectieoordeel.ONBEKEND:
        return None
    return False


def voldoet_aan_basisnorm(
    *, inspectieoordeel: str, basisnorm_uitslagen: list[Uitslag]
) -> bool | None:
    """False as soon as one part is not in order; None while a part is unknown (no inspection
    judgement recorded, items open); True when all are in order."""
    delen = [basiskwaliteit(inspectieoordeel), *(u.voldoet for u in basisnorm_uitslagen)]
    if False in delen:
        return False
    if None in delen:
        return None
    return True


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


def voldoet_q(drempel: int) -> Q:
    """The row voldoet: nothing open, and no item scored below the threshold."""
    onder = Q()
    for score in SCHAAL:
        if score < drempel:
            onder &= Q(**{f"n{score}": 0})
    return onder & Q(open_items=0)


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


def kengetallen_signalen(*, ib_fte, leerlingen, verwijzingen: dict, wijk: dict) -> list[str]:
    """The signals in a school's kengetallen (ijkpunt 3 and 12 of 000): IB below the norm, and a
    referral rate to SBO or SO above the wijk's (``wijk``: its pupils and referrals summed, all
    None where the viewer may not see them)."""
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
    for soort, aantal in verwijzingen.items():
        eigen = verwijzingspercentage(aantal, leerlingen)
        wijkpct = verwijzingspercentage(wijk[soort.lower()], wijk["leerlingen"])
        if eigen is not None and wijkpct is not None and eigen > wijkpct:
            signalen.append(
                _("Referral rate to %(soort)s %(eigen)s%% is above the wijk's %(wijk)s%%.")
                % {"soort": soort, "eigen": number_format(round(eigen, 1), 1),
                   "wijk": number_format(round(wijkpct, 1), 1)}
            )  # fmt: skip
    return signalen
