"""Importing lists from CSV and XLSX: preview, Dutch messages per bad row, nothing written on
any error, caps on size and unpacked size, and thousands of rows in bulk."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.importhulp import HEADER, confirm, csv_file, messages, state, upload, xlsx_file
from zelfscan.models import Bestuur, Importbestand, Rol, School, User, Wijk

pytestmark = pytest.mark.django_db


def test_good_csv_is_previewed_then_imported(beheerder, world):
    bestand = csv_file([
        HEADER,
        "44DD;0;De Nieuwe Wereld;41001;Haven;bao;250;ja",
        "11aa;00;School A (nieuwe naam);41001;haven;bao;210;ja",
    ])  # fmt: skip
    response = upload(beheerder, world, bestand)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alle 2 rijen kunnen worden ingelezen" in html
    assert re.search(r"<td>2</td><td>BRIN 44DD00</td><td>nieuw</td>", html)
    # A changed row says what changes, per column.
    assert re.search(
        r"<td>3</td><td>BRIN 11AA00</td><td>gewijzigd<ul [^>]*><li>naam: School A → School A "
        r"\(nieuwe naam\)</li><li>aantal_leerlingen: 200 → 210</li></ul></td>",
        html,
    )
    assert not School.objects.filter(brin="44DD").exists(), "a preview writes nothing"

    response = confirm(beheerder, world)
    assert response.status_code == 302
    nieuw = School.objects.get(brin="44DD", vestigingsnummer="00")
    assert (nieuw.naam, nieuw.swv, nieuw.bestuur, nieuw.wijk) == (
        "De Nieuwe Wereld", world.swv1, world.bestuur_a, world.wijk1,
    )  # fmt: skip
    assert nieuw.aantal_leerlingen == 250
    assert School.objects.get(brin="11AA").naam == "School A (nieuwe naam)"
    assert not Importbestand.objects.exists()


def test_good_xlsx_is_imported(beheerder, world):
    rows = [HEADER.split(";"), ["55EE", 0, "Het Xlsx", 41002, "Haven", "sbo", 80, "nee"]]
    response = upload(beheerder, world, xlsx_file(rows))
    assert response.status_code == 200, messages(response)
    confirm(beheerder, world)
    school = School.objects.get(brin="55EE")
    assert (school.vestigingsnummer, school.soort, school.actief) == ("00", "sbo", False)
    assert school.bestuur == world.bestuur_b


def test_every_bad_row_is_reported_in_dutch_and_nothing_is_written(beheerder, world):
    before = state()
    bestand = csv_file([
        HEADER,
        "66FF;00;Goede school;41001;Haven;bao;100;ja",
        "77GG;00;Onbekend bestuur;99999;Haven;bao;100;ja",
        "88HH;00;Dubbel een;41001;Haven;bao;100;ja",
        "88HH;00;Dubbel twee;41001;Haven;bao;100;ja",
        "8X;00;Rare BRIN;41001;Haven;bao;100;ja",
        "99JJ;00;;41001;Haven;bao;100;ja",
        "98KK;00;Onbekende wijk;41001;Atlantis;bao;100;ja",
        "33CC;00;School van een ander SWV;41002;Haven;vo;100;ja",
    ])  # fmt: skip
    response = upload(beheerder, world, bestand)
    assert response.status_code == 400
    found = messages(response)
    assert (
        "Regel 3: bevoegd_gezag_nummer: onbekend bestuur: bevoegd-gezagnummer 99999 bestaat niet"
        " (een nieuw bestuur krijgt zijn naam in de kolom bestuursnaam)" in found
    )
    assert "Regel 4: BRIN 88HH00 staat meer dan eens in het bestand" in found
    assert "Regel 5: BRIN 88HH00 staat meer dan eens in het bestand" in found
    assert any(m.startswith("Regel 6: brin: Een BRIN-nummer is twee cijfers") for m in found)
    assert "Regel 7: naam: Dit veld kan niet leeg zijn" in found
    assert "Regel 8: wijk: onbekende wijk 'Atlantis' in dit samenwerkingsverband" in found
    assert any(
        m.startswith("Regel 9: BRIN 33CC00 hoort bij een ander samenwerkingsverband") for m in found
    )
    assert not any(m.startswith("Regel 2:") for m in found)
    assert "Bevestig import" not in response.content.decode()
    assert state() == before
    assert not Importbestand.objects.exists()


def test_missing_columns_are_named(beheerder, world):
    response = upload(beheerder, world, csv_file(["brin;naam", "44DD;X"]))
    assert response.status_code == 400
    assert (
        "Kolom ontbreekt: vestigingsnummer, bevoegd_gezag_nummer, wijk, soort."
        in response.content.decode()
    )


def test_five_thousand_schools_in_bulk(beheerder, world, django_assert_max_num_queries):
    lines = [HEADER] + [
        f"{n // 676 % 10}{n % 10}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)};{n // 6760:02d};"
        f"School {n};41001;Haven;bao;{100 + n % 300};ja"
        for n in range(5000)
    ]
    assert len({line.split(";")[0] + line.split(";")[1] for line in lines[1:]}) == 5000
    response = upload(beheerder, world, csv_file(lines))
    assert response.status_code == 200, messages(response)[:5]
    with django_assert_max_num_queries(100):  # bulk: 85 measured, not one per row
        assert confirm(beheerder, world).status_code == 302
    assert School.objects.filter(swv=world.swv1).count() == 5000 + 2


def test_besturen_and_wijken_import(beheerder, world):
    # A new board comes in with its schools, named in the column bestuursnaam ...
    upload(beheerder, world, csv_file([
        HEADER + ";bestuursnaam", "44DD;00;School D;41003;Haven;bao;100;ja;Bestuur C",
    ]))  # fmt: skip
    assert confirm(beheerder, world).status_code == 302
    assert School.objects.get(brin="44DD").bestuur.naam == "Bestuur C"
    # ... and the besturen import renames a board whose schools are all in this SWV.
    upload(
        beheerder, world, csv_file(["bevoegd_gezag_nummer;naam", "41003;Stichting C"]), "besturen"
    )
    assert confirm(beheerder, world, "besturen").status_code == 302
    assert Bestuur.objects.get(bevoegd_gezag_nummer="41003").naam == "Stichting C"
    response = upload(beheerder, world, csv_file(["naam", "Poort", "haven"]), "wijken")
    assert re.search(
        r"<td>3</td><td>wijk haven</td><td>ongewijzigd</td>", response.content.decode()
    )
    confirm(beheerder, world, "wijken")
    assert sorted(Wijk.objects.filter(swv=world.swv1).values_list("naam", flat=True)) == [
        "Haven",
        "Poort",
    ]
    bad = upload(
        beheerder, world, csv_file(["bevoegd_gezag_nummer;naam", "12A45;Geen nummer"]), "besturen"
    )
    assert any("Regel 2: bevoegd_gezag_nummer:" in m for m in messages(bad))


def test_accounts_import_makes_roles_and_invites_new_people(
    beheerder, world, mailoutbox, django_capture_on_commit_callbacks
):
    lines = [
        "email;voornaam;achternaam;rol;brin;vestigingsnummer;bevoegd_gezag_nummer",
        "nieuw@example.nl;Nora;Nieuw;ib_er;11AA;00;",
        "nieuw@example.nl;Nora;Nieuw;directeur;22BB;00;",
        "ib_a@example.nl;Ivo;Bestaand;consulent;22BB;00;",
        "bestuurder@example.nl;Ben;Bestuur;bestuur;;;41001",
    ]
    response = upload(beheerder, world, csv_file(lines), "accounts")
    assert response.status_code == 200, messages(response)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(beheerder, world, "accounts")
    nora = User.objects.get(email="nieuw@example.nl")
    assert sorted(nora.rollen.values_list("soort", "school__brin")) == [
        ("directeur", "22BB"),
        ("ib_er", "11AA"),
    ]
    assert not nora.has_usable_password()
    assert Rol.objects.filter(
        user__username="ib_a", soort="consulent", school=world.school_b
    ).exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["bestuurder@example.nl", "nieuw@example.nl"]


def test_accounts_import_refuses_bad_rows(beheerder, world):
    lines = [
        "email;voornaam;achternaam;rol;brin;vestigingsnummer;bevoegd_gezag_nummer",
        "geen-adres;A;B;ib_er;11AA;00;",
        "x@example.nl;A;B;koning;11AA;00;",
        "y@example.nl;A;B;ib_er;33CC;00;",
        "nieuw@example.nl;;B;ib_er;11AA;00;",
    ]
    before = state()
    found = messages(upload(beheerder, world, csv_file(lines), "accounts"))
    assert "Regel 2: email: 'geen-adres' is geen geldig e-mailadres" in found
    assert any(m.startswith("Regel 3: rol: onbekende rol 'koning'") for m in found)
    assert "Regel 4: brin: onbekende school '33CC00' in dit samenwerkingsverband" in found
    assert "Regel 5: voornaam: mag niet leeg zijn voor een nieuw account" in found
    assert state() == before


def test_a_bad_xlsx_is_reported_row_by_row_and_writes_nothing(beheerder, world):
    rows = [
        HEADER.split(";"),
        ["66FF", "00", "Goed", "41001", "Haven", "bao", 10, "ja"],
        ["77GG", "00", "Fout", "41001", "Haven", "gymnasium", 10, "misschien"],
    ]
    before = state()
    response = upload(beheerder, world, xlsx_file(rows))
    assert response.status_code == 400
    found = messages(response)
    assert any(m.startswith("Regel 3: soort: onbekende soort 'gymnasium'") for m in found)
    assert "Regel 3: actief: 'misschien' is geen ja of nee" in found
    assert state() == before


def test_the_admin_import_asks_for_the_swv_and_uses_the_same_checks(admin_client, world):
    url = reverse("admin:zelfscan_school_import")
    page = admin_client.get(url).content.decode()
    assert 'name="swv"' in page
    good = csv_file([HEADER, "44DD;00;Via het beheer;41001;Haven;bao;120;ja"])
    response = admin_client.post(
        url, {"resource": "0", "format": "0", "swv": world.swv1.pk, "import_file": good}
    )
    assert response.status_code == 200
    confirm_form = response.context["confirm_form"]
    assert not School.objects.filter(brin="44DD").exists()
    admin_client.post(
        reverse("admin:zelfscan_school_process_import"),
        {**confirm_form.initial, "swv": world.swv1.pk},
    )
    assert School.objects.get(brin="44DD").swv == world.swv1

    bom = io.BytesIO()
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (100 * 1024 * 1024))
    response = admin_client.post(
        url,
        {"resource": "0", "format": "1", "swv": world.swv1.pk,
         "import_file": SimpleUploadedFile("bom.xlsx", bom.getvalue())},
    )  # fmt: skip
    assert "pakt uit tot veel meer dan zijn grootte" in response.content.decode()


def test_a_school_that_changes_kind_keeps_its_scans_as_they_were_made(beheerder, world):
    """Found from outside: bao → sbo through the import left the scans' summary counting the
    wrong items, and last year's completed scan grew open items."""
    from django.core.management import call_command

    from tests.scanhulp import fill_all
    from zelfscan.scans.structuur import structuur

    fill_all(world.scan_a)
    vraagt = len(structuur(world.scan_a).items)
    assert structuur(world.scan_a).open_items() == []
    upload(beheerder, world, csv_file([HEADER, "11AA;00;School A;41001;Haven;sbo;200;ja"]))
    assert confirm(beheerder, world).status_code == 302
    assert School.objects.get(brin="11AA").soort == "sbo"
    scan = type(world.scan_a).objects.get(pk=world.scan_a.pk)
    assert scan.soort == "bao"
    assert len(structuur(scan).items) == vraagt, "the scan asks what it asked"
    assert structuur(scan).open_items() == []
    out = io.StringIO()
    call_command("samenvatting_bijwerken", "--controleer", stdout=out)  # raises on a difference
    assert "0 met verschillen" in out.getvalue()
    # Where it counts: with the bao schools of the round, not the sbo ones.
    url = reverse("zelfscan:resultaat_stad", kwargs={"pk": world.ronde.pk})
    assert scan in type(scan).objects.filter(soort="bao")
    assert beheerder.get(url, {"soort": "bao"}).status_code == 200


