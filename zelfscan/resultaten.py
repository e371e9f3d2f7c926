"""Reads for the results pages and their exports: a fixed number of queries per page, every
total computed in the database from the per-scan summary (``Groepsresultaat``), never from the
raw answers. The rules themselves are in ``rekenregels.py``; who sees which scan in
``scoping.py``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum

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
from zelfscan.scanstructuur import SOORT_VAN, indeling
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
    volgorde = {soort: i for i, soort in enumerate(_soorten_in_volgorde(ronde))}
    return sorted(
        Groep.objects.filter(pk__in=deel.groepen).only("pk", "soort", "code", "nummer", "naam"),
        key=lambda g: (volgorde[g.soort], g.nummer),
    )


def _soorten_in_volgorde(ronde):
    return [SOORT_VAN[o] for o in ronde.onderdelen if o in SOORT_VAN]


# --- totals of bestuur, wijk, stad


@dataclass
class Totaal:
    """One unit (a wijk, a bestuur, the stad) for one group, or for the whole scan."""

    scholen: int = 0
    gemiddelde: float | None = None  # the mean of the school means
    voldoen: int = 0  # schools whose group voldoet
    verdeling: tuple = (0, 0, 0, 0)  # schools per scale value of their mean
    verborgen: bool = False  # fewer than KLEINSTE_GROEP schools, for someone outside the SWV


def totalen(scans, *, per: str | None, drempel: int, toon_klein: bool) -> dict:
    """(unit id, group id or TOTAAL) -> Totaal, over ``scans``; ``per`` the unit's field on
    the scan ("school__wijk", "school__bestuur") or None for one total. One query."""
    eenheid = [f"scan__{per}"] if per else []
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans)
        .annotate(gemiddelde=regels.gemiddelde_expr(), open_items=regels.open_expr())
        .values(*eenheid, "groep_id")
        .annotate(
            aantal=Count("pk"),
            gem=Avg("gemiddelde"),
            voldoen=Count("pk", filter=regels.voldoet_q(drempel)),
            s1=Count("pk", filter=Q(gemiddelde__lt=1.5)),
            s2=Count("pk", filter=Q(gemiddelde__gte=1.5, gemiddelde__lt=2.5)),
            s3=Count("pk", filter=Q(gemiddelde__gte=2.5, gemiddelde__lt=3.5)),
            s4=Count("pk", filter=Q(gemiddelde__gte=3.5)),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        klein = row["aantal"] < regels.KLEINSTE_GROEP and not toon_klein
        key = (row[eenheid[0]] if per else None, row["groep_id"])
        result[key] = (
            Totaal(scholen=row["aantal"], verborgen=True)
            if klein
            else Totaal(
                scholen=row["aantal"],
                gemiddelde=row["gem"],
                voldoen=row["voldoen"],
                verdeling=(row["s1"], row["s2"], row["s3"], row["s4"]),
            )
        )
    return result


# --- one school, or schools side by side


def tellingen(scans) -> dict:
    """(scan id, group id or TOTAAL) -> Telling for each scan (one query; for the scans of one
    school, bestuur or wijk, never the city)."""
    velden = ("items", "niet_gevraagd", "nvt", "n1", "n2", "n3", "n4")
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
    kengetallen: Kengetallen | None = None
    signalen: list = field(default_factory=list)


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
                kengetallen=kengetallen,
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
    """schooljaar -> {group code or TOTAAL: Totaal} over ``scans`` of several rounds (one
    query). Groups are matched across versions of the norm by their code."""
    rows = (
        Groepsresultaat.objects.filter(scan__in=scans)
        .annotate(gemiddelde=regels.gemiddelde_expr())
        .values("scan__ronde__schooljaar", "groep__code")
        .annotate(aantal=Count("pk"), gem=Avg("gemiddelde"))
        .order_by("scan__ronde__schooljaar")
    )
    result = defaultdict(dict)
    for row in rows:
        klein = row["aantal"] < regels.KLEINSTE_GROEP and not toon_klein
        result[row["scan__ronde__schooljaar"]][row["groep__code"]] = Totaal(
            scholen=row["aantal"], gemiddelde=None if klein else row["gem"], verborgen=klein
        )
    return dict(result)
