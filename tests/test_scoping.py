"""The scoping helpers: one query each, and pages whose query count does not grow with schools."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import login
from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [School, Bestuur, Wijk, Samenwerkingsverband, Rol, User])
@pytest.mark.parametrize("persona", ["school_user_a", "bestuur_user_a", "beheerder_a"])
def test_for_user_is_one_query_after_the_roles(
    world, model, persona, django_assert_max_num_queries
):
    user = User.objects.get(pk=world.personas[persona].pk)  # as a request loads it
    # The roles once, then at most one query per for_user (none when nothing can match).
    with django_assert_max_num_queries(1 + 2):
        list(model.objects.for_user(user))
        list(model.objects.for_user(user))


def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    inactive = world.personas["beheerder_a"]
    inactive.is_active = False
    assert not School.objects.for_user(AnonymousUser()).exists()
    assert not School.objects.for_user(inactive).exists()


def test_a_beheerder_sees_the_accounts_of_their_swv_only(world):
    visible = set(
        User.objects.for_user(world.personas["beheerder_a"]).values_list("username", flat=True)
    )
    assert visible == {
        "ib_a",
        "dir_a",
        "bestuur_a",
        "bestuur_b",
        "consulent_a",
        "consulent_b",
        "beheerder_1",
    }


def _more_schools(world, n):
    for i in range(n):
        school = School.objects.create(
            swv=world.swv1, brin=f"6{i % 10}{chr(65 + i // 10)}X", naam=f"Extra {i}",
            bestuur=world.bestuur_a, wijk=world.wijk1, soort="bao",
        )  # fmt: skip
        Rol.objects.create(user=world.personas["consulent_a"], soort="consulent", school=school)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("beheerder_a", lambda w: reverse("zelfscan:scholen")),
        ("bestuur_user_a", lambda w: reverse("zelfscan:bestuur", kwargs={"pk": w.bestuur_a.pk})),
        ("consulent_a", lambda w: reverse("zelfscan:start")),
        ("beheerder_a", lambda w: reverse("zelfscan:swv", kwargs={"pk": w.swv1.pk})),
        ("beheerder_a", lambda w: reverse("zelfscan:accounts", kwargs={"pk": w.swv1.pk})),
        (
            "beheerder_a",
            lambda w: reverse(
                "zelfscan:exporteren",
                kwargs={"pk": w.swv1.pk, "soort": "scholen", "formaat": "csv"},
            ),
        ),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_schools(client, world, persona, url):
    login(client, world.personas[persona])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world)).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request after login also records the session's timers
    few = count()
    _more_schools(world, 30)
    assert count() == few
