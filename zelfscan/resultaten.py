"""Reads for the results pages and their exports: a fixed number of queries per page, every
total computed in the database from the per-scan summary (``Groepsresultaat``), never from the
raw answers. The rules themselves are in ``rekenregels.py``; who sees which scan in
``scoping.py``.
"""

from dataclasses import dataclass

from django.db.models import Count, Sum

from ijkpunten.models import Groep, Risicosignaal
from zelfscan import rekenregels as regels
from zelfscan.models import (
    Ambitie,
    Groepsresultaat,
    Kengetallen,
    Rol,
    Scanronde,
    Signaalantwoord,
    Zelfscan,
)
from zelfscan.scanstructuur import indeling, soorten
from zelfscan.scoping import roles_of

TOTAAL = None  # the group key of the whole scan


def binnen_swv(user, swv_id: int) -> bool:
    """Inside the SWV: who may see totals of fewer than three schools."""
    return user.is_superuser or any(
        soort == Rol.Soort.SWV_BEHEERDER and swv == swv_id for soort, _, _, swv in roles_of(user)
    )


def groepen(ronde: Scanronde) -> list[Groep]:
    """The scored groups of the round, in the order of its parts (one query)."""
    deel = indeling(ronde)
    volgorde = {soort: i for i, soort in enumerate(soorten(ronde))}
    return sorted(
        Groep.objects.filter(pk__in=deel.groepen).only("pk", "soort", "code", "nummer", "naam"),
        key=lambda g: (volgorde[g.soort], g.nummer),
    )


# --- totals of bestuur, wijk, stad


@dataclass
class Totaal:
    """One unit (a wijk, a bestuur, the stad) for one group, or for the whole scan."""

    scholen: int = 0
    gemiddelde: float | None = None  # the mean of the school means
    voldoen: int = 0  # schools whose group voldoet
    verdeling: tuple = (0, 0, 0, 0)  # schools per scale value of their mean
    verborgen: bool = False  # fewer than KLEINSTE_GROEP schools, for someone outside the SWV
    # The sum and number of the school means, so that totals of units add up exactly.
    som: float = 0.0
    met_gemiddelde: int = 0


def _ruwe_totalen(scans, *, per: str | None, drempel: int) -> dict:
    """Two queries: the totals per unit and group, and the distribution over the scale, which
    only the whole scan has (asked apart, it saves evaluating the mean four more times for
    every row)."""
    eenheid = [f"scan__{per}"] if per else []
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans)
        .annotate(gemiddelde=regels.gemiddelde_expr(), open_items=regels.open_expr())
        .values(*eenheid, "groep_id")
        .annotate(
            aantal=Count("pk"),
            som=Sum("gemiddelde"),
            met_gemiddelde=Count("gemiddelde"),
            voldoen=Count("pk", filter=regels.voldoet_q(drempel)),
        )
        .order_by()
    )
    schaal = {f"s{w}": Count("pk", filter=regels.schaalwaarde_q(w)) for w in regels.SCHAAL}
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
        )  # fmt: skip
    return result


def _totaal(scholen, som, met_gemiddelde, voldoen, verdeling) -> Totaal:
    return Totaal(
        scholen=scholen,
        gemiddelde=som / met_gemiddelde if met_gemiddelde else None,
        voldoen=voldoen,
        verdeling=tuple(verdeling),
        som=som,
        met_gemiddelde=met_gemiddelde,
    )


def _verberg_klein(totalen: dict, toon_klein: bool) -> dict:
    if toon_klein:
        return totalen
    return {
        key: Totaal(scholen=t.scholen, verborgen=True) if t.scholen < regels.KLEINSTE_GROEP else t
        for key, t in totalen.items()
    }


def totalen(scans, *, per: str | None, drempel: int, toon_klein: bool) -> dict:
    """(unit id, group id or TOTAAL) -> Totaal, over ``scans``; ``per`` the unit's field on
    the scan ("school__wijk", "school__bestuur") or None for one total. One query."""
    return _verberg_klein(_ruwe_totalen(scans, per=per, drempel=drempel), toon_klein)


def totalen_met_geheel(scans, *, per: str, drempel: int, toon_klein: bool) -> tuple[dict, dict]:
    """The totals per unit and, added up from them, the totals of the whole (every scan is in
    exactly one unit): two tables for the price of one query."""
    ruw = _ruwe_totalen(scans, per=per, drempel=drempel)
    opgeteld = {}
    for (_eenheid, groep), t in ruw.items():
        s = opgeteld.setdefault(groep, [0, 0.0, 0, 0, [0, 0, 0, 0]])
        s[0] += t.scholen
        s[1] += t.som
        s[2] += t.met_gemiddelde
        s[3] += t.voldoen
        s[4] = [a + b for a, b in zip(s[4], t.verdeling, strict=True)]
    geheel = {(None, groep): _totaal(*s) for groep, s in opgeteld.items()}
    return _verberg_klein(ruw, toon_klein), _verberg_klein(geheel, toon_klein)


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


def schoolrijen(scans: list[Zelfscan], groepen_: list[Groep], drempel: int) -> list[Schoolrij]:
    """The scans must come with their kengetallen (select_related)."""
    alle = tellingen([s.pk for s in scans])
    basisnorm_groepen = [g.pk for g in groepen_ if g.soort in regels.BASISNORM_SOORTEN]
    rijen = []
    for scan in scans:
        uitslagen = {
            g: regels.uitslag(alle.get((scan.pk, g), regels.Telling()), drempel)
            for g in [TOTAAL, *(g.pk for g in groepen_)]
        }
        kengetallen = getattr(scan, "kengetallen", None)
        rijen.append(
            Schoolrij(
                scan=scan,
                uitslagen=uitslagen,
                basisnorm=regels.voldoet_aan_basisnorm(
                    inspectieoordeel=kengetallen.inspectieoordeel if kengetallen else "",
                    basisnorm_uitslagen=[uitslagen[g] for g in basisnorm_groepen],
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


def verwijzingen(scans) -> dict:
    """Pupils and referrals summed over ``scans`` (one query): the wijk's referral rates."""
    return Kengetallen.objects.filter(scan__in=scans, leerlingen__gt=0).aggregate(
        leerlingen=Sum("leerlingen"), sbo=Sum("verwijzingen_sbo"), so=Sum("verwijzingen_so")
    )


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


def trend(scans, *, toon_klein: bool) -> dict:
    """schooljaar -> Totaal of the whole scan over ``scans`` of several rounds (one query over
    one summary row per scan)."""
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans, groep__isnull=True)
        .annotate(gemiddelde=regels.gemiddelde_expr())
        .values("scan__ronde__schooljaar")
        .annotate(aantal=Count("pk"), som=Sum("gemiddelde"), met_gemiddelde=Count("gemiddelde"))
        .order_by("scan__ronde__schooljaar")
    )
    return _verberg_klein(
        {
            row["scan__ronde__schooljaar"]: _totaal(
                row["aantal"], row["som"] or 0.0, row["met_gemiddelde"], 0, (0, 0, 0, 0)
            )
            for row in rows
        },
        toon_klein,
    )
