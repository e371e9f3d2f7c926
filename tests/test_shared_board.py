"""A board with schools in two SWVs (issue 28, part 1): every role reaches only the data of the
SWV that gave it.

Board B has school B in SWV 1 and school C in SWV 2. ``bestuur_user_other`` holds a bestuur
role for it given by SWV 1, ``bestuur_b_swv2`` one given by SWV 2. Each must see its own SWV's
school, scans, results, exports, reports, notifications and evidence of the board, and nothing
of the other's, whatever id it types.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ijkpunten.models import Normkader
from tests.bewijshulp import pdf_bytes
from tests.importhulp import confirm, csv_file, upload
from tests.personas import login
from tests.scanhulp import fill_all, item
from zelfscan.models import (
    Bestuur,
    Bewijsstuk,
    Rol,
    Rolaanbod,
    Scanronde,
    School,
    User,
    Zelfscan,
)
from zelfscan.scans.workflow import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def twee_rondes(world):
    """A round in each SWV, with the board's school's scan in each: a concept in SWV 1
    (school B), a released one in SWV 2 (school C), each with a file of evidence."""
    ronde2 = open_round(
        swv=world.swv2, schooljaar="2025-2026", normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=list(Scanronde.Onderdeel.values), deadline=datetime.date(2026, 6, 30),
        door=world.personas["beheerder_other"],
    )  # fmt: skip
    scan_c = ronde2.scans.get(school=world.school_c)
    fill_all(scan_c)
    Zelfscan.objects.filter(pk=scan_c.pk).update(status="vrijgegeven")
    bewijs = {}
    for scan in (world.scan_b, scan_c):
        stuk = Bewijsstuk(
            school=scan.school, scan=scan, item=item("insp-1"), soort="bestand", titel="Plan",
            bestandsnaam="plan.pdf", grootte=10, inhoudstype="application/pdf",
        )  # fmt: skip
        stuk.bestand.save("plan.pdf", ContentFile(pdf_bytes()))
        bewijs[scan.school_id] = stuk
    return {"ronde1": world.ronde, "ronde2": ronde2, "scan_b": world.scan_b, "scan_c": scan_c,
            "bewijs": bewijs}  # fmt: skip


def _urls(w, r, eigen: str) -> dict[str, str]:
    """The board's things in one SWV (``eigen``: "1" or "2")."""
    ronde, scan, school = (
        (r["ronde1"], r["scan_b"], w.school_b) if eigen == "1" else
        (r["ronde2"], r["scan_c"], w.school_c)
    )  # fmt: skip
    bestuur = {"pk": ronde.pk, "bestuur": w.bestuur_b.pk}
    return {
        "school": reverse("zelfscan:school", kwargs={"pk": school.pk}),
        "scan": reverse("zelfscan:scan", kwargs={"pk": scan.pk}),
        "scan_deel": reverse("zelfscan:scan_deel", kwargs={"pk": scan.pk, "deel": "ijkpunt-4"}),
        "resultaat_school": reverse("zelfscan:resultaat_school", kwargs={"pk": scan.pk}),
        "rapport_school": reverse("zelfscan:rapport_school", kwargs={"pk": scan.pk}),
        "resultaat_bestuur": reverse("zelfscan:resultaat_bestuur", kwargs=bestuur),
        "bestuur_export": reverse(
            "zelfscan:resultaat_bestuur_export",
            kwargs={**bestuur, "tabel": "scholen", "formaat": "csv"},
        ),
        "rapport_bestuur": reverse("zelfscan:rapport_bestuur", kwargs=bestuur),
        "bewijs": reverse("zelfscan:bewijs_download", kwargs={"pk": r["bewijs"][school.pk].pk}),
        "ontwikkelplan": reverse("zelfscan:ontwikkelplan", kwargs={"pk": school.pk}),
    }


