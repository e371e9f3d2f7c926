"""The SWV's scan rounds: the list, opening a new round, and a round's schools with their
status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zelfscan.forms import ScanrondeForm
from zelfscan.models import Samenwerkingsverband, Scanronde
from zelfscan.scans import antwoorden as answers
from zelfscan.scans import startpagina, workflow
from zelfscan.vervolg.consulentoordeel import verschillen_per_groep
from zelfscan.views.organisaties import get_swv_for_user


@require_safe
@login_required
def rondes(request, pk):
    swv = get_swv_for_user(request.user, pk)
    lijst = Scanronde.objects.for_user(request.user).filter(swv=swv).select_related("normkader")
    return render(request, "zelfscan/rondes.html", {"swv": swv, "rondes": lijst})


@login_required
def ronde_nieuw(request, pk):
    swv = get_swv_for_user(request.user, pk)
    form = ScanrondeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ronde = workflow.open_round(swv=swv, door=request.user, **form.cleaned_data)
        except answers.Weigering as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Round %(jaar)s is open: %(n)s schools have a scan.")
                % {"jaar": ronde.schooljaar, "n": ronde.scans.count()},
            )  # fmt: skip
            return redirect("zelfscan:ronde", pk=ronde.pk)
    return render(request, "zelfscan/ronde_nieuw.html", {"swv": swv, "form": form})


@require_safe
@login_required
def ronde(request, pk):
    ronde = get_object_or_404(
        Scanronde.objects.for_user(request.user).select_related("swv", "normkader"), pk=pk
    )
    # Every school's state and progress; the scan opens only where its answers may be seen.
    overzicht = startpagina.rondeoverzicht(request.user, ronde)
    # How often school and consulent differ, per group: for the SWV that runs the round.
    beheert = Samenwerkingsverband.objects.for_user(request.user).filter(pk=ronde.swv_id)
    verschillen = verschillen_per_groep(ronde) if beheert.exists() else None
    return render(
        request,
        "zelfscan/ronde.html",
        {"ronde": ronde, "overzicht": overzicht, "consulentverschillen": verschillen},
    )


@require_POST
@login_required
def herinneren(request, pk):
    """Remind the schools still in concept after the deadline (from the start page)."""
    ronde = get_object_or_404(Scanronde.objects.for_user(request.user), pk=pk)
    try:
        scholen, mails = workflow.remind_late(
            ronde=ronde, door=request.user, base_url=request.build_absolute_uri("/")
        )
    except answers.AlleenLezen as refusal:
        raise PermissionDenied(refusal.message) from None
    except answers.Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(n)s schools reminded (%(m)s e-mails).") % {"n": scholen, "m": mails},
        )
    return redirect("zelfscan:start")
