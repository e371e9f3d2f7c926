"""The walk: every demo persona logs in as people do (password, and the app's code where the
role asks for it) and visits every page it can reach from its start page, following the
navigation and the pages' own links, with the application's real Content-Security-Policy,
on a laptop (1280 px) and on a tablet (768 px). A page fails on any console error or CSP
violation, on being wider than the window, on any WCAG 2.1 A/AA violation axe-core finds,
and a link fails on answering an error.

Each URL pattern is visited once per persona (with its query keys: ``?soort=`` is another view
of the same page than none), which keeps the walk within minutes and still reaches every kind
of page a role has. The pages that read the same for everyone (the public norm, the rules of
the results) are walked by two personas, not nine (``GEDEELD``).

Each page is fetched once, by the browser's own navigation (its status and
content type come from there), and looked at in a window of 1280 px and then, resized, of
768 px: both widths see the same page, the checks run at each. Downloads (CSV, XLSX, PDF) are
fetched once per persona, to the end, not opened.

Each persona's walk takes 15 to 60 s (a test over 5 s: it is the walk of one role through
every page it has, on the demo world restored from its snapshot).
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import WCAG, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAS = [
    "demo-ib", "demo-directeur", "demo-bestuur", "demo-consulent", "demo-beheerder",
    # The VO partnership: schools without a wijk, a round without theme 4 (issue 15).
    "demo-vo-zorg", "demo-vo-bestuur", "demo-vo-beheerder",
    # The one who keeps the versions of the norm (issue 18): staff, not a role of an SWV.
    "demo-normbeheer",
]  # fmt: skip
BREEDTES = [1280, 768]
# Not pages to look at: leaving, the admin (Django's own), and links that only start a
# download the walk fetches instead.
OVERSLAAN = ("/account/uitloggen/", "/beheer/")
# The public norm and the rules of the results read the same for everyone: only their menu is
# the persona's, and each persona's menu is checked on every other page it walks. They are
# walked by a school persona and by the one who keeps the norm (who may see more on them);
# the other seven skip them (about a quarter of the walk: seven times eight long pages).
GEDEELD = ("/norm/", "/resultaten/rekenregels/")
LOOPT_GEDEELD = {"demo-ib", "demo-normbeheer"}


def _inloggen(page, username):
    """Password, and where the role asks for it, the code of the person's authenticator app
    (set up before, as a beheerder has it)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zelfscan.access.two_step import requires_two_factor
    from zelfscan.demo import DEMO_PASSWORD
    from zelfscan.models import User

    user = User.objects.get(username=username)
    device = None
    if requires_two_factor(user):
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="telefoon", defaults={"confirmed": True}
        )
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres of gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("load")
    if device is not None:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        page.locator("input[name=token]").fill(f"{totp.token():06d}")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state("load")
    assert "/account/" not in page.url, f"{username}: still at {page.url} after logging in"


def _sleutel(url: str) -> str | None:
    """The URL pattern of a link, with the names of its query: what the walk visits once."""
    delen = urlsplit(url)
    try:
        match = resolve(delen.path)
    except Resolver404:
        return f"404 {delen.path}"
    query = sorted({deel.split("=")[0] for deel in delen.query.split("&") if deel})
    return f"{match.route}?{'&'.join(query)}"


def _links(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll("a[href]")]
            .map((a) => a.href)
            .filter((h) => h.startsWith(location.origin))
            .map((h) => h.split("#")[0])"""
    )


def _loop(browser, live_server, username) -> tuple[int, int, list[str]]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": BREEDTES[0], "height": 900},
        accept_downloads=True,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20000)
    # A report is made while its download waits (a school report: about 2.5 s alone). With two
    # suites at once on two cores one took over 20 s before its first byte, and the walk
    # failed on a timeout, not on a fault: a navigation may take as long as a report does
    # under that load. How fast the pages are is measured in benchmarks/, not here.
    page.set_default_navigation_timeout(120_000)
    fouten, meldingen, downloads = [], [], []
    page.on("console", lambda m: m.type == "error" and meldingen.append(m.text))
    page.on("pageerror", lambda e: meldingen.append(str(e)))
    page.on("download", lambda d: downloads.append(d))
    _inloggen(page, username)
    te_doen, gezien, bezocht = [page.url], set(), 0
    while te_doen:
        url = te_doen.pop(0)
        sleutel = _sleutel(url)
        pad = urlsplit(url).path
        if sleutel in gezien or pad.startswith(OVERSLAAN):
            continue
        if pad.startswith(GEDEELD) and username not in LOOPT_GEDEELD:
            continue
        gezien.add(sleutel)
        waar = f"{username} {url.removeprefix(live_server.url)}"
        meldingen.clear()
        page.set_viewport_size({"width": BREEDTES[0], "height": 900})
        eerder = len(downloads)
        try:
            antwoord = page.goto(url)
        except PlaywrightError as e:
            if "Download is starting" not in str(e):
                raise
            # A file: the navigation became its download, fetched here to the end.
            if len(downloads) == eerder:
                page.wait_for_event("download")
            if (mislukt := downloads[-1].failure()) is not None:
                fouten.append(f"{waar}: the download failed: {mislukt}")
            continue
        if antwoord is None or antwoord.status >= 400:
            fouten.append(f"{waar}: answers {antwoord and antwoord.status}")
            continue
        if not antwoord.headers.get("content-type", "").startswith("text/html"):
            continue  # a file the browser shows itself: it answered
        page.wait_for_load_state("load")
        bezocht += 1
        for breedte in BREEDTES:
            if breedte != BREEDTES[0]:
                page.set_viewport_size({"width": breedte, "height": 900})
            breed = page.evaluate("document.documentElement.scrollWidth")
            if breed > breedte:
                fouten.append(f"{waar} @{breedte}px: {breed} px wide in a window of {breedte} px")
            for v in axe_violations(page, WCAG):
                fouten.append(f"{waar} @{breedte}px: axe {v['id']} ({v['impact']}) at {v['nodes']}")
        # No pause needed for late console messages: Playwright delivers a page's events in
        # order, so whatever the page logged before axe's last answer has arrived by now.
        fouten.extend(f"{waar}: console: {m[:300]}" for m in meldingen)
        te_doen.extend(link for link in _links(page) if _sleutel(link) not in gezien)
    context.close()
    return bezocht, len(downloads), fouten


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_role_reaches_works_as_it_looks(
    browser, live_server, unhashed_static, demo, username
):
    bezocht, downloads, fouten = _loop(browser, live_server, username)
    print(f"{username}: {bezocht} pages visited, {downloads} downloads, {len(fouten)} faults")
    assert bezocht >= 10, f"{username} reached only {bezocht} pages"
    assert not fouten, f"{len(fouten)} faults:\n" + "\n".join(fouten)