@pytest.mark.parametrize(("persona", "eigen", "ander"), [
    ("bestuur_user_other", "1", "2"),
    ("bestuur_b_swv2", "2", "1"),
])  # fmt: skip
def test_each_role_of_a_shared_board_reaches_its_own_swvs_schools_only(
    client, world, twee_rondes, persona, eigen, ander
):
    """Over 5 s: it renders the school's and the board's PDF report of its own SWV (about
    2.5 s each), which is what it checks besides the pages."""
    login(client, world.personas[persona])
    for naam, url in _urls(world, twee_rondes, eigen).items():
        if naam == "scan_deel" and eigen == "2":
            continue  # the released scan opens on its overview; its parts are the school's
        assert client.get(url).status_code == 200, (naam, url)
    for naam, url in _urls(world, twee_rondes, ander).items():
        assert client.get(url).status_code == 404, (naam, url)

    # The lists: the board's page, the schools, the start page, the results in the menu.
    eigen_school, andere_school = (
        (world.school_b, world.school_c) if eigen == "1" else (world.school_c, world.school_b)
    )
    for url in (
        reverse("zelfscan:bestuur", kwargs={"pk": world.bestuur_b.pk}),
        reverse("zelfscan:scholen"),
        reverse("zelfscan:start"),
    ):
        html = client.get(url).content.decode()
        assert eigen_school.naam in html, url
        assert andere_school.naam not in html, url
    andere_ronde = twee_rondes["ronde2" if eigen == "1" else "ronde1"]
    html = client.get(reverse("zelfscan:bestuur", kwargs={"pk": world.bestuur_b.pk})).content
    assert f"/resultaten/rondes/{andere_ronde.pk}/".encode() not in html


def test_a_person_with_a_role_from_each_swv_sees_both(client, world, twee_rondes):
    """A stichting's quality officer may be given the board's role by both SWVs."""
    persoon = world.personas["bestuur_user_other"]
    Rol.objects.create(user=persoon, soort="bestuur", bestuur=world.bestuur_b, swv=world.swv2)
    login(client, persoon)
    for eigen in ("1", "2"):
        for naam, url in _urls(world, twee_rondes, eigen).items():
            if (naam == "scan_deel" and eigen == "2") or naam.startswith("rapport"):
                continue  # the reports of each: in the test above
            assert client.get(url).status_code == 200, (naam, url)


def test_a_board_report_in_the_background_holds_only_the_askers_swv(client, world, twee_rondes):
    """A report made earlier by a person who had both roles cannot be fetched once the role of
    the SWV it is about is gone."""
    from zelfscan.models import Rapportopdracht

    persoon = world.personas["bestuur_user_other"]
    rol2 = Rol.objects.create(
        user=persoon, soort="bestuur", bestuur=world.bestuur_b, swv=world.swv2
    )
    opdracht = Rapportopdracht.objects.create(
        aangevraagd_door=persoon, soort="bestuur", ronde=twee_rondes["ronde2"],
        onderwerp_id=world.bestuur_b.pk, titel="Bestuur B", status="klaar", inhoud=b"%PDF-1.7",
        bestandsnaam="bestuur.pdf", scans=[twee_rondes["scan_c"].pk],
    )  # fmt: skip
    login(client, persoon)
    url = reverse("zelfscan:rapport_download", kwargs={"pk": opdracht.pk})
    assert client.get(url).status_code == 200
    rol2.delete()
    assert client.get(url).status_code == 404


