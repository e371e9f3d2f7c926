"""The consulent's own view (issue 17, part 2): per item or group, what the consulent saw in
practice; the school sees it after the conversation, differences go on the agenda, the results
never use it, and the SWV sees per round how often school and consulent differ per group."""

import re
import uuid

import pytest
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import fill_all, item, zonder_token
from zelfscan.models import Consulentoordeel, Groepsresultaat, Zelfscan
from zelfscan.vervolg.gesprekken import concept_agenda

pytestmark = pytest.mark.django_db


def _vrij(world, status=Zelfscan.Status.VRIJGEGEVEN, score=3):
    fill_all(world.scan_a, score=score)
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=status)


def opslaan(client, scan, *, soort="item", ident, versie=0, wijziging=None, **fields):
    data = {"soort": soort, "id": ident, "versie": versie,
            "wijziging": str(wijziging or uuid.uuid4()), **fields}  # fmt: skip
    return client.post(
        reverse("zelfscan:consulentoordeel_opslaan", kwargs={"pk": scan.pk}),
        data,
        HTTP_ACCEPT="application/json",
    )


def pagina(scan, deel="hgw"):
    return reverse("zelfscan:consulentoordeel", kwargs={"pk": scan.pk, "deel": deel})


def hgw(code):
    return item(code, "hgw-1")


@pytest.fixture
def consulent(client, world):
    login(client, world.personas["consulent_a"])
    return client


def test_the_consulent_records_a_view_of_an_item_and_of_a_group(consulent, world):
    _vrij(world)
    groep = hgw("1.1").groep
    first = opslaan(
        consulent, world.scan_a, ident=hgw("1.1").pk, score="1", toelichting="Zag het niet"
    )
    assert first.json() == {"versie": 1, "herhaald": False}
    rij = Consulentoordeel.objects.get(item=hgw("1.1"))
    assert (rij.score, rij.toelichting, rij.gewijzigd_door.username) == (
        1,
        "Zag het niet",
        "consulent_a",
    )
    again = opslaan(
        consulent, world.scan_a, ident=hgw("1.1").pk, score="1", wijziging=rij.wijziging
    )
    assert again.json() == {"versie": 1, "herhaald": True}
    stale = opslaan(consulent, world.scan_a, ident=hgw("1.1").pk, score="4")
    assert stale.status_code == 409 and stale.json()["huidig"]["score"] == 1
    assert (
        opslaan(consulent, world.scan_a, soort="groep", ident=groep.pk, score="2").status_code
        == 200
    )
    assert Consulentoordeel.objects.get(groep=groep).score == 2
    # Not part of the scan, or not a score of the scale: refused, nothing stored.
    assert (
        opslaan(
            consulent, world.scan_a, ident=item("1", "aspect-1").pk + 10**6, score="2"
        ).status_code
        == 400
    )
    assert opslaan(consulent, world.scan_a, ident=hgw("1.2").pk, score="5").status_code == 400
    assert (
        opslaan(
            consulent, world.scan_a, ident=hgw("1.2").pk, score="2", toelichting="a\x00b"
        ).status_code
        == 400
    )
    # A group of another part of the norm's data that this scan does not ask: refused.
    from ijkpunten.models import Groep

    vo_groep = Groep.objects.filter(normkader=groep.normkader, sector="vo").first()
    if vo_groep is not None:
        assert opslaan(consulent, world.scan_a, soort="groep", ident=vo_groep.pk,
                       score="2").status_code == 400  # fmt: skip
    assert (
        opslaan(consulent, world.scan_a, soort="groep", ident=10**6, score="2").status_code == 400
    )
    assert Consulentoordeel.objects.count() == 2


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("school_user_a", "vrijgegeven", 403),
        ("bestuur_user_a", "vrijgegeven", 403),
        ("beheerder_a", "vrijgegeven", 403),
        ("consulent_other", "vrijgegeven", 404),
        ("bestuur_user_other", "vrijgegeven", 404),
        ("consulent_a", "concept", 404),  # not released: the consulent does not see the scan
        ("consulent_a", "afgerond", 403),
    ],
)
def test_only_the_schools_consulent_records_while_the_scan_is_discussed(
    client, world, persona, status, expected
):
    _vrij(world, status=status)
    login(client, world.personas[persona])
    response = opslaan(client, world.scan_a, ident=hgw("1.1").pk, score="1")
    assert response.status_code == expected
    assert not Consulentoordeel.objects.exists()


