"""The referral signal as 000 states it (ijkpunt 3, signaleren risico): "De school verwijst
aantoonbaar meer leerlingen naar het SBO en SO dan het landelijk gemiddelde en het gemiddelde
voor de eigen wijk ... of een school verwijst helemaal niet" (issue 15, part 4). The national
average is data the SWV enters per school year, not code."""

import pytest
from django.urls import reverse

from ijkpunten.models import LandelijkGemiddelde, Normkader
from tests.personas import login
from tests.test_it_shows_results import released, school_in_wijk1
from zelfscan.models import Kengetallen

pytestmark = pytest.mark.django_db


def wijk_met(world, sbo_a, so_a=0):
    """School A and three others in wijk 1, 100 pupils each; the others refer 1, 0 and 2 to
    SBO and none to SO."""
    scans = [world.scan_a, world.scan_b, school_in_wijk1(world, "School D", "44DD"),
             school_in_wijk1(world, "School E", "55EE")]  # fmt: skip
    for scan, sbo, so in zip(scans, (sbo_a, 1, 0, 2), (so_a, 0, 0, 0), strict=True):
        released(scan, 3)
        Kengetallen.objects.filter(scan=scan).update(
            leerlingen=100, verwijzingen_sbo=sbo, verwijzingen_so=so
        )


def landelijk(sbo, so=None):
    LandelijkGemiddelde.objects.create(
        normkader=Normkader.objects.get(code="anb-2024"), schooljaar="2025-2026",
        verwijzingen_sbo=sbo, verwijzingen_so=so, bron="test",
    )  # fmt: skip


def signalen(client, world) -> str:
    login(client, world.personas["school_user_a"])
    html = client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": world.scan_a.pk}))
    html = html.content.decode()
    begin = html.index('<h2 class="h4">Signalen</h2>')
    return html[begin : html.index("</ul>", begin)]


def test_above_the_national_and_the_wijks_average_is_a_signal(client, world):
    wijk_met(world, sbo_a=5)  # the wijk: 8 of 400 = 2,0%
    landelijk("3.00")
    assert (
        "Verwijzingspercentage naar SBO 5,0% ligt boven het landelijk gemiddelde van 3,0% en "
        "dat van de wijk: 2,0%."
    ) in signalen(client, world)


def test_above_the_wijk_but_not_the_national_average_is_no_signal(client, world):
    wijk_met(world, sbo_a=3)  # the wijk: 6 of 400 = 1,5%; the school 3,0%
    landelijk("4.00")
    tekst = signalen(client, world)
    assert "naar SBO" not in tekst and "helemaal niet" not in tekst


def test_a_school_that_never_refers_is_a_signal(client, world):
    wijk_met(world, sbo_a=0, so_a=0)
    landelijk("3.00", "1.00")
    tekst = signalen(client, world)
    assert "De school verwijst helemaal geen leerlingen naar SBO of SO." in tekst
    assert "naar SBO 0" not in tekst


def test_a_school_below_both_is_no_signal(client, world):
    wijk_met(world, sbo_a=1)  # 1,0% against the wijk's 1,0% and the national 3,0%
    landelijk("3.00")
    tekst = signalen(client, world)
    assert "Verwijzingspercentage" not in tekst and "helemaal" not in tekst


def test_without_a_national_average_the_wijk_alone_is_compared(client, world):
    wijk_met(world, sbo_a=5)
    assert "Verwijzingspercentage naar SBO 5,0% ligt boven dat van de wijk: 2,0%." in signalen(
        client, world
    )
