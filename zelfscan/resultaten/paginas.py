"""What each results page shows, for one user: a school, a bestuur's schools side by side, a
wijk with its dekkend netwerk, the stad; each with the trend across rounds and its tables for
CSV/XLSX. The pages, their exports and the PDF reports are all made from these, so a download
holds exactly what the page shows, filters included.

Out of scope is 404: the round, the scan, the bestuur and the wijk are each looked up through
their ``for_user``. Reads and totals are in ``totalen.py``, the rules in ``rekenregels.py``
(both beside this module).
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from zelfscan.exporting import Table
from zelfscan.models import (
    Antwoord,
    Bestuur,
    Groepsresultaat,
    Ontwikkelpunt,
    Scanronde,
    School,
    Wijk,
    Zelfscan,
)
from zelfscan.resultaten import grafieken
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res

SCHAALLABELS = ("1", "2", "3", "4")


def _ronde(user, pk) -> Scanronde:
    return get_object_or_404(
        Scanronde.objects.for_user(user).select_related("normkader", "swv"), pk=pk
    )


def van_soort(scans, soort: str):
    """The scans made for one kind of school (bao, sbo, ...), or all when no kind is chosen."""
    return scans.filter(soort=soort) if soort else scans


def _soort(soort: str) -> str:
    """A filter by kind of school; anything else is no filter."""
    return soort if soort in School.Soort.values else ""


def _ronde_links(user, ronde, naam, **kwargs):
    """The same page for each round of the SWV the user sees: (schooljaar, url, current)."""
    return [
        (r.schooljaar, reverse(f"zelfscan:{naam}", kwargs={"pk": r.pk, **kwargs}), r.pk == ronde.pk)
        for r in Scanronde.objects.for_user(user)
        .filter(swv=ronde.swv_id)
        .only("pk", "schooljaar")
        .order_by("schooljaar")
    ]


def _per_groep(totalen: dict) -> dict:
    """The totals of one unit by group id (None: the whole scan), never missing the whole."""
    result = {g: t for (e, g), t in totalen.items()}
    result.setdefault(None, res.Totaal())
    return result


def _getal(w, d=1):
    return None if w is None else round(w, d)


def _vergelijkingsrijen(groepen, *reeksen):
    """Per group the value of each series (dicts group id -> mean)."""
    return [(g.naam, [r.get(g.pk) for r in reeksen]) for g in groepen]


def _gemiddelden(totalen: dict, eenheid) -> dict:
    return {g: t.gemiddelde for (e, g), t in totalen.items() if e == eenheid and not t.verborgen}


def _stad_tot_en_met(ronde):
    """The released scans of the SWV's rounds up to and including ``ronde``: the city's trend."""
    return Zelfscan.objects.in_totalen().filter(
        ronde__swv=ronde.swv_id, ronde__schooljaar__lte=ronde.schooljaar
    )


def _zichtbaarheid(user, ronde) -> tuple[res.Zichtbaarheid, dict]:
    """What the viewer sees of the totals of ``ronde``, and per school year of the rounds up
    to it (for the trend): three queries whatever the number of schools or rounds."""
    rondes = list(
        Scanronde.objects.filter(swv=ronde.swv_id, schooljaar__lte=ronde.schooljaar).only(
            "pk", "swv_id", "schooljaar"
        )
    )
    per_ronde = res.zichtbaarheden(user, rondes)
    return per_ronde[ronde.pk], {r.schooljaar: per_ronde[r.pk] for r in rondes}


STADSLEUTEL = (res.STAD, None, res.ALLE)


def _trend(scans, *, per_jaar: dict, sleutel=None, stad_scans=None):
    """Years, and per series the overall mean per year. ``sleutel``: the key of the page's
    own series (None: the viewer's own schools, always shown); the city's is STADSLEUTEL."""
    eigen = res.trend(scans, zicht_per_jaar=per_jaar if sleutel else None, sleutel=sleutel)
    stad = (
        res.trend(stad_scans, zicht_per_jaar=per_jaar, sleutel=STADSLEUTEL)
        if stad_scans is not None
        else {}
    )
    jaren = sorted(eigen.keys() | stad.keys())

    def reeks(data):
        return [t.gemiddelde if (t := data.get(j)) and not t.verborgen else None for j in jaren]

    reeksen = {_("this"): reeks(eigen)}
    if stad_scans is not None:
        reeksen[_("city")] = reeks(stad)
    return jaren, reeksen


def _trendgegevens(naam: str, jaren, reeksen) -> dict:
    """The trend's chart, its table on the page and the same table as an export."""
    rijen = list(zip(jaren, *reeksen.values(), strict=True))
    return {
        "trend_jaren": rijen,
        "trend_reeksen": list(reeksen),
        "trend_grafiek": grafieken.trendlijnen(_("Mean across rounds"), jaren, reeksen),
        "trendtabel": Table(
            name=f"trend-{naam}",
            headers=[_("school year"), *reeksen],
            rows=([jaar, *(_getal(w, 2) for w in waarden)] for jaar, *waarden in rijen),
        ),
    }


def _overzichtgegevens(naam: str, ronde, totaal: res.Totaal, scans) -> dict:
    """Schools over the scale and how often each risk signal is ticked, over ``scans``:
    hidden with the total when it is hidden (fewer than three schools)."""
    signalen = res.signaalfrequenties(ronde, scans)
    if totaal.verborgen:
        signalen = [(s, None) for s, _n in signalen]
    return {
        "overzicht": totaal,
        "verdeling": grafieken.verdeling(
            _("Schools by their mean on the scale"), totaal.verdeling, list(SCHAALLABELS)
        ),
        "signalen": signalen,
        "verdelingtabel": Table(
            name=f"verdeling-{naam}",
            headers=[_("scale value"), _("schools")],
            rows=(
                [w, None if totaal.verborgen else n]
                for w, n in zip(SCHAALLABELS, totaal.verdeling, strict=True)
            ),
        ),
        "signaaltabel": Table(
            name=f"risicosignalen-{naam}",
            headers=[_("ijkpunt"), _("risk signal"), _("ticked by schools")],
            rows=([s.groep.naam, s.tekst, n] for s, n in signalen),
        ),
    }


# --- the school


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
    signalen_kengetallen = []
    if regels.ib_onder_norm(ib_fte=kengetallen.ib_fte, leerlingen=kengetallen.leerlingen):
        signalen_kengetallen.append(
            _(
                "IB fte %(fte)s is below the norm of 0.0021 fte per pupil "
                "(%(norm)s for %(n)s pupils)."
            )
            % {
                "fte": _fte(kengetallen.ib_fte),
                "norm": _fte(regels.IB_NORM_PER_LEERLING * kengetallen.leerlingen),
                "n": kengetallen.leerlingen,
            }
        )
    for soort, veld in (("SBO", "verwijzingen_sbo"), ("SO", "verwijzingen_so")):
        eigen = regels.verwijzingspercentage(getattr(kengetallen, veld), kengetallen.leerlingen)
        wijkpct = regels.verwijzingspercentage(
            wijk_verwijzingen[soort.lower()], wijk_verwijzingen["leerlingen"]
        )
        if eigen is not None and wijkpct is not None and eigen > wijkpct:
            signalen_kengetallen.append(
                _("Referral rate to %(soort)s %(eigen)s%% is above the wijk's %(wijk)s%%.")
                % {
                    "soort": soort,
                    "eigen": grafieken.getal(eigen),
                    "wijk": grafieken.getal(wijkpct),
                }
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


def _fte(waarde) -> str:
    """An fte with two decimals, or three where the third counts (0,525 for 250 pupils)."""
    decimalen = 2 if (waarde * 100) == int(waarde * 100) else 3
    return grafieken.getal(float(waarde), decimalen)


def _ja_nee(waarde):
    return {True: _("yes"), False: _("no"), None: _("not yet known")}[waarde]


# --- schools side by side: a bestuur, a wijk


def _heatmap(ronde, scans_qs, groepen) -> list[res.Schoolrij]:
    scans = list(
        scans_qs.select_related("school", "kengetallen").order_by("school__naam", "school__pk")
    )
    return res.schoolrijen(scans, groepen, ronde.normkader.drempel_voldoende)


def _schooltabel(naam, groepen, rijen) -> Table:
    return Table(
        name=naam,
        headers=[
            _("school"),
            _("BRIN"),
            _("state"),
            _("meets the basisnorm"),
            _("mean"),
            *(g.naam for g in groepen),
        ],
        rows=[
            [
                r.scan.school.naam,
                r.scan.school.brin_volledig,
                r.scan.get_status_display(),
                _ja_nee(r.basisnorm),
                _getal(r.uitslagen[None].gemiddelde, 2),
                *(_getal(r.uitslagen[g.pk].gemiddelde, 2) for g in groepen),
            ]
            for r in rijen
        ],
    )


def bestuur_gegevens(user, pk, bestuur_pk, soort: str = "") -> dict:
    ronde = _ronde(user, pk)
    bestuur = get_object_or_404(Bestuur.objects.for_user(user), pk=bestuur_pk)
    soort = _soort(soort)
    groepen = res.groepen(ronde)
    drempel = ronde.normkader.drempel_voldoende
    zichtbaar = van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur), soort
    )
    rijen = _heatmap(ronde, zichtbaar, groepen)
    zicht, per_jaar = _zichtbaarheid(user, ronde)
    stad_scans = van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), soort)
    # The board's own total counts every scan the viewer sees: the board sees its schools in
    # every state, the SWV only released ones.
    eigen = res.totalen(zichtbaar, per=None, drempel=drempel)
    stad = res.totalen(
        stad_scans, per=None, drempel=drempel, zicht=zicht,
        sleutel_van=lambda _e: (res.STAD, None, soort),
    )  # fmt: skip
    naam = f"bestuur-{ronde.schooljaar}-{bestuur.naam}" + (f"-{soort}" if soort else "")
    jaren, reeksen = _trend(
        Zelfscan.objects.for_user(user).filter(
            school__bestuur=bestuur, ronde__swv=ronde.swv_id,
            ronde__schooljaar__lte=ronde.schooljaar,
        ),
        per_jaar=per_jaar,
        stad_scans=_stad_tot_en_met(ronde),
    )  # fmt: skip
    return {
        "ronde": ronde,
        "onderwerp": bestuur,
        "titel": bestuur.naam,
        "soort": soort,
        "soorten": School.Soort.choices,
        "ronde_links": _ronde_links(user, ronde, "resultaat_bestuur", bestuur=bestuur.pk),
        "groepen": groepen,
        "rijen": rijen,
        "totaalrijen": [(bestuur.naam, _per_groep(eigen)), (_("City"), _per_groep(stad))],
        **(trend := _trendgegevens(naam, jaren, reeksen)),
        **(overzicht := _overzichtgegevens(naam, ronde, _per_groep(eigen)[None], zichtbaar)),
        "tabellen": {
            "scholen": _schooltabel(naam, groepen, rijen),
            "trend": trend["trendtabel"],
            "verdeling": overzicht["verdelingtabel"],
            "signalen": overzicht["signaaltabel"],
        },
    }


