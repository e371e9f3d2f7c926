"""The support cards of the Almere themes (issue 15, part 6): the structure from 002, the
content the SWV writes per theme, aspect and level; read by everyone of the SWV, written by
its beheerder only."""

import pytest
from django.urls import reverse

from ijkpunten.models import Kaartaspect, Ondersteuningsniveau
from tests.personas import login
from zelfscan.models import Kaartinhoud

pytestmark = pytest.mark.django_db


def kaart_url(world, thema="thema-1", swv=None):
    return reverse("zelfscan:kaart", kwargs={"pk": (swv or world.swv1).pk, "thema": thema})


def cel(aspect_nummer, niveau_nummer):
    aspect = Kaartaspect.objects.get(normkader__code="anb-2024", nummer=aspect_nummer)
    niveau = Ondersteuningsniveau.objects.get(normkader__code="anb-2024", nummer=niveau_nummer)
    return f"a{aspect.pk}-n{niveau.pk}", aspect, niveau


def test_the_beheerder_writes_a_card_and_the_school_reads_it(client, world):
    naam_1, aspect_1, niveau_1 = cel(1, 1)
    naam_2, _a, _n = cel(8, 4)  # the kenniskaart, level 4
    login(client, world.personas["beheerder_a"])
    html = client.get(kaart_url(world)).content.decode()
    # The structure: 7 aspects of the handreiking and 4 of the kenniskaart, each on 4 levels.
    assert html.count("<textarea") == 11 * 4
    assert "Differentiëren binnen een groep of ondersteuning organiseren binnen de school." in html
    response = client.post(kaart_url(world), {naam_1: "Instructietafel\r\nelke dag",
                                              naam_2: "Specialist dyslexie"})  # fmt: skip
    assert response.status_code == 302
    assert sorted(Kaartinhoud.objects.values_list("tekst", flat=True)) == [
        "Instructietafel\nelke dag",
        "Specialist dyslexie",
    ]
    rij = Kaartinhoud.objects.get(aspect=aspect_1, niveau=niveau_1)
    assert (rij.swv, rij.thema.code, rij.gewijzigd_door) == (
        world.swv1, "thema-1", world.personas["beheerder_a"],
    )  # fmt: skip

    login(client, world.personas["school_user_a"])
    html = client.get(kaart_url(world)).content.decode()
    assert "<textarea" not in html
    assert "Instructietafel<br>elke dag" in html and "Specialist dyslexie" in html
    # The school reaches it from the theme's page of its scan.
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "thema-1"})
    assert kaart_url(world) in client.get(deel).content.decode()

    # Emptying a text removes it; the other stays as it was.
    login(client, world.personas["beheerder_a"])
    gewijzigd = Kaartinhoud.objects.get(tekst="Specialist dyslexie").gewijzigd_op
    leeg = client.post(kaart_url(world), {naam_1: "", naam_2: "Specialist dyslexie"})
    assert leeg.status_code == 302
    assert list(Kaartinhoud.objects.values_list("tekst", "gewijzigd_op")) == [
        ("Specialist dyslexie", gewijzigd)
    ]


def test_only_the_beheerder_writes_and_outsiders_see_nothing(client, world):
    naam, _a, _n = cel(1, 1)
    for persona in ("school_user_a", "bestuur_user_a", "consulent_a"):
        login(client, world.personas[persona])
        assert client.post(kaart_url(world), {naam: "x"}).status_code == 403
    login(client, world.personas["beheerder_other"])  # manages the other SWV
    assert client.get(kaart_url(world)).status_code == 404
    assert client.post(kaart_url(world), {naam: "x"}).status_code == 404
    assert not Kaartinhoud.objects.exists()
    # A theme that is not one, or not of this SWV's norm, is not a card.
    login(client, world.personas["beheerder_a"])
    for thema in ("ijkpunt-1", "thema-9", "onzin"):
        assert client.get(kaart_url(world, thema)).status_code == 404


def test_a_text_too_long_is_refused_in_dutch_and_what_was_typed_stays(client, world):
    naam_1, _a, _n = cel(2, 2)
    naam_2, _a2, _n2 = cel(3, 3)
    login(client, world.personas["beheerder_a"])
    response = client.post(kaart_url(world), {naam_1: "a" * 4001, naam_2: "Past wel"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "De tekst voor niveau 2 bij ‘Tijdig signaleren: herkennen" in html
    assert "is 4001 tekens; er passen er hoogstens 4000." in html
    assert ">Past wel</textarea>" in html
    assert not Kaartinhoud.objects.exists()


def test_a_vo_partnership_has_no_card_for_theme_4(client, world):
    login(client, world.personas["beheerder_other"])
    overzicht = client.get(reverse("zelfscan:kaarten", kwargs={"pk": world.swv2.pk}))
    html = overzicht.content.decode()
    assert html.count("/ondersteuningskaarten/thema-") == 5
    assert "thema-4" not in html
    assert client.get(kaart_url(world, "thema-4", world.swv2)).status_code == 404
    assert client.get(kaart_url(world, "thema-5", world.swv2)).status_code == 200
