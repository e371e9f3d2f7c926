"""Writes about organisations and accounts. Keyword-only; the caller has checked the scope."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User


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


@transaction.atomic
def invite_account(
    *,
    invited_by: User,
    email: str,
    first_name: str,
    last_name: str,
    soort: str,
    school: School | None = None,
    bestuur: Bestuur | None = None,
    swv: Samenwerkingsverband | None = None,
    base_url: str,
) -> tuple[User, Rol]:
    """Give a person a role; a new person gets an account and an invitation to set a password.

    Nobody registers themselves: accounts exist because an SWV-beheerder (or an import) made
    them.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    nieuw = user is None
    if nieuw:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    rol, _ = Rol.objects.get_or_create(
        user=user, soort=soort, school=school, bestuur=bestuur, swv=swv
    )
    if nieuw or not user.has_usable_password():
        transaction.on_commit(
            lambda: send_invitation(user=user, invited_by=invited_by, base_url=base_url)
        )
    return user, rol
