"""The results pages in real Chromium: a board member goes from the board's heatmap to a
school and the city, filters by kind of school; axe-core finds no WCAG 2.1 A/AA violation."""

import pytest

from tests.browser.conftest import check_accessibility, log_in, new_page
from tests.scanhulp import fill_all
from zelfscan.models import Ambitie, School, Zelfscan
from zelfscan.scans.workflow import ensure_scans

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_board_member_reads_the_results(browser, live_server, browser_world):
    w = browser_world
    School.objects.create(
        brin="44DD", naam="School D", bestuur=w.bestuur_a, wijk=w.wijk1, swv=w.swv1, soort="bao"
    )
    ensure_scans(ronde=w.ronde)
    for score, scan in zip((2, 3, 4), w.ronde.scans.order_by("school__naam"), strict=True):
        fill_all(scan, score=score)
    Zelfscan.objects.filter(ronde=w.ronde).update(status="vrijgegeven")
    thema = w.ronde.normkader.groepen.filter(soort="thema").order_by("nummer").first()
    Ambitie.objects.create(scan=w.scan_a, thema=thema, expertise="brengt")

    page = new_page(browser, live_server)
    seen = []
    log_in(page, "bestuur_a", None)
    page.goto(f"/resultaten/rondes/{w.ronde.pk}/besturen/{w.bestuur_a.pk}/")
    heatmap = page.get_by_role("table", name="De scholen van het bestuur naast elkaar")
    assert heatmap.get_by_role("row", name="School A").is_visible()
    check_accessibility(page, seen)

    page.get_by_role("link", name="School A").click()
    page.wait_for_url("**/resultaten/scans/**")
    assert page.get_by_role("heading", name="Resultaat van School A").is_visible()
    check_accessibility(page, seen)

    page.get_by_role("link", name="Haven").click()
    assert page.get_by_role("heading", name="Resultaten van wijk Haven").is_visible()
    # The wijk's figures are hidden from the board (one school of another board beside its
    # own), and so is its network, which would name that school (issue 28).
    assert page.get_by_text("Niet getoond: de cijfers van de wijk zijn verborgen").is_visible()
    assert page.get_by_role("table", name="Per thema").count() == 0
    check_accessibility(page, seen)

    page.get_by_role("link", name="De stad").first.click()
    page.get_by_label("Soort school").select_option("sbo")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**soort=sbo")
    assert page.get_by_text("Nog geen vrijgegeven scans in deze ronde.").first.is_visible()
    check_accessibility(page, seen)
    assert len(seen) == 4
