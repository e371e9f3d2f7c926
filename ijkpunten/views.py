"""Public, read-only pages "De norm". Thin: each view picks the Normkader and asks a selector."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from basisondersteuning.middleware import openbaar
from ijkpunten import selectors


@require_safe
@openbaar
def overzicht(request, normkader=None):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    context = {"normkader": kader, "overzicht": selectors.norm_overzicht(kader)}
    return render(request, "ijkpunten/overzicht.html", context)


@require_safe
@openbaar
def groep(request, normkader, code):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    detail = selectors.groep_detail(kader, code)
    context = {"normkader": kader, "detail": detail,
               "markering": selectors.begrip_markering(kader)}  # fmt: skip
    return render(request, "ijkpunten/groep.html", context)


@require_safe
@openbaar
def themas(request, normkader):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    context = {"normkader": kader, **selectors.themas_en_protocollen(kader),
               "markering": selectors.begrip_markering(kader)}  # fmt: skip
    return render(request, "ijkpunten/themas.html", context)


@require_safe
@openbaar
def hgw(request, normkader):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    context = {"normkader": kader, **selectors.hgw_en_inspectie(kader),
               "markering": selectors.begrip_markering(kader)}  # fmt: skip
    return render(request, "ijkpunten/hgw.html", context)


@require_safe
@openbaar
def uitleg(request, normkader):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    context = {
        "normkader": kader,
        "secties": [(s, selectors.uitleg_anker(s)) for s in selectors.uitleg(kader)],
        "markering": selectors.begrip_markering(kader),
    }
    return render(request, "ijkpunten/uitleg.html", context)


@require_safe
@openbaar
def begrippen(request, normkader):
    kader = selectors.get_normkader_for_user(request.user, normkader)
    rijen = [(b, selectors.begrip_anker(b)) for b in selectors.begrippen(kader)]
    return render(request, "ijkpunten/begrippen.html", {"normkader": kader, "begrippen": rijen})
