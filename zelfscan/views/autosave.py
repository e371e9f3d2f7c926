"""The autosave endpoint: one change of one answer, as the autosave script sends it, through
the same services as the page's save button. The hot path of the application."""

import functools

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from zelfscan.access.middleware import not_logged_in_json
from zelfscan.access.rights import Rechten
from zelfscan.forms import WijzigingForm, eerste_fout
from zelfscan.models import Historie, Zelfscan
from zelfscan.scans import antwoorden as answers
from zelfscan.scans.structuur import toegestaan
from zelfscan.views.scans import get_scan_for_user


def _login_required_json(view):
    """For the autosave script: not logged in is a 401 it can read, not a login page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return not_logged_in_json()
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@_login_required_json
def autosave(request, pk):
    """One change of one answer, sent by the autosave script. Answers JSON:
    200 {versie}, or 400/403/409 {bericht} (409 also with the current value)."""
    with transaction.atomic():
        # The hot path of the application: may this user fill in this scan, and lock it,
        # in one query.
        scan = (
            Zelfscan.objects.fillable_by(request.user)
            .select_related("ronde__normkader")
            .only("status", "soort", "ronde__onderdelen", "ronde__normkader__status")
            .select_for_update(of=("self",))
            .filter(pk=pk)
            .first()
        )
        if scan is None:
            # Out of scope: 404. Visible but not to be changed (now): 403, with the reason.
            scan = get_scan_for_user(request.user, pk, related=())
            try:
                answers.check_may_fill(Rechten.voor(request.user, scan), scan)
            except answers.AlleenLezen as refusal:
                return JsonResponse({"bericht": refusal.message}, status=refusal.status)
        return _autosave(request, scan)


def _autosave(request, scan):
    try:
        wijziging = _wijziging(request.POST)
        result = answers.save_change(
            scan=scan, door=request.user, wijziging=wijziging, bron=Historie.Bron.AUTOSAVE,
            # What the scan asks, by id only (cached per round): no item or group is loaded.
            asked=toegestaan(scan), vergrendeld=True,
        )  # fmt: skip
    except answers.Conflict as conflict:
        transaction.set_rollback(True)  # a refused save leaves nothing behind
        return _conflict_json(conflict)
    except answers.Weigering as refusal:
        transaction.set_rollback(True)
        return JsonResponse({"bericht": refusal.message}, status=refusal.status)
    return JsonResponse({"versie": result.versie, "herhaald": result.herhaald})


def _wijziging(post) -> answers.Wijziging:
    """The change the script sent, through the forms the page's save button uses too."""
    wat = WijzigingForm(post)
    if not wat.is_valid():
        raise answers.Weigering(eerste_fout(wat))
    waarden = WijzigingForm.FORMS[wat.cleaned_data["soort"]](post)
    if not waarden.is_valid():
        raise answers.Weigering(eerste_fout(waarden))
    return answers.Wijziging(
        soort=wat.cleaned_data["soort"], ident=wat.cleaned_data["id"], waarden=waarden.waarden(),
        basisversie=waarden.cleaned_data["versie"], wijziging=wat.cleaned_data["wijziging"],
    )  # fmt: skip


def _conflict_json(conflict: answers.Conflict) -> JsonResponse:
    """409 with what is stored now, which the script offers to take over."""
    row = conflict.current
    fields = ("score", "nvt", "toelichting", "teamreden", "aangevinkt", "niveau", "expertise")
    huidig = {f: getattr(row, f) for f in fields if hasattr(row, f)}
    return JsonResponse(
        {"bericht": conflict.message, "versie": row.versie, "huidig": huidig}, status=409
    )


def als_json(opslaan) -> JsonResponse:
    """Any other versioned save the autosave script sends (a colleague's rating, the
    consulent's view), answered as it reads them: 200 {versie, herhaald}, 409 {bericht,
    versie, huidig}, or 4xx {bericht}. ``opslaan`` checks the input and saves."""
    try:
        result = opslaan()
    except answers.Conflict as conflict:
        return _conflict_json(conflict)
    except answers.Weigering as refusal:
        return JsonResponse({"bericht": refusal.message}, status=refusal.status)
    return JsonResponse({"versie": result.versie, "herhaald": result.herhaald})