def test_an_import_changes_nothing_outside_the_importers_swv(beheerder, world):
    """Found from outside: a PO beheerder renamed a board of VO schools only (a 404 for them
    elsewhere), and the besturen import made boards that belong to no school of the SWV."""
    vo_only = Bestuur.objects.create(bevoegd_gezag_nummer="41009", naam="VO-bestuur")
    School.objects.create(
        brin="55EE",
        naam="VO-school",
        bestuur=vo_only,
        swv=world.swv2,
        wijk=world.wijk2,
        soort="vo",
    )
    before = state()
    response = upload(beheerder, world, csv_file([
        "bevoegd_gezag_nummer;naam",
        "41001;Bestuur A",  # unchanged: fine
        "41009;Overgenomen",  # only schools in the other SWV
        "41002;Bestuur B hernoemd",  # school B here, school C in the other SWV
        "41010;Nieuw zonder scholen",
    ]), "besturen")  # fmt: skip
    assert response.status_code == 400
    found = messages(response)
    assert found == [
        "Regel 3: bestuur 41009 heeft (ook) scholen buiten dit samenwerkingsverband en kan hier "
        "niet worden gewijzigd",
        "Regel 4: bestuur 41002 heeft (ook) scholen buiten dit samenwerkingsverband en kan hier "
        "niet worden gewijzigd",
        "Regel 5: bestuur 41010 heeft geen scholen in dit samenwerkingsverband; een nieuw "
        "bestuur wordt ingelezen met zijn scholen (kolom bestuursnaam in het scholenbestand)",
    ]
    assert state() == before
    assert Bestuur.objects.get(bevoegd_gezag_nummer="41009").naam == "VO-bestuur"
    assert not Bestuur.objects.filter(bevoegd_gezag_nummer="41010").exists()


