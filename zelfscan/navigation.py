"""What the navigation offers a user: only what they may open."""

from django.utils.functional import SimpleLazyObject

from zelfscan.access.scoping import roles_of
from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School


def _menu(user) -> dict:
    if not user.is_authenticated:
        return {}
    soorten = {soort for soort, *_ in roles_of(user)}
    consulent = Rol.Soort.CONSULENT in soorten
    return {
        # A consulent's schools are "Mijn scholen"; "Scholen" beside it would list them again.
        "scholen": (not consulent or len(soorten) > 1 or user.is_superuser)
        and School.objects.for_user(user).exists(),
        "besturen": Bestuur.objects.for_user(user).exists(),
        "swvs": list(Samenwerkingsverband.objects.for_user(user).only("pk", "code", "naam")),
        "beheer": user.is_staff,
        "consulent": consulent,
        # The reports made in the background are a board's (more than a few schools): the
        # list is for whoever can ask for one.
        "rapporten": user.is_superuser or bool(soorten & {*Rol.BESTUURSROLLEN, *Rol.SWV_ROLLEN}),
    }


def navigation(request):
    # Lazy: a page that does not render the menu does not pay for its queries.
    return {"menu": SimpleLazyObject(lambda: _menu(request.user))}
