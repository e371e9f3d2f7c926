"""What a school's results page shows for one user: each group beside its wijk and the stad,
the change since last round, the kengetallen signals, the trend and the development points
then and now; and the same summary for each school of a bestuur (the bestuur report).

Given the scan as the view found it for the user (out of scope is the view's 404).
"""

from dataclasses import dataclass, fields

from django.utils.translation import gettext as _

from ijkpunten.concordantie import Concordantie
from ijkpunten.models import Groep, Item
from ijkpunten.selectors import landelijk_gemiddelde
from zelfscan.exporting import Table
from zelfscan.models import Antwoord, Groepsresultaat, Ontwikkelpunt, Zelfscan
from zelfscan.resultaten import bouwstenen as b
from zelfscan.resultaten import grafieken
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res
from zelfscan.scans.vorig_jaar import opvolgers_van_punt


@dataclass(frozen=True)
class Groepsregel:
    """One group of a school: its result beside its wijk's and the city's total, and the
    change of its mean since the previous round."""

    groep: object
    uitslag: regels.Uitslag
    wijk: res.Totaal | None
    stad: res.Totaal | None
    verschil: float | None
    basisnorm: bool
    # Why there is no change to show: the group was split, merged or is new in this version.
    breuk: str = ""


def _in_deze_versie(oud: dict, concordantie: Concordantie | None, groepen) -> tuple[dict, dict]:
    """``oud`` (group id of the previous scan's norm -> Telling) as group id of this norm ->
    Telling, for the groups that run on 1:1; and the break of those that do not."""
    if concordantie is None:
        return {}, {}
    tellingen, breuken = {}, {}
    for groep in groepen:
        herkomst = concordantie.groep(groep.pk)
        if herkomst.doorlopend:
            if herkomst.enige_bron in oud:
                tellingen[groep.pk] = oud[herkomst.enige_bron]
        else:
            breuken[groep.pk] = herkomst.breuk
    return tellingen, breuken


def _groepsregels(groepen, rij, wijk: dict, wijk_id, stad: dict, oud: dict, regel, breuken=None):
    """``oud``: group id -> Telling of the previous scan, in this scan's norm
    (``_in_deze_versie``); ``breuken``: group id -> why it has no previous."""
    regels_rijen = []
    for groep in groepen:
        uitslag = rij.uitslagen[groep.pk]
        oud_gem = regels.uitslag(oud[groep.pk], regel).gemiddelde if groep.pk in oud else None
        regels_rijen.append(
            Groepsregel(
                groep=groep,
                uitslag=uitslag,
                wijk=wijk.get((wijk_id, groep.pk)),
                stad=stad.get((None, groep.pk)),
                verschil=(
                    uitslag.gemiddelde - oud_gem
                    if uitslag.gemiddelde is not None and oud_gem is not None
                    else None
                ),
                basisnorm=groep.soort in regels.BASISNORM_SOORTEN,
                breuk=(breuken or {}).get(groep.pk, ""),
            )
        )
    return regels_rijen


def _vergelijkingsgrafiek(groepen, rij, wijk: dict | None, wijk_id, stad: dict) -> str:
    """``wijk`` None: the school has no wijk (VO, city-wide), so school and city only."""
    school = {g.pk: rij.uitslagen[g.pk].gemiddelde for g in groepen}
    if wijk is None:
        return grafieken.vergelijking(
            _("Mean per group: school and city"),
            b.vergelijkingsrijen(groepen, school, b.gemiddelden(stad, None)),
            [_("school"), _("city")],
        )
    return grafieken.vergelijking(
        _("Mean per group: school, wijk and city"),
        b.vergelijkingsrijen(groepen, school, b.gemiddelden(wijk, wijk_id),
                             b.gemiddelden(stad, None)),
        [_("school"), _("wijk"), _("city")],
    )  # fmt: skip


@dataclass(frozen=True)
class Schoolsamenvatting:
    """One school of a bestuur report: its groups beside its wijk and the city, the chart."""

    scan: Zelfscan
    rij: res.Schoolrij
    totaal: regels.Uitslag
    regels: list[Groepsregel]
    grafiek: str


