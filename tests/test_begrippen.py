"""The norm's glossary (issue 15, part 6): the 17 terms of 002's "Begrippenlijst", verbatim
(``test_norm_traceable`` checks the texts), on a public page, and linked where the texts of the
indicators use them."""

import pytest
from django.urls import reverse

from ijkpunten import selectors
from ijkpunten.models import Begrip, Normkader
from tests.personas import login

pytestmark = pytest.mark.django_db
BEGRIPPEN = reverse("ijkpunten:begrippen", kwargs={"normkader": "anb-2024"})


def test_seventeen_terms_on_a_public_page(client, normkader):
    termen = list(Begrip.objects.filter(normkader=normkader).values_list("term", flat=True))
    assert len(termen) == 17
    assert (termen[0], termen[8], termen[-1]) == (
        "Afdeling Toeleiding", "Klankbordgroep Voortgezet Onderwijs (stad)", "Zorgadviesteam (ZAT)"
    )  # fmt: skip
    html = client.get(BEGRIPPEN).content.decode()  # nobody logged in
    assert html.count("<dt id=") == 17
    assert '<dt id="begrip-passend-onderwijs-in-de-wijk">Passend Onderwijs in de Wijk</dt>' in html
    # The page title "Begrippenlijst" in the middle of this one is left out (BESLUITEN.md).
    assert "waarin onderlinge afstemming en gezamenlijk ontwikkelen het doel is." in html
    overzicht = client.get(reverse("ijkpunten:overzicht")).content.decode()
    assert f'href="{BEGRIPPEN}"' in overzicht


def test_a_term_links_where_an_indicator_uses_it_once_per_text(client, normkader, world):
    link = f'<a class="begrip" href="{BEGRIPPEN}#begrip-ondersteuningsprofiel">'
    html = client.get(
        reverse("ijkpunten:groep", kwargs={"normkader": "anb-2024", "code": "ijkpunt-2"})
    ).content.decode()
    # "... vastgesteld hoe zij ..." in the lead-in of the ten ref-1 bullets; not inside
    # "schoolondersteuningsprofiel" (a word of its own).
    assert html.count(f"{link}ondersteuningsprofiel</a>") == 10
    assert f"school{link}" not in html
    # The IB-er's page of ijkpunt 2 links the same.
    login(client, world.personas["school_user_a"])
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-2"})
    assert client.get(deel).content.decode().count(f"{link}ondersteuningsprofiel</a>") == 10


def test_marking_escapes_the_text_and_knows_terms_by_their_short_forms(normkader):
    markering = selectors.begrip_markering(normkader)
    tekst = markering.markeer("<b>Het ZAT</b> en het dekkend netwerk; het ZAT weer.")
    assert tekst == (
        f'&lt;b&gt;Het <a class="begrip" href="{BEGRIPPEN}#begrip-zorgadviesteam-zat">ZAT</a>'
        f'&lt;/b&gt; en het <a class="begrip" href="{BEGRIPPEN}#begrip-dekkend-netwerk-van-'
        'ondersteuning">dekkend netwerk</a>; het ZAT weer.'
    )


def test_a_copy_of_the_norm_keeps_its_glossary(normkader):
    from ijkpunten.services import copy_normkader

    kopie = copy_normkader(bron=normkader, code="anb-2027", naam="x")
    assert kopie.begrippen.count() == 17
    assert Normkader.objects.get(code="anb-2027").begrippen.first().term == "Afdeling Toeleiding"


UITLEG = reverse("ijkpunten:uitleg", kwargs={"normkader": "anb-2024"})


def test_what_is_not_basisondersteuning_and_the_zorgplicht_verbatim_on_a_public_page(client):
    html = client.get(UITLEG).content.decode()  # nobody logged in
    titels = [
        "Wat is basisondersteuning niet?",  # 002
        "Wat valt niet onder de basisondersteuning?",  # 001
        "Zorgplicht",  # 002
    ]
    assert [t for t in titels if f'class="h4">{t}</h2>' in html] == titels
    # The terms of the zorgplicht: six weeks, up to ten, also for an aanmelding in the year.
    assert (
        "Na schriftelijke aanmelding door ouders brengt de school binnen zes weken, met een "
        "uitloop tot maximaal tien weken, de onderwijsbehoeften van de leerling in kaart."
    ) in html
    assert "Bij een tussentijdse aanmelding biedt de school de leerling onderwijs" in html
    # 001's bullets are paragraphs of their own, without the source's dash.
    assert (
        "<p>Logopedische ondersteuning ter bevordering van de taalontwikkeling valt onder" in html
    )
    # A glossary term in them links to its explanation.
    link = f'<a class="begrip" href="{BEGRIPPEN}#begrip-basisondersteuning">'
    assert f"<p>{link}Basisondersteuning</a> is niet" in html


def test_the_ib_er_finds_the_explanations_and_the_glossary_beside_the_items(client, world):
    login(client, world.personas["school_user_a"])
    deel = reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-2"})
    html = client.get(deel).content.decode()
    assert f'href="{UITLEG}"' in html and f'href="{BEGRIPPEN}"' in html
