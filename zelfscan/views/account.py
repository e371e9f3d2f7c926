"""Logging in and out, passwords and the second factor. No self-registration."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from zelfscan.access.two_step import (
    code_accepted,
    code_failed,
    codes_locked,
    herstelcodes_over,
    is_app_code,
    mag_apparaat_instellen,
    nieuwe_herstelcodes,
)
from zelfscan.forms import LoginForm, RolaanbodAntwoordForm, TokenForm
from zelfscan.models import Rolaanbod
from zelfscan.organisaties import selectors
from zelfscan.organisaties.services import answer_role_offer


class LoginView(auth_views.LoginView):
    template_name = "account/inloggen.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule); the session is flushed on the server."""


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "account/wachtwoord_vergeten.html"
    email_template_name = "account/wachtwoord_vergeten_mail.txt"
    subject_template_name = "account/wachtwoord_vergeten_onderwerp.txt"
    success_url = reverse_lazy("account:wachtwoord_vergeten_verzonden")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/wachtwoord_vergeten_verzonden.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link from a reset mail or an invitation: choose a (new) password."""

    template_name = "account/wachtwoord_instellen.html"
    success_url = reverse_lazy("account:wachtwoord_ingesteld")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "account/wachtwoord_ingesteld.html"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse_lazy("zelfscan:start")


@login_required
@sensitive_post_parameters("token")
def tweestaps(request):
    """Second step of logging in: the code from the authenticator app, or a recovery code."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if is_app_code(token) and codes_locked(request):
            form.add_error("token", _(
                "Too many wrong codes were given for this account from this address. For 15 "
                "minutes a code from the app is not accepted here; a recovery code is, and so "
                "is the app's code from another address."
            ))  # fmt: skip
            context = {"form": form, "next": _next_url(request)}
            return render(request, "account/tweestaps.html", context, status=429)
        device = match_token(request.user, token)
        if device is not None:
            code_accepted(request)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                over = herstelcodes_over(request.user)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; it cannot be used again. "
                        "%(n)s codes are left."
                    )
                    % {"n": over},
                )
            return redirect(_next_url(request))
        code_failed(request)
        form.add_error("token", _("This code is not correct, or it has expired."))
    return render(request, "account/tweestaps.html", {"form": form, "next": _next_url(request)})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


_SETUP_KEY = "tweestaps_nieuwe_sleutel"


@login_required
@sensitive_post_parameters("token")
def tweestaps_instellen(request):
    """Set up an authenticator app: scan the code, then prove it works with one code. Nothing is
    stored until that code is given: the new key waits in the session. Only for a person
    without a device, or from a verified session (``accounts.mag_apparaat_instellen``)."""
    if not mag_apparaat_instellen(request.user):
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('account:tweestaps')}?{query}")
    key = request.session.get(_SETUP_KEY) or random_hex(20)
    request.session[_SETUP_KEY] = key
    form = TokenForm(request.POST or None, alleen_app=True)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The row that counts failed codes (django-otp's throttle) is made at the first
            # code, for the key shown; a key from an older session is replaced.
            TOTPDevice.objects.filter(user=request.user, confirmed=False).exclude(key=key).delete()
            device, _created = TOTPDevice.objects.get_or_create(
                user=request.user, confirmed=False, key=key, defaults={"name": "authenticator"}
            )
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(_SETUP_KEY, None)
            codes = nieuwe_herstelcodes(user=request.user)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return render(
                request,
                "account/herstelcodes.html",
                {"codes": codes, "next": _next_url(request), "nieuw": True},
            )
        form.add_error("token", _("This code is not correct. Check the time on your phone."))
    device = TOTPDevice(user=request.user, key=key, name="authenticator")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG made here, no user input
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": _next_url(request),
    }
    return render(request, "account/tweestaps_instellen.html", context)


@login_required
def herstelcodes(request):
    """How many recovery codes are left; a new set (replacing the old) from a verified
    session only, shown once."""
    if not request.user.is_verified():
        # Without a device there are no codes: set one up (the middleware sends a person
        # with a device to the code first).
        return redirect("account:tweestaps_instellen")
    if request.method == "POST":
        codes = nieuwe_herstelcodes(user=request.user)
        return render(
            request, "account/herstelcodes.html", {"codes": codes, "next": _next_url(request)}
        )
    return render(request, "account/herstelcodes.html", {"over": herstelcodes_over(request.user)})


@login_required
def rolaanbiedingen(request):
    """Roles offered to this person by an SWV they had no role in: accept or decline each."""
    if request.method == "POST":
        form = RolaanbodAntwoordForm(request.POST)
        if not form.is_valid():
            raise Http404
        aanbod = get_object_or_404(
            Rolaanbod.objects.filter(user=request.user, beantwoord_op__isnull=True),
            pk=form.cleaned_data["aanbod"],
        )
        aanvaard = form.cleaned_data["antwoord"] == "aanvaarden"
        answer_role_offer(aanbod=aanbod, aanvaard=aanvaard)
        if aanvaard:
            messages.success(request, _("You now have the role %(rol)s.") % {"rol": aanbod})
        else:
            messages.info(request, _("You declined the role %(rol)s.") % {"rol": aanbod})
        return redirect("account:rolaanbiedingen")
    return render(
        request,
        "account/rolaanbiedingen.html",
        {"aanbiedingen": selectors.open_rolaanbiedingen(request.user)},
    )
