"""Reads for the results pages and their exports: a fixed number of queries per page, every
total computed in the database from the per-scan summary (``Groepsresultaat``), never from the
raw answers. The rules themselves are in ``rekenregels.py`` beside this module; who sees which
scan in ``zelfscan/access/scoping.py``.
"""

import functools
from dataclasses import dataclass

from django.db.models import Count, Q, Subquery, Sum

from ijkpunten.models import Groep, Risicosignaal
from zelfscan.access.scoping import roles_of
from zelfscan.models import (
    Ambitie,
    Groepsresultaat,
    Kengetallen,
    Rol,
    Samenwerkingsverband,
    Scanronde,
    School,
    Signaalantwoord,
    Zelfscan,
)
from zelfscan.resultaten import rekenregels as regels
from zelfscan.scans.structuur import indeling, soorten

TOTAAL = None  # the group key of the whole scan


def binnen_swv(user, swv_id: int) -> bool:
    """Inside the SWV: who may see totals of fewer than three schools."""
    return user.is_superuser or any(
        soort == Rol.Soort.SWV_BEHEERDER and swv == swv_id for soort, _, _, swv in roles_of(user)
    )


STAD, WIJK, BESTUUR = "stad", "wijk", "bestuur"
ALLE = ""  # every kind of school


class Zichtbaarheid:
    """Which totals of a round a viewer sees (``rekenregels.verborgen_totalen``): a key is
    (STAD/WIJK/BESTUUR, unit id or None, kind of school or ALLE). Inside the SWV: all.

    Worked out when first asked, once per round and viewer. The city of all kinds, the
    largest total, is hidden by the rule of the small group alone (of two totals the smaller
    is hidden, and it is part of none), so the trend's city line needs no more than that."""

    def __init__(self, *, alles: bool, scans: list[tuple] = (), bekend: frozenset = frozenset()):
        self.alles = alles
        self.scans = scans  # (school, wijk, bestuur, kind) of each released scan
        self.bekend = bekend
        self._bekend_per_sleutel: dict = {}

    @functools.cached_property
    def _groepen(self) -> dict:
        groepen: dict = {}
        for school, wijk, bestuur, soort in self.scans:
            for niveau, eenheid in ((STAD, None), (WIJK, wijk), (BESTUUR, bestuur)):
                if eenheid is None and niveau != STAD:
                    continue  # a VO school needs no wijk
                for s in (ALLE, soort):
                    groepen.setdefault((niveau, eenheid, s), set()).add(school)
        return {k: frozenset(v) for k, v in groepen.items()}

    @functools.cached_property
    def _verborgen(self) -> set:
        groepen = self._groepen
        soorten = {k[2] for k in groepen} - {ALLE}
        eenheden = {k[:2] for k in groepen}
        indelingen = [
            ((*e, ALLE), [(*e, s) for s in soorten if (*e, s) in groepen]) for e in eenheden
        ]
        for s in (ALLE, *soorten):
            for niveau in (WIJK, BESTUUR):
                delen = [k for k in groepen if k[0] == niveau and k[2] == s]
                indelingen.append(((STAD, None, s), delen))
        return regels.verborgen_totalen(groepen, bekend=self.bekend, indelingen=indelingen)

    def toont(self, sleutel) -> bool:
        if self.alles or sleutel == (STAD, None, ALLE):
            return True  # the city of all kinds: the small-group rule alone (in ``verberg``)
        # A key not in the round has no schools: nothing to show, nothing to hide.
        return sleutel not in self._verborgen

    def bekend_in(self, sleutel) -> int:
        """How many of the total's schools the viewer sees anyway (their own). Asked once per
        group row of a total, so counted once per key."""
        if sleutel not in self._bekend_per_sleutel:
            if sleutel == (STAD, None, ALLE):
                aantal = sum(1 for scan in self.scans if scan[0] in self.bekend)
            else:
                aantal = len(self._groepen.get(sleutel, frozenset()) & self.bekend)
            self._bekend_per_sleutel[sleutel] = aantal
        return self._bekend_per_sleutel[sleutel]

    def verberg(self, totalen: dict, sleutel_van) -> dict:
        """``totalen``: (unit, group) -> Totaal; ``sleutel_van(unit)`` its key. A hidden total
        keeps its number of schools only. A group's mean over too few unseen schools (the
        others had nothing but n.v.t. there) is hidden on its own."""
        if self.alles:
            return totalen
        uit = {}
        for (eenheid, groep), t in totalen.items():
            sleutel = sleutel_van(eenheid)
            bekend = self.bekend_in(sleutel)
            if (
                not self.toont(sleutel)
                or regels.te_klein(t.scholen, t.scholen - bekend)
                or (
                    t.met_gemiddelde
                    and regels.te_klein(t.met_gemiddelde, t.met_gemiddelde - bekend)
                )
            ):
                t = Totaal(scholen=t.scholen, verborgen=True)
            uit[(eenheid, groep)] = t
        return uit


