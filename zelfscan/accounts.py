"""Rules about accounts themselves: who must use two-factor authentication, and who is asking."""

from django.conf import settings
from django_otp import devices_for_user

from zelfscan.models import Rol


def client_ip(request) -> str:
    """The client's address, for django-axes: the connection's, or the one the trusted proxy saw.

    Only the last TRUSTED_PROXY_COUNT entries of X-Forwarded-For were written by our own
    proxies; anything before them the client could have made up.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def requires_two_factor(user) -> bool:
    """SWV-beheerders and superusers must use a second factor; everyone else may."""
    if user.is_superuser:
        return True
    return Rol.objects.filter(user=user, soort__in=Rol.SWV_ROLLEN).exists()


def has_two_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))
