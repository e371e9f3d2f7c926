"""The basisnorm as 002 states it (issue 15, part 1): "De school die de basiskwaliteit op orde
heeft en de basisondersteuning biedt, voldoet aan de basisnorm", with the three aspects "die op
elke school op orde moeten zijn" and the nine protocols and themes. Schools built by hand; the
school's page, the board's, the wijk's and the city's say it."""

import re

import pytest
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import fill_all
from tests.test_it_shows_results import school_in_wijk1
from zelfscan.models import Antwoord, Kengetallen, Zelfscan
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db


def school(scan, *, oordeel="voldoende", zwak=()):
    """Every item 3, the items of ``zwak`` (page keys of the scan) one item at 2; released."""
    fill_all(scan, score=3)
    opbouw = structuur(scan)
    for sleutel in zwak:
        Antwoord.objects.filter(scan=scan, item=opbouw.deel(sleutel).items[0]).update(score=2)
    samenvatting.herbereken(scan=scan)
    Kengetallen.objects.update_or_create(scan=scan, defaults={"inspectieoordeel": oordeel})
    Zelfscan.objects.filter(pk=scan.pk).update(status="vrijgegeven")


def aspect_item(scan, nummer):
    """The first item of ANB aspect ``nummer`` (the aspects share one page)."""
    deel = structuur(scan).deel("anb")
    groep = next(g for g in deel.groepen if g.nummer == nummer)
    return next(i for i in deel.items if i.groep_id == groep.pk)


def zwak_aspect(scan, nummer):
    Antwoord.objects.filter(scan=scan, item=aspect_item(scan, nummer)).update(score=2)
    samenvatting.herbereken(scan=scan)


def school_page(client, scan) -> str:
    return client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk})).content.decode()


def test_one_item_of_aspect_2_short_and_the_school_does_not_meet_the_basisnorm(client, world):
    school(world.scan_a)
    login(client, world.personas["school_user_a"])
    assert "Voldoet aan de basisnorm:</strong>\nja." in school_page(client, world.scan_a)
    zwak_aspect(world.scan_a, 2)  # a transparent support policy: one indicator at 2
    html = school_page(client, world.scan_a)
    assert "Voldoet aan de basisnorm:</strong>\nnee." in html
    # The protocols and themes are all in order: only the aspect decides here.
    assert "data-basiskwaliteit-wijkt-af" not in html


@pytest.mark.parametrize(
    ("oordeel", "aspect1_zwak", "gemeld"),
    [
        ("onvoldoende", False, True),  # the school scores aspect 1 in order, the inspection not
        ("voldoende", True, True),  # the inspection in order, the school's own score not
        ("voldoende", False, False),
        ("", True, False),  # no judgement recorded: nothing to disagree with
    ],
)
def test_own_basiskwaliteit_against_the_inspection_is_flagged(
    client, world, oordeel, aspect1_zwak, gemeld
):
    school(world.scan_a, oordeel=oordeel)
    if aspect1_zwak:
        zwak_aspect(world.scan_a, 1)
    login(client, world.personas["school_user_a"])
    html = school_page(client, world.scan_a)
    assert ("data-basiskwaliteit-wijkt-af" in html) == gemeld
    assert "Voldoet aan de basisnorm:</strong>\nnee." in html or not (
        aspect1_zwak or oordeel == "onvoldoende"
    )
    # The board sees the flag beside the school.
    login(client, world.personas["bestuur_user_a"])
    bestuur = client.get(
        reverse("zelfscan:resultaat_bestuur",
                kwargs={"pk": world.ronde.pk, "bestuur": world.bestuur_a.pk})
    ).content.decode()  # fmt: skip
    assert ("data-basiskwaliteit-wijkt-af" in bestuur) == gemeld


def test_board_wijk_and_city_count_the_schools_that_meet_the_basisnorm(client, world):
    school(world.scan_a)  # meets
    school(world.scan_b)
    zwak_aspect(world.scan_b, 3)  # an effective support structure: one indicator at 2
    school(school_in_wijk1(world, "School D", "44DD"), oordeel="zeer_zwak")  # the inspection
    school(school_in_wijk1(world, "School E", "55EE"))  # meets
    login(client, world.personas["beheerder_a"])
    stad = client.get(reverse("zelfscan:resultaat_stad", kwargs={"pk": world.ronde.pk}))
    html = stad.content.decode()
    assert "4 vrijgegeven scans tellen mee." in html
    assert "; 2 voldoen aan de basisnorm." in html
    haven = re.search(r">Haven</a></th><td>(\d+)</td>\s*<td>(\d+)</td>", html)
    assert haven.groups() == ("4", "2")
    wijk = client.get(
        reverse("zelfscan:resultaat_wijk", kwargs={"pk": world.ronde.pk, "wijk": world.wijk1.pk})
    ).content.decode()
    # The footer: the wijk's 4 schools, 2 meet the basisnorm; per group, aspect 3 is met by 3.
    voet = wijk[wijk.index("<tfoot>") :]
    assert re.search(r"4 scholen</td>\s*<td>2</td>", voet)
    per_groep = re.search(r"voldoen per groep</th><td colspan=\"3\"></td>(.*?)</tr>",
                          voet, re.S).group(1)  # fmt: skip
    cellen = re.findall(r"<td>(\d+|–)</td>", per_groep)
    assert cellen[:3] == ["4", "4", "3"]  # aspects 1, 2, 3
    assert cellen[3:] and set(cellen[3:]) == {"4"}  # every other group: all four


def test_the_demo_worlds_results_and_report_count_the_schools_that_meet_the_basisnorm(client, demo):
    """The pages count in SQL (``basisnorm_q``), a school's row in Python: on the demo world
    the two agree, and some schools meet the basisnorm while others do not."""
    import io

    import pdfplumber

    from zelfscan.models import Scanronde, User
    from zelfscan.resultaten import rekenregels as regels
    from zelfscan.resultaten import totalen as res

    ronde = Scanronde.objects.get(swv__sector="po", schooljaar="2025-2026")
    vrijgegeven = list(
        Zelfscan.objects.in_totalen().filter(ronde=ronde).select_related("kengetallen")
    )
    rijen = res.schoolrijen(
        vrijgegeven, res.groepen(ronde), regels.Voldoetregel.van(ronde.normkader)
    )
    voldoen = sum(1 for r in rijen if r.basisnorm is True)
    assert 0 < voldoen < len(rijen)
    login(client, User.objects.get(username="demo-beheerder"))
    html = client.get(reverse("zelfscan:resultaat_stad", kwargs={"pk": ronde.pk})).content.decode()
    assert f"; {voldoen} voldoen aan de basisnorm." in html
    for wijk in {s.school.wijk for s in vrijgegeven}:
        in_wijk = [r for r in rijen if r.scan.school.wijk_id == wijk.pk]
        n = sum(1 for r in in_wijk if r.basisnorm is True)
        assert re.search(rf">{wijk.naam}</a></th><td>{len(in_wijk)}</td>\s*<td>{n}</td>", html)
    pdf = client.get(reverse("zelfscan:rapport_stad", kwargs={"pk": ronde.pk}))
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        voorblad = doc.pages[0].extract_text()
    # The label wraps in its column: "Voldoen aan de 5 / basisnorm".
    assert re.search(rf"Voldoen aan de\s+(basisnorm\s+)?{voldoen}\b", voorblad), voorblad