def zichtbaarheden(user, rondes: list[Scanronde]) -> dict[int, Zichtbaarheid]:
    """Per round, what the viewer sees of its totals (two queries for any number of rounds
    and schools): every total over the round's released scans by wijk, bestuur and the stad,
    each of all kinds and of one kind, with the divisions between them."""
    if not rondes:
        return {}
    if binnen_swv(user, rondes[0].swv_id):
        return {r.pk: Zichtbaarheid(alles=True) for r in rondes}
    bekend = frozenset(School.objects.for_user(user).values_list("pk", flat=True))
    per_ronde = {r.pk: [] for r in rondes}
    for row in (
        Zelfscan.objects.in_totalen()
        .filter(ronde__in=per_ronde)
        .values_list("ronde_id", "school_id", "school__wijk_id", "school__bestuur_id", "soort")
    ):
        per_ronde[row[0]].append(row[1:])
    return {
        ronde: Zichtbaarheid(alles=False, scans=scans, bekend=bekend)
        for ronde, scans in per_ronde.items()
    }


def groepen(ronde: Scanronde) -> list[Groep]:
    """The scored groups of the round that its SWV's sector is asked, in the order of its
    parts (one query)."""
    deel = indeling(ronde)
    volgorde = {soort: i for i, soort in enumerate(soorten(ronde))}
    sector = Samenwerkingsverband.objects.filter(pk=ronde.swv_id).values("sector")
    return sorted(
        Groep.objects.filter(pk__in=deel.groepen)
        .filter(Q(sector="") | Q(sector=Subquery(sector)))
        .only("pk", "soort", "code", "nummer", "naam"),
        key=lambda g: (volgorde[g.soort], g.nummer),
    )


# --- totals of bestuur, wijk, stad


@dataclass
class Totaal:
    """One unit (a wijk, a bestuur, the stad) for one group, or for the whole scan."""

    scholen: int = 0
    gemiddelde: float | None = None  # the mean of the school means
    voldoen: int = 0  # schools whose group voldoet
    basisnorm: int = 0  # schools that meet the basisnorm (on the whole-scan total only)
    verdeling: tuple = (0, 0, 0, 0)  # schools per scale value of their mean
    verborgen: bool = False  # fewer than KLEINSTE_GROEP schools, for someone outside the SWV
    # The sum and number of the school means, so that totals of units add up exactly.
    som: float = 0.0
    met_gemiddelde: int = 0


def _ruwe_totalen(
    scans, *, per: str | None, regel: regels.Voldoetregel, basisnorm: bool = False
) -> dict:
    """Three queries: the totals per unit and group; the distribution over the scale, which
    only the whole scan has (asked apart, it saves evaluating the mean four more times for
    every row); with ``basisnorm``, the schools that meet it (only where a page shows it)."""
    eenheid = [f"scan__{per}"] if per else []
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans)
        .annotate(gemiddelde=regels.gemiddelde_expr(), open_items=regels.open_expr())
        .values(*eenheid, "groep_id")
        .annotate(
            aantal=Count("pk"),
            som=Sum("gemiddelde"),
            met_gemiddelde=Count("gemiddelde"),
            voldoen=Count("pk", filter=regel.q()),
        )
        .order_by()
    )
    schaal = {f"s{w}": Count("pk", filter=regels.schaalwaarde_q(w)) for w in regels.SCHAAL}
    # Unit -> schools that meet the basisnorm.
    meeting = Zelfscan.objects.filter(pk__in=scans).filter(regels.basisnorm_q(regel))
    per_eenheid = {}
    if basisnorm and per:
        per_eenheid = dict(meeting.values_list(per).annotate(n=Count("pk")).order_by())
    elif basisnorm:
        per_eenheid = {None: meeting.count()}
    geheel = Groepsresultaat.objects.filter(scan__in=scans, groep__isnull=True).annotate(
        gemiddelde=regels.gemiddelde_expr()
    )
    if per:
        verdeling = {
            row[eenheid[0]]: (row["s1"], row["s2"], row["s3"], row["s4"])
            for row in geheel.values(*eenheid).annotate(**schaal).order_by()
        }
    else:
        row = geheel.aggregate(**schaal)
        verdeling = {None: (row["s1"], row["s2"], row["s3"], row["s4"])}
    result = {}
    for row in rows:
        e = row[eenheid[0]] if per else None
        groep = row["groep_id"]
        result[(e, groep)] = _totaal(
            row["aantal"], row["som"] or 0.0, row["met_gemiddelde"], row["voldoen"],
            verdeling.get(e, (0, 0, 0, 0)) if groep is None else (0, 0, 0, 0),
            per_eenheid.get(e, 0) if groep is None else 0,
        )  # fmt: skip
    return result


