"""The autosave endpoint: one change of one answer, as the autosave script sends it, through
the same services as the page's save button. The hot path of the application."""

import functools
import uuid

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from zelfscan.access.middleware import not_logged_in_json
from zelfscan.access.rights import Rechten
from zelfscan.models import (
    Historie,
    Zelfscan,
)
from zelfscan.scans import antwoorden as answers
from zelfscan.scans.structuur import toegestaan
from zelfscan.views.scans import _as_int, _get_scan_for_user


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


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
            scan = _get_scan_for_user(request.user, pk, related=())
            try:
                answers.check_may_fill(Rechten.voor(request.user, scan), scan)
            except answers.AlleenLezen as refusal:
                return JsonResponse({"bericht": refusal.message}, status=refusal.status)
        return _autosave(request, scan)


def _autosave(request, scan):
    post = request.POST
    soort, ident = post.get("soort"), _as_int(post.get("id"))
    versie, wijziging = _as_int(post.get("versie")), _as_uuid(post.get("wijziging"))
    try:
        # What the scan asks, by id only (cached per round): no item or group is loaded.
        asked = toegestaan(scan)
        if soort == "item":
            keuze = post.get("score", "")
            result = answers.save_answer(
                scan=scan, item_id=ident, door=request.user,
                score=None if keuze == "nvt" else keuze, nvt=keuze == "nvt",
                toelichting=post.get("toelichting", ""), basisversie=versie, wijziging=wijziging,
                bron=Historie.Bron.AUTOSAVE, toegestane_items=asked.items, vergrendeld=True,
            )  # fmt: skip
        elif soort == "signaal":
            result = answers.save_signal(
                scan=scan, signaal_id=ident, door=request.user,
                aangevinkt=post.get("aangevinkt") == "on", basisversie=versie,
                wijziging=wijziging, bron=Historie.Bron.AUTOSAVE,
                toegestane_signalen=asked.signalen, vergrendeld=True,
            )  # fmt: skip
        elif soort == "ambitie":
            result = answers.save_ambition(
                scan=scan, thema_id=ident, door=request.user, niveau=post.get("niveau", ""),
                expertise=post.get("expertise", ""), toelichting=post.get("toelichting", ""),
                basisversie=versie, wijziging=wijziging, bron=Historie.Bron.AUTOSAVE,
                toegestane_themas=asked.themas, vergrendeld=True,
            )  # fmt: skip
        else:
            raise answers.Weigering("Onbekend soort antwoord.")
    except answers.Conflict as conflict:
        transaction.set_rollback(True)  # a refused save leaves nothing behind
        return JsonResponse({"bericht": conflict.message, **_current(conflict.current)}, status=409)
    except answers.Weigering as refusal:
        transaction.set_rollback(True)
        return JsonResponse({"bericht": refusal.message}, status=refusal.status)
    return JsonResponse({"versie": result.versie, "herhaald": result.herhaald})


def _current(row) -> dict:
    fields = ("score", "nvt", "toelichting", "aangevinkt", "niveau", "expertise")
    huidig = {f: getattr(row, f) for f in fields if hasattr(row, f)}
    return {"versie": row.versie, "huidig": huidig}
