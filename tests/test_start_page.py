"""The start page says what to do next (issue 14, first part): the IB-er's scan with its
deadline and what is open; the board's schools with their state, what waits for release, and
the board's results and report. The board's part costs the same queries for 1 and 8 schools."""

import datetime

import pytest
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import fill_all, queries
from zelfscan.models import Opmerking, Scanronde, School, Zelfscan
from zelfscan.scans.structuur import structuur
from zelfscan.scans.workflow import ensure_scans

pytestmark = pytest.mark.django_db


def test_the_ib_er_sees_the_scan_its_deadline_and_where_to_go_on(client, world):
    fill_all(world.scan_a, score=3, leave_open=5)
    Opmerking.objects.create(scan=world.scan_a, onderdeel="ijkpunten", tekst="Graag aanvullen")
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=datetime.date(2020, 6, 30))
    login(client, world.personas["school_user_a"])
    html = client.get(reverse("zelfscan:start")).content.decode()
    assert "275 van 280 items beantwoord." in html
    assert "verstreken" in html and "1 opmerking van de consulent" in html
    # The button goes to the first open item, on its page.
    deel, eerste = structuur(world.scan_a).open_items()[0]
    url = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": deel.sleutel})
    assert (
        f'<a class="btn btn-primary" href="{url}#antwoord-{eerste.pk}">'
        f"Ga verder met {deel.titel}, item {eerste.code}</a>"
    ) in html


def test_a_board_member_sees_its_schools_and_what_waits_for_release(client, world):
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="ingediend")
    login(client, world.personas["bestuur_user_a"])
    html = client.get(reverse("zelfscan:start")).content.decode()
    kw = {"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk}
    assert "1 zelfscan wacht op uw vrijgave" in html
    assert reverse("zelfscan:resultaat_bestuur", kwargs=kw) in html
    assert reverse("zelfscan:rapport_bestuur", kwargs=kw) in html
    assert reverse("zelfscan:rapport_school", kwargs={"pk": world.scan_a.pk}) in html
    # Another board's school is not on it.
    assert world.school_b.naam not in html


def test_the_boards_start_page_costs_the_same_queries_for_1_and_8_schools(client, world):
    login(client, world.personas["bestuur_user_a"])

    def tel():
        return queries(client, reverse("zelfscan:start"))

    tel()  # the first request of a session does its own bookkeeping
    een = tel()
    for i in range(7):
        School.objects.create(brin=f"7{i}KK", naam=f"School {i}", bestuur=world.bestuur_a,
                              wijk=world.wijk1, swv=world.swv1, soort="bao")  # fmt: skip
    ensure_scans(ronde=world.ronde)
    assert tel() == een


def test_the_consulent_sees_what_waits_for_the_conversation(client, world):
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    login(client, world.personas["consulent_a"])
    html = client.get(reverse("zelfscan:start")).content.decode()
    assert "wachten op uw beoordeling en het gesprek" in html
    assert reverse("zelfscan:gesprek", kwargs={"pk": world.scan_a.pk}) in html
    assert world.school_b.naam not in html  # not this consulent's school


def test_the_swv_sees_who_is_late_and_reminds_them_once_the_deadline_passed(client, world):
    from django.core import mail

    fill_all(world.scan_a, score=3, leave_open=57)
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="ingediend")
    url = reverse("zelfscan:ronde_herinneren", kwargs={"pk": world.ronde.pk})
    morgen = datetime.date.today() + datetime.timedelta(days=30)
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=morgen)
    login(client, world.personas["beheerder_a"])
    assert "Herinner" not in client.get(reverse("zelfscan:start")).content.decode()
    client.post(url)  # before the deadline nobody is late
    assert len(mail.outbox) == 0
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=datetime.date(2020, 6, 30))
    html = client.get(reverse("zelfscan:start")).content.decode()
    assert "1 school is te laat" in html and "223 / 280" in html and world.school_a.naam in html
    assert client.post(url).status_code == 302
    # School A's IB-er and directeur; school B has submitted.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.personas["school_user_a"].email, world.personas["directeur_a"].email]
    )
    assert world.school_a.naam in mail.outbox[0].subject
    login(client, world.personas["bestuur_user_a"])
    assert client.post(url).status_code == 403
    login(client, world.personas["beheerder_other"])  # another SWV: the round does not exist
    assert client.post(url).status_code == 404
    assert len(mail.outbox) == 2


def test_the_swvs_start_page_costs_the_same_queries_for_2_and_9_schools(client, world):
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=datetime.date(2020, 6, 30))
    login(client, world.personas["beheerder_a"])

    def tel():
        return queries(client, reverse("zelfscan:start"))

    tel()
    twee = tel()
    for i in range(7):
        School.objects.create(brin=f"8{i}LL", naam=f"Late {i}", bestuur=world.bestuur_a,
                              wijk=world.wijk1, swv=world.swv1, soort="bao")  # fmt: skip
    ensure_scans(ronde=world.ronde)
    assert tel() == twee


def test_new_comments_are_new_to_each_person_until_they_open_the_part(client, world):
    fill_all(world.scan_a)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    login(client, world.personas["consulent_a"])
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-3"})
    plaats = reverse("zelfscan:scan_opmerking", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-3"})
    assert client.post(plaats, {"tekst": "Onderbouw de verwijzingen."}).status_code == 302
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="concept")  # sent back

    login(client, world.personas["school_user_a"])
    start = reverse("zelfscan:start")
    html = client.get(start).content.decode()
    assert (
        f'1 opmerking van de consulent</a>, <a href="{deel}"><strong>1 nieuw sinds uw '
        "laatste bezoek</strong></a>."
    ) in html
    eerste = client.get(deel).content.decode()
    assert eerste.count("data-nieuw") == 1 and "Onderbouw de verwijzingen." in eerste
    assert "data-nieuw" not in client.get(deel).content.decode()  # seen now
    assert "nieuw sinds" not in client.get(start).content.decode()
    # New to the directeur still: it is per person.
    login(client, world.personas["directeur_a"])
    assert "1 nieuw sinds uw laatste bezoek" in client.get(start).content.decode()
