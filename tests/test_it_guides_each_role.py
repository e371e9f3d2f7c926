"""What each role finds from its start page (issue 13): the board its results and report, the
SWV every school of a round with its state, a menu without what the role cannot use."""

import pytest
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import fill_all
from zelfscan.models import Zelfscan

pytestmark = pytest.mark.django_db


def test_a_board_member_finds_the_boards_results_and_report_from_the_board_page(client, world):
    login(client, world.personas["bestuur_user_a"])
    start = client.get(reverse("zelfscan:start")).content.decode()
    bestuur_url = reverse("zelfscan:bestuur", kwargs={"pk": world.bestuur_a.pk})
    assert bestuur_url in start
    pagina = client.get(bestuur_url).content.decode()
    kw = {"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk}
    assert reverse("zelfscan:resultaat_bestuur", kwargs=kw) in pagina
    assert reverse("zelfscan:rapport_bestuur", kwargs=kw) in pagina
    assert client.get(reverse("zelfscan:resultaat_bestuur", kwargs=kw)).status_code == 200


def test_the_swv_sees_every_school_of_a_round_with_its_state_not_its_answers(client, world):
    fill_all(world.scan_a, score=3, leave_open=7)
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="vrijgegeven")
    url = reverse("zelfscan:ronde", kwargs={"pk": world.ronde.pk})
    login(client, world.personas["beheerder_a"])
    html = client.get(url).content.decode()
    # School A is a concept: its state and progress are listed, its scan is not opened.
    assert world.school_a.naam in html and "273 / 280" in html and "concept" in html
    assert reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk}) not in html
    assert reverse("zelfscan:scan", kwargs={"pk": world.scan_b.pk}) in html
    assert client.get(reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk})).status_code == 404
    # Another board of the SWV sees the round with only its own school's state.
    login(client, world.personas["bestuur_user_other"])
    html = client.get(url).content.decode()
    assert world.school_b.naam in html and world.school_a.naam not in html


@pytest.mark.parametrize(
    ("persona", "heeft", "heeft_niet"),
    [
        ("consulent_a", ["Mijn scholen"], ["Mijn rapporten", ">Scholen<"]),
        ("school_user_a", [], ["Mijn rapporten"]),
        ("bestuur_user_a", ["Mijn rapporten"], []),
        ("beheerder_a", ["Mijn rapporten", ">Scholen<"], ["Mijn scholen"]),
    ],
)
def test_the_menu_offers_what_the_role_uses(client, world, persona, heeft, heeft_niet):
    login(client, world.personas[persona])
    menu = client.get(reverse("zelfscan:start")).content.decode().split("</nav>")[0]
    for tekst in heeft:
        assert tekst in menu, tekst
    for tekst in heeft_niet:
        assert tekst not in menu, tekst


def test_the_browser_finds_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
