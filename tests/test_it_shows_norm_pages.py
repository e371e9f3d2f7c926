"""The public pages "De norm": what they show, to whom, and at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ijkpunten.models import Groep, Item, Normkader, Risicosignaal

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_norm_is_public_and_linked_from_the_login_page(client):
    # "/" is the start page after login; the norm needs no account.
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/inloggen/?next=/"
    assert 'href="/norm/"' in response.content.decode()
    assert client.get("/norm/").status_code == 200


def test_overview_shows_domains_ijkpunten_themes_and_scale(client, normkader):
    response = client.get("/norm/")
    assert response.status_code == 200
    text = _text(response)
    for groep in Groep.objects.filter(normkader=normkader, soort=Groep.Soort.IJKPUNT):
        assert f"IJkpunt {groep.nummer}. {groep.naam}" in text
        assert groep.standaard in text
    for domein in ("Beleid", "Onderwijs", "Begeleiding", "Organisatie"):
        assert f">{domein}</h3>" in response.content.decode()
    assert "De ijkpunten in 4 domeinen" in text
    assert "Protocol medisch handelen" in text
    assert "in voldoende mate aanwezig / zichtbaar" in text
    assert "Een item is voldoende vanaf score 3." in text


def test_base_layout_is_dutch_with_skip_link_main_and_keyboard_menu(client):
    html = client.get("/norm/").content.decode()
    assert '<html lang="nl">' in html
    assert (
        '<a class="visually-hidden-focusable skip-link" href="#inhoud">Direct naar de inhoud</a>'
        in html
    )
    assert '<main id="inhoud"' in html
    # The collapsed menu is a real button tied to the menu it opens (tablet and keyboard).
    assert 'aria-controls="hoofdmenu"' in html and 'id="hoofdmenu"' in html
    assert re.search(r'href="/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css"', html)
    assert "//cdn" not in html and "https://" not in html.split("<main")[0]


def test_ijkpunt_page_shows_standard_indicators_by_source_and_signals(client, normkader):
    response = client.get("/norm/anb-2024/ijkpunt-4/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert (
        "De school is fysiek en sociaal gezien veilig en heeft een goed pedagogisch klimaat."
        in text
    )
    headings = re.findall(r'<h3 id="kop-bron-\d+" class="h5">([^<]+)</h3>', html)
    assert headings == ["Inspectie-eisen", "Referentiekader", "Almeerse afspraken"]
    for item in Item.objects.filter(groep__code="ijkpunt-4", groep__normkader=normkader):
        assert item.tekst in text
        assert f'id="item-ijkpunt-4-{item.code}"' in html
    signalen = Risicosignaal.objects.filter(groep__code="ijkpunt-4", groep__normkader=normkader)
    assert signalen.count() == 6
    for signaal in signalen:
        assert signaal.tekst in text


def test_a_source_without_indicators_says_so(client):
    text = _text(client.get("/norm/anb-2024/ijkpunt-8/"))
    assert "De bron geeft bij dit ijkpunt geen indicatoren van deze soort." in text


def test_sub_points_are_shown_with_their_indicator(client):
    html = client.get("/norm/anb-2024/ijkpunt-9/").content.decode()
    assert html.count('<ol class="subpunten" type="a">') == 2
    assert "<li>Samenwerking met medeleerlingen; omgang en samenwerken</li>" in html


def test_themes_page_shows_protocols_themes_and_support_levels(client, normkader):
    text = _text(client.get("/norm/anb-2024/themas/"))
    for groep in Groep.objects.filter(
        normkader=normkader, soort__in=[Groep.Soort.PROTOCOL, Groep.Soort.THEMA]
    ):
        assert groep.naam in text
    for nummer, categorie, norm in [
        (1, "Basisondersteuning", "basisnorm"),
        (2, "Basisondersteuning", "basisnorm"),
        (3, "Extra (aanvullende) ondersteuning in groep of school", "streefnorm"),
        (
            4,
            "Extra (gespecialiseerde) ondersteuning in groep of school",
            "extra (gespecialiseerde) ondersteuning",
        ),
    ]:
        assert f"Niveau {nummer}." in text
        assert f"{categorie} · {norm}" in text
    assert "21 items van de basisnorm (niveau 1 en 2)" in text  # thema 3: areas 3 and 4
    assert "8 items van de basisnorm (niveau 1 en 2)" in text  # thema 4: area 5 + 2 shared


def test_shared_items_link_to_their_home(client):
    html = client.get("/norm/anb-2024/protocol-sociale-veiligheid/").content.decode()
    assert "Telt hier ook mee" in html
    assert 'href="/norm/anb-2024/ijkpunt-4/#item-ijkpunt-4-insp-1"' in html


def test_hgw_page_shows_principles_phases_and_all_indicators(client):
    response = client.get("/norm/anb-2024/hgw/")
    html = response.content.decode()
    text = _text(response)
    assert "De werkwijze is doelgericht." in text
    for fase in ("Signaleren", "Begrijpen", "Plannen", "Uitvoeren", "Evalueren"):
        assert f"<li>{fase}</li>" in html
    assert len(re.findall(r'id="item-hgw-\d-\d\.\d"', html)) == 29
    assert len(re.findall(r'<tr id="item-toezichtkader-', html)) == 22
    assert html.count("alleen SBO</span>") == 2


@pytest.mark.parametrize(
    "url",
    ["/norm/anb-2024/ijkpunt-14/", "/norm/bestaat-niet/", "/norm/bestaat-niet/ijkpunt-1/"],
)
def test_unknown_parts_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_concept_version_is_for_staff_only(client, admin_client, normkader):
    Normkader.objects.create(code="anb-concept", naam="Concept", status="concept")
    assert client.get("/norm/anb-concept/").status_code == 404
    response = admin_client.get("/norm/anb-concept/")
    assert response.status_code == 200
    assert "Dit is een conceptversie van de norm" in response.content.decode()
    # The default page keeps showing the version in force.
    assert "Almeerse Norm Basisondersteuning 2024" in _text(client.get("/norm/"))


def test_pages_are_read_only(client):
    assert client.post("/norm/anb-2024/ijkpunt-1/").status_code == 405


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/norm/", 4),
        ("/norm/anb-2024/ijkpunt-9/", 5),
        ("/norm/anb-2024/themas/", 10),
        ("/norm/anb-2024/hgw/", 11),
    ],
)
def test_query_count_is_fixed(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_the_norm(client, normkader):
    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/norm/anb-2024/ijkpunt-9/", "/norm/anb-2024/themas/", "/norm/anb-2024/hgw/"]
    before = [count(url) for url in urls]
    for groep in Groep.objects.filter(normkader=normkader):
        Item.objects.bulk_create(
            Item(groep=groep, code=f"extra-{n}", volgorde=100 + n, bron="anb", tekst="x")
            for n in range(20)
        )
        Risicosignaal.objects.bulk_create(
            Risicosignaal(groep=groep, volgorde=100 + n, tekst="y") for n in range(5)
        )
    assert [count(url) for url in urls] == before
