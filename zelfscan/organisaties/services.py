"""Writes about organisations and accounts. Keyword-only; the caller has checked the scope."""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from zelfscan.models import Bestuur, Rol, Rolaanbod, Samenwerkingsverband, School, User
from zelfscan.organisaties.selectors import accounts_in_swv


def set_password_url(*, user: User, base_url: str) -> str:
    """A one-time link to choose a password (the same token as a password reset)."""
    path = reverse(
        "account:wachtwoord_instellen",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation(*, user: User, invited_by: User, base_url: str) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "url": set_password_url(user=user, base_url=base_url),
        "rollen": list(user.rollen.select_related("school", "bestuur", "swv")),
    }
    send_mail(
        subject=render_to_string("account/uitnodiging_onderwerp.txt", context).strip(),
        message=render_to_string("account/uitnodiging.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@dataclass(frozen=True)
class Uitgenodigd:
    """What an invitation did: a role given (``rol``), or offered to an account outside the
    SWV that must accept it first (``aanbod``)."""

    rol: Rol | None = None
    aanbod: Rolaanbod | None = None


@transaction.atomic
def invite_account(
    *,
    invited_by: User,
    in_swv: Samenwerkingsverband,
    email: str,
    first_name: str,
    last_name: str,
    soort: str,
    school: School | None = None,
    bestuur: Bestuur | None = None,
    swv: Samenwerkingsverband | None = None,
    base_url: str,
) -> Uitgenodigd:
    """Give a person a role in ``in_swv``; a new person gets an account and an invitation to set
    a password. An account that exists outside this SWV is not given the role: its owner is
    offered it and accepts it (or not) after logging in.

    Nobody registers themselves: accounts exist because an SWV-beheerder (or an import) made
    them.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if soort in Rol.BESTUURSROLLEN:
        # Given by this SWV, the role reaches the board's schools in this SWV only.
        swv = in_swv
    rol_velden = {"soort": soort, "school": school, "bestuur": bestuur, "swv": swv}
    if user is not None and not accounts_in_swv(in_swv).filter(pk=user.pk).exists():
        aanbod, nieuw_aanbod = Rolaanbod.objects.get_or_create(
            user=user, beantwoord_op=None, **rol_velden, defaults={"aangeboden_door": invited_by}
        )
        if nieuw_aanbod:
            transaction.on_commit(lambda: send_role_offer(aanbod=aanbod, base_url=base_url))
        return Uitgenodigd(aanbod=aanbod)
    nieuw = user is None
    if nieuw:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    rol, _ = Rol.objects.get_or_create(user=user, **rol_velden)
    if nieuw or not user.has_usable_password():
        transaction.on_commit(
            lambda: send_invitation(user=user, invited_by=invited_by, base_url=base_url)
        )
    return Uitgenodigd(rol=rol)


def send_role_offer(*, aanbod: Rolaanbod, base_url: str) -> None:
    context = {
        "aanbod": aanbod,
        "url": base_url.rstrip("/") + reverse("account:rolaanbiedingen"),
    }
    send_mail(
        subject=render_to_string("account/rolaanbod_onderwerp.txt", context).strip(),
        message=render_to_string("account/rolaanbod.txt", context),
        from_email=None,
        recipient_list=[aanbod.user.email],
    )


@transaction.atomic
def answer_role_offer(*, aanbod: Rolaanbod, aanvaard: bool) -> Rol | None:
    """The owner accepts (the role starts) or declines an offered role; answered once."""
    aanbod = Rolaanbod.objects.select_for_update().get(pk=aanbod.pk)
    if aanbod.beantwoord_op is not None:
        return None
    aanbod.beantwoord_op = timezone.now()
    aanbod.aanvaard = aanvaard
    aanbod.save(update_fields=["beantwoord_op", "aanvaard"])
    if not aanvaard:
        return None
    rol, _ = Rol.objects.get_or_create(
        user=aanbod.user, soort=aanbod.soort, school=aanbod.school, bestuur=aanbod.bestuur,
        swv=aanbod.swv,
    )  # fmt: skip
    return rol
