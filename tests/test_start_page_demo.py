"""Each persona of the demo world (``manage.py demo``) on its start page (issue 14): the values
are counted here from the database, apart from the code that shows them, and each start page's
query count is the same for 1 school and for 50."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tests.personas import login
from tests.scanhulp import queries
from zelfscan.models import (
    Antwoord,
    Gesprek,
    Ontwikkelpunt,
    Rol,
    Scanronde,
    School,
    User,
    Zelfscan,
)
from zelfscan.scans.structuur import toegestaan
from zelfscan.scans.workflow import ensure_scans

pytestmark = pytest.mark.django_db
ASKED = 280  # items a regular primary school is asked by the whole anb-2024 (test_norm_complete)


@pytest.fixture
def ronde(demo):
    return Scanronde.objects.get(swv__sector="po", schooljaar="2025-2026")


def start_page(client, username) -> str:
    login(client, User.objects.get(username=username))
    response = client.get(reverse("zelfscan:start"))
    assert response.status_code == 200
    return response.content.decode()


def asked(scan) -> int:
    """What the scan asks: an SBO school two items more (test_norm_complete counts them)."""
    return len(toegestaan(scan).items)


def answered(scan) -> int:
    return Antwoord.objects.filter(Q(score__isnull=False) | Q(nvt=True), scan=scan).count()


@pytest.mark.parametrize("username", ["demo-ib", "demo-directeur"])
def test_the_schools_people_see_their_scan_deadline_and_the_point_past_due(client, ronde, username):
    school = Rol.objects.get(user__username=username).school
    scan = Zelfscan.objects.get(school=school, ronde=ronde)
    punt = Ontwikkelpunt.objects.get(school=school, status__in=Ontwikkelpunt.OPEN)
    html = start_page(client, username)
    dagen = (timezone.localdate() - ronde.deadline).days
    assert f"Zelfscan {school.naam} 2025-2026" in html
    assert answered(scan) == 0  # the demo leaves this school's scan to fill in
    assert f"0 van {ASKED} items beantwoord." in html
    assert f"{dagen} dagen geleden verstreken" in html
    assert f'<progress class="voortgang mb-2" value="0" max="{ASKED}"' in html
    # Per part of the round, the ijkpunten as one line of 157.
    assert 'IJkpunten</a></th><td class="text-end">0 / 157</td>' in html
    assert "Ga verder met aspecten van de basisondersteuning, item 1</a>" in html
    assert f"{punt.titel}</a> — 30 juni 2026 <strong>(over de deadline)</strong>" in html


def test_the_board_member_sees_each_school_with_its_state_and_progress(client, ronde):
    bestuur = Rol.objects.get(user__username="demo-bestuur").bestuur
    scans = Zelfscan.objects.filter(ronde=ronde, school__bestuur=bestuur).select_related("school")
    html = start_page(client, "demo-bestuur")
    assert len(scans) >= 5
    for scan in scans:
        rij = (
            f">{scan.school.naam}</a></td><td>{scan.get_status_display()}</td>"
            f'<td class="text-end">{answered(scan)} / {asked(scan)}</td>'
        )
        assert rij in html, scan.school.naam
    assert html.count('<td class="text-end">') == len(scans)
    kw = {"pk": ronde.pk, "bestuur": bestuur.pk}
    assert reverse("zelfscan:resultaat_bestuur", kwargs=kw) in html
    assert reverse("zelfscan:rapport_bestuur", kwargs=kw) in html
    assert "wacht op uw vrijgave" not in html  # nothing submitted and not yet released


def test_the_consulent_sees_its_schools_what_waits_and_the_points_past_due(client, ronde):
    scholen = School.objects.filter(
        rollen__user__username="demo-consulent", rollen__soort="consulent"
    )
    wacht = Zelfscan.objects.filter(school__in=scholen, status="vrijgegeven").exclude(
        pk__in=Gesprek.objects.values("scan")
    )
    html = start_page(client, "demo-consulent")
    assert f"Uw {scholen.count()} scholen" in html
    assert html.count(">beoordelen<") == wacht.count() > 0
    for scan in wacht:
        assert reverse("zelfscan:gesprek", kwargs={"pk": scan.pk}) in html
    te_laat = Ontwikkelpunt.objects.filter(
        school__in=scholen, status__in=Ontwikkelpunt.OPEN, deadline__lt=timezone.localdate()
    )
    assert te_laat.count() == 1
    assert f">{te_laat.get().school.naam}</a>: 1</li>" in html


def test_the_swv_beheerder_sees_the_round_per_state_and_who_is_late(client, ronde):
    scans = Zelfscan.objects.filter(ronde=ronde).select_related("school")
    html = start_page(client, "demo-beheerder")
    for waarde, label in Zelfscan.Status.choices:
        n = scans.filter(status=waarde).count()
        assert (
            f'<li class="list-inline-item">{label[0].upper()}{label[1:]}: <strong>{n}</strong>'
            in html
        )
    late = scans.filter(status="concept").order_by("school__naam")
    assert f"{late.count()} scholen zijn te laat" in html
    for scan in late:
        assert (
            f'<th scope="row" class="fw-normal">{scan.school.naam}</th>'
            f'<td class="text-end">{answered(scan)} / {asked(scan)}</td>'
        ) in html
    assert reverse("zelfscan:ronde", kwargs={"pk": ronde.pk}) in html
    assert reverse("zelfscan:ronde_herinneren", kwargs={"pk": ronde.pk}) in html


PERSONAS = ["school_user_a", "directeur_a", "bestuur_user_a", "consulent_a", "beheerder_a"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_start_page_costs_the_same_queries_for_1_school_and_for_50(client, world, persona):
    """The persona sees one school; then 49 more of its board, wijk, SWV and consulent, each
    with a scan in the round (released, so that the consulent and the board have work)."""
    Scanronde.objects.filter(pk=world.ronde.pk).update(deadline=datetime.date(2020, 6, 30))
    user = world.personas[persona]
    login(client, user)
    url = reverse("zelfscan:start")
    queries(client, url)  # the first request of a session does its own bookkeeping
    een = queries(client, url)
    consulent = world.personas["consulent_a"]
    for i in range(49):
        school = School.objects.create(brin=f"5{i:02d}Q", naam=f"School {i}", soort="bao",
                                       bestuur=world.bestuur_a, wijk=world.wijk1,
                                       swv=world.swv1)  # fmt: skip
        Rol.objects.create(user=consulent, soort="consulent", school=school)
    ensure_scans(ronde=world.ronde)
    nieuw = Zelfscan.objects.filter(ronde=world.ronde).exclude(
        pk__in=[world.scan_a.pk, world.scan_b.pk]
    )
    Zelfscan.objects.filter(pk__in=list(nieuw.values_list("pk", flat=True)[:25])).update(
        status="vrijgegeven"
    )
    assert Zelfscan.objects.filter(ronde=world.ronde).count() == 51
    assert queries(client, url) == een
