"""Notifications (issue 16, part 4): each sent once, by a job, to the right people and nobody
else (checked against the personas), as each person chose; the reminders run twice send
nothing twice. Run on the database backend, and again on RQ by ``.ci/run``."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.personas import login
from tests.scanhulp import fill_all, item
from tests.taakhulp import draai_taken, leeg_wachtrij
from zelfscan.models import Melding, Ontwikkelpunt, Zelfscan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def norm(norm_vastgelegd):
    leeg_wachtrij()
    yield
    leeg_wachtrij()


def wie(soort=None) -> set[tuple[str, str]]:
    rijen = Melding.objects.all() if soort is None else Melding.objects.filter(soort=soort)
    return set(rijen.values_list("ontvanger__username", "soort"))


def stap(client, scan, naar, reden=""):
    url = reverse("zelfscan:scan_overgang", kwargs={"pk": scan.pk})
    return client.post(url, {"naar": naar, "reden": reden})


def test_each_step_of_a_scan_tells_the_right_people_once(client, world):
    scan = world.scan_a
    fill_all(scan, score=3)
    login(client, world.personas["school_user_a"])
    assert stap(client, scan, "ingediend").status_code == 302
    assert Melding.objects.count() == 0  # not in the request
    draai_taken()
    assert wie() == {("bestuur_a", "ingediend")}
    login(client, world.personas["bestuur_user_a"])
    assert stap(client, scan, "vrijgegeven").status_code == 302
    draai_taken()
    assert wie("vrijgegeven") == {("consulent_a", "vrijgegeven")}
    login(client, world.personas["consulent_a"])
    opmerking = reverse("zelfscan:scan_opmerking", kwargs={"pk": scan.pk, "deel": "ijkpunt-4"})
    assert client.post(opmerking, {"tekst": "Onderbouw ijkpunt 4"}).status_code == 302
    assert stap(client, scan, "concept", "Graag ijkpunt 4 aanvullen").status_code == 302
    draai_taken()
    draai_taken()  # nothing waits: nothing twice
    assert wie("opmerking") == {("ib_a", "opmerking"), ("dir_a", "opmerking")}
    assert wie("teruggestuurd") == {("ib_a", "teruggestuurd"), ("dir_a", "teruggestuurd")}
    assert Melding.objects.count() == 6
    teruggestuurd = Melding.objects.get(soort="teruggestuurd", ontvanger__username="ib_a")
    assert teruggestuurd.tekst == "Graag ijkpunt 4 aanvullen"
    # By e-mail too (nobody chose otherwise): plain text and HTML, with the link.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{u}@example.nl" for u in ("bestuur_a", "consulent_a", "ib_a", "dir_a", "ib_a", "dir_a")
    )
    bericht = next(m for m in mail.outbox if m.subject == teruggestuurd.titel)
    link = f"http://127.0.0.1:8000{reverse('zelfscan:scan', kwargs={'pk': scan.pk})}"
    assert link in bericht.body and "Graag ijkpunt 4 aanvullen" in bericht.body
    assert bericht.alternatives[0][1] == "text/html" and link in bericht.alternatives[0][0]


def test_a_shared_board_is_told_by_the_swv_of_the_school_only(client, world):
    """Board B has school B in SWV 1 and school C in SWV 2, and a person of each SWV (issue
    28): school B's submission tells SWV 1's board member, not SWV 2's."""
    from zelfscan.models import Rol, User

    fill_all(world.scan_b, score=3)
    ib_b = User.objects.create_user("ib_b", "ib_b@example.nl", "x")
    Rol.objects.create(user=ib_b, soort="ib_er", school=world.school_b)
    login(client, ib_b)
    assert stap(client, world.scan_b, "ingediend").status_code == 302
    draai_taken()
    assert wie() == {("bestuur_b", "ingediend")}


def test_a_recorded_conversation_tells_school_and_board_but_not_the_consulent(client, world):
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    login(client, world.personas["consulent_a"])
    url = reverse("zelfscan:gesprek_vastleggen", kwargs={"pk": world.scan_a.pk})
    response = client.post(url, {
        "datum": timezone.localdate().isoformat(), "deelnemers": "IB, directeur",
        "agenda": "Ijkpunt 4", "notities": "", "afspraken": "Plan voor ijkpunt 4",
        "besproken": "on",
    })  # fmt: skip
    assert response.status_code == 302
    draai_taken()
    assert wie() == {("ib_a", "gesprek"), ("dir_a", "gesprek"), ("bestuur_a", "gesprek")}


def test_each_person_chooses_per_kind(client, world):
    for persona, kanaal in (("directeur_a", "geen"), ("school_user_a", "app")):
        login(client, world.personas[persona])
        keuzes = {soort: "email" for soort, _label in Melding.Soort.choices}
        response = client.post(
            reverse("zelfscan:meldingvoorkeuren"), keuzes | {"opmerking": kanaal}
        )
        assert response.status_code == 302
    # A choice that is not one is refused, and nothing changes.
    response = client.post(reverse("zelfscan:meldingvoorkeuren"), {"opmerking": "sms"})
    assert response.status_code == 400
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="vrijgegeven")
    login(client, world.personas["consulent_a"])
    opmerking = reverse("zelfscan:scan_opmerking", kwargs={"pk": world.scan_a.pk, "deel": "anb"})
    client.post(opmerking, {"tekst": "Graag aanvullen"})
    draai_taken()
    assert wie() == {("ib_a", "opmerking")}  # the directeur chose not at all
    assert mail.outbox == []  # the IB-er: only in the application


