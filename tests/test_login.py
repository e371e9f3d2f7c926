"""Logging in and out, lockout, session expiry, password reset and invitations."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD, login
from zelfscan.models import User

pytestmark = pytest.mark.django_db
LOGIN = "/account/inloggen/"


def attempt(client, username, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_dutch_and_logs_in(client, world):
    page = client.get(LOGIN).content.decode()
    assert "E-mailadres of gebruikersnaam" in page and ">Inloggen</button>" in page
    response = attempt(client, "ib_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_says_so_in_dutch(client, world):
    page = attempt(client, "ib_a", "fout").content.decode()
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet." in page


def test_lockout_is_per_user_and_address_not_per_address(client, world):
    for _ in range(4):
        assert attempt(client, "ib_a", "fout").status_code == 200
    assert attempt(client, "ib_a", "fout").status_code == 429  # the fifth failure locks
    locked = attempt(client, "ib_a", PASSWORD)
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    # A colleague at the same school (the same address) is not locked out ...
    assert attempt(client, "dir_a", PASSWORD).status_code == 302
    client.logout()
    # ... nor is the same person from another address.
    assert attempt(client, "ib_a", PASSWORD, ip="10.9.9.9").status_code == 302


def test_lockout_ends_after_the_cool_off(client, world):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        attempt(client, "ib_a", "fout")
    assert attempt(client, "ib_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert attempt(client, "ib_a", PASSWORD).status_code == 302


def test_logout_ends_the_session_on_the_server(client, world):
    attempt(client, "ib_a", PASSWORD)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("account:uitloggen")).status_code == 405  # POST only
    response = client.post(reverse("account:uitloggen"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/")["Location"].startswith(LOGIN)


@pytest.mark.parametrize(("field", "age"), [("_seen_at", 31 * 60), ("_login_at", 12 * 3600 + 60)])
def test_a_session_expires_when_idle_or_too_old(client, world, field, age):
    attempt(client, "ib_a", PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    key = session.session_key
    session[field] = time.time() - age
    session.save()
    response = client.get("/scholen/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Uw sessie is verlopen" in page


def test_a_recent_request_keeps_the_session(client, world):
    attempt(client, "ib_a", PASSWORD)
    session = client.session
    session["_seen_at"] = time.time() - 29 * 60
    session.save()
    assert client.get("/scholen/").status_code == 200
    assert client.session["_seen_at"] > time.time() - 5


def test_password_reset_by_e_mail(client, world, mailoutbox):
    response = client.post(reverse("account:wachtwoord_vergeten"), {"email": "ib_a@example.nl"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "Kies een nieuw wachtwoord voor Zelfscan Basisondersteuning"
    link = re.search(r"https?://[^/]+(/account/wachtwoord-instellen/\S+)", mail.body).group(1)
    form_url = client.get(link)["Location"]  # Django moves the token out of the URL
    new = "een-heel-nieuw-wachtwoord-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert attempt(client, "ib_a", new).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, mailoutbox):
    response = client.post(reverse("account:wachtwoord_vergeten"), {"email": "niemand@example.nl"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_an_invited_person_sets_a_password_through_the_link(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, world.personas["beheerder_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": "Nina@Example.nl", "first_name": "Nina", "last_name": "Nieuw",
             "soort": "directeur", "school": world.school_a.pk},
        )  # fmt: skip
    user = User.objects.get(email="nina@example.nl")
    assert not user.has_usable_password()
    mail = mailoutbox[0]
    assert mail.to == ["nina@example.nl"]
    assert "directeur — School A" in mail.body
    link = re.search(r"https?://[^/]+(/account/wachtwoord-instellen/\S+)", mail.body).group(1)
    client.post(reverse("account:uitloggen"))
    form_url = client.get(link)["Location"]
    new = "nina-kiest-een-wachtwoord"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    assert attempt(client, "nina@example.nl", new).status_code == 302
    assert b"School A" in client.get(reverse("zelfscan:start")).content


def test_an_invitation_mail_is_plain_text_not_html(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """A name or school with an apostrophe reads as typed: a text mail is not HTML-escaped
    (it said "D&#x27;Hondt" and "Sint Jan&#x27;s")."""
    from zelfscan.models import School

    School.objects.filter(pk=world.school_a.pk).update(naam="Sint Jan's & Co")
    login(client, world.personas["beheerder_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": "d@example.nl", "first_name": "Dirk", "last_name": "D'Hondt",
             "soort": "directeur", "school": world.school_a.pk},
        )  # fmt: skip
    (mail,) = mailoutbox
    assert "Dirk D'Hondt" in mail.body
    assert "directeur — Sint Jan's & Co" in mail.body
    assert "&#x27;" not in mail.body and "&amp;" not in mail.body


def test_no_self_registration(client):
    assert client.get("/account/registreren/").status_code == 404


def test_pages_send_a_content_security_policy(client):
    policy = client.get("/norm/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_csrf_is_required(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(LOGIN, {"username": "ib_a", "password": PASSWORD}).status_code == 403


def test_an_account_of_another_swv_is_offered_the_role_and_accepts_it_itself(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """Found from outside: inviting an address that already had an account in the other SWV
    attached the role silently and showed its owner's real name."""
    from zelfscan.models import Rol, Rolaanbod

    owner = world.personas["beheerder_other"]  # SWV 2 only
    owner.first_name, owner.last_name = "Echte", "Naam"
    owner.save()
    login(client, world.personas["beheerder_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": owner.email.upper(), "first_name": "Getypte", "last_name": "Persoon",
             "soort": "ib_er", "school": world.school_a.pk},
            follow=True,
        )  # fmt: skip
    page = response.content.decode()
    assert "Echte" not in page and "Echte Naam" not in page
    assert "Getypte Persoon" in page and "zodra" in page
    assert not Rol.objects.filter(user=owner, school=world.school_a).exists()
    assert mailoutbox[0].to == [owner.email]
    assert "/account/rollen/aangeboden/" in mailoutbox[0].body
    owner.refresh_from_db()
    assert (owner.first_name, owner.last_name) == ("Echte", "Naam"), "their own name stays"
    # The owner logs in (with their second factor) and accepts; only then the role starts.
    aanbod = Rolaanbod.objects.get(user=owner)
    login(client, owner)
    assert "Er wordt u een rol aangeboden" in client.get(reverse("zelfscan:start")).content.decode()
    # Someone else cannot answer it: 404.
    other = Client()
    login(other, world.personas["school_user_a"])
    url = reverse("account:rolaanbiedingen")
    assert other.post(url, {"aanbod": aanbod.pk, "antwoord": "aanvaarden"}).status_code == 404
    assert client.post(url, {"aanbod": aanbod.pk, "antwoord": "aanvaarden"}).status_code == 302
    assert Rol.objects.filter(user=owner, soort="ib_er", school=world.school_a).exists()
    # Answered once: a second answer changes nothing.
    assert client.post(url, {"aanbod": aanbod.pk, "antwoord": "weigeren"}).status_code == 404


def test_a_declined_role_is_never_given(client, world, django_capture_on_commit_callbacks):
    from zelfscan.models import Rol, Rolaanbod
    from zelfscan.organisaties.services import invite_account

    owner = world.personas["consulent_other"]  # a role in SWV 1 only
    invite_account(
        invited_by=world.personas["beheerder_other"], in_swv=world.swv2, email=owner.email,
        first_name="x", last_name="y", soort="ib_er", school=world.school_c, base_url="/",
    )  # fmt: skip
    aanbod = Rolaanbod.objects.get(user=owner)
    login(client, owner)
    url = reverse("account:rolaanbiedingen")
    client.post(url, {"aanbod": aanbod.pk, "antwoord": "weigeren"})
    assert not Rol.objects.filter(user=owner, school=world.school_c).exists()
    aanbod.refresh_from_db()
    assert aanbod.aanvaard is False
