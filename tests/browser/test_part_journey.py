"""The IB-er's working session (issue 14): from the start page to the first open item, through
an ijkpunt with "only open items" and last round's score in sight, and back to the start page
where the progress has moved. Real CSP, axe on every page, at 1280 and 768 px."""

import pytest

from tests.browser.conftest import check_accessibility, log_in
from tests.browser.test_journeys import item
from tests.personas import open_round
from zelfscan.models import Antwoord, Zelfscan
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("breedte", [1280, 768])
def test_the_ib_er_works_through_an_ijkpunt_from_the_start_page(
    browser, live_server, browser_world, breedte
):
    w = browser_world
    insp1, insp3, ref1 = (
        item("insp-1", "ijkpunt-4"),
        item("insp-3", "ijkpunt-4"),
        item("ref-1", "ijkpunt-4"),
    )
    # Last round: answered, with a note on insp-1.
    vorig = w.scan_a
    Antwoord.objects.bulk_create(
        Antwoord(scan=vorig, item=i, score=2, versie=1,
                 toelichting="Plan nog niet vastgesteld" if i == insp1 else "")
        for i in structuur(vorig).items.values()
    )  # fmt: skip
    Zelfscan.objects.filter(pk=vorig.pk).update(status="afgerond")
    # This round: everything answered but three items of ijkpunt 4.
    open_round(w, "2026-2027")
    scan = w.scan_a
    Antwoord.objects.bulk_create(
        Antwoord(scan=scan, item=i, score=3, versie=1)
        for i in structuur(scan).items.values()
        if i not in (insp1, insp3, ref1)
    )
    samenvatting.herbereken(scan=scan)
    checked = []

    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, "ib_a", None)
    assert "277 van 280 items beantwoord." in page.content()
    check_accessibility(page, checked)

    # One click from the start page to the first open item.
    page.get_by_role("link", name="Ga verder met ijkpunt 4: Omgeving, item insp-1").click()
    page.wait_for_url(f"**/scans/{scan.pk}/deel/ijkpunt-4/#antwoord-{insp1.pk}")
    check_accessibility(page, checked)
    eerste = page.locator(f"#antwoord-{insp1.pk}")
    assert eerste.locator("[data-vorige-score]").inner_text() == (
        "Vorige ronde (2025-2026): 2 in onvoldoende mate — Plan nog niet vastgesteld"
    )
    assert page.locator("#voortgang-deel").inner_text() == "5 van 8 beantwoord."

    # Only the open items, at once (no reload with the script on).
    page.get_by_label("Alleen open items").check()
    assert page.locator("fieldset.antwoord:visible").count() == 3
    assert "?open=1" in page.url
    check_accessibility(page, checked)

    # Answer, then on to the next open item by its link: the focus lands on its first score.
    for huidig, volgend in ((insp1, insp3), (insp3, ref1)):
        page.locator(f"#antwoord-{huidig.pk}").get_by_text("3 in voldoende mate").click()
        page.locator(f"#antwoord-{huidig.pk}").get_by_role("link", name="Volgend open item").click()
        focus = page.evaluate("document.activeElement.id")
        assert focus == f"score-{volgend.pk}-1"
    page.keyboard.press("ArrowRight")  # ref-1: 1 -> 2, by keyboard from where the link left it
    page.wait_for_function("() => window.zelfscanAutosave && !window.zelfscanAutosave.busy()")
    assert page.locator("#voortgang-deel").inner_text() == "8 van 8 beantwoord."
    assert page.locator("[data-open-item]").count() == 0

    # The same filter after a reload comes from the server: nothing open is left here.
    page.reload()
    assert "Elk item hier is beantwoord." in page.content()
    check_accessibility(page, checked)

    # Back on the start page through the menu (folded behind its button on a tablet), the
    # progress has moved.
    if breedte < 992:
        page.get_by_role("button", name="Menu openen").click()
    page.get_by_role("link", name="Mijn overzicht").click()
    # The click returns once the navigation has started; the new page may not be parsed yet
    # (content() was once '' under load), so wait until the start page has loaded.
    page.wait_for_url(f"{live_server.url}/", wait_until="load")
    assert "280 van 280 items beantwoord." in page.content()
    check_accessibility(page, checked)
    scores = dict(
        Antwoord.objects.filter(scan=scan, item__in=[insp1, insp3, ref1]).values_list(
            "item_id", "score"
        )
    )
    assert scores == {insp1.pk: 3, insp3.pk: 3, ref1.pk: 2}
    assert len(checked) == 5
    context.close()


def test_last_years_answer_counts_on_the_page_once_confirmed(browser, live_server, browser_world):
    """Issue 29: a proposal taken over from last year is not counted as answered, also not by
    the page's own script once another answer is saved; confirming it counts it. Over 5 s: a
    browser, a round and a prefilled scan of 280 answers."""
    from django.urls import reverse

    from tests.scanhulp import fill_all

    w = browser_world
    fill_all(w.scan_a, score=3)
    Zelfscan.objects.filter(pk=w.scan_a.pk).update(status="afgerond")
    nieuw = open_round(w, "2026-2027").scans.get(school=w.school_a)
    page = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    ).new_page()
    log_in(page, "ib_a", None)
    page.goto(reverse("zelfscan:scan", kwargs={"pk": nieuw.pk}))
    page.get_by_role("button", name="Begin met de antwoorden van vorig jaar").click()
    page.goto(reverse("zelfscan:scan_deel", kwargs={"pk": nieuw.pk, "deel": "ijkpunt-4"}))
    assert page.locator("#voortgang-deel").inner_text() == "0 van 8 beantwoord."
    page.locator("[data-bevestig]").first.click()
    page.wait_for_function("() => window.zelfscanAutosave && !window.zelfscanAutosave.busy()")
    assert page.locator("#voortgang-deel").inner_text() == "1 van 8 beantwoord."
    assert Antwoord.objects.filter(scan=nieuw, uit_vorige_scan=False).count() == 1
