"""manage.py demo: the fictional Almere demo, idempotent, all of it marked as demo."""

import io

import pytest
from django.core.management import CommandError, call_command

from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("demo", "--ook-zonder-debug", stdout=out)
    return out.getvalue()


def counts():
    return [m.objects.count() for m in (Samenwerkingsverband, Wijk, Bestuur, School, User, Rol)]


def test_demo_makes_almere_and_prints_the_accounts():
    output = run()
    assert sorted(Samenwerkingsverband.objects.values_list("sector", flat=True)) == ["po", "vo"]
    po = Samenwerkingsverband.objects.get(sector="po")
    assert sorted(po.wijken.values_list("naam", flat=True)) == sorted(
        ["Haven", "Stad", "Buiten", "Hout", "Poort", "Pampus", "Oosterwold"]
    )
    # Secondary schools work city-wide (002): the VO SWV has no wijken, its schools none.
    assert not Wijk.objects.filter(swv__sector="vo").exists()
    assert School.objects.filter(swv__sector="vo").count() == 8
    assert not School.objects.filter(swv__sector="vo", wijk__isnull=False).exists()
    assert not School.objects.filter(swv__sector="po", wijk__isnull=True).exists()
    assert 35 <= School.objects.count() <= 45
    assert School.objects.filter(wijk__isnull=False).values("wijk__naam").distinct().count() == 7
    soorten = set(Rol.objects.values_list("soort", flat=True))
    assert soorten == {"ib_er", "directeur", "bestuur", "consulent", "swv_beheerder"}
    for username in (
        "demo-ib",
        "demo-directeur",
        "demo-bestuur",
        "demo-consulent",
        "demo-beheerder",
        "demo-vo-zorg",
        "demo-vo-bestuur",
        "demo-vo-beheerder",
        "demo-normbeheer",
    ):
        assert f"  {username} " in output
        assert User.objects.get(username=username).check_password("demo-zelfscan-2026")
    assert all(m.objects.filter(is_demo=False).count() == 0
               for m in (Samenwerkingsverband, Wijk, Bestuur, School, User))  # fmt: skip


def test_demo_twice_changes_nothing():
    run()
    before = counts()
    run()
    assert counts() == before


def test_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="bekend wachtwoord"):
        call_command("demo", stdout=io.StringIO())
