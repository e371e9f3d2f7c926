"""The PDF reports: a service, not a view. Each report is made for one user from the same page
data as its results page (``zelfscan/resultaten/paginas.py``, ``schoolpagina.py``), given the
round, scan, bestuur or wijk as found for that user, so it shows what that user may see and
the numbers of the page, rendered in Dutch with the print stylesheet ``static/css/rapport.css``.

A report says what it is a picture of: the round, the scan's state and how many changes it
holds, and the moment it was made. It is made when asked; nothing is kept, so a later change
shows in the next report and never in an old file.
"""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from zelfscan.models import (
    Ambitie,
    Bestuur,
    Gesprek,
    Historie,
    Notitie,
    Ontwikkelpunt,
    Opmerking,
    Scanronde,
    Trajectstap,
    Wijk,
    Zelfscan,
)
from zelfscan.rapporten import pdf
from zelfscan.resultaten import paginas
from zelfscan.resultaten.schoolpagina import (
    Schoolpagina,
    schoolpagina,
    schoolsamenvattingen,
)
from zelfscan.scans.structuur import structuur


@dataclass(frozen=True)
class Rapport:
    inhoud: bytes
    bestandsnaam: str


def _render(template: str, context: dict) -> bytes:
    # Reports are Dutch whoever asks, as the application is. ``rapport``: the page's partials
    # leave out what only a screen has (export links, scrolling regions, links).
    with translation.override("nl"):
        html = render_to_string(
            template, {**context, "rapport": True, "gemaakt_op": timezone.localtime()}
        )
    return pdf.html_naar_pdf(html)


def _schoolonderdelen(pagina: Schoolpagina, user) -> dict:
    """What the school report adds to its page: per group the items with scores and notes,
    the ambitions, the consultant's comments, and how many changes the scan holds."""
    scan = pagina.scan
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
        "uitslagen": pagina.rij.uitslagen,
        "ambities": Ambitie.objects.filter(scan=scan)
        .select_related("thema")
        .order_by("thema__nummer"),
        "opmerkingen": Opmerking.objects.filter(scan=scan).select_related("door"),
        "wijzigingen": wijzigingen,
        "schaal": scan.ronde.normkader.schaal.order_by("waarde"),
        "gesprekken": Gesprek.objects.for_user(user).filter(scan=scan),
        "notities": Notitie.objects.filter(
            ontwikkelpunt__in=Ontwikkelpunt.objects.for_user(user).filter(school=scan.school_id)
        ).select_related("door"),
        "trajectstappen": Trajectstap.objects.for_user(user).filter(school=scan.school_id),
    }


def schoolrapport(*, user, scan: Zelfscan) -> Rapport:
    """``scan`` as ``Zelfscan.objects.for_user(user)`` finds it."""
    pagina = schoolpagina(user, scan)
    context = {**pagina.context(), **_schoolonderdelen(pagina, user),
               "onderwerp": scan.school.naam,
               "voldoende_groepen": sum(1 for r in pagina.regels if r.uitslag.voldoet)}  # fmt: skip
    naam = (
        f"zelfscan-{scan.ronde.schooljaar}-{scan.school.brin_volledig}-{slugify(scan.school.naam)}"
    )
    return Rapport(_render("rapporten/school.html", context), f"{naam}.pdf")


# --- schools side by side


def _bestandsnaam(pagina: paginas.Resultaatpagina, voorvoegsel: str, onderwerp: str) -> str:
    delen = [voorvoegsel, pagina.ronde.schooljaar, slugify(onderwerp), pagina.soort]
    return "-".join(d for d in delen if d) + ".pdf"


def _rapport(template: str, pagina: paginas.Resultaatpagina, bestandsnaam: str, **extra):
    return Rapport(_render(template, {**pagina.context(), **extra}), bestandsnaam)


def bestuursrapport(*, user, ronde: Scanronde, bestuur: Bestuur, soort: str = "") -> Rapport:
    """``ronde`` and ``bestuur`` as their ``for_user(user)`` finds them."""
    pagina = paginas.bestuurspagina(user, ronde, bestuur, soort)
    return _rapport(
        "rapporten/bestuur.html", pagina, _bestandsnaam(pagina, "bestuur", pagina.titel),
        onderwerp=pagina.titel,
        scholen=schoolsamenvattingen(user, ronde, pagina.rijen, pagina.groepen),
    )  # fmt: skip


def wijkrapport(*, user, ronde: Scanronde, wijk: Wijk, soort: str = "") -> Rapport:
    pagina = paginas.wijkpagina(user, ronde, wijk, soort)
    return _rapport(
        "rapporten/wijk.html", pagina, _bestandsnaam(pagina, "wijk", pagina.titel),
        onderwerp=f"Wijk {pagina.titel}",
    )  # fmt: skip


def stadrapport(*, user, ronde: Scanronde, soort: str = "") -> Rapport:
    pagina = paginas.stadspagina(user, ronde, soort)
    return _rapport("rapporten/stad.html", pagina, _bestandsnaam(pagina, "stad", ronde.swv.code),
                    onderwerp=pagina.titel)  # fmt: skip


# --- in the background: a board report of many schools (``achtergrond.py``)


# A board report is made while the user waits up to this many schools; a larger one in the
# background (measured: about 0.4 s and 10 MB per school, README "PDF reports").
DIRECT_TOT_EN_MET = 4
