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
