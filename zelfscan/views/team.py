"""The team behind the score: the school's page of invitations and the team's view, and the
colleague's rating form behind a personal link.

The team's view (counted, never by name, and only once the school has closed the rating
window: ``zelfscan/team/teamoordeel.py``) is seen by everyone who sees the scan; the
invitations (names, addresses) by the school's IB-er and directeur only
(``Teamuitnodiging.objects.for_user``). The rating form needs no account: its link is the
only key, and a link that opens nothing (unknown, withdrawn, expired, scan no longer a
concept) is a 404 that stores nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zelfscan.forms import eerste_fout
from zelfscan.forms.team import (
    OpnieuwForm,
    TeamscoreForm,
    TeamWijzigingForm,
    UitnodigingForm,
    standaard_geldig_tot,
)
from zelfscan.models import Scanronde, Teamuitnodiging
from zelfscan.scans.antwoorden import Weigering
from zelfscan.team import beoordelen, uitnodigingen
from zelfscan.team.overzicht import overzicht
from zelfscan.views.autosave import als_json
from zelfscan.views.scans import _autosave_teksten, get_scan_for_user


def get_uitnodiging_for_user(user, scan, pk) -> Teamuitnodiging:
    return get_object_or_404(Teamuitnodiging.objects.for_user(user), scan=scan, pk=pk)


def _keuzes(scan) -> list[tuple[str, str]]:
    """The parts of the round a colleague can rate (not the kengetallen: no items)."""
    return [
        (o, Scanronde.Onderdeel(o).label)
        for o in scan.ronde.onderdelen
        if o != Scanronde.Onderdeel.KENGETALLEN
    ]


def _team_context(request, scan, form=None) -> dict:
    mag_uitnodigen = uitnodigingen.mag_uitnodigen(request.user, scan)
    labels = dict(_keuzes(scan))
    uitnodigingslijst = [
        (u, [labels.get(o, o) for o in u.onderdelen])
        for u in Teamuitnodiging.objects.for_user(request.user).filter(scan=scan)
    ]
    return {
        "scan": scan,
        "overzicht": overzicht(scan),
        "mag_uitnodigen": mag_uitnodigen and scan.team_gesloten_op is None,
        "uitnodigingen": uitnodigingslijst,
        "form": form or (UitnodigingForm(keuzes=_keuzes(scan)) if mag_uitnodigen else None),
        "opnieuw_geldig_tot": standaard_geldig_tot(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def team(request, pk):
    scan = get_scan_for_user(request.user, pk)
    if request.method == "POST":
        if not uitnodigingen.mag_uitnodigen(request.user, scan):
            raise PermissionDenied  # sees the scan, may not invite (not the school, or not now)
        form = UitnodigingForm(request.POST, keuzes=_keuzes(scan))
        try:
            if not form.is_valid():
                raise Weigering(eerste_fout(form))
            gestuurd = uitnodigingen.nodig_uit(
                scan=scan, door=request.user, collegas=form.cleaned_data["collegas"],
                onderdelen=form.cleaned_data["onderdelen"],
                geldig_tot=form.cleaned_data["geldig_tot"],
            )  # fmt: skip
        except Weigering as refusal:
            if not form.errors:
                form.add_error(None, refusal.message)
            context = _team_context(request, scan, form)
            return render(request, "team/team.html", context, status=refusal.status)
        messages.success(
            request, _("%(n)s colleague(s) invited; each gets their own link by e-mail.")
            % {"n": len(gestuurd)},
        )  # fmt: skip
        return redirect("zelfscan:team", pk=scan.pk)
    return render(request, "team/team.html", _team_context(request, scan))


@require_POST
@login_required
def team_intrekken(request, pk, uitnodiging):
    scan = get_scan_for_user(request.user, pk)
    gekozen = get_uitnodiging_for_user(request.user, scan, uitnodiging)
    try:
        uitnodigingen.trek_in(uitnodiging=gekozen, door=request.user)
    except Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("The link of %(naam)s no longer works.") % {"naam": gekozen.naam}
        )
    return redirect("zelfscan:team", pk=scan.pk)


@require_POST
@login_required
def team_opnieuw(request, pk, uitnodiging):
    scan = get_scan_for_user(request.user, pk)
    gekozen = get_uitnodiging_for_user(request.user, scan, uitnodiging)
    form = OpnieuwForm(request.POST)
    try:
        if not form.is_valid():
            raise Weigering(eerste_fout(form))
        uitnodigingen.stuur_opnieuw(
            uitnodiging=gekozen, door=request.user, geldig_tot=form.cleaned_data["geldig_tot"]
        )
    except Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("A new link has been sent to %(naam)s; the old one no longer works.")
            % {"naam": gekozen.naam},
        )
    return redirect("zelfscan:team", pk=scan.pk)


@require_POST
@login_required
def team_sluiten(request, pk):
    scan = get_scan_for_user(request.user, pk)
    try:
        gesloten = uitnodigingen.sluit(scan=scan, door=request.user)
    except Weigering as refusal:
        messages.error(request, refusal.message)
    else:
        if gesloten:
            messages.success(
                request,
                _(
                    "The team's rating is closed: the links no longer work, and the team's "
                    "view is shown below and beside each item."
                ),
            )
    return redirect("zelfscan:team", pk=scan.pk)


# --- the colleague's side: no account, the link is the key


def _werkt_niet(request):
    """A 404 that tells a colleague what to do, without saying why this link stopped."""
    return render(request, "team/werkt_niet.html", status=404)


def _beoordelen_context(uitnodiging, sleutel, form, problemen=None) -> dict:
    schaal = list(
        uitnodiging.scan.ronde.normkader.schaal.values_list("waarde", "kort", "omschrijving")
    )
    return {
        "uitnodiging": uitnodiging,
        "scan": uitnodiging.scan,
        "sleutel": sleutel,
        "formulier": form,
        "scores": form.scores,
        "problemen": problemen or {},
        "schaal": schaal,
        "keuzes": [(waarde, kort) for waarde, kort, _omschrijving in schaal],
        "autosave_teksten": _autosave_teksten(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def beoordelen_pagina(request, sleutel):
    """The rating form; its save button (what works without JavaScript) stores every item
    on the page, each on the version it was shown at."""
    uitnodiging = Teamuitnodiging.objects.bij_sleutel(sleutel)
    if uitnodiging is None:
        return _werkt_niet(request)
    formulier = beoordelen.formulier(uitnodiging)
    if request.method == "POST":
        problemen = {}
        for _deel, items in formulier.delen:
            for item in items:
                form = TeamscoreForm(request.POST, prefix=str(item.pk))
                if f"versie-{item.pk}" not in request.POST:
                    continue
                try:
                    if not form.is_valid():
                        raise Weigering(eerste_fout(form))
                    beoordelen.sla_op(
                        sleutel=sleutel, item_id=item.pk, waarden=form.waarden(),
                        basisversie=form.cleaned_data["versie"],
                    )  # fmt: skip
                except beoordelen.LinkWerktNiet:
                    return _werkt_niet(request)
                except Weigering as refusal:
                    problemen[item.pk] = refusal.message
        if not problemen:
            messages.success(request, _("Saved. Thank you!"))
            return redirect("team:beoordelen", sleutel=sleutel)
        formulier = beoordelen.formulier(uitnodiging)  # with what was stored
        context = _beoordelen_context(uitnodiging, sleutel, formulier, problemen)
        return render(request, "team/beoordelen.html", context, status=400)
    context = _beoordelen_context(uitnodiging, sleutel, formulier)
    return render(request, "team/beoordelen.html", context)


@require_POST
def beoordelen_opslaan(request, sleutel):
    """One change of one rating, as the autosave script sends it: 200 {versie}, or
    400/404/409 {bericht}."""

    def opslaan():
        # The link first: a dead link is a 404 whatever else the request holds.
        if Teamuitnodiging.objects.bij_sleutel(sleutel) is None:
            raise beoordelen.LinkWerktNiet
        wat, waarden = TeamWijzigingForm(request.POST), TeamscoreForm(request.POST)
        if not wat.is_valid():
            raise Weigering(eerste_fout(wat))
        if not waarden.is_valid():
            raise Weigering(eerste_fout(waarden))
        return beoordelen.sla_op(
            sleutel=sleutel, item_id=wat.cleaned_data["id"], waarden=waarden.waarden(),
            basisversie=waarden.cleaned_data["versie"], wijziging=wat.cleaned_data["wijziging"],
        )  # fmt: skip

    return als_json(opslaan)
