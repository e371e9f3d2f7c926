"""The SWV's scan rounds: the list, opening a new round, and a round's schools with their
status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zelfscan.forms import ScanrondeForm
from zelfscan.models import (
    Scanronde,
    Zelfscan,
)
from zelfscan.scans import antwoorden as answers
from zelfscan.scans import workflow
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
    scans = (
        Zelfscan.objects.for_user(request.user)
        .filter(ronde=ronde)
        .select_related("school", "school__wijk")
        .order_by("school__naam")
    )
    return render(request, "zelfscan/ronde.html", {"ronde": ronde, "scans": scans})
