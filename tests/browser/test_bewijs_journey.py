"""Evidence per indicator (issue 17, part 3), as the IB-er adds it: from an item of the fill-in
page to its evidence page, a PDF and a link added, back at the item where both are listed;
axe clean at 1280 and 768 px, nothing wider than the window. Real CSP."""

import pytest

from tests.bewijshulp import pdf_bytes
from tests.browser.conftest import check_accessibility, log_in
from tests.browser.test_journeys import item
from zelfscan.models import Bewijsstuk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("breedte", [1280, 768])
def test_the_ib_er_adds_a_file_and_a_link_to_an_item(
    browser, live_server, browser_world, breedte, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    scan = browser_world.scan_a
    insp1 = item("insp-1", "ijkpunt-4")
    bestand = tmp_path / "Zorgplan.pdf"
    bestand.write_bytes(pdf_bytes())
    checked = []
    page = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    ).new_page()
    page.set_default_timeout(15000)
    log_in(page, "ib_a", None)
    page.goto(f"/scans/{scan.pk}/deel/ijkpunt-4/")
    page.locator(f"#antwoord-{insp1.pk}").get_by_role("link", name="Bewijs toevoegen").click()
    check_accessibility(page, checked)
    page.get_by_label("Bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Bestand toevoegen").click()
    assert "Bewijs toegevoegd." in page.locator("main").inner_text()
    page.get_by_role("textbox", name="Link").fill("https://www.school.example/schoolgids")
    page.locator("#link_titel").fill("Schoolgids")
    assert page.locator("label[for=link_titel]").inner_text() == "Titel (niet verplicht)"
    page.get_by_role("button", name="Link toevoegen").click()
    check_accessibility(page, checked)
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte
    assert Bewijsstuk.objects.filter(scan=scan).count() == 2
    page.get_by_role("link", name="Terug naar het item").click()
    bewijs = page.locator(f"#antwoord-{insp1.pk} .bewijs").inner_text()
    assert bewijs.startswith("Bewijs: Zorgplan.pdf (")
    assert "Schoolgids (link)" in bewijs
    with page.expect_download() as download:
        page.locator(f"#antwoord-{insp1.pk}").get_by_role("link", name="Zorgplan.pdf").click()
    assert download.value.suggested_filename == "Zorgplan.pdf"
    assert download.value.path().read_bytes() == bestand.read_bytes()
