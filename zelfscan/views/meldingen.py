"""A person's notifications (``zelfscan/meldingen.py``) and how they want each kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from zelfscan.forms import MeldingvoorkeurForm
from zelfscan.meldingen import voorkeuren_opslaan
from zelfscan.models import Melding, Meldingsvoorkeur


@require_safe
@login_required
def meldingen(request):
    lijst = list(Melding.objects.for_user(request.user)[:50])
    return render(request, "zelfscan/meldingen.html", {"meldingen": lijst})


@require_safe
@login_required
def melding(request, pk):
    """Open a notification: read from now on, and on to the page it is about."""
    melding = get_object_or_404(Melding.objects.for_user(request.user), pk=pk)
    if melding.gelezen_op is None:
        Melding.objects.filter(pk=melding.pk).update(gelezen_op=timezone.now())
    if not url_has_allowed_host_and_scheme(melding.pad, allowed_hosts=None):
        return redirect("zelfscan:meldingen")
    return redirect(melding.pad)


@require_POST
@login_required
def alles_gelezen(request):
    Melding.objects.for_user(request.user).ongelezen().update(gelezen_op=timezone.now())
    return redirect("zelfscan:meldingen")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def voorkeuren(request):
    huidig = dict(Meldingsvoorkeur.objects.filter(user=request.user).values_list("soort", "kanaal"))
    form = MeldingvoorkeurForm(request.POST or None, huidig=huidig)
    if request.method == "POST" and form.is_valid():
        voorkeuren_opslaan(user=request.user, kanalen=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("zelfscan:meldingvoorkeuren")
    return render(request, "zelfscan/meldingvoorkeuren.html", {"form": form},
                  status=400 if form.is_bound else 200)  # fmt: skip