def schoolsamenvattingen(user, ronde, rijen: list, groepen) -> list[Schoolsamenvatting]:
    """The summary of each school of a bestuur, in a fixed number of queries for any number
    of schools."""
    regel = regels.Voldoetregel.van(ronde.normkader)
    zicht, _per_jaar = b.zichtbaarheid(user, ronde)
    per_wijk, stad = res.totalen_met_geheel(
        Zelfscan.objects.in_totalen().filter(ronde=ronde), per="school__wijk", regel=regel,
        zicht=zicht, soort=res.ALLE,
    )  # fmt: skip
    vorige = Zelfscan.objects.for_user(user).filter(
        pk__in=[r.scan.vorige_id for r in rijen if r.scan.vorige_id]
    )
    versie_van = dict(vorige.values_list("pk", "ronde__normkader_id"))
    concordanties = {
        v: Concordantie.tussen(v, ronde.normkader_id) for v in set(versie_van.values())
    }
    oud = {}
    for (scan_id, groep_id), telling in res.tellingen(vorige).items():
        oud.setdefault(scan_id, {})[groep_id] = telling
    samenvattingen = []
    for r in rijen:
        wijk_id = r.scan.school.wijk_id
        # No wijk (VO): the NULL "unit" of per_wijk is every such school, not a wijk.
        wijk = per_wijk if wijk_id is not None else None
        vorig, breuken = _in_deze_versie(
            oud.get(r.scan.vorige_id, {}),
            concordanties.get(versie_van.get(r.scan.vorige_id)), groepen,
        )  # fmt: skip
        samenvattingen.append(Schoolsamenvatting(
            scan=r.scan, rij=r, totaal=r.uitslagen[None],
            regels=_groepsregels(groepen, r, wijk or {}, wijk_id, stad, vorig, regel, breuken),
            grafiek=_vergelijkingsgrafiek(groepen, r, wijk, wijk_id, stad),
        ))  # fmt: skip
    return samenvattingen


