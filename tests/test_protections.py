"""Protections that hold for every page: NUL bytes refused, school data never kept by the
browser, Dutch error pages, no redirect loop at the admin. Each was found from outside."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import login
from tests.scanhulp import history
from zelfscan.models import Antwoord, Opmerking, Zelfscan

pytestmark = pytest.mark.django_db

NUL = "voor\x00na"


def _item(scan):
    from zelfscan.scans.structuur import structuur

    return next(iter(structuur(scan).items.values()))


def test_a_nul_byte_in_an_autosave_is_refused_in_dutch_and_nothing_is_stored(ib, world):
    item = _item(world.scan_a)
    response = ib.post(
        reverse("zelfscan:autosave", kwargs={"pk": world.scan_a.pk}),
        {"soort": "item", "id": item.pk, "versie": 0, "score": "3", "toelichting": NUL},
        headers={"Accept": "application/json"},  # as the autosave script asks
    )
    assert response.status_code == 400
    assert "stuurteken (NUL)" in response.json()["bericht"]
    assert not Antwoord.objects.filter(scan=world.scan_a, item=item).exists()
    assert not history(world.scan_a).exists()


@pytest.mark.parametrize(
    ("persona", "naam", "data"),
    [
        ("school_user_a", "scan_deel", {"toelichting-1": NUL}),
        ("school_user_a", "scan_overgang", {"naar": "ingediend", "reden": NUL}),
        ("consulent_a", "scan_opmerking", {"tekst": NUL}),
        ("consulent_a", "gesprek", {"agenda": NUL}),
    ],
)
def test_a_nul_byte_in_any_form_is_refused_with_a_dutch_page(client, world, persona, naam, data):
    login(client, world.personas[persona])
    kwargs = {"pk": world.scan_a.pk}
    if naam in {"scan_deel", "scan_opmerking"}:
        kwargs["deel"] = "ijkpunt-1"
    response = client.post(reverse(f"zelfscan:{naam}", kwargs=kwargs), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Het verzoek kon niet worden verwerkt" in page
    assert "stuurteken (NUL)" in page
    assert 'href="/norm/"' in page  # the application's layout, its menu
    assert not Opmerking.objects.exists()
    assert Zelfscan.objects.get(pk=world.scan_a.pk).status == "concept"


def test_a_nul_byte_in_a_query_is_refused_too(ib, world):
    url = reverse("zelfscan:resultaat_stad", kwargs={"pk": world.ronde.pk})
    assert ib.get(url, {"soort": NUL}).status_code == 400


def _pages_with_school_data(world):
    scan = world.scan_a.pk
    return [
        reverse("zelfscan:start"),
        reverse("zelfscan:scan", kwargs={"pk": scan}),
        reverse("zelfscan:scan_deel", kwargs={"pk": scan, "deel": "ijkpunt-1"}),
        reverse("zelfscan:scan_historie", kwargs={"pk": scan}),
        reverse("zelfscan:resultaat_school", kwargs={"pk": scan}),
        reverse("zelfscan:resultaat_school", kwargs={"pk": scan}) + "?export=csv&tabel=groepen",
        reverse("zelfscan:resultaat_school", kwargs={"pk": scan}) + "?export=xlsx&tabel=groepen",
        reverse("zelfscan:rapport_school", kwargs={"pk": scan}),
    ]


def test_no_page_or_download_with_school_data_is_kept_by_the_browser(ib, world):
    for url in _pages_with_school_data(world):
        response = ib.get(url)
        assert response.status_code == 200, url
        cache_control = {p.strip() for p in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, url


def test_the_public_norm_and_static_files_stay_cacheable(client, world):
    response = client.get(reverse("ijkpunten:overzicht"))
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    login(client, world.personas["school_user_a"])
    response = client.get(reverse("ijkpunten:overzicht"))
    assert "private" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
    static = client.get("/static/js/autosave.js")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_a_page_that_does_not_exist_is_dutch_in_the_layout(ib):
    response = ib.get("/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page and "Naar uw overzicht" in page
    assert "Not Found" not in page


def test_an_unexpected_error_is_a_dutch_page_without_a_trace(world, monkeypatch):
    from zelfscan.views import organisaties

    def broken(*args, **kwargs):
        raise RuntimeError("geheime details uit de code")

    monkeypatch.setattr(organisaties, "render", broken)
    client = Client(raise_request_exception=False)
    login(client, world.personas["school_user_a"])
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page
    assert "geheime details" not in page and "Traceback" not in page


@pytest.mark.parametrize("ingelogd", [False, True])
def test_an_unknown_host_is_a_dutch_400_not_an_error(world, ingelogd):
    """Found from outside (issue 28): the error page's menu read ``request.user`` before
    authentication had run, and a request for another host answered 500."""
    client = Client(raise_request_exception=False)
    if ingelogd:
        login(client, world.personas["school_user_a"])
    for pad in ("/", "/scholen/", "/bestaat-niet/"):
        response = client.get(pad, HTTP_HOST="boos.example")
        assert response.status_code == 400, pad
        page = response.content.decode()
        assert "Het verzoek kon niet worden verwerkt" in page
        assert "boos.example" not in page and "Traceback" not in page


def test_a_forged_form_is_refused_with_a_dutch_page(world):
    client = Client(enforce_csrf_checks=True)
    login(client, world.personas["school_user_a"])
    response = client.post(
        reverse("zelfscan:scan_overgang", kwargs={"pk": world.scan_a.pk}), {"naar": "ingediend"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Dit formulier is verlopen" in page and "CSRF" not in page


def test_the_admin_answers_a_logged_in_person_without_access_once(ib):
    response = ib.get("/beheer/", follow=True)
    assert len(response.redirect_chain) == 1
    assert response.status_code == 403
    assert "Het beheer is alleen voor" in response.content.decode()


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="a connection the server drops: PostgreSQL (CI runs the suite on it too)",
)
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_costs_no_request():
    """Found from outside: after the database dropped its connections, every thread failed
    one request (kept connections were reused without a check). Requests go through Django's
    own WSGI handler here, as under gunicorn: the test client (and runserver) would close the
    connection after every request and so never reuse one."""
    from wsgiref.util import setup_testing_defaults

    import psycopg2
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    call_command("loaddata", "norm_anb_2024", verbosity=0)  # a page that reads the database

    def get(path) -> str:
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "testserver"}
        setup_testing_defaults(environ)
        status = []
        body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        body.close()  # the end of the request: the connection is kept (CONN_MAX_AGE)
        return status[0]

    url = reverse("ijkpunten:overzicht")
    assert get(url) == "200 OK"
    kept = connection.connection.info.backend_pid
    db = connection.settings_dict
    other = psycopg2.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [kept])
    other.close()
    assert get(url) == "200 OK"
    assert connection.connection.info.backend_pid != kept
