"""The results pages, their CSV/XLSX and PDF reports. The view finds the round, scan, bestuur
or wijk for the user (out of scope: 404); what a page shows is built in
``zelfscan/resultaten/paginas.py`` and ``schoolpagina.py``, a report in
``zelfscan/rapporten/maken.py``, each from the same page data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zelfscan.exporting import response
from zelfscan.forms import FilterForm
from zelfscan.models import Bestuur, Rapportopdracht, Scanronde, Wijk, Zelfscan
from zelfscan.rapporten import achtergrond
from zelfscan.rapporten import maken as rapporten
from zelfscan.resultaten import paginas
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten.grafieken import getal
from zelfscan.resultaten.schoolpagina import SCHOOLPAGINA_RELATED, schoolpagina
from zelfscan.resultaten.verloop import verloop as per_indicator
from zelfscan.team import teamoordeel


def _soort(request) -> str:
    return FilterForm(request.GET).soort_of_alle()


def _scan(request, pk) -> Zelfscan:
    return get_object_or_404(
        Zelfscan.objects.for_user(request.user).select_related(*SCHOOLPAGINA_RELATED), pk=pk
    )


def _ronde(request, pk) -> Scanronde:
    return get_object_or_404(
        Scanronde.objects.for_user(request.user).select_related("normkader", "swv"), pk=pk
    )


def _bestuur(request, ronde, pk) -> Bestuur:
    return get_object_or_404(Bestuur.objects.in_swv_for_user(request.user, ronde.swv_id), pk=pk)


def _wijk(request, ronde, pk) -> Wijk:
    return get_object_or_404(Wijk.objects.for_user(request.user), pk=pk, swv=ronde.swv_id)


def _schoolpagina(request, pk):
    return schoolpagina(request.user, _scan(request, pk))


def _bestuurspagina(request, pk, bestuur):
    ronde = _ronde(request, pk)
    return paginas.bestuurspagina(
        request.user, ronde, _bestuur(request, ronde, bestuur), _soort(request)
    )


def _wijkpagina(request, pk, wijk):
    ronde = _ronde(request, pk)
    return paginas.wijkpagina(request.user, ronde, _wijk(request, ronde, wijk), _soort(request))


def _stadspagina(request, pk):
    return paginas.stadspagina(request.user, _ronde(request, pk), _soort(request))


@require_safe
@login_required
def school(request, pk):
    return render(request, "zelfscan/resultaten/school.html", _schoolpagina(request, pk).context())


@require_safe
@login_required
def verloop(request, pk):
    """The trend of each indicator of the school, across rounds and versions of the norm."""
    gegevens = per_indicator(request.user, _scan(request, pk))
    context = {
        "verloop": gegevens,
        "jaren_versies": list(zip(gegevens.jaren, gegevens.versies, strict=True)),
        "kolommen": len(gegevens.jaren) + 1,
    }
    return render(request, "zelfscan/resultaten/verloop.html", context)


@require_safe
@login_required
def bestuur(request, pk, bestuur):
    pagina = _bestuurspagina(request, pk, bestuur)
    return render(request, "zelfscan/resultaten/bestuur.html", pagina.context())


@require_safe
@login_required
def wijk(request, pk, wijk):
    return render(
        request, "zelfscan/resultaten/wijk.html", _wijkpagina(request, pk, wijk).context()
    )


@require_safe
@login_required
def stad(request, pk):
    return render(request, "zelfscan/resultaten/stad.html", _stadspagina(request, pk).context())


# --- exports: the tables of a page, with its filters


def _export(pagina, tabel: str, formaat: str):
    if tabel not in pagina.tabellen or formaat not in ("csv", "xlsx"):
        raise Http404
    return response(pagina.tabellen[tabel], formaat)


@require_safe
@login_required
def school_export(request, pk, tabel, formaat):
    return _export(_schoolpagina(request, pk), tabel, formaat)


@require_safe
@login_required
def bestuur_export(request, pk, bestuur, tabel, formaat):
    return _export(_bestuurspagina(request, pk, bestuur), tabel, formaat)


@require_safe
@login_required
def wijk_export(request, pk, wijk, tabel, formaat):
    return _export(_wijkpagina(request, pk, wijk), tabel, formaat)


@require_safe
@login_required
def stad_export(request, pk, tabel, formaat):
    return _export(_stadspagina(request, pk), tabel, formaat)


@require_safe
@login_required
def rekenregels(request):
    return render(
        request,
        "zelfscan/resultaten/rekenregels.html",
        {
            "kleinste_groep": regels.KLEINSTE_GROEP,
            "ib_norm": regels.IB_NORM_PER_LEERLING,
            "voldoetregels": regels.voldoetregels(),
            "team_minimum": teamoordeel.minimum(),
            "team_onenigheid": getal(teamoordeel.onenigheid_vanaf(), 1),
        },
    )


# --- PDF reports, scoped exactly like the pages


def _pdf(rapport: rapporten.Rapport) -> HttpResponse:
    reply = HttpResponse(rapport.inhoud, content_type="application/pdf")
    reply["Content-Disposition"] = f'attachment; filename="{rapport.bestandsnaam}"'
    return reply


@require_safe
@login_required
def school_rapport(request, pk):
    return _pdf(rapporten.schoolrapport(user=request.user, scan=_scan(request, pk)))


@require_safe
@login_required
def bestuur_rapport(request, pk, bestuur):
    """A board of many schools: the report is made in the background, and the list of the
    person's reports says when it is ready."""
    ronde = _ronde(request, pk)
    uitkomst = achtergrond.vraag_bestuursrapport(
        user=request.user,
        ronde=ronde,
        bestuur=_bestuur(request, ronde, bestuur),
        soort=_soort(request),
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
        .defer("inhoud")
        .met_voortgang()[:30]
    )
    # A file is offered only while its owner may still see all it holds.
    te_downloaden = achtergrond.te_downloaden(request.user, opdrachten)
    for opdracht in opdrachten:
        opdracht.te_downloaden = opdracht.pk in te_downloaden
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
    if not achtergrond.mag_downloaden(request.user, opdracht):
        raise Http404  # made when the person could see it all; no longer
    return _pdf(rapporten.Rapport(bytes(opdracht.inhoud), opdracht.bestandsnaam))


@require_safe
@login_required
def wijk_rapport(request, pk, wijk):
    ronde = _ronde(request, pk)
    wijk = _wijk(request, ronde, wijk)
    return _pdf(rapporten.wijkrapport(user=request.user, ronde=ronde, wijk=wijk,
                                      soort=_soort(request)))  # fmt: skip


@require_safe
@login_required
def stad_rapport(request, pk):
    return _pdf(
        rapporten.stadrapport(user=request.user, ronde=_ronde(request, pk), soort=_soort(request))
    )
