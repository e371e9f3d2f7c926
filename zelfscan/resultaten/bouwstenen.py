"""The pieces every results page is built from: the viewer's visibility of the round's
totals, the trend across rounds, the schools over the scale and the risk signals, the rows of
schools side by side, and the links to the same page in other rounds. Used by ``paginas.py``
and ``schoolpagina.py``; reads and totals come from ``totalen.py``, rules from
``rekenregels.py``.
"""

import itertools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from zelfscan.exporting import Table
from zelfscan.models import Scanronde, School, Zelfscan
from zelfscan.resultaten import grafieken
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import totalen as res

SCHAALLABELS = ("1", "2", "3", "4")
STADSLEUTEL = (res.STAD, None, res.ALLE)


def van_soort(scans, soort: str):
    """The scans made for one kind of school (bao, sbo, ...), or all when no kind is chosen."""
    return scans.filter(soort=soort) if soort else scans


def schoolsoort(soort: str) -> str:
    """A filter by kind of school; anything else is no filter."""
    return soort if soort in School.Soort.values else ""


def afgerond(w, d=2):
    """A figure for an export, rounded as the page shows it (a number, not text)."""
    return None if w is None else round(w, d)


def ja_nee(waarde):
    return {True: _("yes"), False: _("no"), None: _("not yet known")}[waarde]


def per_groep(totalen: dict) -> dict:
    """The totals of one unit by group id (None: the whole scan), never missing the whole."""
    result = {g: t for (e, g), t in totalen.items()}
    result.setdefault(None, res.Totaal())
    return result


def gemiddelden(totalen: dict, eenheid) -> dict:
    return {g: t.gemiddelde for (e, g), t in totalen.items() if e == eenheid and not t.verborgen}


_KORT = {"anb_aspect": "A", "ijkpunt": "I", "hgw_sectie": "H", "toezichtkader": "T",
         "protocol": "P", "thema": "Th"}  # fmt: skip
# Words every name of a kind starts with; a column heading leaves them out.
_VOORVOEGSELS = ("De school ", "Ondersteuning ter bevordering van de ", "Ondersteuning bij ",
                 "Protocol ", "Indicatoren ")  # fmt: skip


@dataclass(frozen=True)
class Kolom:
    """A group as a column heading: its code (A1, I13, Th6) and a short form of its name
    from the norm, the full name beside it (legend, hover)."""

    code: str
    kort: str
    groep: object