def _totaal(scholen, som, met_gemiddelde, voldoen, verdeling, basisnorm=0) -> Totaal:
    return Totaal(
        scholen=scholen,
        basisnorm=basisnorm,
        gemiddelde=som / met_gemiddelde if met_gemiddelde else None,
        voldoen=voldoen,
        verdeling=tuple(verdeling),
        som=som,
        met_gemiddelde=met_gemiddelde,
    )


def totalen(
    scans, *, per: str | None, regel: regels.Voldoetregel, zicht=None, sleutel_van=None,
    basisnorm: bool = False,
) -> dict:  # fmt: skip
    """(unit id, group id or TOTAAL) -> Totaal, over ``scans``; ``per`` the unit's field on
    the scan ("school__wijk", "school__bestuur") or None for one total. One query. With
    ``zicht`` (a Zichtbaarheid) and ``sleutel_van`` (unit id -> its key), what the viewer may
    not see is hidden; without, everything is the viewer's own."""
    ruw = _ruwe_totalen(scans, per=per, regel=regel, basisnorm=basisnorm)
    return zicht.verberg(ruw, sleutel_van) if zicht is not None else ruw


def totalen_met_geheel(
    scans, *, per: str, regel: regels.Voldoetregel, zicht, soort: str, basisnorm: bool = False
) -> tuple[dict, dict]:
    """The totals per unit (wijken or besturen) and, added up from them, the totals of the
    stad (every scan is in exactly one unit): two tables for the price of one query."""
    ruw = _ruwe_totalen(scans, per=per, regel=regel, basisnorm=basisnorm)
    opgeteld = {}
    for (_eenheid, groep), t in ruw.items():
        s = opgeteld.setdefault(groep, [0, 0.0, 0, 0, [0, 0, 0, 0], 0])
        s[0] += t.scholen
        s[1] += t.som
        s[2] += t.met_gemiddelde
        s[3] += t.voldoen
        s[4] = [a + b for a, b in zip(s[4], t.verdeling, strict=True)]
        s[5] += t.basisnorm
    geheel = {(None, groep): _totaal(*s) for groep, s in opgeteld.items()}
    niveau = WIJK if per == "school__wijk" else BESTUUR
    return (
        zicht.verberg(ruw, lambda e: (niveau, e, soort)),
        zicht.verberg(geheel, lambda e: (STAD, None, soort)),
    )


# --- one school, or schools side by side


def tellingen(scans) -> dict:
    """(scan id, group id or TOTAAL) -> Telling for each scan (one query; for the scans of one
    school, bestuur or wijk, never the city)."""
    velden = regels.TELVELDEN
    return {
        (row["scan_id"], row["groep_id"]): regels.Telling(**{v: row[v] for v in velden})
        for row in Groepsresultaat.objects.filter(scan__in=scans).values(
            "scan_id", "groep_id", *velden
        )
    }


@dataclass
class Schoolrij:
    """One school's results, group by group: a row of the heatmap, or the school page."""

    scan: Zelfscan
    uitslagen: dict  # group id or TOTAAL -> Uitslag
    basisnorm: bool | None = None
    # Basiskwaliteit by the school's own score on aspect 1 (None: open, or not asked), and
    # whether it disagrees with the inspection judgement.
    basiskwaliteit_zelf: bool | None = None
    basiskwaliteit_wijkt_af: bool = False


def schoolrijen(
    scans: list[Zelfscan], groepen_: list[Groep], regel: regels.Voldoetregel
) -> list[Schoolrij]:
    """The scans must come with their kengetallen (select_related)."""
    alle = tellingen([s.pk for s in scans])
    basisnorm_groepen = [g.pk for g in groepen_ if g.soort in regels.BASISNORM_SOORTEN]
    aspect = next(
        (g.pk for g in groepen_ if g.soort == Groep.Soort.ANB_ASPECT
         and g.nummer == regels.BASISKWALITEIT_ASPECT), None,
    )  # fmt: skip
    rijen = []
    for scan in scans:
        uitslagen = {
            g: regels.uitslag(alle.get((scan.pk, g), regels.Telling()), regel)
            for g in [TOTAAL, *(g.pk for g in groepen_)]
        }
        kengetallen = getattr(scan, "kengetallen", None)
        oordeel = kengetallen.inspectieoordeel if kengetallen else ""
        rijen.append(
            Schoolrij(
                scan=scan,
                uitslagen=uitslagen,
                basisnorm=regels.voldoet_aan_basisnorm(
                    inspectieoordeel=oordeel,
                    basisnorm_uitslagen=[uitslagen[g] for g in basisnorm_groepen],
                ),
                basiskwaliteit_zelf=u.voldoet if (u := uitslagen.get(aspect)) else None,
                basiskwaliteit_wijkt_af=regels.basiskwaliteit_wijkt_af(
                    inspectieoordeel=oordeel, aspect=uitslagen.get(aspect)
                ),
            )
        )
    return rijen


