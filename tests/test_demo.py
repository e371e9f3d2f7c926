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


def test_demo_makes_almere_and_prints_the_accounts(demo):
    """``demo`` is what ``manage.py demo`` made and printed on the norm alone (built once per
    test process, ``tests/conftest.py``)."""
    output = demo
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


def test_demo_twice_changes_nothing(demo):
    before = counts()
    run()
    assert counts() == before


def test_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="bekend wachtwoord"):
        call_command("demo", stdout=io.StringIO())


def test_the_demo_reads_in_two_years_before_the_application(demo):
    """Issue 18, part 2: the PO partnership's 2022-2023 and 2023-2024 read in through the
    same service as the page, as an SWV does; a demo school's trend then shows four rounds."""
    from zelfscan.models import Zelfscan

    regenboog = Zelfscan.objects.filter(school__naam="De Regenboog").order_by("ronde__schooljaar")
    assert [(s.ronde.schooljaar, s.ingelezen_op is not None) for s in regenboog] == [
        ("2022-2023", True), ("2023-2024", True), ("2024-2025", False), ("2025-2026", False),
    ]  # fmt: skip
    assert [s.vorige_id for s in regenboog] == [None, *[s.pk for s in regenboog][:3]]
    ingelezen = Zelfscan.objects.filter(ingelezen_op__isnull=False)
    assert (
        ingelezen.count()
        == 2
        * Zelfscan.objects.filter(ronde__schooljaar="2025-2026", school__swv__sector="po").count()
    )
    assert not ingelezen.filter(school__swv__sector="vo").exists()