def wijk_gegevens(user, pk, wijk_pk, soort: str = "") -> dict:
    ronde = _ronde(user, pk)
    wijk = get_object_or_404(Wijk.objects.for_user(user), pk=wijk_pk, swv=ronde.swv_id)
    soort = _soort(soort)
    groepen = res.groepen(ronde)
    drempel = ronde.normkader.drempel_voldoende
    zicht, per_jaar = _zichtbaarheid(user, ronde)
    in_totalen = van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), soort)
    wijk_scans = in_totalen.filter(school__wijk=wijk)
    zichtbaar = van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__wijk=wijk), soort
    )
    rijen = _heatmap(ronde, zichtbaar, groepen)
    eigen = res.totalen(
        wijk_scans, per=None, drempel=drempel, zicht=zicht,
        sleutel_van=lambda _e: (res.WIJK, wijk.pk, soort),
    )  # fmt: skip
    stad = res.totalen(
        in_totalen, per=None, drempel=drempel, zicht=zicht,
        sleutel_van=lambda _e: (res.STAD, None, soort),
    )  # fmt: skip
    themas = [g for g in groepen if g.soort == "thema"]
    netwerk = res.dekkend_netwerk(themas, wijk_scans)
    naam = f"wijk-{ronde.schooljaar}-{wijk.naam}" + (f"-{soort}" if soort else "")
    jaren, reeksen = _trend(
        Zelfscan.objects.in_totalen().filter(
            school__wijk=wijk, ronde__schooljaar__lte=ronde.schooljaar
        ),
        per_jaar=per_jaar,
        sleutel=(res.WIJK, wijk.pk, res.ALLE),
        stad_scans=_stad_tot_en_met(ronde),
    )
    netwerktabel = Table(
        name=f"dekkend-netwerk-{ronde.schooljaar}-{wijk.naam}",
        headers=[_("theme"), _("brings expertise"), _("seeks expertise")],
        rows=[
            [n.thema.naam, ", ".join(s.naam for s in n.brengen),
             ", ".join(s.naam for s in n.zoeken)]
            for n in netwerk
        ],
    )  # fmt: skip
    return {
        "ronde": ronde,
        "onderwerp": wijk,
        "titel": wijk.naam,
        "soort": soort,
        "soorten": School.Soort.choices,
        "ronde_links": _ronde_links(user, ronde, "resultaat_wijk", wijk=wijk.pk),
        "groepen": groepen,
        "rijen": rijen,
        "totaalrijen": [(wijk.naam, _per_groep(eigen)), (_("City"), _per_groep(stad))],
        "netwerk": netwerk,
        "niemand_brengt": [n.thema for n in netwerk if not n.brengen],
        **(trend := _trendgegevens(naam, jaren, reeksen)),
        **(overzicht := _overzichtgegevens(naam, ronde, _per_groep(eigen)[None], wijk_scans)),
        "tabellen": {
            "scholen": _schooltabel(naam, groepen, rijen),
            "netwerk": netwerktabel,
            "trend": trend["trendtabel"],
            "verdeling": overzicht["verdelingtabel"],
            "signalen": overzicht["signaaltabel"],
        },
    }


