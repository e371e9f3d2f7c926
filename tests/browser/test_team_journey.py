"""The team behind the score (issue 17), as its people use it: the IB-er invites three
colleagues from the start page; each rates the HGW part through their own link on a phone
(390 px, autosave, axe clean); the IB-er sees the distribution and the points for the team
meeting, sets the school's score where it differs and gives the reason; the school report
shows the team's view. Real CSP throughout."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, log_in
from tests.browser.test_journeys import item
from tests.pdfhulp import teksten as pagina_teksten
from tests.teamhulp import sleutels_uit
from zelfscan.models import Antwoord, Teamscore
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db(transaction=True)

# What each colleague rates the first three HGW items (1.1, 1.2, 1.3).
RATINGS = {
    "Anna de Vries": (1, 3, 3),
    "Bram Jansen": (2, 3, 4),
    "Cees Bakker": (4, 3, 4),
}


def _wait_saved(page):
    page.wait_for_function("() => window.zelfscanAutosave && !window.zelfscanAutosave.busy()")


def test_three_colleagues_rate_and_the_school_decides(browser, live_server, browser_world):
    w = browser_world
    scan = w.scan_a
    hgw = [item(c, "hgw-1") for c in ("1.1", "1.2", "1.3")]
    # The school has answered everything with 3.
    Antwoord.objects.bulk_create(
        Antwoord(scan=scan, item=i, score=3, versie=1) for i in structuur(scan).items.values()
    )
    samenvatting.herbereken(scan=scan)
    checked = []
    mail.outbox.clear()

    ib = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    ).new_page()
    ib.set_default_timeout(15000)
    log_in(ib, "ib_a", None)
    # From the start page, one click to the team page.
    ib.get_by_role("link", name=re.compile("^Het team achter de score: collega's")).click()
    ib.wait_for_url(f"**/scans/{scan.pk}/team/")
    check_accessibility(ib, checked)
    ib.get_by_role("textbox", name="Collega's").fill(
        "\n".join(f"{naam}\t{naam.split()[0].lower()}@school.example" for naam in RATINGS)
    )
    ib.get_by_label("indicatoren handelingsgericht werken").check()
    ib.get_by_label("Link geldig tot en met").fill(
        f"{datetime.date.today() + datetime.timedelta(days=10)}"
    )
    ib.get_by_role("button", name="Links versturen").click()
    assert "3 collega('s) uitgenodigd" in ib.locator("main").inner_text()
    assert len(mail.outbox) == 3
    links = dict(zip((m.to[0] for m in mail.outbox), sleutels_uit(mail.outbox), strict=True))

    # Each colleague, on a phone.
    for naam, scores in RATINGS.items():
        email = f"{naam.split()[0].lower()}@school.example"
        phone = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 844},
            is_mobile=True, has_touch=True,
        ).new_page()  # fmt: skip
        phone.set_default_timeout(15000)
        phone.goto(f"/team/{links[email]}/")
        assert f"Hallo {naam}." in phone.content()
        # The whole form fits the phone's width: nothing to scroll sideways.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        check_accessibility(phone, checked)
        for i, score in zip(hgw, scores, strict=True):
            phone.locator(f"#item-{i.pk}").get_by_label(re.compile(f"^{score} ")).check()
        phone.locator(f"#toelichting-{hgw[0].pk}").fill(f"Notitie van {naam.split()[0]}")
        _wait_saved(phone)
        assert phone.locator(f"#item-{hgw[0].pk} .autosave-status").inner_text() == "Opgeslagen"
        # Closing the tab loses nothing: a fresh page shows what was rated.
        phone.reload()
        for i, score in zip(hgw, scores, strict=True):
            assert phone.locator(f"#score-{i.pk}-{score}").is_checked()
        phone.context.close()
    assert Teamscore.objects.filter(score__isnull=False).count() == 9

    # While the rating is open the IB-er sees none of it; closing it shows the distribution
    # and the points for the team meeting, no names (issue 28).
    ib.reload()
    assert "3 beoordelingen:" not in ib.locator("main").inner_text()
    check_accessibility(ib, checked)
    ib.get_by_role("button", name="Teambeoordeling afsluiten en het oordeel tonen").click()
    expect(ib.locator("#teamoordeel")).to_be_visible()
    check_accessibility(ib, checked)
    overleg = ib.locator("#teamoordeel ol.teampunten").inner_text()
    assert overleg.startswith("1.1 ")
    assert "3 beoordelingen: 1: 1× · 2: 1× · 3: 0× · 4: 1×; mediaan 2,0, spreiding 1,2" in overleg
    assert not any(naam in ib.locator("#teamoordeel").inner_text() for naam in RATINGS)
    # 1.1: the school's 3 is a point above the team's 2: it is listed, without a reason yet.
    verschil = ib.locator("#teamoordeel ul").first.inner_text()
    assert "1.1 school 3, mediaan van het team 2,0." in verschil
    assert "Nog geen reden gegeven." in verschil

    # To the item; the reason field is open; the school keeps its 3 and says why.
    ib.get_by_role("link", name="Naar het item 1.1").click()
    check_accessibility(ib, checked)
    veld = ib.locator(f"#teamreden-{hgw[0].pk}")
    assert veld.is_visible()
    # 1.2: the team agrees (median 3): no field in sight; changing to 1 opens it.
    assert not ib.locator(f"#teamreden-{hgw[1].pk}").is_visible()
    ib.locator(f"#antwoord-{hgw[1].pk}").get_by_label(re.compile("^1 ")).check()
    assert ib.locator(f"#teamreden-{hgw[1].pk}").is_visible()
    ib.locator(f"#antwoord-{hgw[1].pk}").get_by_label(re.compile("^3 ")).check()
    assert not ib.locator(f"#teamreden-{hgw[1].pk}").is_visible()
    veld.fill("De nieuwe werkwijze is sinds januari schoolbreed ingevoerd.")
    # A typed text goes out after a pause in typing.
    expect(ib.locator(f"#antwoord-{hgw[0].pk} .autosave-status")).to_have_text("Opgeslagen")
    _wait_saved(ib)
    assert Antwoord.objects.get(scan=scan, item=hgw[0]).teamreden == (
        "De nieuwe werkwijze is sinds januari schoolbreed ingevoerd."
    )

    # The school report has a page on the team's view.
    response = ib.request.get(f"/resultaten/scans/{scan.pk}/rapport.pdf")
    assert response.status == 200
    team_pages = [t for t in pagina_teksten(response.body()) if "Het oordeel van het team" in t]
    assert team_pages
    tekst = re.sub(r"\s+", " ", " ".join(team_pages))
    assert "Punten voor het teamoverleg" in tekst
    assert "De nieuwe werkwijze is sinds januari schoolbreed ingevoerd." in tekst
    assert not any(naam in tekst for naam in RATINGS)
    assert len(checked) >= 6


def test_the_rating_form_of_every_part_fits_a_phone(browser, live_server, browser_world):
    """The norm's longest texts (a quoted title in a theme's item) wrap on a 390-px screen
    instead of widening the page: they did, to 481 px."""
    from tests.teamhulp import uitnodiging
    from zelfscan.models import Scanronde

    delen = [o for o in Scanronde.Onderdeel.values if o != "kengetallen"]
    u = uitnodiging(browser_world.scan_a, "Anna", onderdelen=delen)
    phone = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True,
    ).new_page()  # fmt: skip
    phone.goto(f"/team/{u.sleutel}/")
    assert phone.locator("fieldset.teamscore").count() > 250
    assert phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [390, 390]
