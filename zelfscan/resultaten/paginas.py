"""What each results page shows, for one user: a bestuur's schools side by side, a wijk with
its dekkend netwerk, the stad (the school's page is in ``schoolpagina.py``); each with the
trend across rounds and its tables for CSV/XLSX. The pages, their exports and the PDF reports
are all made from these, so a download holds exactly what the page shows, filters included.

A builder is given the round, bestuur or wijk as the view found it for the user (out of
scope is the view's 404); each page is a dataclass, read by attribute by the reports and
handed to its template as ``context()``. The pieces are in ``bouwstenen.py``, reads and totals
in ``totalen.py``, the rules in ``rekenregels.py``.
"""

from dataclasses import dataclass, field, fields

from django.urls import reverse
from django.utils.translation import gettext as _

from zelfscan.exporting import Table
from zelfscan.models import Bestuur, Scanronde, School, Wijk, Zelfscan
from zelfscan.resultaten import bouwstenen as b
from zelfscan.resultaten import grafieken
from zelfscan.resultaten import totalen as res


@dataclass(kw_only=True)
class Resultaatpagina:
    """What every results page shows: the round and its filter, the groups of the norm, the
    trend, the schools over the scale and the risk signals, and its tables by name."""

    ronde: Scanronde
    titel: str
    soort: str
    ronde_links: list
    groepen: list
    kolommen: list[tuple[str, object]]
    trend_jaren: list
    trend_reeksen: list
    trend_grafiek: str
    trendtabel: Table
    trend_breuk: str
    overzicht: res.Totaal
    verdeling: str
    signalen: list
    verdelingtabel: Table
    signaaltabel: Table
    tabellen: dict[str, Table]
    soorten: list = field(default_factory=lambda: School.Soort.choices)

    def context(self) -> dict:
        """The page's fields for its template (not copied)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _pagina(cls, kader: b.Kader, *, naam, trend, overzicht: tuple, tabellen: dict, **eigen):
    """A page of ``cls``: the common part made from the round's ``kader``, the page's
    ``trend`` (years, series) and ``overzicht`` (total, scans), its own tables and fields."""
    t = b.Trend.van(naam, *trend, breuk=kader.versiewissels)
    o = b.Overzicht.van(naam, kader.ronde, *overzicht)
    return cls(
        ronde=kader.ronde, soort=kader.soort, groepen=kader.groepen,
        kolommen=b.kolommen(kader.groepen), **vars(t), **vars(o),
        tabellen={**tabellen, "trend": t.trendtabel, "verdeling": o.verdelingtabel,
                  "signalen": o.signaaltabel},
        **eigen,
    )  # fmt: skip


# --- schools side by side: a bestuur, a wijk


@dataclass(kw_only=True)
class Schoolrijenpagina(Resultaatpagina):
    """A page of schools side by side, with the totals it is compared to."""

    onderwerp: Bestuur | Wijk
    rijen: list[res.Schoolrij]
    totaalrijen: list[tuple[str, dict]]


@dataclass(kw_only=True)
class Bestuurspagina(Schoolrijenpagina):
    wijken: list  # the wijken of the board's schools the viewer may open, for a way on


@dataclass(kw_only=True)
class Wijkpagina(Schoolrijenpagina):
    netwerk: list
    niemand_brengt: list
    # The network names schools and the expertise they seek: it is shown, and exported,
    # only where the wijk's own figures are (issue 28).
    netwerk_verborgen: bool = False


def bestuurspagina(user, ronde: Scanronde, bestuur: Bestuur, soort: str = "") -> Bestuurspagina:
    kader = b.Kader.van(user, ronde, soort)
    zichtbaar = b.van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur), kader.soort
    )
    # The board's own total counts every scan the viewer sees: the board sees its schools in
    # every state, the SWV only released ones.
    eigen = b.per_groep(res.totalen(zichtbaar, per=None, regel=kader.regel, basisnorm=True))
    stad = res.totalen(
        b.van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), kader.soort),
        per=None, regel=kader.regel, zicht=kader.zicht, basisnorm=True,
        sleutel_van=lambda _e: (res.STAD, None, kader.soort),
    )  # fmt: skip
    rijen = b.heatmap(kader, zichtbaar)
    naam = kader.naam("bestuur", bestuur.naam)
    return _pagina(
        Bestuurspagina, kader, naam=naam, titel=bestuur.naam, onderwerp=bestuur,
        ronde_links=b.ronde_links(user, ronde, "resultaat_bestuur", bestuur=bestuur.pk),
        rijen=rijen, totaalrijen=[(bestuur.naam, eigen), (_("City"), b.per_groep(stad))],
        wijken=list(
            Wijk.objects.for_user(user)
            .filter(swv=ronde.swv_id, scholen__bestuur=bestuur)
            .distinct()
            .order_by("naam")
            .only("pk", "naam")
        ),
        trend=b.trend(
            Zelfscan.objects.for_user(user).filter(
                school__bestuur=bestuur, ronde__swv=ronde.swv_id,
                ronde__schooljaar__lte=ronde.schooljaar,
            ),
            naam=bestuur.naam, per_jaar=kader.per_jaar, stad_scans=b.stad_tot_en_met(ronde),
        ),
        overzicht=(eigen[None], zichtbaar),
        tabellen={"scholen": b.schooltabel(naam, kader.groepen, rijen)},
    )  # fmt: skip


def wijkpagina(user, ronde: Scanronde, wijk: Wijk, soort: str = "") -> Wijkpagina:
    kader = b.Kader.van(user, ronde, soort)
    in_totalen = b.van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), kader.soort)
    wijk_scans = in_totalen.filter(school__wijk=wijk)
    zichtbaar = b.van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__wijk=wijk), kader.soort
    )

    def totaal(scans, sleutel):
        return b.per_groep(res.totalen(scans, per=None, regel=kader.regel, zicht=kader.zicht,
                                       sleutel_van=lambda _e: sleutel,
                                       basisnorm=True))  # fmt: skip

    eigen = totaal(wijk_scans, (res.WIJK, wijk.pk, kader.soort))
    netwerk_verborgen = eigen[None].verborgen
    netwerk = (
        []
        if netwerk_verborgen
        else res.dekkend_netwerk([g for g in kader.groepen if g.soort == "thema"], wijk_scans)
    )
    rijen = b.heatmap(kader, zichtbaar)
    naam = kader.naam("wijk", wijk.naam)
    netwerktabel = Table(
        name=f"dekkend-netwerk-{ronde.schooljaar}-{wijk.naam}",
        headers=[_("theme"), _("brings expertise"), _("seeks expertise")],
        rows=[
            [n.thema.naam, ", ".join(s.naam for s in n.brengen),
             ", ".join(s.naam for s in n.zoeken)]
            for n in netwerk
        ],
    )  # fmt: skip
    return _pagina(
        Wijkpagina, kader, naam=naam, titel=wijk.naam, onderwerp=wijk,
        ronde_links=b.ronde_links(user, ronde, "resultaat_wijk", wijk=wijk.pk),
        rijen=rijen,
        totaalrijen=[(wijk.naam, eigen),
                     (_("City"), totaal(in_totalen, (res.STAD, None, kader.soort)))],
        netwerk=netwerk, niemand_brengt=[n.thema for n in netwerk if not n.brengen],
        netwerk_verborgen=netwerk_verborgen,
        trend=b.trend(
            Zelfscan.objects.in_totalen().filter(
                school__wijk=wijk, ronde__schooljaar__lte=ronde.schooljaar
            ),
            naam=wijk.naam, per_jaar=kader.per_jaar, sleutel=(res.WIJK, wijk.pk, res.ALLE),
            stad_scans=b.stad_tot_en_met(ronde),
        ),
        overzicht=(eigen[None], wijk_scans),
        tabellen={"scholen": b.schooltabel(naam, kader.groepen, rijen),
                  **({} if netwerk_verborgen else {"netwerk": netwerktabel})},
    )  # fmt: skip


# --- the stad


@dataclass(kw_only=True)
class Stadspagina(Resultaatpagina):
    wijkrijen: list
    bestuurrijen: list
    wijklinks: dict  # wijk id -> its page, for the wijken the viewer may open
    bestuurlinks: dict
    stad: dict
    stadtotaal: res.Totaal
    zonder_wijk: int  # released scans of schools without a wijk (VO works city-wide, 002)
    regel: object  # the Normkader's rule for voldoet, said beside the counts per group


def stadspagina(user, ronde: Scanronde, soort: str = "") -> Stadspagina:
    kader = b.Kader.van(user, ronde, soort)
    scans = b.van_soort(Zelfscan.objects.in_totalen().filter(ronde=ronde), kader.soort)
    per_wijk, stad = res.totalen_met_geheel(
        scans,
        per="school__wijk",
        regel=kader.regel,
        zicht=kader.zicht,
        soort=kader.soort,
        basisnorm=True,
    )
    per_bestuur = res.totalen(
        scans, per="school__bestuur", regel=kader.regel, zicht=kader.zicht, basisnorm=True,
        sleutel_van=lambda e: (res.BESTUUR, e, kader.soort),
    )  # fmt: skip
    wijken = Wijk.objects.filter(swv=ronde.swv_id).order_by("naam").only("pk", "naam")
    besturen = (
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
            (o, per, grafieken.cellen(per, kader.groepen))
            for o in objecten
            if (per := per_eenheid.get(o.pk)) and None in per
        ]

    def eenheidtabel(naam, rijen):
        return Table(
            name=kader.naam(naam),
            headers=[_("name"), _("schools"), _("meet the basisnorm"), _("mean"),
                     *(g.naam for g in kader.groepen)],
            # A generator: rows are made only when the table is exported, not for the page.
            rows=(
                [o.naam, per[None].scholen, None if per[None].verborgen else per[None].basisnorm,
                 b.afgerond(per[None].gemiddelde),
                 *(b.afgerond(per[g.pk].gemiddelde) if g.pk in per else None
                   for g in kader.groepen)]
                for o, per, _cellen in rijen
            ),
        )  # fmt: skip

    stadtotaal = stad.get((None, None)) or res.Totaal()
    wijkrijen, bestuurrijen = eenheden(wijken, per_wijk), eenheden(besturen, per_bestuur)
    # From the city to a wijk or a board, where the viewer may open it (the others' rows stay
    # plain text: a link to a 404 is no way on).
    open_wijken = Wijk.objects.for_user(user).filter(pk__in=[o.pk for o, *_r in wijkrijen])
    open_besturen = Bestuur.objects.in_swv_for_user(user, ronde.swv_id).filter(
        pk__in=[o.pk for o, *_r in bestuurrijen]
    )
    return _pagina(
        Stadspagina, kader, naam=kader.naam("stad"), titel=ronde.swv.naam,
        ronde_links=b.ronde_links(user, ronde, "resultaat_stad"),
        wijkrijen=wijkrijen, bestuurrijen=bestuurrijen, stad=b.per_groep(stad),
        wijklinks={pk: reverse("zelfscan:resultaat_wijk", kwargs={"pk": ronde.pk, "wijk": pk})
                   for pk in open_wijken.values_list("pk", flat=True)},
        bestuurlinks={
            pk: reverse("zelfscan:resultaat_bestuur", kwargs={"pk": ronde.pk, "bestuur": pk})
            for pk in open_besturen.values_list("pk", flat=True)
        },
        stadtotaal=stadtotaal,
        zonder_wijk=per_wijk[(None, None)].scholen if (None, None) in per_wijk else 0,
        regel=kader.regel,
        trend=b.trend(b.stad_tot_en_met(ronde), naam=_("city"), per_jaar=kader.per_jaar,
                      sleutel=b.STADSLEUTEL),
        overzicht=(stadtotaal, scans),
        tabellen={"wijken": eenheidtabel("wijken", wijkrijen),
                  "besturen": eenheidtabel("besturen", bestuurrijen)},
    )  # fmt: skip
