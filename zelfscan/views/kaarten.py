"""The support cards of the Almere themes (``zelfscan/kaarten.py``): everyone of the SWV reads
them, its beheerder writes them. Outside the SWV: 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from zelfscan import kaarten
from zelfscan.forms import KaartForm
from zelfscan.models import Samenwerkingsverband


def _swv(request, pk) -> Samenwerkingsverband:
    return get_object_or_404(Samenwerkingsverband.objects.met_rol(request.user), pk=pk)


def _mag_schrijven(request, swv) -> bool:
    return Samenwerkingsverband.objects.for_user(request.user).filter(pk=swv.pk).exists()


@require_safe
@login_required
def overzicht(request, pk):
    swv = _swv(request, pk)
    normkader = kaarten.normkader_van(swv)
    themas = kaarten.themas(swv, normkader) if normkader else []
    return render(request, "zelfscan/kaarten.html", {
        "swv": swv, "normkader": normkader, "themas": themas,
        "kan_bewerken": _mag_schrijven(request, swv),
    })  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def kaart(request, pk, thema):
    swv = _swv(request, pk)
    normkader = kaarten.normkader_van(swv)
    gevonden = [t for t in kaarten.themas(swv, normkader) if t.code == thema] if normkader else []
    if not gevonden:
        raise Http404
    opbouw = kaarten.ondersteuningskaart(swv, gevonden[0])
    kan_bewerken = _mag_schrijven(request, swv)
    velden = [
        (kaarten.veldnaam(aspect.pk, niveau.pk),
         _("the text for level %(niveau)s at “%(aspect)s”") % {
             "niveau": niveau.nummer, "aspect": aspect.tekst})
        for deel in opbouw.delen for aspect, cellen in deel.rijen for niveau, _t in cellen
    ]  # fmt: skip
    form = None
    if request.method == "POST":
        if not kan_bewerken:
            raise PermissionDenied(_("Only the SWV's beheerder writes its support cards."))
        form = KaartForm(request.POST, velden=velden)
        if form.is_valid():
            n = kaarten.kaart_opslaan(kaart=opbouw, teksten=form.cleaned_data, door=request.user)
            messages.success(request, _("Saved: %(n)s texts changed.") % {"n": n})
            return redirect("zelfscan:kaart", pk=swv.pk, thema=thema)
    return render(request, "zelfscan/kaart.html", {
        "swv": swv, "kaart": opbouw, "kan_bewerken": kan_bewerken,
        "delen": list(_cellen(opbouw, form)),
    }, status=400 if form is not None else 200)  # fmt: skip


def _cellen(opbouw, form):
    """Per card its aspects, each with (level, field name, text, error) per level and whether
    any level has a text: the text as stored, or as sent when the form was refused (nothing
    typed is lost)."""
    for deel in opbouw.delen:
        rijen = []
        for aspect, cellen in deel.rijen:
            rij = []
            for niveau, tekst in cellen:
                naam = kaarten.veldnaam(aspect.pk, niveau.pk)
                waarde = form.data.get(naam, tekst) if form is not None else tekst
                fout = form.errors.get(naam) if form is not None else None
                rij.append((niveau, naam, waarde, fout))
            rijen.append((aspect, rij, any(waarde for _n, _naam, waarde, _f in rij)))
        yield deel, rijen