def test_an_import_naming_another_swvs_board_gives_only_this_swvs_schools(beheerder, client, world):
    """The attack of the review: SWV 1's beheerder adds a school under the number of a board
    whose schools are all in SWV 2, and gives an account a bestuur role for it. That account
    reaches the new school in SWV 1, nothing of SWV 2; SWV 2's board member nothing of SWV 1."""
    bestuur_d = Bestuur.objects.create(bevoegd_gezag_nummer="41004", naam="Bestuur D")
    school_d = School.objects.create(
        brin="44DD", naam="School D", bestuur=bestuur_d, swv=world.swv2, wijk=world.wijk2,
        soort="vo",
    )  # fmt: skip
    d_swv2 = User.objects.create_user("d_swv2", "d2@example.nl", "x")
    Rol.objects.create(user=d_swv2, soort="bestuur", bestuur=bestuur_d, swv=world.swv2)

    assert upload(beheerder, world, csv_file([
        "brin;vestigingsnummer;naam;bevoegd_gezag_nummer;wijk;soort;aantal_leerlingen;actief",
        "55EE;00;School E;41004;Haven;bao;100;ja",
    ])).status_code == 200  # fmt: skip
    assert confirm(beheerder, world).status_code == 302
    school_e = School.objects.get(brin="55EE")
    assert (school_e.bestuur, school_e.swv) == (bestuur_d, world.swv1)
    assert upload(beheerder, world, csv_file([
        "email;voornaam;achternaam;rol;bevoegd_gezag_nummer",
        "nieuw.d@example.nl;Nieuw;D;bestuur;41004",
    ]), "accounts").status_code == 200  # fmt: skip
    assert confirm(beheerder, world, "accounts").status_code == 302
    rol = Rol.objects.get(user__email="nieuw.d@example.nl")
    assert (rol.bestuur, rol.swv) == (bestuur_d, world.swv1)

    nieuw = User.objects.get(email="nieuw.d@example.nl")
    assert set(School.objects.for_user(nieuw)) == {school_e}
    assert set(School.objects.for_user(d_swv2)) == {school_d}
    login(client, nieuw)
    assert client.get(reverse("zelfscan:school", kwargs={"pk": school_d.pk})).status_code == 404
    html = client.get(reverse("zelfscan:bestuur", kwargs={"pk": bestuur_d.pk})).content.decode()
    assert "School E" in html and "School D" not in html
    login(client, d_swv2)
    assert client.get(reverse("zelfscan:school", kwargs={"pk": school_e.pk})).status_code == 404
    html = client.get(reverse("zelfscan:bestuur", kwargs={"pk": bestuur_d.pk})).content.decode()
    assert "School D" in html and "School E" not in html
    # Each SWV's beheerder manages the role it gave, not the other's.
    assert not Rol.objects.for_user(world.personas["beheerder_a"]).filter(user=d_swv2).exists()
    assert not Rol.objects.for_user(world.personas["beheerder_other"]).filter(user=nieuw).exists()


def test_the_account_form_gives_a_bestuur_role_for_the_swv_that_gives_it(
    beheerder, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = beheerder.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": "kwaliteit@example.nl", "first_name": "K", "last_name": "W",
             "soort": "bestuur", "bestuur": world.bestuur_b.pk},
        )  # fmt: skip
    assert response.status_code == 302
    rol = Rol.objects.get(user__email="kwaliteit@example.nl")
    assert (rol.bestuur, rol.swv) == (world.bestuur_b, world.swv1)
    assert set(School.objects.for_user(rol.user)) == {world.school_b}


def test_a_board_member_given_their_role_by_another_swv_is_asked_not_given(
    beheerder, world, django_capture_on_commit_callbacks
):
    """SWV 2's board member of board B is outside SWV 1: SWV 1 may offer them a role, which
    starts only when they accept it (as for any account of another SWV)."""
    ander = world.personas["bestuur_b_swv2"]
    with django_capture_on_commit_callbacks(execute=True):
        beheerder.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": world.swv1.pk}),
            {"email": ander.email, "first_name": "B", "last_name": "Twee",
             "soort": "bestuur", "bestuur": world.bestuur_b.pk},
        )  # fmt: skip
    assert not Rol.objects.filter(user=ander, swv=world.swv1).exists()
    aanbod = Rolaanbod.objects.get(user=ander)
    assert (aanbod.bestuur, aanbod.swv) == (world.bestuur_b, world.swv1)