# --- the stad


def stad_gegevens(user, pk, soort: str = "") -> dict:
    ronde = _ronde(user, pk)
    soort = _soort(soort)
    groepen = res.groepen(ronde)
    drempel = ronde.normkader.drempel_voldoende
    zicht, per_jaar = _zichtbaarheid(user, ronde)
    scans = van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), soort)
    per_wijk, stad = res.totalen_met_geheel(
        scans, per="school__wijk", drempel=drempel, zicht=zicht, soort=soort
    )
    per_bestuur = res.totalen(
        scans, per="school__bestuur", drempel=drempel, zicht=zicht,
        sleutel_van=lambda e: (res.BESTUUR, e, soort),
    )  # fmt: skip
    wijken = list(Wijk.objects.filter(swv=ronde.swv_id).order_by("naam").only("pk", "naam"))
    besturen = list(
        Bestuur.objects.filter(scholen__swv=ronde.swv_id)
        .distinct()
        .order_by("naam")
        .only("pk", "naam")
    )

    def eenheden(objecten, totalen):
        per_eenheid = {}
        for (e, g), t in totalen.items():
            per_eenheid.setdefault(e, {})[g] = t
        return [
            (o, per, grafieken.cellen(per, groepen))
            for o in objecten
            if (per := per_eenheid.get(o.pk)) and None in per
        ]

    stadtotaal = stad.get((None, None)) or res.Totaal()
    naam = f"stad-{ronde.schooljaar}" + (f"-{soort}" if soort else "")
    jaren, reeksen = _trend(_stad_tot_en_met(ronde), per_jaar=per_jaar, sleutel=STADSLEUTEL)
    wijkrijen = eenheden(wijken, per_wijk)
    bestuurrijen = eenheden(besturen, per_bestuur)
    achtervoegsel = f"-{soort}" if soort else ""

    def eenheidtabel(naam, rijen):
        return Table(
            name=f"{naam}-{ronde.schooljaar}{achtervoegsel}",
            headers=[
                _("name"),
                _("schools"),
                _("meet (whole scan)"),
                _("mean"),
                *(g.naam for g in groepen),
            ],
            # A generator: rows are made only when the table is exported, not for the page.
            rows=(
                [
                    o.naam,
                    per[None].scholen,
                    None if per[None].verborgen else per[None].voldoen,
                    _getal(per[None].gemiddelde, 2),
                    *(_getal(per[g.pk].gemiddelde, 2) if g.pk in per else None for g in groepen),
                ]
                for o, per, _cellen in rijen
            ),
        )

    return {
        "ronde": ronde,
        "titel": ronde.swv.naam,
        "soort": soort,
        "soorten": School.Soort.choices,
        "ronde_links": _ronde_links(user, ronde, "resultaat_stad"),
        "groepen": groepen,
        "wijkrijen": wijkrijen,
        "bestuurrijen": bestuurrijen,
        "stad": _per_groep(stad),
        "stadtotaal": stadtotaal,
        **(trend := _trendgegevens(naam, jaren, reeksen)),
        **(overzicht := _overzichtgegevens(naam, ronde, stadtotaal, scans)),
        "tabellen": {
            "wijken": eenheidtabel("wijken", wijkrijen),
            "besturen": eenheidtabel("besturen", bestuurrijen),
            "trend": trend["trendtabel"],
            "verdeling": overzicht["verdelingtabel"],
            "signalen": overzicht["signaaltabel"],
        },
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
