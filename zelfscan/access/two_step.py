"""Rules about accounts themselves: who must use two-step verification, what a person must do
before anything else, recovery codes, and who is asking.

The rules of two-step verification (found from outside: a password alone could enrol a new
device):
- a person with a confirmed device (an authenticator app or recovery codes) gives a code after
  the password, before anything else; setting up another device comes only after that;
- a person whose role requires it (SWV-beheerder, superuser) and who has no device sets one up
  first; anyone else may;
- both are decided on every request from the person's roles and devices now, never remembered
  in the session: a role given during a session takes effect at the next request;
- wrong codes are counted per person *and source* (the address, as django-axes counts wrong
  passwords), not per device: someone who knows the password can lock only their own
  address out, never the real person elsewhere (issue 28). A locked source may still give a
  recovery code (eight characters of 32: not guessed in the time a lock lasts).
"""

import enum
import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zelfscan.access.scoping import roles_of
from zelfscan.models import Rol, User

logger = logging.getLogger(__name__)

HERSTELCODES = 10


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
    """SWV-beheerders, superusers and staff (the admin; with the right, the versions of the
    norm every school is measured by) must use a second factor; everyone else may. From the
    roles the request reads anyway (no query of its own)."""
    if user.is_superuser or user.is_staff:
        return True
    return any(soort in Rol.SWV_ROLLEN for soort, *_ in roles_of(user))


def has_two_factor(user) -> bool:
    """A confirmed authenticator app or recovery codes (one query)."""
    confirmed = {"user": OuterRef("pk"), "confirmed": True}
    return (
        User.objects.filter(pk=user.pk)
        .filter(
            Exists(TOTPDevice.objects.filter(**confirmed))
            | Exists(StaticDevice.objects.filter(**confirmed))
        )
        .exists()
    )


class Stap(enum.Enum):
    """What a logged-in person must do before anything else."""

    CODE = "code"  # give a code: they have a device and this session is not verified
    INSTELLEN = "instellen"  # set up a device: their role requires one and they have none


def eerste_stap(user) -> Stap | None:
    """Decided on every request, from the devices and roles now."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_two_factor(user):
        return Stap.CODE
    if requires_two_factor(user):
        return Stap.INSTELLEN
    return None


def mag_apparaat_instellen(user) -> bool:
    """Set-up is for a person without a confirmed device, or from a verified session: never
    with the password alone where a device exists."""
    return user.is_verified() or not has_two_factor(user)


@transaction.atomic
def nieuwe_herstelcodes(*, user) -> list[str]:
    """Ten recovery codes, each usable once in place of the app's code; a new set replaces the
    old one. Returned once, to be shown once: only django-otp's tokens are stored."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def herstelcodes_over(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset_tweestaps(*, user: User, door: User) -> int:
    """Remove every device of ``user`` (lost phone): at the next login they set one up again,
    or, where their role requires it, must. Recorded in the log (the account's history in
    the admin, and the application log). Returns the number of devices removed."""
    apparaten = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    removed = sum(qs.count() for qs in apparaten)
    for qs in apparaten:
        qs.delete()
    message = f"Tweestapsverificatie gereset door {door}: {removed} apparaten verwijderd."
    LogEntry.objects.log_actions(
        user_id=door.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
    logger.warning("two-step verification reset: user %s by %s", user.pk, door.pk)
    return removed


# --- wrong codes, per person and source


def _credentials(request) -> dict:
    return {"username": request.user.get_username()}


def is_app_code(token: str) -> bool:
    """Six digits: a code of the authenticator app (a recovery code has eight characters)."""
    return len(token) == 6 and token.isdigit()


def codes_locked(request) -> bool:
    """Too many wrong codes for this person from this source (``AXES_FAILURE_LIMIT`` within
    ``AXES_COOLOFF_TIME``, together with wrong passwords)."""
    return AxesProxyHandler.is_locked(request, _credentials(request))


def code_failed(request) -> None:
    """Counted as a failed login of this person from this source; the request that reaches
    the limit is answered with the lockout page."""
    user_login_failed.send(sender=__name__, credentials=_credentials(request), request=request)


def code_accepted(request) -> None:
    """The source's count starts again, as after a right password."""
    AxesProxyHandler.reset_attempts(
        ip_address=client_ip(request), username=request.user.get_username()
    )
