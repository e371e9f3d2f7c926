"""The walk: every demo persona logs in as people do (password, and the app's code where the
role asks for it) and visits every page it can reach from its start page, following the
navigation and the pages' own links, with the application's real Content-Security-Policy,
on a laptop (1280 px) and on a tablet (768 px). A page fails on any console error or CSP
violation, on being wider than the window, on any WCAG 2.1 A/AA violation axe-core finds,
and a link fails on answering an error.

Each URL pattern is visited once per persona and width (with its query keys: ``?soort=`` is
another view of the same page than none), which keeps the walk within minutes and still
reaches every kind of page a role has. Downloads (CSV, XLSX, PDF) are fetched, not opened.
"""

import time
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

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


@pytest.fixture
def demo_wereld(settings, transactional_db):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    from zelfscan.demo import create_demo_data

    create_demo_data()


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
        # A code counts once: the second login of the walk (the other width) within the same
        # 30 seconds takes the next one, as a person waits for it.
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        if totp.t() <= device.last_t:
            totp.drift = device.last_t - totp.t() + 1
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


def _loop(browser, live_server, username, breedte) -> tuple[int, list[str]]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": breedte, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    fouten, meldingen = [], []
    page.on("console", lambda m: m.type == "error" and meldingen.append(m.text))
    page.on("pageerror", lambda e: meldingen.append(str(e)))
    _inloggen(page, username)
    te_doen, gezien, bezocht = [page.url], set(), 0
    while te_doen:
        url = te_doen.pop(0)
        sleutel = _sleutel(url)
        pad = urlsplit(url).path
        if sleutel in gezien or pad.startswith(OVERSLAAN):
            continue
        gezien.add(sleutel)
        waar = f"{username} @{breedte}px {url.removeprefix(live_server.url)}"
        kop = context.request.get(url, max_redirects=5)
        if kop.status >= 400:
            fouten.append(f"{waar}: answers {kop.status}")
            continue
        if not kop.headers.get("content-type", "").startswith("text/html"):
            continue  # a download: it answered, that is all a link must do
        meldingen.clear()
        antwoord = page.goto(url)
        page.wait_for_load_state("load")
        bezocht += 1
        if antwoord is None or antwoord.status >= 400:
            fouten.append(f"{waar}: answers {antwoord and antwoord.status}")
            continue
        breed = page.evaluate("document.documentElement.scrollWidth")
        if breed > breedte:
            fouten.append(f"{waar}: {breed} px wide in a window of {breedte} px")
        for v in axe_violations(page, WCAG):
            fouten.append(f"{waar}: axe {v['id']} ({v['impact']}) at {v['nodes']}")
        time.sleep(0.05)  # console messages of the last scripts arrive after "load"
        fouten.extend(f"{waar}: console: {m[:300]}" for m in meldingen)
        te_doen.extend(link for link in _links(page) if _sleutel(link) not in gezien)
    context.close()
    return bezocht, fouten


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_role_reaches_works_as_it_looks(browser, live_server, demo_wereld, username):
    fouten, bezocht = [], 0
    for breedte in BREEDTES:
        n, gevonden = _loop(browser, live_server, username, breedte)
        bezocht += n
        fouten += gevonden
    print(f"{username}: {bezocht} pages visited, {len(fouten)} faults")
    assert bezocht >= 10, f"{username} reached only {bezocht} pages"
    assert not fouten, f"{len(fouten)} faults:\n" + "\n".join(fouten)
