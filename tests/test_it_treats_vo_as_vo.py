"""VO as VO (issue 15, part 5). 002: "Het primair onderwijs werkt bijvoorbeeld wijkgericht en
het voortgezet onderwijs werkt stadsgericht", and the Almere norm holds for both sectors except
what the source ties to one ("4. Ondersteuning bij moeilijk lerend, cluster 3 in het po.").

A VO school without a wijk fills in, is released and appears in its board's and the city's
results; nothing PO-only is asked of it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ijkpunten.models import Groep, Item, Normkader
from tests.importhulp import HEADER, csv_file, messages
from tests.personas import _role, _user, login
from tests.scanhulp import autosave, fill_all
from zelfscan.models import Ambitie, Antwoord, Importbestand, Rol, School, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur, toegestaan
from zelfscan.scans.workflow import open_round

pytestmark = pytest.mark.django_db

# What 000, 001 and 002 tie to primary schools, by group and item code (fixtures/BESLUITEN.md).
PO_ALLEEN = {
    ("toezichtkader", "1.1"),  # "aan het eind van de basisschool"
    ("ijkpunt-10", "insp-2"),  # "afkomstig van het SBO of SO ... naar het SBO of SO"
}


@pytest.fixture
def vo(world):
    """SWV 2 (VO): school C and two more secondary schools, none in a wijk; a round; the
    zorgcoördinator (an IB-er's role) of school C and the board of the three."""
    world.school_c.wijk = None
    world.school_c.aantal_leerlingen = 900
    world.school_c.save()
    for brin, naam in (("44DD", "College D"), ("55EE", "Lyceum E")):
        School.objects.create(brin=brin, naam=naam, bestuur=world.bestuur_b, swv=world.swv2,
                              soort="vo", aantal_leerlingen=1000)  # fmt: skip
    ronde = open_round(
        swv=world.swv2, schooljaar="2025-2026", normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=["anb", "ijkpunten", "hgw", "toezichtkader", "protocollen", "themas",
                    "kengetallen"],
        deadline=datetime.date(2026, 6, 30), door=world.personas["beheerder_other"],
    )  # fmt: skip
    world.personas["zorg_c"] = _role(_user("zorg_c"), Rol.Soort.IB_ER, school=world.school_c)
    return ronde


def test_what_the_source_ties_to_po_is_not_asked_of_a_vo_school(world, vo):
    scan = vo.scans.get(school=world.school_c)
    po_scan = world.scan_a
    asked, asked_po = toegestaan(scan), toegestaan(po_scan)
    thema_4 = Groep.objects.get(normkader__code="anb-2024", code="thema-4")
    po_items = {
        i.pk
        for i in Item.objects.filter(groep__normkader__code="anb-2024")
        if (i.groep.code, i.code) in PO_ALLEEN or i.groep_id == thema_4.pk
    }
    assert len(po_items) == 2 + thema_4.items.count() == 8
    assert po_items <= set(asked_po.items)  # a bao school is asked all of them
    assert not po_items & set(asked.items)
    assert len(asked.items) == len(asked_po.items) - 8 == 272
    # Theme 4 has no page and no ambition; its shared items are still asked where they live.
    assert thema_4.pk not in asked.themas and thema_4.pk in asked_po.themas
    assert structuur(scan).deel("thema-4") is None
    assert {i.pk for i in thema_4.gedeelde_items.all()} <= set(asked.items)
    client = Client()
    login(client, world.personas["zorg_c"])
    url = reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "thema-4"})
    assert client.get(url).status_code == 404
    page = client.get(reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "ijkpunt-10"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Toelating van leerlingen afkomstig van het SBO of SO" not in html
    # Saving an answer to what is not asked is refused, as for any item outside the scan.
    item_1_1 = Item.objects.get(groep__normkader__code="anb-2024", groep__code="toezichtkader",
                                code="1.1")  # fmt: skip
    refused = autosave(client, scan, ident=item_1_1.pk, score="3")
    assert refused.status_code == 400
    assert refused.json()["bericht"] == "Dit item hoort niet bij deze zelfscan."
    assert not scan.antwoorden.filter(item=item_1_1).exists()


def test_a_vo_school_without_a_wijk_fills_in_is_released_and_counts_for_its_board_and_city(
    client, world, vo
):
    scans = list(vo.scans.select_related("school").order_by("school__naam"))
    assert [s.school.wijk_id for s in scans] == [None, None, None]
    scan = next(s for s in scans if s.school_id == world.school_c.pk)
    login(client, world.personas["zorg_c"])
    # The zorgcoördinator answers the first open item through the page's autosave, the rest
    # is filled as a school that has worked through it.
    opbouw = structuur(scan)
    _deel, eerste = opbouw.eerste_open()
    assert autosave(client, scan, ident=eerste.pk, score="4").status_code == 200
    rest = [i for i in opbouw.items.values() if i.pk != eerste.pk]
    Antwoord.objects.bulk_create(Antwoord(scan=scan, item=i, score=3, versie=1) for i in rest)
    samenvatting.herbereken(scan=scan)
    for thema in toegestaan(scan).themas:
        Ambitie.objects.update_or_create(scan=scan, thema_id=thema,
                                         defaults={"niveau": "basisnorm", "versie": 1})  # fmt: skip
    scan.kengetallen.leerlingen = 900
    scan.kengetallen.inspectieoordeel = "voldoende"
    scan.kengetallen.save()
    overgang = reverse("zelfscan:scan_overgang", kwargs={"pk": scan.pk})
    response = client.post(overgang, {"naar": "ingediend"})
    assert response.status_code == 302, response.content.decode()[:2000]
    # Board B's role given by the VO SWV (its role given by SWV 1 reaches school B only).
    login(client, world.personas["bestuur_b_swv2"])
    assert client.post(overgang, {"naar": "vrijgegeven"}).status_code == 302
    # Two more released schools of the same board, so that the city has three.
    for other in scans:
        if other.pk != scan.pk:
            fill_all(other, score=2)
            Zelfscan.objects.filter(pk=other.pk).update(status="vrijgegeven")

    scan.refresh_from_db()
    assert scan.status == "vrijgegeven"
    # Its own page: no wijk to link to or compare with, the city beside it.
    login(client, world.personas["zorg_c"])
    html = client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk})).content.decode()
    assert "geen wijk (werkt stadsbreed)" in html
    assert "Gemiddelde per groep: school en stad" in html
    assert "/wijken/" not in html
    assert "Voldoet aan de basisnorm:</strong>\nja." in html

    login(client, world.personas["beheerder_other"])
    stad = client.get(reverse("zelfscan:resultaat_stad", kwargs={"pk": vo.pk}))
    html = stad.content.decode()
    assert "3 vrijgegeven scans tellen mee" in html
    assert "1 voldoen aan de basisnorm" in html
    assert "Geen school van deze ronde hoort bij een wijk" in html
    assert ">Bestuur B</a>" in html
    # Per group how many of the three meet it: school C every group (all 3 and one 4), the
    # others none (all 2). Theme 4 is not a group of a VO round.
    tabel = html[html.index("Per groep: scholen die aan de norm voldoen") :]
    assert "Ondersteuning bij moeilijk lerend" not in html
    rijen = tabel.count('<td class="getal">1</td><td class="getal">3</td>')
    assert rijen == len(toegestaan(scan).themas) + 3 + 13 + 5 + 1 + 3 == 30
    bestuur = client.get(
        reverse("zelfscan:resultaat_bestuur", kwargs={"pk": vo.pk, "bestuur": world.bestuur_b.pk})
    )
    assert bestuur.status_code == 200
    assert "College D" in bestuur.content.decode() and "School C" in bestuur.content.decode()
    # The reports of the board and the city render for VO (no wijk column, no wijk table).
    for url in (
        reverse("zelfscan:rapport_stad", kwargs={"pk": vo.pk}),
        reverse("zelfscan:rapport_bestuur", kwargs={"pk": vo.pk, "bestuur": world.bestuur_b.pk}),
        reverse("zelfscan:rapport_school", kwargs={"pk": scan.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"


def test_the_school_import_asks_a_wijk_of_a_primary_school_only(client, world):
    def upload(swv, regel):
        bestand = csv_file([HEADER, regel])
        url = reverse("zelfscan:importeren", kwargs={"pk": swv.pk, "soort": "scholen"})
        return client.post(url, {"bestand": bestand})

    login(client, world.personas["beheerder_other"])
    response = upload(world.swv2, "66FF;00;Stadscollege;41002;;vo;1100;ja")
    assert response.status_code == 200
    assert messages(response) == []
    stored = Importbestand.objects.get(swv=world.swv2, soort="scholen")
    client.post(reverse("zelfscan:import_bevestigen", kwargs={
        "pk": world.swv2.pk, "soort": "scholen", "bestand": stored.pk}))  # fmt: skip
    assert School.objects.get(brin="66FF").wijk is None

    login(client, world.personas["beheerder_a"])
    response = upload(world.swv1, "77GG;00;De Kleine Wereld;41001;;bao;200;ja")
    assert any("Een school in het primair onderwijs werkt in een wijk" in m
               for m in messages(response)), messages(response)  # fmt: skip
    assert not School.objects.filter(brin="77GG").exists()


def test_referrals_of_a_school_without_a_wijk_are_weighed_against_the_city():
    stad = {"leerlingen": 4000, "sbo": 40, "so": 0}
    signalen = regels.kengetallen_signalen(
        ib_fte=None, leerlingen=1000, verwijzingen={"SBO": 30, "SO": 0}, wijk=stad,
        stadsbreed=True,
    )  # fmt: skip
    assert signalen == ["Verwijzingspercentage naar SBO 3,0% ligt boven dat van de stad: 1,0%."]


def test_the_norm_pages_mark_what_is_asked_of_po_only(client, normkader):
    html = client.get(reverse("ijkpunten:groep", args=["anb-2024", "thema-4"])).content.decode()
    assert "alleen primair onderwijs" in html
    html = client.get(reverse("ijkpunten:groep", args=["anb-2024", "ijkpunt-10"])).content.decode()
    assert html.count("alleen primair onderwijs") == 1


def test_the_demo_has_a_vo_partnership_with_a_full_round(demo):
    vo_scans = Zelfscan.objects.filter(ronde__swv__sector="vo", ronde__schooljaar="2025-2026")
    assert vo_scans.count() == 8
    assert vo_scans.filter(status="vrijgegeven").count() >= 3
    assert not vo_scans.filter(school__wijk__isnull=False).exists()
    assert Rol.objects.filter(user__username="demo-vo-beheerder", swv__sector="vo").exists()


def test_how_it_is_calculated_says_what_differs_for_vo(client, world):
    login(client, world.personas["beheerder_other"])
    html = client.get(reverse("zelfscan:rekenregels")).content.decode()
    assert "Primair en voortgezet onderwijs" in html
    assert 'thema 4 ("cluster 3 in het po")' in html
    assert "Een school zonder wijk" in html and "wordt vergeleken met de stad" in html
