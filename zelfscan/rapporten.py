"""The PDF reports: a service, not a view. Each report is made for one user from the same data
as its results page (``resultaatpaginas.py``), so it shows what that user may see and the
numbers of the page, rendered in Dutch with the print stylesheet ``static/css/rapport.css``.

A report says what it is a picture of: the round, the scan's state and how many changes it
holds, and the moment it was made. It is made when asked; nothing is kept, so a later change
shows in the next report and never in an old file.
"""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from zelfscan import pdf
from zelfscan import resultaatpaginas as pagina
from zelfscan.models import Ambitie, Historie, Opmerking
from zelfscan.scanstructuur import structuur


@dataclass(frozen=True)
class Rapport:
    inhoud: bytes
    bestandsnaam: str


def _render(template: str, context: dict) -> bytes:
    # Reports are Dutch whoever asks, as the application is.
    with translation.override("nl"):
        html = render_to_string(template, {**context, "gemaakt_op": timezone.localtime()})
    return pdf.html_naar_pdf(html)


def _schoolonderdelen(gegevens: dict) -> dict:
    """What the school report adds to its page: per group the items with scores and notes,
    the ambitions, the consultant's comments, and how many changes the scan holds."""
    scan = gegevens["scan"]
    opbouw = structuur(scan)
    toegepast = set(opbouw.items)
    groepen = []
    for deel in opbouw.delen:
        for groep in deel.groepen:
            items = [
                (item, opbouw.antwoorden.get(item.pk)) for item in deel.items_van(groep, toegepast)
            ]
            groepen.append((groep, items))
    wijzigingen = Historie.objects.filter(scan=scan).aggregate(aantal=Count("pk"), laatst=Max("op"))
    return {
        "groepen_met_items": groepen,
        "uitslagen": gegevens["rij"].uitslagen,
        "ambities": Ambitie.objects.filter(scan=scan)
        .select_related("thema")
        .order_by("thema__nummer"),
        "opmerkingen": Opmerking.objects.filter(scan=scan).select_related("door"),
        "wijzigingen": wijzigingen,
        "schaal": scan.ronde.normkader.schaal.order_by("waarde"),
    }


def schoolrapport(*, user, scan_pk: int) -> Rapport:
    gegevens = pagina.school_gegevens(user, scan_pk)
    scan = gegevens["scan"]
    context = {**gegevens, **_schoolonderdelen(gegevens), "onderwerp": scan.school.naam}
    naam = (
        f"zelfscan-{scan.ronde.schooljaar}-{scan.school.brin_volledig}-{slugify(scan.school.naam)}"
    )
    return Rapport(_render("rapporten/school.html", context), f"{naam}.pdf")


# --- schools side by side


_KORT = {"anb_aspect": "A", "ijkpunt": "I", "hgw_sectie": "H", "toezichtkader": "T",
         "protocol": "P", "thema": "Th"}  # fmt: skip


def _kolommen(groepen) -> list[tuple[str, object]]:
    """A short heading per group (A1, I13, Th6, ...) with the legend beside the table: 36
    columns of full names do not fit an A4 page."""
    return [(f"{_KORT.get(g.soort, '')}{g.nummer}", g) for g in groepen]


def _heatrijen(rijen, groepen):
    """Per school row of a heatmap: (school row, its cells) with the cells made once."""
    from zelfscan import grafieken

    return [
        (r, grafieken.cellen({g.pk: r.uitslagen[g.pk] for g in groepen}, groepen)) for r in rijen
    ]


def bestuursrapport(*, user, ronde_pk: int, bestuur_pk: int, soort: str = "") -> Rapport:
    gegevens = pagina.bestuur_gegevens(user, ronde_pk, bestuur_pk, soort)
    scholen = [pagina.school_gegevens(user, r.scan.pk) for r in gegevens["rijen"]]
    context = {
        **gegevens,
        "onderwerp": gegevens["titel"],
        "kolommen": _kolommen(gegevens["groepen"]),
        "heatrijen": _heatrijen(gegevens["rijen"], gegevens["groepen"]),
        "scholen": scholen,
    }
    ronde = gegevens["ronde"]
    naam = f"bestuur-{ronde.schooljaar}-{slugify(gegevens['titel'])}" + (
        f"-{gegevens['soort']}" if gegevens["soort"] else ""
    )
    return Rapport(_render("rapporten/bestuur.html", context), f"{naam}.pdf")


def wijkrapport(*, user, ronde_pk: int, wijk_pk: int, soort: str = "") -> Rapport:
    gegevens = pagina.wijk_gegevens(user, ronde_pk, wijk_pk, soort)
    context = {
        **gegevens,
        "onderwerp": f"Wijk {gegevens['titel']}",
        "kolommen": _kolommen(gegevens["groepen"]),
        "heatrijen": _heatrijen(gegevens["rijen"], gegevens["groepen"]),
    }
    ronde = gegevens["ronde"]
    naam = f"wijk-{ronde.schooljaar}-{slugify(gegevens['titel'])}" + (
        f"-{gegevens['soort']}" if gegevens["soort"] else ""
    )
    return Rapport(_render("rapporten/wijk.html", context), f"{naam}.pdf")


def stadrapport(*, user, ronde_pk: int, soort: str = "") -> Rapport:
    gegevens = pagina.stad_gegevens(user, ronde_pk, soort)
    context = {
        **gegevens,
        "onderwerp": gegevens["titel"],
        "kolommen": _kolommen(gegevens["groepen"]),
    }
    ronde = gegevens["ronde"]
    naam = f"stad-{ronde.schooljaar}-{slugify(ronde.swv.code)}" + (
        f"-{gegevens['soort']}" if gegevens["soort"] else ""
    )
    return Rapport(_render("rapporten/stad.html", context), f"{naam}.pdf")
