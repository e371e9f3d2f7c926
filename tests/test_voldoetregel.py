"""The rule for *voldoet* belongs to the Normkader (issue 15, part 3): every scored item at or
above the threshold (the default), a share of them, or their mean. Each rule on a school built
by hand, on its results page; the database's count of schools that voldoen agrees with the
page's rule for every rule; "Hoe wordt er gerekend?" says the rule in force."""

import random
import re

import pytest
from django.urls import reverse

from ijkpunten.models import Normkader
from tests.personas import login
from tests.scanhulp import fill_all
from zelfscan.models import Antwoord, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.resultaten import samenvatting
from zelfscan.resultaten import totalen as res
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db


def zet_regel(regel, aandeel=80, drempel=3):
    Normkader.objects.filter(code="anb-2024").update(
        voldoet_regel=regel, voldoet_aandeel=aandeel, drempel_voldoende=drempel
    )


def meets(client, scan, groepnaam) -> str:
    html = client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk})).content
    rij = re.search(
        rf'<th scope="row">{re.escape(groepnaam)}.*?</th>\s*<td[^>]*>[^<]*</td>\s*<td>[^<]*</td>'
        r"\s*<td>([^<]*)</td>",
        html.decode(),
    )
    return rij.group(1)


@pytest.mark.parametrize(
    ("regel", "aandeel", "verwacht"),
    [
        # protocol 2 scored 4, 4, 3, 3, 2: one item below 3; 4 of 5 (80%) at or above; mean 3.2
        ("elk_item", 80, "nee"),
        ("aandeel", 80, "ja"),
        ("aandeel", 81, "nee"),
        ("gemiddelde", 80, "ja"),
    ],
)
def test_each_rule_gives_the_hand_computed_answer(client, world, regel, aandeel, verwacht):
    fill_all(world.scan_a, score=3)
    items = structuur(world.scan_a).deel("protocol-2").items  # 4 own, 1 shared
    for item, score in zip(items, (4, 4, 3, 3, 2), strict=True):
        Antwoord.objects.filter(scan=world.scan_a, item=item).update(score=score)
    samenvatting.herbereken(scan=world.scan_a)
    zet_regel(regel, aandeel)
    login(client, world.personas["school_user_a"])
    assert meets(client, world.scan_a, "Protocol medisch handelen") == verwacht


def test_the_mean_rule_fails_a_group_whose_mean_is_below_the_threshold(client, world):
    fill_all(world.scan_a, score=3)
    items = structuur(world.scan_a).deel("protocol-2").items
    for item, score in zip(items, (4, 2, 2, 2, 4), strict=True):
        Antwoord.objects.filter(scan=world.scan_a, item=item).update(score=score)  # mean 2.8
    samenvatting.herbereken(scan=world.scan_a)
    zet_regel("gemiddelde")
    login(client, world.personas["school_user_a"])
    assert meets(client, world.scan_a, "Protocol medisch handelen") == "nee"


@pytest.mark.parametrize(
    ("regel", "aandeel", "drempel"),
    [("elk_item", 80, 3), ("aandeel", 60, 3), ("aandeel", 75, 2), ("gemiddelde", 80, 3),
     ("gemiddelde", 80, 2)],
)  # fmt: skip
def test_the_databases_count_agrees_with_the_rule_for_every_group(world, regel, aandeel, drempel):
    """The totals count in SQL (``Voldoetregel.q``), a school's page in Python
    (``Voldoetregel.voldoet``): over random scans, the two give the same schools."""
    rng = random.Random(15)  # noqa: S311 - a fixed seed: the same scans every run
    scans = [world.scan_a, world.scan_b]
    for scan in scans:
        Antwoord.objects.bulk_create(
            Antwoord(scan=scan, item=i, versie=1, score=rng.choice([1, 2, 3, 3, 4, 4, 4, 4]))
            for i in structuur(scan).items.values()
        )
        samenvatting.herbereken(scan=scan)
    zet_regel(regel, aandeel, drempel)
    kader = Normkader.objects.get(code="anb-2024")
    r = regels.Voldoetregel.van(kader)
    per_school = res.tellingen([s.pk for s in scans])
    sql = res.totalen(Zelfscan.objects.filter(pk__in=[s.pk for s in scans]), per=None, regel=r)
    anders = 0  # groups where this rule and "every item" differ: the test has teeth
    for (_e, groep), totaal in sql.items():
        tellingen = [per_school.get((s.pk, groep), regels.Telling()) for s in scans]
        assert totaal.voldoen == sum(1 for t in tellingen if r.voldoet(t) is True), groep
        elk = regels.Voldoetregel(drempel=drempel)
        anders += sum(1 for t in tellingen if r.voldoet(t) != elk.voldoet(t))
    assert len(sql) == 1 + 31  # the whole scan and every group of the round
    assert anders > 0 or regel == "elk_item"


@pytest.mark.parametrize(
    ("regel", "aandeel", "zin"),
    [
        ("elk_item", 80, "elke gescoorde indicator 3 of hoger is"),
        ("aandeel", 75, "ten minste 75% van de gescoorde indicatoren 3 of hoger is"),
        ("gemiddelde", 80, "het gemiddelde van de gescoorde indicatoren 3 of hoger is"),
    ],
)
def test_how_it_is_calculated_says_the_rule_in_force(client, world, regel, aandeel, zin):
    zet_regel(regel, aandeel)
    login(client, world.personas["school_user_a"])
    html = client.get(reverse("zelfscan:rekenregels")).content.decode()
    assert f"Almeerse Norm Basisondersteuning 2024: een groep voldoet als {zin}." in html


def test_a_copy_of_the_norm_keeps_its_rule(world):
    from ijkpunten.services import copy_normkader

    zet_regel("aandeel", 90)
    kopie = copy_normkader(bron=Normkader.objects.get(code="anb-2024"), code="anb-2027", naam="x")
    assert (kopie.voldoet_regel, kopie.voldoet_aandeel) == ("aandeel", 90)