@dataclass(kw_only=True)
class Schoolpagina:
    scan: Zelfscan
    ronde: object
    rij: res.Schoolrij
    regels: list[Groepsregel]
    vorige: Zelfscan | None
    totaal: regels.Uitslag
    totaal_wijk: res.Totaal | None
    totaal_stad: res.Totaal | None
    signalen: list
    signalen_kengetallen: list
    grafiek: str
    trend_jaren: list
    trend_reeksen: list
    trend_grafiek: str
    trendtabel: Table
    trend_breuk: str
    ontwikkelpunten: list
    tabellen: dict[str, Table]

    def context(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _groepentabel(naam: str, regels_rijen: list[Groepsregel]) -> Table:
    return Table(
        name=naam,
        headers=[_("group"), _("mean"), _("share at or above threshold"), _("meets"), _("n/a"),
                 _("open"), _("wijk mean"), _("city mean"), _("change")],
        rows=[
            [r.groep.naam, b.afgerond(r.uitslag.gemiddelde),
             b.afgerond(r.uitslag.aandeel_voldoende), b.ja_nee(r.uitslag.voldoet),
             r.uitslag.telling.niet_van_toepassing, r.uitslag.telling.open,
             b.afgerond(r.wijk.gemiddelde) if r.wijk else None,
             b.afgerond(r.stad.gemiddelde) if r.stad else None, b.afgerond(r.verschil)]
            for r in regels_rijen
        ],
    )  # fmt: skip


def schoolpagina(user, scan: Zelfscan) -> Schoolpagina:
    """``scan`` with its school's bestuur and wijk, round, norm, SWV and kengetallen
    (``Zelfscan.objects.for_user(user).select_related(*SCHOOLPAGINA_RELATED)``)."""
    ronde = scan.ronde
    kader = b.Kader.van(user, ronde)
    rij = res.schoolrijen([scan], kader.groepen, kader.regel)[0]
    vorige = None
    if scan.vorige_id:
        vorige = (
            Zelfscan.objects.for_user(user)
            .filter(pk=scan.vorige_id)
            .select_related("ronde__normkader")
            .first()
        )
    vorige_tellingen = res.tellingen([vorige.pk]) if vorige else {}
    concordantie = (
        Concordantie.tussen(vorige.ronde.normkader_id, ronde.normkader_id) if vorige else None
    )
    vorig, breuken = _in_deze_versie(
        {g: t for (_scan, g), t in vorige_tellingen.items()}, concordantie, kader.groepen
    )
    in_totalen = Zelfscan.objects.in_totalen().filter(ronde=ronde)
    wijk_id = scan.school.wijk_id
    if wijk_id is None:
        # A VO school without a wijk works city-wide (002): no wijk to stand beside, and its
        # referrals are weighed against the city's.
        wijk = None
        verwijzingen_naast = res.verwijzingen(in_totalen, zicht=kader.zicht, sleutel=b.STADSLEUTEL)
    else:
        wijksleutel = (res.WIJK, wijk_id, res.ALLE)
        wijk_scans = in_totalen.filter(school__wijk=wijk_id)
        wijk = res.totalen(wijk_scans, per=None, regel=kader.regel, zicht=kader.zicht,
                           sleutel_van=lambda _e: wijksleutel)  # fmt: skip
        verwijzingen_naast = res.verwijzingen(wijk_scans, zicht=kader.zicht, sleutel=wijksleutel)
    stad = res.totalen(in_totalen, per=None, regel=kader.regel, zicht=kader.zicht,
                       sleutel_van=lambda _e: b.STADSLEUTEL)  # fmt: skip
    regels_rijen = _groepsregels(
        kader.groepen, rij, wijk or {}, None, stad, vorig, kader.regel, breuken
    )
    kengetallen = scan.kengetallen
    naam = f"resultaat-{ronde.schooljaar}-{scan.school.brin_volledig}-{scan.school.naam}"
    trend = b.Trend.van(naam, *b.trend(
        Zelfscan.objects.for_user(user).filter(
            school=scan.school_id, ronde__schooljaar__lte=ronde.schooljaar
        ),
        naam=scan.school.naam, per_jaar=kader.per_jaar, stad_scans=b.stad_tot_en_met(ronde),
    ), breuk=kader.versiewissels)  # fmt: skip
    return Schoolpagina(
        scan=scan, ronde=ronde, rij=rij, regels=regels_rijen, vorige=vorige,
        totaal=rij.uitslagen[None], totaal_wijk=wijk.get((None, None)) if wijk else None,
        totaal_stad=stad.get((None, None)), signalen=res.aangevinkte_signalen(scan),
        signalen_kengetallen=regels.kengetallen_signalen(
            ib_fte=kengetallen.ib_fte, leerlingen=kengetallen.leerlingen,
            verwijzingen={"SBO": kengetallen.verwijzingen_sbo, "SO": kengetallen.verwijzingen_so},
            wijk=verwijzingen_naast, stadsbreed=wijk_id is None,
            landelijk=landelijk_gemiddelde(ronde.normkader_id, ronde.schooljaar),
        ),
        grafiek=_vergelijkingsgrafiek(kader.groepen, rij, wijk, None, stad),
        **vars(trend),
        ontwikkelpunten=ontwikkelpunten_verloop(user, scan),
        tabellen={"groepen": _groepentabel(naam, regels_rijen), "trend": trend.trendtabel},
    )  # fmt: skip


SCHOOLPAGINA_RELATED = ("school__bestuur", "school__wijk", "ronde__normkader", "ronde__swv",
                        "kengetallen")  # fmt: skip


def ontwikkelpunten_verloop(user, scan: Zelfscan) -> list[tuple]:
    """The school's development points with the score of what they concern when the point was
    set and in ``scan``: (point, then, now). A group's mean or an indicator's score; a point of
    an earlier version of the norm follows the concordantie to the one group or item it became
    (none shown when it was split). Six queries, and the concordantie's."""
    punten = list(
        Ontwikkelpunt.objects.for_user(user)
        .filter(school=scan.school_id)
        .select_related("groep", "item__groep", "scan__ronde")
        .order_by("deadline", "pk")
    )
    if not punten:
        return []
    zichtbaar = set(
        Zelfscan.objects.for_user(user)
        .filter(pk__in={p.scan_id for p in punten if p.scan_id} | {scan.pk})
        .values_list("pk", flat=True)
    )
    versie = scan.ronde.normkader_id
    items = list(Item.objects.filter(groep__normkader=versie).values_list("pk", flat=True))
    groepen = list(Groep.objects.filter(normkader=versie).values_list("pk", flat=True))
    concordanties, nu = {}, {}
    for punt in punten:
        opvolgers = opvolgers_van_punt(punt, concordanties, versie, items, groepen)
        nu[punt.pk] = opvolgers[0] if len(opvolgers) == 1 else None
    regel = regels.Voldoetregel.van(scan.ronde.normkader)
    gemiddelden = {}
    for row in Groepsresultaat.objects.filter(scan__in=zichtbaar, groep__isnull=False).only(
        "scan_id", "groep_id", *regels.TELVELDEN
    ):
        telling = regels.Telling(**{v: getattr(row, v) for v in regels.TELVELDEN})
        gemiddelden[(row.scan_id, row.groep_id)] = regels.uitslag(telling, regel).gemiddelde
    item_ids = {p.item_id for p in punten if p.item_id} | {
        nu[p.pk] for p in punten if p.item_id and nu[p.pk]
    }
    scores = {
        (a.scan_id, a.item_id): a.score
        for a in Antwoord.objects.bevestigd()
        .filter(scan__in=zichtbaar, item_id__in=item_ids)
        .only("scan_id", "score", "item_id")
    }

    def waarde(scan_id, punt, doel):
        if scan_id not in zichtbaar or doel is None:
            return None
        if punt.item_id:
            return scores.get((scan_id, doel))
        return gemiddelden.get((scan_id, doel))

    return [
        (p, waarde(p.scan_id, p, p.item_id or p.groep_id), waarde(scan.pk, p, nu[p.pk]))
        for p in punten
    ]