def test_reminders_before_the_deadline_and_for_late_points_come_once(client, world):
    vandaag = timezone.localdate()
    world.ronde.deadline = vandaag + datetime.timedelta(days=14)
    world.ronde.save()
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="ingediend")  # B is done
    Ontwikkelpunt.objects.create(
        school=world.school_a, scan=world.scan_a, item=item("insp-1"),
        titel="Beleid op papier", doel="Klaar voor de zomer", acties="Schrijven",
        eigenaar="Directeur", status="bezig",
        deadline=vandaag - datetime.timedelta(days=1),
    )  # fmt: skip
    for _keer in range(2):  # the scheduled command, twice: nothing twice
        call_command("periodiek", stdout=io.StringIO())
        draai_taken()
    assert wie() == {
        ("ib_a", "deadline"), ("dir_a", "deadline"),  # school A has not submitted
        ("beheerder_1", "deadline_overzicht"),
        ("ib_a", "ontwikkelpunt"), ("dir_a", "ontwikkelpunt"),
    }  # fmt: skip
    overzicht = Melding.objects.get(soort="deadline_overzicht")
    assert overzicht.tekst == "School A"
    assert overzicht.titel.startswith("1 school heeft haar zelfscan 2025-2026 nog niet")
    # Three days before: the second reminder, once.
    world.ronde.deadline = vandaag + datetime.timedelta(days=3)
    world.ronde.save()
    for _keer in range(2):
        call_command("periodiek", stdout=io.StringIO())
        draai_taken()
    assert Melding.objects.filter(soort="deadline").count() == 4
    assert Melding.objects.filter(soort="deadline_overzicht").count() == 2


def test_the_list_the_unread_count_and_reading(client, world):
    ib, ander = world.personas["school_user_a"], world.personas["bestuur_user_other"]
    for i in range(3):
        Melding.objects.create(ontvanger=ib, soort="opmerking", titel=f"Opmerking {i}",
                               pad=reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk}),
                               sleutel=f"t{i}")  # fmt: skip
    vreemd = Melding.objects.create(ontvanger=ander, soort="ingediend", titel="Niet van jou",
                                    pad="/", sleutel="x")  # fmt: skip
    login(client, ib)
    start = client.get(reverse("zelfscan:start")).content.decode()
    assert 'Meldingen <span class="badge text-bg-warning">3<span class="visually-hidden"> ' \
           "ongelezen</span></span>" in start  # fmt: skip
    html = client.get(reverse("zelfscan:meldingen")).content.decode()
    assert html.count("list-group-item-warning") == 3 and "Niet van jou" not in html
    eerste = Melding.objects.get(titel="Opmerking 0")
    response = client.get(reverse("zelfscan:melding", kwargs={"pk": eerste.pk}))
    assert response.url == reverse("zelfscan:scan", kwargs={"pk": world.scan_a.pk})
    assert Melding.objects.filter(ontvanger=ib, gelezen_op__isnull=True).count() == 2
    assert client.get(reverse("zelfscan:melding", kwargs={"pk": vreemd.pk})).status_code == 404
    client.post(reverse("zelfscan:meldingen_gelezen"))
    assert not Melding.objects.filter(ontvanger=ib, gelezen_op__isnull=True).exists()
    assert Melding.objects.get(pk=vreemd.pk).gelezen_op is None
    assert "badge text-bg-warning" not in client.get(reverse("zelfscan:start")).content.decode()


def test_the_reminders_find_each_school_s_people_in_one_query(world):
    """Not a query per late school: the same count for one late school as for four."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zelfscan import meldingen
    from zelfscan.models import Rol, School, User
    from zelfscan.scans.workflow import ensure_scans

    vandaag = timezone.localdate()
    world.ronde.deadline = vandaag + datetime.timedelta(days=14)
    world.ronde.save()
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status="ingediend")

    def rolvragen():
        Melding.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            meldingen.herinner(vandaag=vandaag)
        return sum('"zelfscan_rol"' in q["sql"] for q in ctx.captured_queries)

    een = rolvragen()
    for i in range(3):
        school = School.objects.create(brin=f"7{i}AA", naam=f"Laat {i}", bestuur=world.bestuur_a,
                                       wijk=world.wijk1, swv=world.swv1, soort="bao")  # fmt: skip
        ib = User.objects.create_user(f"ib_laat_{i}", f"laat{i}@example.nl", "x")
        Rol.objects.create(user=ib, soort="ib_er", school=school)
    ensure_scans(ronde=world.ronde)
    assert rolvragen() == een == 2  # the schools' people, and the SWV's
    assert Melding.objects.filter(soort="deadline").count() == 2 + 3