def _korte_naam(naam: str, lengte: int = 26) -> str:
    for voorvoegsel in _VOORVOEGSELS:
        if naam.startswith(voorvoegsel):
            naam = naam[len(voorvoegsel) :]
            break
    naam = naam.rstrip(".")
    if len(naam) <= lengte:
        return naam[:1].upper() + naam[1:]
    kort = naam[: lengte - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return kort[:1].upper() + kort[1:] + "…"


def kolommen(groepen) -> list[Kolom]:
    """A heading per group: 36 columns of full names fit neither an A4 page nor a tablet."""
    return [Kolom(f"{_KORT.get(g.soort, '')}{g.nummer}", _korte_naam(g.naam), g) for g in groepen]


def vergelijkingsrijen(groepen, *reeksen):
    """Per group the value of each series (dicts group id -> mean)."""
    return [(g.naam, [r.get(g.pk) for r in reeksen]) for g in groepen]


def ronde_links(user, ronde, naam, **kwargs):
    """The same page for each round of the SWV the user sees: (schooljaar, url, current)."""
    return [
        (r.schooljaar, reverse(f"zelfscan:{naam}", kwargs={"pk": r.pk, **kwargs}), r.pk == ronde.pk)
        for r in Scanronde.objects.for_user(user)
        .filter(swv=ronde.swv_id)
        .only("pk", "schooljaar")
        .order_by("schooljaar")
    ]


def stad_tot_en_met(ronde):
    """The released scans of the SWV's rounds up to and including ``ronde``: the city's trend."""
    return Zelfscan.objects.in_totalen().filter(
        ronde__swv=ronde.swv_id, ronde__schooljaar__lte=ronde.schooljaar
    )


def _rondes_tot_en_met(ronde) -> list[Scanronde]:
    return list(
        Scanronde.objects.filter(swv=ronde.swv_id, schooljaar__lte=ronde.schooljaar)
        .select_related("normkader")
        .only("pk", "swv_id", "schooljaar", "normkader__naam")
        .order_by("schooljaar")
    )


def zichtbaarheid(user, ronde, rondes=None) -> tuple[res.Zichtbaarheid, dict]:
    """What the viewer sees of the totals of ``ronde``, and per school year of the rounds up
    to it (for the trend): three queries whatever the number of schools or rounds."""
    rondes = _rondes_tot_en_met(ronde) if rondes is None else rondes
    per_ronde = res.zichtbaarheden(user, rondes)
    return per_ronde[ronde.pk], {r.schooljaar: per_ronde[r.pk] for r in rondes}


def versiewissels(rondes) -> str:
    """Where the rounds change to another version of the norm, the mean of the whole scan is
    over other indicators from then on: said beside every trend, so no line across versions
    is read as like for like (issue 18)."""
    wissels = [
        _("from %(jaar)s the norm is %(naam)s, with other indicators: the mean of the whole "
          "scan is not one-to-one comparable with the years before")
        % {"jaar": ronde.schooljaar, "naam": ronde.normkader.naam}
        for vorige, ronde in itertools.pairwise(rondes)
        if ronde.normkader_id != vorige.normkader_id
    ]  # fmt: skip
    return "; ".join(wissels)


@dataclass(frozen=True)
class Kader:
    """What every results page of one round starts from: the round, the kind of school it is
    filtered to, the groups of the norm, the threshold, and what this viewer sees of totals
    (of this round, and per school year for the trend)."""

    ronde: Scanronde
    soort: str
    groepen: list
    regel: regels.Voldoetregel
    zicht: res.Zichtbaarheid
    per_jaar: dict
    versiewissels: str = ""

    @classmethod
    def van(cls, user, ronde, soort: str = "") -> "Kader":
        rondes = _rondes_tot_en_met(ronde)
        zicht, per_jaar = zichtbaarheid(user, ronde, rondes)
        return cls(ronde=ronde, soort=schoolsoort(soort), groepen=res.groepen(ronde),
                   regel=regels.Voldoetregel.van(ronde.normkader), zicht=zicht,
                   per_jaar=per_jaar, versiewissels=versiewissels(rondes))  # fmt: skip

    def naam(self, pagina: str, onderwerp: str = "") -> str:
        """The name of the page's tables as files: ``bestuur-2025-2026-Naam[-sbo]``."""
        delen = [pagina, self.ronde.schooljaar, onderwerp, self.soort]
        return "-".join(d for d in delen if d)


def trend(scans, *, naam: str, per_jaar: dict, sleutel=None, stad_scans=None):
    """Years, and per series the overall mean per year. ``naam``: what the page's own series
    is (the school, bestuur or wijk), as the chart's legend and the table's heading say it.
    ``sleutel``: the key of that series' total (None: the viewer's own schools, always shown);
    the city's is STADSLEUTEL."""
    eigen = res.trend(scans, zicht_per_jaar=per_jaar if sleutel else None, sleutel=sleutel)
    stad = (
        res.trend(stad_scans, zicht_per_jaar=per_jaar, sleutel=STADSLEUTEL)
        if stad_scans is not None
        else {}
    )
    jaren = sorted(eigen.keys() | stad.keys())

    def reeks(data):
        return [t.gemiddelde if (t := data.get(j)) and not t.verborgen else None for j in jaren]

    reeksen = {naam: reeks(eigen)}
    if stad_scans is not None:
        reeksen[_("city")] = reeks(stad)
    return jaren, reeksen


@dataclass(frozen=True)
class Trend:
    """The trend's rows (year, value per series), its series, chart and export."""

    trend_jaren: list
    trend_reeksen: list
    trend_grafiek: str
    trendtabel: Table
    trend_breuk: str

    @classmethod
    def van(cls, naam: str, jaren, reeksen, breuk: str = "") -> "Trend":
        rijen = list(zip(jaren, *reeksen.values(), strict=True))
        return cls(
            trend_breuk=breuk,
            trend_jaren=rijen,
            trend_reeksen=list(reeksen),
            trend_grafiek=grafieken.trendlijnen(_("Mean across rounds"), jaren, reeksen),
            trendtabel=Table(
                name=f"trend-{naam}",
                headers=[_("school year"), *reeksen],
                rows=([jaar, *(afgerond(w) for w in waarden)] for jaar, *waarden in rijen),
            ),
        )


@dataclass(frozen=True)
class Overzicht:
    """Schools over the scale and how often each risk signal is ticked: hidden with the total
    when it is hidden (fewer than three schools)."""

    overzicht: res.Totaal
    verdeling: str
    signalen: list
    verdelingtabel: Table
    signaaltabel: Table

    @classmethod
    def van(cls, naam: str, ronde, totaal: res.Totaal, scans) -> "Overzicht":
        signalen = res.signaalfrequenties(ronde, scans)
        if totaal.verborgen:
            signalen = [(s, None) for s, _n in signalen]
        return cls(
            overzicht=totaal,
            verdeling=grafieken.verdeling(
                _("Schools by their mean on the scale"), totaal.verdeling, list(SCHAALLABELS)
            ),
            signalen=signalen,
            verdelingtabel=Table(
                name=f"verdeling-{naam}",
                headers=[_("scale value"), _("schools")],
                rows=(
                    [w, None if totaal.verborgen else n]
                    for w, n in zip(SCHAALLABELS, totaal.verdeling, strict=True)
                ),
            ),
            signaaltabel=Table(
                name=f"risicosignalen-{naam}",
                headers=[_("ijkpunt"), _("risk signal"), _("ticked by schools")],
                rows=([s.groep.naam, s.tekst, n] for s, n in signalen),
            ),
        )


def heatmap(kader: Kader, scans_qs) -> list[res.Schoolrij]:
    scans = list(
        scans_qs.select_related("school", "kengetallen").order_by("school__naam", "school__pk")
    )
    return res.schoolrijen(scans, kader.groepen, kader.regel)


def schooltabel(naam, groepen, rijen) -> Table:
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
                ja_nee(r.basisnorm),
                afgerond(r.uitslagen[None].gemiddelde),
                *(afgerond(r.uitslagen[g.pk].gemiddelde) for g in groepen),
            ]
            for r in rijen
        ],
    )
