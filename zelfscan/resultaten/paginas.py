"""What each results page shows, for one user: a bestuur's schools side by side, a wijk with
its dekkend netwerk, the stad (the school's page is in ``schoolpagina.py``); each with the
trend across rounds and its tables for CSV/XLSX. The pages, their exports and the PDF reports
are all made from these, so a download holds exactly what the page shows, filters included.

Out of scope is 404: the round, the scan, the bestuur and the wijk are each looked up through
their ``for_user``. Reads and totals are in ``totalen.py``, the rules in ``rekenregels.py``
(both beside this module).
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from zelfscan.exporting import Table
from zelfscan.models import (
    Bestuur,
    Scanronde,
    School,
    Wijk,
    Zelfscan,
)
from zelfscan.resultaten import grafieken
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
