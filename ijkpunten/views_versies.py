"""Versies van de norm: a new version from a norm file or a copy, its concordantie with the
version it revises, and establishing it. Only for those who may manage the norm
(``selectors.mag_norm_beheren``); 404 for anyone else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from basisondersteuning.middleware import upload_met_limiet
from ijkpunten import concordantie as regels
from ijkpunten.forms import KopieForm, NieuwForm, NormbestandForm, OvergangForm, rijen_van
from ijkpunten.models import Normkader
from ijkpunten.normbestand import NormbestandFout, lees, schrijf, schrijf_xlsx
from ijkpunten.selectors import get_normkader_to_manage, mag_norm_beheren
from ijkpunten.services import NormkaderError, copy_normkader, establish_normkader


def _alleen_beheer(request):
    if not mag_norm_beheren(request.user):
        raise Http404


def _versies_context(**extra):
    versies = list(Normkader.objects.select_related("afgeleid_van").order_by("-pk"))
    return {
        "versies": [(v, regels.open_punten(v).aantal if not v.is_vastgesteld else 0)
                    for v in versies],
        "laden_form": NormbestandForm(), "kopie_form": KopieForm(),
        "max_grootte": filesizeformat(settings.NORMBESTAND_MAX_BYTES), **extra,
    }  # fmt: skip


@require_safe
@login_required
def versies(request):
    _alleen_beheer(request)
    return render(request, "ijkpunten/versies.html", _versies_context())


@upload_met_limiet(lambda: settings.NORMBESTAND_MAX_BYTES)
@require_POST
@login_required
def laden(request):
    _alleen_beheer(request)
    form = NormbestandForm(request.POST, request.FILES)
    fouten = []
    if request.upload_too_large:
        fouten = [_("The file is larger than %(size)s.")
                  % {"size": filesizeformat(settings.NORMBESTAND_MAX_BYTES)}]  # fmt: skip
    elif not form.is_valid():
        fouten = [f"{form.fields[veld].label}: {fout}" if veld in form.fields else fout
                  for veld, lijst in form.errors.items() for fout in lijst]  # fmt: skip
    else:
        try:
            nieuw = lees(
                form.cleaned_data["bestand"].read(), afgeleid_van=form.cleaned_data["afgeleid_van"]
            )
        except NormbestandFout as fout:
            fouten = fout.fouten
    if fouten:
        context = _versies_context(laden_form=form, laden_fouten=fouten)
        return render(request, "ijkpunten/versies.html", context, status=400)
    messages.success(request, _("%(naam)s is loaded as a concept.") % {"naam": nieuw.naam})
    if nieuw.afgeleid_van_id:
        return redirect("normversies:concordantie", code=nieuw.code)
    return redirect("normversies:versies")


@require_POST
@login_required
def kopieren(request):
    _alleen_beheer(request)
    form = KopieForm(request.POST)
    if form.is_valid():
        try:
            nieuw = copy_normkader(**form.cleaned_data)
        except NormkaderError as error:
            form.add_error("code", str(error))
    if form.errors:
        context = _versies_context(kopie_form=form)
        return render(request, "ijkpunten/versies.html", context, status=400)
    messages.success(request, _("%(naam)s is made as a concept.") % {"naam": nieuw.naam})
    return redirect("normversies:concordantie", code=nieuw.code)


@require_safe
@login_required
def normbestand(request, code):
    normkader = get_normkader_to_manage(request.user, code)
    reply = HttpResponse(schrijf(normkader), content_type="application/yaml; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{normkader.code}.yaml"'
    return reply


@require_safe
@login_required
def normbestand_xlsx(request, code):
    normkader = get_normkader_to_manage(request.user, code)
    reply = HttpResponse(
        schrijf_xlsx(normkader),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    reply["Content-Disposition"] = f'attachment; filename="{normkader.code}.xlsx"'
    return reply


def _lijnen(normkader, soort, alle: bool):
    lijnen = regels.lijnen_van(normkader, soort)
    if alle:
        return lijnen
    return [r for r in lijnen if r["relatie"] != regels.Relatie.GELIJK]


@require_safe
@login_required
def concordantie(request, code):
    normkader = _concept_met_bron(request, code)
    alle = request.GET.get("alle") == "1"
    context = {
        "normkader": normkader,
        "open": regels.open_punten(normkader),
        "groeplijnen": _lijnen(normkader, "groep", alle),
        "itemlijnen": _lijnen(normkader, "item", alle),
        "alle": alle,
        "relaties": regels.Relatie,
    }
    return render(request, "ijkpunten/concordantie.html", context)


@require_POST
@login_required
def voorstel(request, code):
    normkader = get_normkader_to_manage(request.user, code)
    try:
        n = regels.stel_voor(normkader=normkader)
    except regels.ConcordantieError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)d lines proposed.") % {"n": n})
    return redirect("normversies:concordantie", code=normkader.code)


@require_POST
@login_required
def vaststellen(request, code):
    normkader = get_normkader_to_manage(request.user, code)
    try:
        establish_normkader(normkader=normkader)
    except NormkaderError as error:
        messages.error(request, str(error))
        if normkader.afgeleid_van_id and not normkader.is_vastgesteld:
            return redirect("normversies:concordantie", code=normkader.code)
    else:
        messages.success(request, _("%(naam)s is established.") % {"naam": normkader.naam})
    return redirect("normversies:versies")


def _rij(normkader_id, soort, pk):
    if soort not in regels.SOORTEN:
        raise Http404
    rij = rijen_van(normkader_id, soort).filter(pk=pk).first()
    if rij is None:
        raise Http404
    return rij


def _lijn_pagina(request, normkader, soort, rij, form, *, oud: int | None, is_nieuw=False):
    """The page of one line: its form, and on a valid POST the line saved (``oud`` None: the
    row ``rij`` of this version is new)."""
    fout = None
    if request.method == "POST" and form.is_valid():
        nieuw = form.cleaned_data["nieuw"] if oud is not None else [rij.pk]
        try:
            regels.leg_vast(normkader=normkader, soort=soort, oud=oud, nieuw=nieuw,
                            toelichting=form.cleaned_data["toelichting"])  # fmt: skip
        except regels.ConcordantieError as error:
            fout = str(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("normversies:concordantie", code=normkader.code)
    context = {"normkader": normkader, "rij": rij, "soort": soort, "form": form, "fout": fout,
               "is_nieuw": is_nieuw}  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "ijkpunten/overgang.html", context, status=status)


def _concept_met_bron(request, code):
    normkader = get_normkader_to_manage(request.user, code)
    if normkader.afgeleid_van_id is None:
        raise Http404
    return normkader


def _gepost(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def overgang(request, code, soort, oud):
    """What one row of the earlier version became."""
    normkader = _concept_met_bron(request, code)
    rij = _rij(normkader.afgeleid_van_id, soort, oud)
    huidig = list(regels.SOORTEN[soort][1].objects.filter(normkader=normkader, oud=rij))
    form = OvergangForm(
        _gepost(request), normkader=normkader, soort=soort,
        eerst=rij.groep.code if soort == "item" else "",
        initial={"nieuw": [h.nieuw_id for h in huidig if h.nieuw_id],
                 "vervallen": any(h.nieuw_id is None for h in huidig),
                 "toelichting": huidig[0].toelichting if huidig else ""},
    )  # fmt: skip
    return _lijn_pagina(request, normkader, soort, rij, form, oud=rij.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def nieuw(request, code, soort, nieuw):
    """One row of this version is new: it comes from no row of the earlier version."""
    normkader = _concept_met_bron(request, code)
    rij = _rij(normkader.pk, soort, nieuw)
    return _lijn_pagina(request, normkader, soort, rij, NieuwForm(_gepost(request)), oud=None,
                        is_nieuw=True)  # fmt: skip
