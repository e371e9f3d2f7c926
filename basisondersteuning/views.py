from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from basisondersteuning.middleware import openbaar


@never_cache
def gezond(request):
    """For a load balancer: the process answers. Touches no database on purpose (it is also the
    empty view the benchmarks measure beside real work)."""
    return HttpResponse("ok", content_type="text/plain")


def csrf_mislukt(request, reason=""):
    """A refused form (expired page, cookies off, forged): Dutch, in the layout, no detail."""
    melding = _(
        "This form has expired or could not be checked. Go back, reload the page and try again; "
        "cookies must be allowed for this site."
    )
    return render(request, "403.html", {"melding": melding}, status=403)


def beheer_inloggen(request):
    """The admin logs in through the application's own login (lockout, second factor). A
    person logged in without access to the admin is told so once; the login page would send
    them straight back to the admin, which would send them to the login: a loop."""
    if request.user.is_authenticated and request.user.is_staff:
        return redirect("admin:index")
    if request.user.is_authenticated:
        melding = _("The administration is only for SWV staff with access to it.")
        return render(request, "403.html", {"melding": melding}, status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account:inloggen") + (f"?{query}" if query else ""))


@openbaar
def favicon(request):
    """Browsers ask /favicon.ico of every site, whatever the page's <link rel="icon"> says."""
    return redirect(staticfiles_storage.url("favicon.svg"), permanent=True)
