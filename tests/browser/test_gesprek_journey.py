"""The conversation and the plan in real Chromium: the consulent drafts and records the
conversation, the school adds a development point, the next round shows it beside its item;
axe-core finds no WCAG 2.1 A/AA violation on the pages visited."""

import datetime

import pytest

from ijkpunten.models import Item
from tests.browser.conftest import check_accessibility, log_in, new_page
from tests.personas import open_round
from tests.scanhulp import fill_all
from zelfscan.models import Antwoord, Gesprek, Ontwikkelpunt, Zelfscan
from zelfscan.resultaten import samenvatting

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_conversation_to_the_point_beside_its_item_next_year(
    browser, live_server, browser_world
):
    w = browser_world
    insp1 = Item.objects.get(groep__code="ijkpunt-1", code="insp-1")
    fill_all(w.scan_a, score=3)
    Antwoord.objects.filter(scan=w.scan_a, item=insp1).update(score=1)
    samenvatting.herbereken(scan=w.scan_a)
    Zelfscan.objects.filter(pk=w.scan_a.pk).update(status="vrijgegeven")
    checked = []

    # The consulent opens the conversation page: the agenda is drafted from the scan.
    page = new_page(browser, live_server)
    log_in(page, "consulent_a", None)
    page.goto(f"/scans/{w.scan_a.pk}/gesprek/")
    agenda = page.get_by_label("Agenda")
    assert "Score 1 bij insp-1" in agenda.input_value()
    check_accessibility(page, checked)
    agenda.press("Control+End")
    agenda.type("\n- Afspraken over het leesplan")
    page.get_by_label("Notities").fill("Het team herkent het beeld.")
    page.get_by_label("Afspraken").fill("Beleid op papier voor juni.")
    page.get_by_role("button", name="Het gesprek vastleggen").click()
    page.get_by_text("Het gesprek is vastgelegd.").wait_for()
    assert page.get_by_text("Status: besproken").is_visible()
    check_accessibility(page, checked)
    gesprek = Gesprek.objects.get()
    assert gesprek.agenda.endswith("- Afspraken over het leesplan")

    # The IB-er adds a development point on the indicator scored 1.
    page = new_page(browser, live_server)
    log_in(page, "ib_a", None)
    page.goto(f"/scholen/{w.school_a.pk}/ontwikkelplan/")
    assert page.get_by_text("Beleid op papier voor juni.").count() == 0  # the plan, not the talk
    page.get_by_label("Gaat over").select_option(f"item:{insp1.pk}")
    page.get_by_label("Titel").fill("Beleid op papier")
    page.get_by_label("SMART-doel").fill(
        "Voor 1 juni staat het ondersteuningsbeleid in het schoolplan."
    )
    page.get_by_label("Acties").fill("Schrijven, bespreken in het team, vaststellen.")
    page.get_by_label("Eigenaar").fill("Directeur")
    page.get_by_label("Deadline").fill(
        (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    )
    page.get_by_role("button", name="Het ontwikkelpunt toevoegen").click()
    page.get_by_role("heading", name="Beleid op papier").wait_for()
    check_accessibility(page, checked)
    assert Ontwikkelpunt.objects.get().item == insp1

    # Next year: the point is beside its indicator while the school fills in the new scan.
    Zelfscan.objects.filter(pk=w.scan_a.pk).update(status="afgerond")
    open_round(w, "2026-2027")
    page.goto(f"/scans/{w.scan_a.pk}/deel/ijkpunten/")
    beside = page.locator(f"#antwoord-{insp1.pk} [data-ontwikkelpunt]")
    assert "Beleid op papier" in beside.inner_text()
    check_accessibility(page, checked)
    assert len(checked) == 4