def test_the_page_works_without_javascript(consulent, world):
    _vrij(world)
    a, groep = hgw("1.1"), hgw("1.1").groep
    response = consulent.post(
        pagina(world.scan_a),
        {f"score-{a.pk}": "2", f"toelichting-{a.pk}": "In groep 3 niet", f"versie-{a.pk}": "0",
         f"groepscore-{groep.pk}": "3", f"groeptoelichting-{groep.pk}": "",
         f"groepversie-{groep.pk}": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert {(o.item_id, o.groep_id, o.score) for o in Consulentoordeel.objects.all()} == {
        (a.pk, None, 2),
        (None, groep.pk, 3),
    }
    html = consulent.get(pagina(world.scan_a)).content.decode()
    assert f'id="score-{a.pk}-2" value="2" data-veld="score" checked' in html
    assert "School: <strong>3 in voldoende mate</strong>" in html


def test_the_school_sees_it_only_after_the_conversation(client, consulent, world):
    _vrij(world)
    opslaan(
        consulent,
        world.scan_a,
        ident=hgw("1.1").pk,
        score="1",
        toelichting="Niet gezien in groep 5",
    )
    opslaan(consulent, world.scan_a, ident=hgw("1.2").pk, score="3")
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "hgw"})
    login(client, world.personas["school_user_a"])
    assert "Niet gezien in groep 5" not in client.get(deel).content.decode()
    assert client.get(pagina(world.scan_a)).status_code == 403
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status=Zelfscan.Status.BESPROKEN)
    html = client.get(deel).content.decode()
    blok = html[html.index(f'id="antwoord-{hgw("1.1").pk}"') :]
    blok = blok[: blok.index("</fieldset>")]
    assert re.search(
        r"Wat de consulent zag:</span> 1 niet aanwezig <span[^>]*>verschilt een punt of meer", blok
    )
    assert "Niet gezien in groep 5" in blok
    blok2 = html[html.index(f'id="antwoord-{hgw("1.2").pk}"') :]
    blok2 = blok2[: blok2.index("</fieldset>")]
    assert "Wat de consulent zag:</span> 3 in voldoende mate" in blok2
    assert "verschilt" not in blok2
    # The school reads the consulent's page, and cannot change it.
    page = client.get(pagina(world.scan_a))
    assert page.status_code == 200 and "data-autosave-url" not in page.content.decode()
    assert (
        opslaan(client, world.scan_a, ident=hgw("1.1").pk, versie=1, score="4").status_code == 403
    )


def test_differences_go_on_the_agenda(consulent, world):
    _vrij(world)
    groep = hgw("1.1").groep
    opslaan(
        consulent,
        world.scan_a,
        ident=hgw("1.1").pk,
        score="1",
        toelichting="Geen groepsplan gezien",
    )
    opslaan(consulent, world.scan_a, ident=hgw("1.2").pk, score="2")  # 3 against 2: a point
    opslaan(consulent, world.scan_a, ident=hgw("1.3").pk, score="3")  # the same: no point
    opslaan(consulent, world.scan_a, soort="groep", ident=groep.pk, score="1")
    agenda = [p.tekst for p in concept_agenda(scan=world.scan_a) if p.soort == "consulent"]
    assert agenda == [
        "School en consulent verschillen bij 1.1 (Algemene preventieve ondersteuning in de "
        "groep): de school 3, de consulent zag 1. Geen groepsplan gezien",
        "School en consulent verschillen bij 1.2 (Algemene preventieve ondersteuning in de "
        "groep): de school 3, de consulent zag 2.",
        "School en consulent verschillen bij Algemene preventieve ondersteuning in de groep: "
        "het gemiddelde van de school 3,00, de consulent zag 1.",
    ]
    # The gesprek page drafts it for the consulent.
    html = consulent.get(
        reverse("zelfscan:gesprek", kwargs={"pk": world.scan_a.pk})
    ).content.decode()
    assert "de consulent zag 2." in html


def test_the_results_never_use_the_consulents_view(client, consulent, world):
    _vrij(world)
    voor = list(Groepsresultaat.objects.filter(scan=world.scan_a).values().order_by("pk"))
    login(client, world.personas["beheerder_a"])
    url = reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk})
    page = client.get(url).content
    for code in ("1.1", "1.2", "1.3"):
        opslaan(consulent, world.scan_a, ident=hgw(code).pk, score="1")
    assert list(Groepsresultaat.objects.filter(scan=world.scan_a).values().order_by("pk")) == voor

    assert zonder_token(client.get(url).content) == zonder_token(page)


def test_the_swv_sees_per_group_how_often_school_and_consulent_differ(client, consulent, world):
    _vrij(world)
    fill_all(world.scan_b, score=2)
    Zelfscan.objects.filter(pk=world.scan_b.pk).update(status=Zelfscan.Status.VRIJGEGEVEN)
    opslaan(consulent, world.scan_a, ident=hgw("1.1").pk, score="1")  # differs
    opslaan(consulent, world.scan_a, ident=hgw("1.2").pk, score="3")  # the same
    opslaan(consulent, world.scan_a, ident=item("insp-1").pk, score="3")  # ijkpunt 4, the same
    login(consulent, world.personas["consulent_other"])  # school B's consulent
    opslaan(consulent, world.scan_b, soort="groep", ident=hgw("1.1").groep.pk, score="4")
    url = reverse("zelfscan:ronde", kwargs={"pk": world.ronde.pk})
    login(client, world.personas["beheerder_a"])
    html = client.get(url).content.decode()
    tabel = html[html.index('id="consulent"') :]
    rijen = re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th><td class="text-end">(\d+)'
                       r'</td><td class="text-end">(\d+)</td>', tabel)  # fmt: skip
    assert rijen == [
        ("Omgeving", "1", "0"),
        ("Algemene preventieve ondersteuning in de groep", "2", "2"),
    ]
    # Not for a board member or consulent, who also open the round page.
    for persona in ("bestuur_user_a", "consulent_a"):
        login(client, world.personas[persona])
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="consulent"' not in response.content.decode()
