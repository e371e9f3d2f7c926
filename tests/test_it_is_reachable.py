"""Every page a role may see is reachable from its start page in a few clicks (issue 14): the
links of the pages are followed from the start page, as a person would click, and every page of
the access matrix that answers the persona 200 must be among them.

A click is a link on a page (``<a href>``); PDFs and exports count as reached when linked, and
are not opened. Pages that are not navigation by nature are listed below with the reason."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import fill_all
from tests.test_access_matrix import MATRIX
from zelfscan.models import Zelfscan

pytestmark = pytest.mark.django_db

CLICKS = 3
# Reached otherwise than by a link from the application's pages.
NOT_NAVIGATION = {
    "gezond": "the load balancer's health check",
    "account:inloggen": "where a logged-out person starts",
    "account:wachtwoord_vergeten": "from the login page, logged out",
    "account:wachtwoord_vergeten_verzonden": "after asking for a new password",
    "account:wachtwoord_ingesteld": "after setting a new password",
    "account:tweestaps": "the second step of logging in",
    "account:tweestaps_instellen": "offered on the start page only until the device is set up",
    "zelfscan:import_bevestigen": "answers the import's form (POST)",
    "zelfscan:rapport_download": "a report made in the background, linked once it is made",
    "account:wachtwoord_instellen": "the link in the e-mail that sets a password",
    "account:rolaanbiedingen": "linked from the start page while a role is offered",
    "team:beoordelen": "a colleague's personal link, in the e-mail the school has sent",
    "zelfscan:bewijs_download": "an evidence file, linked beside its item once it is added",
}
# Pages every logged-in person may open (they show only what is in scope) that belong to a
# role: the menu offers them only to that role.
ALLEEN_VOOR = {
    "zelfscan:consulent": {"consulent_a"},
    "zelfscan:consulent_export": {"consulent_a"},
    "zelfscan:mijn_rapporten": {"bestuur_user_a", "beheerder_a"},  # who can ask for a report
    "zelfscan:besturen": {"bestuur_user_a", "beheerder_a"},
    # A consulent's schools are "Mijn scholen".
    "zelfscan:scholen": {"school_user_a", "directeur_a", "bestuur_user_a", "beheerder_a"},
}
# Fetching these would make a PDF or a file: a link to them is enough.
BESTANDEN = re.compile(r"/rapport|export|\.csv|\.xlsx|/download")
SKIP = re.compile(r"^/(static|media|beheer)/")


def _links(html: str) -> set[str]:
    return {
        urlsplit(href.replace("&amp;", "&")).path
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html)
        if href.startswith("/")
    }


def reachable(client) -> set[str]:
    """Paths reachable from the start page in at most CLICKS clicks."""
    start = reverse("zelfscan:start")
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        path, clicks = queue.popleft()
        if clicks == CLICKS or BESTANDEN.search(path):
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for link in _links(response.content.decode()) - seen:
            if not SKIP.match(link):
                seen.add(link)
                queue.append((link, clicks + 1))
    return seen


@pytest.mark.parametrize(
    "persona", ["school_user_a", "directeur_a", "bestuur_user_a", "consulent_a", "beheerder_a"]
)
def test_every_page_the_role_may_see_is_a_few_clicks_from_its_start_page(client, world, persona):
    fill_all(world.scan_a)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    login(client, world.personas[persona])
    bereikt = reachable(client)
    missing = []
    for name, (kwargs, expected) in MATRIX.items():
        if expected[persona] != 200 or name in NOT_NAVIGATION:
            continue
        if persona not in ALLEEN_VOOR.get(name, {persona}):
            continue
        path = reverse(name, kwargs=kwargs(world))
        # Not linked because it is not there for this persona in this world (a wijk's
        # network where the wijk's figures are hidden, issue 28): not a page to reach.
        if path not in bereikt and client.get(path).status_code == 200:
            missing.append(name)
    assert missing == [], " ".join(missing)
