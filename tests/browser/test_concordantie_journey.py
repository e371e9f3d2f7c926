"""A school across a revision of the norm (issue 18), as the IB-er sees it in the browser:
from the results page to the trend per indicator, where a merged indicator shows its break
with the reason; the fill-in page with last year's score of a split indicator and the carried
development point. At 1280 and 768 px, axe clean, no sideways scroll. Real CSP."""

import pytest

from tests.browser.conftest import check_accessibility, log_in
from tests.normhulp import REDEN_SAMENVOEGING, drie_rondes_van, item_van
from tests.scanhulp import fill_all

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("breedte", [1280, 768])
def test_the_ib_er_follows_an_indicator_across_the_revision(
    browser, live_server, browser_world, breedte, tmp_path
):
    _e, _t, derde, punt, _s = drie_rondes_van(browser_world)
    fill_all(derde, score=4, leave_open=3)
    checked = []
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    meldingen = []
    page.on("console", lambda m: m.type == "error" and meldingen.append(m.text))
    log_in(page, "ib_a", None)
    page.goto(f"/resultaten/scans/{derde.pk}/")
    check_accessibility(page, checked)
    assert "Breuk: vanaf 2026-2027 is de norm" in page.inner_text("main")
    page.get_by_role("link", name="Verloop per indicator").click()
    check_accessibility(page, checked)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte
    rij = page.locator("#verloop-ijkpunt-2-insp-34")
    assert f"samengevoegd uit ijkpunt-2 insp-3, ijkpunt-2 insp-4: {REDEN_SAMENVOEGING}" in (
        rij.inner_text()
    )
    # For a person to look at (the brief: every changed page seen at both widths).
    page.locator("#verloop-ijkpunt-2-insp-2a").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"verloop-{breedte}.png"))

    page.goto(f"/scans/{derde.pk}/deel/ijkpunt-2/")
    check_accessibility(page, checked)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte
    gesplitst = page.locator(f"#antwoord-{item_van('insp-2b').pk}")
    tekst = gesplitst.inner_text()
    assert punt.titel in tekst and "gesplitst uit ijkpunt-2 insp-2" in tekst
    gesplitst.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"deel-{breedte}.png"))
    assert meldingen == []
    context.close()
