"""What a school's results page shows for one user: each group beside its wijk and the stad,
the change since last round, the kengetallen signals, the trend and the development points
then and now; and the same summary for each school of a bestuur (the bestuur report).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from zelfscan.exporting import Table
from zelfscan.models import (
    Antwoord,
    Groepsresultaat,
    Ontwikkelpunt,
    Zelfscan,
)
from zelfscan.resultaten import grafieken
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res
from zelfscan.resultaten.paginas import (
    STADSLEUTEL,
    _gemiddelden,
    _getal,
    _ja_nee,
    _stad_tot_en_met,
    _trend,
    _trendgegevens,
    _vergelijkingsrijen,
    _zichtbaarheid,
)


def _groepsregels(groepen, rij, wijk: dict, wijk_id, stad: dict, oud: dict, drempel) -> list:
    """Per group: the school's result beside its wijk's and the city's total, and the change
    of its mean since the previous round (``oud``: group id -> Telling of that scan)."""
    regels_rijen = []
    for groep in groepen:
        uitslag = rij.uitslagen[groep.pk]
        oud_gem = regels.uitslag(oud[groep.pk], drempel).gemiddelde if groep.pk in oud else None
        regels_rijen.append(
            {
                "groep": groep,
                "uitslag": uitslag,
                "wijk": wijk.get((wijk_id, groep.pk)),
                "stad": stad.get((None, groep.pk)),
                "verschil": (
                    uitslag.gemiddelde - oud_gem
                    if uitslag.gemiddelde is not None and oud_gem is not None
                    else None
                ),
                "basisnorm": groep.soort in regels.BASISNORM_SOORTEN,
            }
        )
    return regels_rijen


def _vergelijkingsgrafiek(groepen, rij, wijk: dict, wijk_id, stad: dict) -> str:
    return grafieken.vergelijking(
        _("Mean per group: school, wijk and city"),
        _vergelijkingsrijen(
            groepen,
            {g.pk: rij.uitslagen[g.pk].gemiddelde for g in groepen},
            _gemiddelden(wijk, wijk_id),
            _gemiddelden(stad, None),
        ),
        [_("school"), _("wijk"), _("city")],
    )


def schoolsamenvattingen(user, ronde, rijen: list, groepen) -> list[dict]:
    """The summary of each school of a bestuur (its groups beside its wijk and the city, the
    change since last round, the chart), in a fixed number of queries for any number of
    schools: what the bestuur report shows per school."""
    drempel = ronde.normkader.drempel_voldoende
    zicht, _per_jaar = _zichtbaarheid(user, ronde)
    per_wijk, stad = res.totalen_met_geheel(
        Zelfscan.objects.in_totalen().filter(ronde=ronde), per="school__wijk", drempel=drempel,
        zicht=zicht, soort=res.ALLE,
    )  # fmt: skip
    vorige = Zelfscan.objects.for_user(user).filter(
        pk__in=[r.scan.vorige_id for r in rijen if r.scan.vorige_id]
    )
    oud = {}
    for (scan_id, groep_id), telling in res.tellingen(vorige).items():
        oud.setdefault(scan_id, {})[groep_id] = telling
    return [
        {
            "scan": r.scan,
            "rij": r,
            "totaal": r.uitslagen[None],
            "regels": _groepsregels(
                groepen,
                r,
                per_wijk,
                r.scan.school.wijk_id,
                stad,
                oud.get(r.scan.vorige_id, {}),
                drempel,
            ),
            "grafiek": _vergelijkingsgrafiek(groepen, r, per_wijk, r.scan.school.wijk_id, stad),
        }
        for r in rijen
    ]


def school_gegevens(user, pk) -> dict:
    scan = get_object_or_404(
        Zelfscan.objects.for_user(user).select_related(
            "school__bestuur", "school__wijk", "ronde__normkader", "ronde__swv", "kengetallen"
        ),
        pk=pk,
    )
    ronde = scan.ronde
    drempel = ronde.normkader.drempel_voldoende
    groepen = res.groepen(ronde)
    rij = res.schoolrijen([scan], groepen, drempel)[0]
    vorige = None
    if scan.vorige_id:
        vorige = Zelfscan.objects.for_user(user).filter(pk=scan.vorige_id).first()
    vorige_tellingen = res.tellingen([vorige.pk]) if vorige else {}
    in_totalen = Zelfscan.objects.in_totalen().filter(ronde=ronde)
    zicht, per_jaar = _zichtbaarheid(user, ronde)
    wijksleutel = (res.WIJK, scan.school.wijk_id, res.ALLE)
    wijk = res.totalen(
        in_totalen.filter(school__wijk=scan.school.wijk_id), per=None, drempel=drempel,
        zicht=zicht, sleutel_van=lambda _e: wijksleutel,
    )  # fmt: skip
    stad = res.totalen(
        in_totalen, per=None, drempel=drempel, zicht=zicht, sleutel_van=lambda _e: STADSLEUTEL
    )
    wijk_verwijzingen = res.verwijzingen(
        in_totalen.filter(school__wijk=scan.school.wijk_id), zicht=zicht, sleutel=wijksleutel
    )

    regels_rijen = _groepsregels(
        groepen, rij, wijk, None, stad,
        {g: t for (_scan, g), t in vorige_tellingen.items()}, drempel,
    )  # fmt: skip
    kengetallen = scan.kengetallen
    signalen_kengetallen = regels.kengetallen_signalen(
        ib_fte=kengetallen.ib_fte,
        leerlingen=kengetallen.leerlingen,
        verwijzingen={"SBO": kengetallen.verwijzingen_sbo, "SO": kengetallen.verwijzingen_so},
        wijk=wijk_verwijzingen,
    )
    totaal_wijk = wijk.get((None, None))
    totaal_stad = stad.get((None, None))
    grafiek = _vergelijkingsgrafiek(groepen, rij, wijk, None, stad)
    jaren, reeksen = _trend(
        Zelfscan.objects.for_user(user).filter(
            school=scan.school_id, ronde__schooljaar__lte=ronde.schooljaar
        ),
        per_jaar=per_jaar,
        stad_scans=_stad_tot_en_met(ronde),
    )
    tabel = Table(
        name=f"resultaat-{ronde.schooljaar}-{scan.school.brin_volledig}-{scan.school.naam}",
        headers=[
            _("group"),
            _("mean"),
            _("share at or above threshold"),
            _("meets"),
            _("n/a"),
            _("open"),
            _("wijk mean"),
            _("city mean"),
            _("change"),
        ],
        rows=[
            [
                r["groep"].naam,
                _getal(r["uitslag"].gemiddelde, 2),
                _getal(r["uitslag"].aandeel_voldoende, 2),
                _ja_nee(r["uitslag"].voldoet),
                r["uitslag"].telling.niet_van_toepassing,
                r["uitslag"].telling.open,
                _getal(r["wijk"].gemiddelde, 2) if r["wijk"] else None,
                _getal(r["stad"].gemiddelde, 2) if r["stad"] else None,
                _getal(r["verschil"], 2),
            ]
            for r in regels_rijen
        ],
    )
    return {
        "scan": scan,
        "ronde": ronde,
        "rij": rij,
        "regels": regels_rijen,
        "vorige": vorige,
        "totaal": rij.uitslagen[None],
        "totaal_wijk": totaal_wijk,
        "totaal_stad": totaal_stad,
        "signalen": res.aangevinkte_signalen(scan),
        "signalen_kengetallen": signalen_kengetallen,
        "grafiek": grafiek,
        **(trend := _trendgegevens(tabel.name, jaren, reeksen)),
        "ontwikkelpunten": ontwikkelpunten_verloop(user, scan),
        "tabellen": {"groepen": tabel, "trend": trend["trendtabel"]},
    }


def ontwikkelpunten_verloop(user, scan: Zelfscan) -> list[tuple]:
    """The school's development points with the score of what they concern when the point was
    set and in ``scan``: (point, then, now). A group's mean or an indicator's score, matched by
    code across versions of the norm. Four queries."""
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
    drempel = scan.ronde.normkader.drempel_voldoende
    gemiddelden = {}
    for row in (
        Groepsresultaat.objects.filter(scan__in=zichtbaar, groep__isnull=False)
        .select_related("groep")
        .only("scan_id", "groep__code", *regels.TELVELDEN)
    ):
        telling = regels.Telling(**{v: getattr(row, v) for v in regels.TELVELDEN})
        gemiddelden[(row.scan_id, row.groep.code)] = regels.uitslag(telling, drempel).gemiddelde
    item_codes = {p.item.code for p in punten if p.item_id}
    scores = {
        (a.scan_id, a.item.groep.code, a.item.code): a.score
        for a in Antwoord.objects.filter(scan__in=zichtbaar, item__code__in=item_codes)
        .select_related("item__groep")
        .only("scan_id", "score", "item__code", "item__groep__code")
    }

    def waarde(scan_id, punt):
        if scan_id not in zichtbaar:
            return None
        if punt.item_id:
            return scores.get((scan_id, punt.item.groep.code, punt.item.code))
        return gemiddelden.get((scan_id, punt.groep.code))

    return [(p, waarde(p.scan_id, p), waarde(scan.pk, p)) for p in punten]