def test_the_accounts_import_does_not_attach_a_role_to_another_swvs_account(beheerder, world):
    other = world.personas["beheerder_other"]  # a role in SWV 2 only
    before = Rol.objects.filter(user=other).count()
    response = upload(beheerder, world, csv_file([
        "email;voornaam;achternaam;rol;brin;vestigingsnummer",
        f"{other.email};Iemand;Anders;ib_er;11AA;00",
    ]), "accounts")  # fmt: skip
    assert response.status_code == 400
    assert messages(response) == [
        f"Regel 2: {other.email} hoort bij een account buiten dit samenwerkingsverband; nodig "
        "deze persoon uit via 'Persoon uitnodigen': die aanvaardt de rol dan zelf"
    ]
    assert Rol.objects.filter(user=other).count() == before


def test_every_error_of_a_row_is_listed(beheerder, world):
    response = upload(beheerder, world, csv_file([
        HEADER, "11AA;00;;99999;Nergens;xyz;veel;misschien", "11AA;00;A;41001;Haven;bao;1;ja",
    ]))  # fmt: skip
    found = messages(response)
    assert found[:7] == [
        "Regel 2: bevoegd_gezag_nummer: onbekend bestuur: bevoegd-gezagnummer 99999 bestaat niet"
        " (een nieuw bestuur krijgt zijn naam in de kolom bestuursnaam)",
        "Regel 2: wijk: onbekende wijk 'Nergens' in dit samenwerkingsverband",
        "Regel 2: soort: onbekende soort 'xyz'; kies uit bao, sbo, so, vo",
        "Regel 2: aantal_leerlingen: 'veel' is geen geheel getal van 0 of meer",
        "Regel 2: actief: 'misschien' is geen ja of nee",
        "Regel 2: naam: Dit veld kan niet leeg zijn",
        "Regel 2: BRIN 11AA00 staat meer dan eens in het bestand",
    ]
    assert found[7:] == ["Regel 3: BRIN 11AA00 staat meer dan eens in het bestand"]
