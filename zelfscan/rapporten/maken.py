"""The PDF reports: a service, not a view. Each report is made for one user from the same data
as its results page (``zelfscan/resultaten/paginas.py``), so it shows what that user may see and the
numbers of the page, rendered in Dutch with the print stylesheet ``static/css/rapport.css``.

A report says what it is a picture of: the round, the scan's state and how many changes it
holds, and the moment it was made. It is made when asked; nothing is kept, so a later change
shows in the next report and never in an old file.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
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
    Rapportopdracht,
    Scanronde,
    Trajectstap,
    Zelfscan,
)
from zelfscan.rapporten import pdf
from zelfscan.resultaten import paginas as pagina
from zelfscan.resultaten import schoolpagina
from zelfscan.scans.structuur import structuur


@dataclass(frozen=True)
class Rapport:
    inhoud: bytes
    bestandsnaam: str


def _render(template: str, context: dict) -> bytes:
    # Reports are Dutch whoever asks, as the application is.
    with translation.override("nl"):
        html = render_to_string(template, {**context, "gemaakt_op": timezone.localtime()})
    return pdf.html_naar_pdf(html)


def _schoolonderdelen(gegevens: dict, user) -> dict:
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
        "gesprekken": Gesprek.objects.for_user(user).filter(scan=scan),
        "notities": Notitie.objects.filter(
            ontwikkelpunt__in=Ontwikkelpunt.objects.for_user(user).filter(school=scan.school_id)
        ).select_related("door"),
        "trajectstappen": Trajectstap.objects.for_user(user).filter(school=scan.school_id),
    }


def schoolrapport(*, user, scan_pk: int) -> Rapport:
    gegevens = schoolpagina.school_gegevens(user, scan_pk)
    scan = gegevens["scan"]
    context = {**gegevens, **_schoolonderdelen(gegevens, user), "onderwerp": scan.school.naam}
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
    from zelfscan.resultaten import grafieken

    return [
        (r, grafieken.cellen({g.pk: r.uitslagen[g.pk] for g in groepen}, groepen)) for r in rijen
    ]


def bestuursrapport(*, user, ronde_pk: int, bestuur_pk: int, soort: str = "") -> Rapport:
    gegevens = pagina.bestuur_gegevens(user, ronde_pk, bestuur_pk, soort)
    scholen = schoolpagina.schoolsamenvattingen(
        user, gegevens["ronde"], gegevens["rijen"], gegevens["groepen"]
    )
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


# --- in the background: a board report of many schools


# A board report is made while the user waits up to this many schools; a larger one in the
# background (measured: about 0.4 s and 10 MB per school, README "PDF reports").
DIRECT_TOT_EN_MET = 4
# A report "being made" for longer than this lost its worker (a restart): it is made again.
VERLATEN_NA = datetime.timedelta(minutes=10)


def bestuursrapport_of_opdracht(
    *, user, ronde_pk: int, bestuur_pk: int, soort: str = ""
) -> Rapport | Rapportopdracht:
    """The report now, or, for a board with many schools, an order the worker fulfils."""
    ronde = get_object_or_404(Scanronde.objects.for_user(user), pk=ronde_pk)
    bestuur = get_object_or_404(Bestuur.objects.for_user(user), pk=bestuur_pk)
    scans = pagina.van_soort(
        Zelfscan.objects.for_user(user).filter(ronde=ronde, school__bestuur=bestuur), soort
    )
    if scans.count() <= DIRECT_TOT_EN_MET:
        return bestuursrapport(user=user, ronde_pk=ronde_pk, bestuur_pk=bestuur_pk, soort=soort)
    return Rapportopdracht.objects.create(
        aangevraagd_door=user,
        soort=Rapportopdracht.Soort.BESTUUR,
        ronde=ronde,
        onderwerp_id=bestuur.pk,
        schoolsoort=soort,
        titel=f"{bestuur.naam} {ronde.schooljaar}" + (f" ({soort})" if soort else ""),
    )


def verwerk_volgende_opdracht() -> Rapportopdracht | None:
    """Make the oldest waiting report (or one a lost worker left), as seen by whoever asked."""
    nu = timezone.now()
    with transaction.atomic():
        opdracht = (
            Rapportopdracht.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Rapportopdracht.Status.WACHTEND)
                | Q(status=Rapportopdracht.Status.BEZIG, gestart_op__lt=nu - VERLATEN_NA)
            )
            .select_related("aangevraagd_door")
            .order_by("aangevraagd_op", "pk")
            .first()
        )
        if opdracht is None:
            return None
        opdracht.status = Rapportopdracht.Status.BEZIG
        opdracht.gestart_op = nu
        opdracht.save(update_fields=["status", "gestart_op"])
    try:
        rapport = bestuursrapport(
            user=opdracht.aangevraagd_door, ronde_pk=opdracht.ronde_id,
            bestuur_pk=opdracht.onderwerp_id, soort=opdracht.schoolsoort,
        )  # fmt: skip
    except Exception as fout:  # the person is told it failed, and why
        opdracht.status = Rapportopdracht.Status.MISLUKT
        opdracht.fout = str(fout)[:2000] or fout.__class__.__name__
        opdracht.klaar_op = timezone.now()
        opdracht.save(update_fields=["status", "fout", "klaar_op"])
        return opdracht
    opdracht.status = Rapportopdracht.Status.KLAAR
    opdracht.inhoud = rapport.inhoud
    opdracht.bestandsnaam = rapport.bestandsnaam
    opdracht.klaar_op = timezone.now()
    opdracht.save(update_fields=["status", "inhoud", "bestandsnaam", "klaar_op"])
    return opdracht
