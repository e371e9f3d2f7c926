"""What the navigation offers a user: only what they may open."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from ijkpunten.selectors import mag_norm_beheren
from zelfscan.access.scoping import roles_of
from zelfscan.models import (
    Bestuur,
    Melding,
    Rol,
    Samenwerkingsverband,
    Scanronde,
    School,
    Zelfscan,
)


def _resultaten(user, rollen) -> str | None:
    """Where "Results" in the menu goes: the widest results the person works with, in the
    newest round: the city for the SWV and its consulents, the board for a board member, the
    school's own scan for its IB-er and directeur. One query."""
    soorten = {soort for soort, *_ in rollen}
    if user.is_superuser or soorten & {*Rol.SWV_ROLLEN, Rol.Soort.CONSULENT}:
        ronde = Scanronde.objects.for_user(user).order_by("-schooljaar", "-pk").first()
        return ronde and reverse("zelfscan:resultaat_stad", kwargs={"pk": ronde.pk})
    if besturen := sorted((bestuur, swv) for soort, _s, bestuur, swv in rollen if bestuur and
                          soort in Rol.BESTUURSROLLEN):  # fmt: skip
        # The board's newest round in the SWV that gave the role.
        bestuur, swv = besturen[0]
        ronde = (
            Scanronde.objects.filter(swv=swv, scans__school__bestuur=bestuur)
            .order_by("-schooljaar", "-pk")
            .first()
        )
        return ronde and reverse(
            "zelfscan:resultaat_bestuur", kwargs={"pk": ronde.pk, "bestuur": bestuur}
        )
    scan = Zelfscan.objects.for_user(user).order_by("-ronde__schooljaar", "-pk").first()
    return scan and reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk})


def _menu(user) -> dict:
    if not user.is_authenticated:
        return {}
    rollen = roles_of(user)
    soorten = {soort for soort, *_ in rollen}
    consulent = Rol.Soort.CONSULENT in soorten
    return {
        # A consulent's schools are "Mijn scholen"; "Scholen" beside it would list them again.
        "scholen": (not consulent or len(soorten) > 1 or user.is_superuser)
        and School.objects.for_user(user).exists(),
        "besturen": Bestuur.objects.for_user(user).exists(),
        "swvs": list(Samenwerkingsverband.objects.for_user(user).only("pk", "code", "naam")),
        "beheer": user.is_staff,
        "normversies": mag_norm_beheren(user),
        "consulent": consulent,
        # The reports made in the background are a board's (more than a few schools): the
        # list is for whoever can ask for one.
        "rapporten": user.is_superuser or bool(soorten & {*Rol.BESTUURSROLLEN, *Rol.SWV_ROLLEN}),
        "resultaten": _resultaten(user, rollen),
        "meldingen": Melding.objects.for_user(user).ongelezen().count(),
    }


def navigation(request):
    # Lazy: a page that does not render the menu does not pay for its queries. A request
    # refused before authentication ran (an unknown Host: a 400 page) has no user yet: it
    # gets the menu of nobody, as the auth context processor gives it AnonymousUser.
    user = request.user if hasattr(request, "user") else AnonymousUser()
    return {"menu": SimpleLazyObject(lambda: _menu(user))}
