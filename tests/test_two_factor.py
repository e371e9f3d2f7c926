"""The second factor: required for SWV-beheerders and superusers, available to everyone."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def password_login(client, username):
    return client.post("/account/inloggen/", {"username": username, "password": PASSWORD})


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wait_out_the_throttle(device):
    # django-otp refuses every code for a while after a wrong one (1 s, doubling).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )


@pytest.mark.parametrize("username", ["beheerder_1", "super"])
def test_a_role_that_requires_it_must_set_it_up_first(client, world, username):
    password_login(client, username)
    response = client.get(reverse("zelfscan:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:tweestaps_instellen"))
    page = client.get(reverse("account:tweestaps_instellen")).content.decode()
    assert "<svg" in page and "Tweestapsverificatie instellen" in page
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    wrong = client.post(reverse("account:tweestaps_instellen"), {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    throttled = client.post(reverse("account:tweestaps_instellen"), {"token": code(device)})
    assert throttled.status_code == 200, "right after a wrong code even the right one is refused"
    wait_out_the_throttle(device)
    response = client.post(reverse("account:tweestaps_instellen"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("zelfscan:start")).status_code == 200


def test_with_a_device_the_code_is_asked_after_the_password(client, world):
    device = TOTPDevice.objects.create(user=world.personas["beheerder_a"], confirmed=True)
    password_login(client, "beheerder_1")
    target = reverse("zelfscan:swv", kwargs={"pk": world.swv1.pk})
    response = client.get(target)
    assert response["Location"].startswith(reverse("account:tweestaps"))
    assert (
        "Deze code klopt niet"
        in client.post(
            reverse("account:tweestaps"), {"token": "123456", "next": target}
        ).content.decode()
    )
    assert client.get(target).status_code == 302, "a wrong code lets nobody in"
    wait_out_the_throttle(device)
    response = client.post(reverse("account:tweestaps"), {"token": code(device), "next": target})
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_school_user_needs_none_but_may_turn_it_on(client, world):
    password_login(client, "ib_a")
    assert client.get(reverse("zelfscan:start")).status_code == 200
    client.get(reverse("account:tweestaps_instellen"))
    device = TOTPDevice.objects.get(user__username="ib_a")
    client.post(reverse("account:tweestaps_instellen"), {"token": code(device)})
    client.post(reverse("account:uitloggen"))
    password_login(client, "ib_a")
    assert client.get(reverse("zelfscan:start"))["Location"].startswith(
        reverse("account:tweestaps")
    )


def test_the_admin_login_goes_through_the_application_login(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response["Location"] == "/account/inloggen/?next=/beheer/"
