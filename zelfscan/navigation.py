"""What the navigation offers a user: only what they may open."""

from django.utils.functional import SimpleLazyObject

from zelfscan.access.scoping import roles_of
from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School


def _menu(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {
        "scholen": School.objects.for_user(user).exists(),
        "besturen": Bestuur.objects.for_user(user).exists(),
        "swvs": list(Samenwerkingsverband.objects.for_user(user).only("pk", "code", "naam")),
        "beheer": user.is_staff,
        "consulent": any(soort == Rol.Soort.CONSULENT for soort, *_ in roles_of(user)),
    }


def navigation(request):
    # Lazy: a page that does not render the menu does not pay for its queries.
    return {"menu": SimpleLazyObject(lambda: _menu(request.user))}
