"""The consulent's own view (issue 17, part 2), as the consulent uses it: from the start page
to a released scan, to "what you saw in practice", one view recorded by a click (autosave),
the page axe clean at 1280 and 768 px; after the conversation the IB-er sees it beside the
school's score. Real CSP."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, log_in
from tests.browser.test_journeys import item
from zelfscan.models import Antwoord, Consulentoordeel, Zelfscan
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("breedte", [1280, 768])
def test_the_consulent_records_what_they_saw(browser, live_server, browser_world, breedte):
    w = browser_world
    scan = w.scan_a
    Antwoord.objects.bulk_create(
        Antwoord(scan=scan, item=i, score=3, versie=1) for i in structuur(scan).items.values()
    )
    samenvatting.herbereken(scan=scan)
    Zelfscan.objects.filter(pk=scan.pk).update(status=Zelfscan.Status.VRIJGEGEVEN)
    insp1 = item("insp-1", "ijkpunt-4")
    checked = []
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, "consulent_a", None)
    page.get_by_role("link", name="beoordelen School A").click()
    page.get_by_role("link", name="Leg vast wat u in de praktijk zag").click()
    check_accessibility(page, checked)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte
    # To ijkpunt 4 by the page links.
    for _ in range(20):
        if "ijkpunt-4/consulent" in page.url:
            break
        page.get_by_role("link", name=re.compile("^volgende")).click()
    fieldset = page.locator(f"#oordeel-{insp1.pk}")
    assert "School: 3 in voldoende mate" in fieldset.inner_text()
    fieldset.get_by_label("1 niet aanwezig").check()
    expect(fieldset.locator(".autosave-status")).to_have_text("Opgeslagen")
    check_accessibility(page, checked)
    assert Consulentoordeel.objects.get(scan=scan, item=insp1).score == 1
    context.close()

    # After the conversation, the IB-er sees it beside the school's score.
    Zelfscan.objects.filter(pk=scan.pk).update(status=Zelfscan.Status.BESPROKEN)
    ib = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    ).new_page()
    log_in(ib, "ib_a", None)
    ib.goto(f"/scans/{scan.pk}/deel/ijkpunt-4/")
    zag = ib.locator(f"#antwoord-{insp1.pk} .consulent-zag").inner_text()
    assert zag == "Wat de consulent zag: 1 niet aanwezig verschilt een punt of meer"
    check_accessibility(ib, checked)
