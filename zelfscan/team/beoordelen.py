"""A colleague rates through their link: what the link shows, and saving one rating.

The link opens only its own form: the items of the parts it was sent for, never the school's
answers, another colleague's ratings or any other page. A save is checked against the same
invitation, found again by its key inside the save's transaction, so a link withdrawn or
expired a moment ago stores nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zelfscan.models import Teamscore, Teamuitnodiging, Zelfscan
from zelfscan.scans.antwoorden import Opgeslagen, Weigering, bewaar_versie
from zelfscan.scans.structuur import SOORT_VAN, Deel, indeling, structuur


def items_van(uitnodiging: Teamuitnodiging) -> set[int]:
    """The ids of the items this colleague may rate: the scan's, in the invited parts (by id,
    cached per round)."""
    scan = uitnodiging.scan
    deel = indeling(scan.ronde)
    soorten = {SOORT_VAN[o] for o in uitnodiging.onderdelen if o in SOORT_VAN}
    return {
        pk
        for groep_id, items in deel.voor(scan).items()
        if deel.soorten[groep_id] in soorten
        for pk, gevraagd in items
        if gevraagd
    }


@dataclass
class Formulier:
    delen: list[tuple[Deel, list]]  # page of the scan, its items (each item once)
    scores: dict[int, Teamscore]


def formulier(uitnodiging: Teamuitnodiging) -> Formulier:
    """The invited parts of the scan, as the school sees them, without its answers."""
    opbouw = structuur(uitnodiging.scan)
    gezien, delen = set(), []
    for deel in opbouw.delen:
        if deel.onderdeel not in uitnodiging.onderdelen or deel.is_kengetallen:
            continue
        items = [i for i in deel.items if i.pk not in gezien]
        gezien.update(i.pk for i in items)
        if items:
            delen.append((deel, items))
    scores = {s.item_id: s for s in uitnodiging.scores.all()}
    return Formulier(delen=delen, scores=scores)


class LinkWerktNiet(Weigering):
    """The link opens nothing (unknown, withdrawn, expired, the scan submitted)."""

    status = 404

    def __init__(self):
        super().__init__(_("This link no longer works."))


def sla_op(*, sleutel: str, item_id: int, waarden: dict, basisversie, wijziging=None) -> Opgeslagen:
    """Store one rating made on ``basisversie``; a retry of change ``wijziging`` is
    recognised. Raises Weigering (400), Conflict (409), or LinkWerktNiet (404)."""
    with transaction.atomic():
        uitnodiging = Teamuitnodiging.objects.bij_sleutel(sleutel)
        if uitnodiging is None:
            raise LinkWerktNiet
        # The scan first (as the school's autosave and the closing of the window lock it): a
        # rating that passed the check above while the school closed the window is not stored
        # after it, where it would change the closed view by one person's rating.
        open_scan = (
            Zelfscan.objects.select_for_update()
            .filter(pk=uitnodiging.scan_id, team_gesloten_op__isnull=True)
            .only("pk")
            .first()
        )
        if open_scan is None:
            raise LinkWerktNiet
        # One colleague's saves one after another (two tabs of the same link).
        Teamuitnodiging.objects.select_for_update().filter(pk=uitnodiging.pk).first()
        if item_id not in items_van(uitnodiging):
            raise Weigering(_("This item is not part of what you were asked to rate."))
        rij = Teamscore.objects.filter(uitnodiging=uitnodiging, item_id=item_id).first()
        return bewaar_versie(
            rij or Teamscore(uitnodiging=uitnodiging, item_id=item_id),
            waarden=waarden, basisversie=basisversie, wijziging=wijziging,
            conflict=_(
                "You changed this in the meantime, in another window or tab. Below is what "
                "is saved now; change it again if needed."
            ),
        )  # fmt: skip
