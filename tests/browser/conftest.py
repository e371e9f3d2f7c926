"""Playwright for Python driving Debian's Chromium, for the browser journeys in this folder."""

import functools
import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# As root and on a closed network, Chromium needs these (see the machine's notes).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test` (it installs it).")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls
    # are synchronous and safe here. Only for as long as the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def unhashed_static(settings):
    """The pages' static files are served unhashed by the test server, which finds them by
    name."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser_world(unhashed_static, transactional_db):
    """A committed world for a live server: the norm (every test starts from it) and the
    personas."""
    from tests.personas import build_world

    return build_world()


def new_page(browser, live_server):
    """A page as people get it: with the application's own Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, tags) -> list[dict]:
    """axe-core's WCAG violations on the page, once it has loaded whole. axe is put in through
    the DevTools protocol (``evaluate``), which the page's CSP does not govern, so nothing
    needs switching off; a <script> tag would be refused, as it should be.

    After the page has loaded whole: a click that navigates returns once the new page starts
    to arrive, and axe on a half-parsed page found a link whose text had not come in yet
    (the long fill-in page, now and then: a flaky test, fixed here at its cause).

    axe is put in once per loaded page: a second look at the same page (another width) runs
    it again without parsing its half megabyte of script again."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            }));
        }""",
        tags,
    )


def check_accessibility(page, seen: list):
    """No WCAG 2.1 A or AA violation may remain on the page, and no id twice: a label names
    the first element of its id only (WCAG 4.1.1 in 2.1; axe no longer checks it, and two
    forms of one page gave a second field no label)."""
    result = axe_violations(page, WCAG)
    seen.append(page.url)
    assert result == [], f"{page.url}: {result}"
    dubbel = page.evaluate(
        """() => { const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id);
                   return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]; }"""
    )
    assert dubbel == [], f"{page.url}: ids used twice: {dubbel}"


def log_in(page, username, password):
    from tests.personas import PASSWORD

    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres of gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password or PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")
