import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from zelfscan.access.two_step import Stap, eerste_stap

# Seconds between two writes of "last seen": a request refreshes the idle timer without
# writing the session on every request.
_TOUCH_INTERVAL = 60


def wants_json(request) -> bool:
    """The autosave script asks for JSON: it must get an answer it can read, not a login page."""
    return "application/json" in request.headers.get("Accept", "")


def not_logged_in_json() -> JsonResponse:
    return JsonResponse(
        {
            "bericht": _(
                "You are no longer logged in; this change has not been saved yet. Log in again "
                "(in another tab) and it is sent again."
            )
        },
        status=401,
    )


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request, and SESSION_MAX_SECONDS
    after login, on the server: the session is flushed, not only the cookie forgotten."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault("_login_at", now)
            seen = session.setdefault("_seen_at", now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_MAX_SECONDS
            ):
                logout(request)
                if wants_json(request):
                    return not_logged_in_json()
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen > _TOUCH_INTERVAL:
                session["_seen_at"] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Before anything else: a person with a device gives a code, a person whose role requires
    one sets it up (the rules are in ``accounts.eerste_stap``, asked on every request)."""

    allowed = {
        Stap.CODE: {"account:tweestaps", "account:uitloggen"},
        Stap.INSTELLEN: {"account:tweestaps_instellen", "account:uitloggen"},
    }
    target = {Stap.CODE: "account:tweestaps", Stap.INSTELLEN: "account:tweestaps_instellen"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stap = eerste_stap(request.user)
        if stap is not None and self._view_name(request) not in self.allowed[stap]:
            if wants_json(request):
                return not_logged_in_json()
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(self.target[stap])}?{query}")
        return self.get_response(request)

    @staticmethod
    def _view_name(request):
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None