def signaalfrequenties(ronde: Scanronde, scans) -> list[tuple[Risicosignaal, int]]:
    """How often each risk signal of the round is ticked in ``scans`` (two queries)."""
    aantallen = dict(
        Signaalantwoord.objects.filter(scan__in=scans, aangevinkt=True)
        .values_list("signaal")
        .annotate(n=Count("pk"))
        .order_by()
    )
    signalen = Risicosignaal.objects.filter(pk__in=indeling(ronde).signalen).select_related("groep")
    return [(s, aantallen.get(s.pk, 0)) for s in signalen.order_by("groep__nummer", "volgorde")]


def aangevinkte_signalen(scan: Zelfscan) -> list[Risicosignaal]:
    return list(
        Risicosignaal.objects.filter(
            pk__in=Signaalantwoord.objects.filter(scan=scan, aangevinkt=True).values("signaal")
        )
        .select_related("groep")
        .order_by("groep__nummer", "volgorde")
    )


def verwijzingen(scans, *, zicht: Zichtbaarheid, sleutel) -> dict:
    """Pupils and referrals summed over ``scans`` (one query): the wijk's referral rates. All
    None where the viewer may not see them: the total of ``sleutel`` is hidden, or fewer than
    KLEINSTE_GROEP of the schools with pupils in it are not the viewer's own (found from
    outside: a wijk of two schools gave exactly the other schools' figures)."""
    bekend = list(zicht.bekend)
    cijfers = Kengetallen.objects.filter(scan__in=scans, leerlingen__gt=0).aggregate(
        leerlingen=Sum("leerlingen"), sbo=Sum("verwijzingen_sbo"), so=Sum("verwijzingen_so"),
        scholen=Count("pk"), eigen=Count("pk", filter=Q(scan__school__in=bekend)),
    )  # fmt: skip
    scholen, eigen = cijfers.pop("scholen"), cijfers.pop("eigen")
    if not zicht.alles and (not zicht.toont(sleutel) or regels.te_klein(scholen, scholen - eigen)):
        return dict.fromkeys(cijfers)
    return cijfers


@dataclass
class Netwerkthema:
    thema: Groep
    brengen: list
    zoeken: list


def dekkend_netwerk(themas: list[Groep], scans) -> list[Netwerkthema]:
    """Per theme the schools that bring expertise to the wijk and those that seek it (one
    query)."""
    per = {t.pk: Netwerkthema(t, [], []) for t in themas}
    for ambitie in (
        Ambitie.objects.filter(scan__in=scans, thema__in=per, expertise__in=("brengt", "zoekt"))
        .select_related("scan__school")
        .order_by("scan__school__naam")
    ):
        rij = per[ambitie.thema_id]
        (rij.brengen if ambitie.expertise == "brengt" else rij.zoeken).append(ambitie.scan.school)
    return list(per.values())


# --- across rounds


def trend(scans, *, zicht_per_jaar: dict | None = None, sleutel=None) -> dict:
    """schooljaar -> Totaal of the whole scan over ``scans`` of several rounds (one query over
    one summary row per scan). With ``zicht_per_jaar`` (schooljaar -> Zichtbaarheid), a year
    is hidden where that round's total of ``sleutel`` is."""
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans, groep__isnull=True)
        .annotate(gemiddelde=regels.gemiddelde_expr())
        .values("scan__ronde__schooljaar")
        .annotate(aantal=Count("pk"), som=Sum("gemiddelde"), met_gemiddelde=Count("gemiddelde"))
        .order_by("scan__ronde__schooljaar")
    )
    uit = {}
    for row in rows:
        jaar = row["scan__ronde__schooljaar"]
        t = _totaal(row["aantal"], row["som"] or 0.0, row["met_gemiddelde"], 0, (0, 0, 0, 0))
        if zicht_per_jaar is not None:
            zicht = zicht_per_jaar.get(jaar, Zichtbaarheid(alles=False))
            t = zicht.verberg({(None, None): t}, lambda _e: sleutel)[(None, None)]
        uit[jaar] = t
    return uit
