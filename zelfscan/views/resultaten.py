"""The results pages and their CSV/XLSX; what they show is built in
``zelfscan/resultaten/paginas.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zelfscan.exporting import response
from zelfscan.models import Rapportopdracht
from zelfscan.rapporten import maken as rapporten
from zelfscan.resultaten import paginas as pagina
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import schoolpagina


def _soort(request) -> str:
    return request.GET.get("soort", "")


@require_safe
@login_required
def school(request, pk):
    return render(
        request, "zelfscan/resultaten/school.html", schoolpagina.school_gegevens(request.user, pk)
    )


@require_safe
@login_required
def bestuur(request, pk, bestuur):
    gegevens = pagina.bestuur_gegevens(request.user, pk, bestuur, _soort(request))
    return render(request, "zelfscan/resultaten/bestuur.html", gegevens)


@require_safe
@login_required
def wijk(request, pk, wijk):
    gegevens = pagina.wijk_gegevens(request.user, pk, wijk, _soort(request))
    return render(request, "zelfscan/resultaten/wijk.html", gegevens)


@require_safe
@login_required
def stad(request, pk):
    gegevens = pagina.stad_gegevens(request.user, pk, _soort(request))
    return render(request, "zelfscan/resultaten/stad.html", gegevens)


# --- exports: the tables of a page, with its filters


def _export(gegevens: dict, tabel: str, formaat: str):
    if tabel not in gegevens["tabellen"] or formaat not in ("csv", "xlsx"):
        raise Http404
    return response(gegevens["tabellen"][tabel], formaat)


@require_safe
@login_required
def school_export(request, pk, tabel, formaat):
    return _export(schoolpagina.school_gegevens(request.user, pk), tabel, formaat)


@require_safe
@login_required
def bestuur_export(request, pk, bestuur, tabel, formaat):
    gegevens = pagina.bestuur_gegevens(request.user, pk, bestuur, _soort(request))
    return _export(gegevens, tabel, formaat)


@require_safe
@login_required
def wijk_export(request, pk, wijk, tabel, formaat):
    return _export(pagina.wijk_gegevens(request.user, pk, wijk, _soort(request)), tabel, formaat)


@require_safe
@login_required
def stad_export(request, pk, tabel, formaat):
    return _export(pagina.stad_gegevens(request.user, pk, _soort(request)), tabel, formaat)


@require_safe
@login_required
def rekenregels(request):
    return render(
        request,
        "zelfscan/resultaten/rekenregels.html",
        {"kleinste_groep": regels.KLEINSTE_GROEP, "ib_norm": regels.IB_NORM_PER_LEERLING},
    )


# --- PDF reports, scoped exactly like the pages (the service looks everything up for the user)


def _pdf(rapport: rapporten.Rapport) -> HttpResponse:
    reply = HttpResponse(rapport.inhoud, content_type="application/pdf")
    reply["Content-Disposition"] = f'attachment; filename="{rapport.bestandsnaam}"'
    return reply


@require_safe
@login_required
def school_rapport(request, pk):
    return _pdf(rapporten.schoolrapport(user=request.user, scan_pk=pk))


@require_safe
@login_required
def bestuur_rapport(request, pk, bestuur):
    """A board of many schools: the report is made in the background, and the list of the
    person's reports says when it is ready."""
    uitkomst = rapporten.bestuursrapport_of_opdracht(
        user=request.user, ronde_pk=pk, bestuur_pk=bestuur, soort=_soort(request)
    )
    if isinstance(uitkomst, rapporten.Rapport):
        return _pdf(uitkomst)
    messages.info(
        request,
        _("The report of %(titel)s is being made; this page shows when it is ready.")
        % {"titel": uitkomst.titel},
    )
    return redirect("zelfscan:mijn_rapporten")


@require_safe
@login_required
def mijn_rapporten(request):
    opdrachten = list(
        Rapportopdracht.objects.for_user(request.user)
        .filter(aangevraagd_door=request.user)
        .defer("inhoud")[:30]
    )
    bezig = any(o.status in ("wachtend", "bezig") for o in opdrachten)
    template = (
        "zelfscan/_rapporten_lijst.html"
        if request.headers.get("HX-Request")
        else "zelfscan/rapporten.html"
    )
    return render(request, template, {"opdrachten": opdrachten, "bezig": bezig})


@require_safe
@login_required
def rapport_download(request, pk):
    opdracht = get_object_or_404(
        Rapportopdracht.objects.for_user(request.user).filter(aangevraagd_door=request.user),
        pk=pk,
        status=Rapportopdracht.Status.KLAAR,
    )
    return _pdf(rapporten.Rapport(bytes(opdracht.inhoud), opdracht.bestandsnaam))


@require_safe
@login_required
def wijk_rapport(request, pk, wijk):
    return _pdf(
        rapporten.wijkrapport(user=request.user, ronde_pk=pk, wijk_pk=wijk, soort=_soort(request))
    )


@require_safe
@login_required
def stad_rapport(request, pk):
    return _pdf(rapporten.stadrapport(user=request.user, ronde_pk=pk, soort=_soort(request)))
