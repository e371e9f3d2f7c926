"""Helpers for the tests of the team ratings (issue 17)."""

import datetime
import re
import uuid

from django.urls import reverse
from django.utils import timezone

from zelfscan.models import Teamscore, Teamuitnodiging
from zelfscan.models.team import sleutel_hash


def uitnodiging(scan, naam, *, onderdelen=("hgw",), sleutel=None, geldig_tot=None):
    """An invitation straight into the table (test set-up), with a known key."""
    sleutel = sleutel or uuid.uuid4().hex
    u = Teamuitnodiging.objects.create(
        scan=scan, naam=naam, email=f"{naam.lower().replace(' ', '.')}@school.example",
        onderdelen=list(onderdelen), sleutel_hash=sleutel_hash(sleutel),
        geldig_tot=geldig_tot or timezone.localdate() + datetime.timedelta(days=7),
        verstuurd_op=timezone.now(),
    )  # fmt: skip
    u.sleutel = sleutel
    return u


def team(scan, ratings: dict, *, naam="Collega", sluiten=True):
    """Colleagues' ratings straight into the table: {item: [score, ...]}, the n-th score of
    each item by the n-th colleague; then the rating window closed, as the school closes it
    (unless ``sluiten=False``), so that the view shows. Returns the invitations."""
    n = max(len(scores) for scores in ratings.values())
    mensen = [uitnodiging(scan, f"{naam} {i + 1}") for i in range(n)]
    for item, scores in ratings.items():
        for mens, score in zip(mensen, scores, strict=False):
            Teamscore.objects.create(uitnodiging=mens, item=item, score=score, versie=1)
    if sluiten:
        sluit(scan)
    return mensen


def sluit(scan):
    """The team's rating window closed (test set-up, straight into the table)."""
    from zelfscan.models import Zelfscan

    Zelfscan.objects.filter(pk=scan.pk, team_gesloten_op__isnull=True).update(
        team_gesloten_op=timezone.now()
    )
    scan.refresh_from_db()


def link(sleutel) -> str:
    return reverse("team:beoordelen", kwargs={"sleutel": sleutel})


def sla_op(client, sleutel, item, *, versie=0, wijziging=None, **fields):
    data = {"id": item.pk, "versie": versie, "wijziging": str(wijziging or uuid.uuid4()),
            **fields}  # fmt: skip
    # As the autosave script asks: JSON, also for a refusal by a middleware.
    return client.post(
        reverse("team:opslaan", kwargs={"sleutel": sleutel}), data, HTTP_ACCEPT="application/json"
    )


def sleutels_uit(mails) -> list[str]:
    """The keys of the links in these mails, in order."""
    return [re.search(r"/team/([^/\s]+)/", m.body).group(1) for m in mails]
