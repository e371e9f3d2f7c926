"""Schools straight from DUO (issue 18, part 3): DUO's files as downloaded, in both
separators and both encodings, with columns the application does not use; filtered to the
SWV; boards made or matched; pupils from DUO's pupils file; the changes shown before they are
confirmed; the same from the command line."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from zelfscan.models import Bestuur, Importbestand, School

pytestmark = pytest.mark.django_db

KOLOMMEN = ["PROVINCIE", "BEVOEGD GEZAG NUMMER", "INSTELLINGSCODE", "VESTIGINGSCODE",
            "VESTIGINGSNAAM", "STRAATNAAM", "POSTCODE", "PLAATSNAAM", "GEMEENTENUMMER",
            "GEMEENTENAAM", "DENOMINATIE", "SOORT PO", "INTERNETADRES"]  # fmt: skip
VESTIGINGEN = [
    # School A of the tests' world, as DUO writes it (in capitals).
    ["Flevoland", "41001", "11AA", "11AA00", "OBS SCHOOL A", "Kerkstraat 1", "1311AA",
     "ALMERE", "0034", "ALMERE", "Openbaar", "Bo", "www.a.example"],
    # A school new to the SWV, of a board it does not know yet; an é in its name.
    ["Flevoland", "41009", "44DD", "44DD00", "BS DE NIEUWE WERELD CAFÉ", "Laan 2", "1312BB",
     "ALMERE", "0034", "ALMERE", "Rooms-Katholiek", "Bo", ""],
    # A special primary school: its kind from SOORT PO.
    ["Flevoland", "41002", "55EE", "55EE01", "SBO DE BRUG", "Pad 3", "1313CC", "ALMERE",
     "0034", "ALMERE", "Openbaar", "Sbo", ""],
    # Another gemeente: not the SWV's.
    ["Flevoland", "41003", "66FF", "66FF00", "OBS ELDERS", "Weg 4", "8200AA", "LELYSTAD",
     "0995", "LELYSTAD", "Openbaar", "Bo", ""],
]  # fmt: skip
LEERLINGEN = [
    ["INSTELLINGSCODE", "VESTIGINGSCODE", "INSTELLINGSNAAM", "LEERJAAR 1", "TOTAAL"],
    ["11AA", "11AA00", "OBS SCHOOL A", "30", "230"],
    ["44DD", "44DD00", "BS DE NIEUWE WERELD", "12", "120"],
    ["44DD", "44DD00", "BS DE NIEUWE WERELD", "3", "15"],  # a second row: added up
    ["55EE", "55EE01", "SBO DE BRUG", "5", "80"],
    ["66FF", "66FF00", "OBS ELDERS", "9", "99"],
]


def duo_bestand(rijen, *, scheiding=";", codering="utf-8") -> bytes:
    """A file as DUO hands it out: semicolons and bare cells, or commas and quoted cells."""
    out = io.StringIO()
    if scheiding == ";":
        for rij in rijen:
            out.write(";".join(rij) + "\r\n")
    else:
        for rij in rijen:
            out.write(",".join(f'"{c}"' for c in rij) + "\r\n")
    return out.getvalue().encode(codering)


def invoer(vestigingen=VESTIGINGEN, **kwargs):
    return duo_bestand([KOLOMMEN, *vestigingen], **kwargs)


def wijzigingen(client, world, data, leerlingen=None, **extra):
    velden = {"bestand": SimpleUploadedFile("vestigingen.csv", data), "gemeenten": "Almere",
              **extra}  # fmt: skip
    if leerlingen is not None:
        velden["leerlingen"] = SimpleUploadedFile("leerlingen.csv", leerlingen)
    return client.post(
        reverse("zelfscan:importeren", kwargs={"pk": world.swv1.pk, "soort": "scholen"}), velden
    )


def bevestig(client, world):
    bestand = Importbestand.objects.latest("pk")
    return client.post(
        reverse(
            "zelfscan:import_bevestigen",
            kwargs={"pk": world.swv1.pk, "soort": "scholen", "bestand": bestand.pk},
        )
    )


@pytest.mark.parametrize(("scheiding", "codering"), [(";", "utf-8"), (",", "latin-1")])
def test_duos_files_as_downloaded_give_the_swvs_schools(beheerder, world, scheiding, codering):
    data = invoer(scheiding=scheiding, codering=codering)
    leerlingen = duo_bestand(LEERLINGEN, scheiding=scheiding, codering=codering)
    response = wijzigingen(beheerder, world, data, leerlingen, wijk_nieuw=world.wijk1.pk)
    assert response.status_code == 200, response.content.decode()[-2000:]
    html = response.content.decode()
    assert "Alle 3 rijen kunnen worden ingelezen" in html  # Lelystad's school is not one
    assert re.search(r"<td>BRIN 11AA00</td><td>gewijzigd<ul [^>]*><li>aantal_leerlingen: "
                     r"200 → 230</li></ul>", html)  # fmt: skip
    assert not School.objects.filter(brin="44DD").exists()  # a preview writes nothing
    # School B of the SWV is not in DUO's selection: named, left as it is.
    assert re.search(r"1 actieve school van het samenwerkingsverband staat niet in DUO.s "
                     r"selectie.*<li>School B \(22BB00\)</li>", html, re.S)  # fmt: skip
    assert bevestig(beheerder, world).status_code == 302
    nieuw = School.objects.get(brin="44DD", vestigingsnummer="00")
    assert (nieuw.naam, nieuw.soort, nieuw.aantal_leerlingen, nieuw.wijk, nieuw.swv) == (
        "BS DE NIEUWE WERELD CAFÉ", "bao", 135, world.wijk1, world.swv1,
    )  # fmt: skip
    assert (nieuw.bestuur.bevoegd_gezag_nummer, nieuw.bestuur.naam) == (
        "41009", "Bevoegd gezag 41009"
    )  # fmt: skip
    sbo = School.objects.get(brin="55EE", vestigingsnummer="01")
    assert (sbo.soort, sbo.bestuur, sbo.aantal_leerlingen) == ("sbo", world.bestuur_b, 80)
    a = School.objects.get(pk=world.school_a.pk)
    assert (a.naam, a.aantal_leerlingen, a.wijk) == ("School A", 230, world.wijk1)
    assert not School.objects.filter(brin="66FF").exists()
    assert Bestuur.objects.filter(bevoegd_gezag_nummer="41003").exists() is False


def test_a_second_import_of_a_changed_file_shows_exactly_the_changes(beheerder, world):
    wijzigingen(beheerder, world, invoer(), duo_bestand(LEERLINGEN), wijk_nieuw=world.wijk1.pk)
    bevestig(beheerder, world)
    # A month later: school A has 250 pupils, the SBO moved to board A; the rest is as it was.
    vestigingen = [list(r) for r in VESTIGINGEN]
    vestigingen[2][1] = "41001"
    leerlingen = [list(r) for r in LEERLINGEN]
    leerlingen[1][4] = "250"
    response = wijzigingen(
        beheerder, world, invoer(vestigingen), duo_bestand(leerlingen), wijk_nieuw=world.wijk1.pk
    )
    html = response.content.decode()
    rijen = re.findall(r"<td>(BRIN [0-9A-Z]+)</td><td>(\w+)(?:<ul [^>]*>(.*?)</ul>)?</td>", html)
    assert rijen == [
        ("BRIN 11AA00", "gewijzigd", "<li>aantal_leerlingen: 230 → 250</li>"),
        ("BRIN 44DD00", "ongewijzigd", ""),
        ("BRIN 55EE01", "gewijzigd", "<li>bevoegd_gezag_nummer: Bestuur B → Bestuur A</li>"),
    ]


def test_a_new_primary_school_needs_a_wijk(beheerder, world):
    response = wijzigingen(beheerder, world, invoer())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het bestand bevat fouten; er is niets ingelezen." in html
    assert "Een school in het primair onderwijs werkt in een wijk" in html
    assert not Importbestand.objects.exists()


@pytest.mark.parametrize(
    ("data", "extra", "melding"),
    [
        (invoer(), {"gemeenten": ""}, "Zeg welke scholen bij het samenwerkingsverband horen"),
        (invoer(), {"gemeenten": "Zwolle"}, "Geen vestiging van het bestand ligt in de gemeenten"),
        (
            duo_bestand(
                [[k for k in KOLOMMEN if k != "GEMEENTENAAM"] + ["INSTELLINGSCODE2"], ["x"] * 13]
            ),
            {},
            "ontbreken de kolom(men) GEMEENTENAAM",
        ),
    ],
)
def test_a_wrong_duo_file_is_refused_with_its_message(beheerder, world, data, extra, melding):
    # The file must still look like DUO's (its first line names DUO's codes).
    response = wijzigingen(beheerder, world, data, **extra)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not School.objects.filter(brin="44DD").exists()


def test_the_same_from_the_command_line(world, tmp_path):
    adressen, leerlingen = tmp_path / "vestigingen.csv", tmp_path / "leerlingen.csv"
    adressen.write_bytes(invoer(scheiding=",", codering="latin-1"))
    leerlingen.write_bytes(duo_bestand(LEERLINGEN))
    args = [str(adressen), "--swv", world.swv1.code, "--gemeente", "ALMERE",
            "--leerlingen", str(leerlingen), "--wijk", "haven"]  # fmt: skip
    # Without a wijk for the new primary schools: refused, nothing written.
    with pytest.raises(CommandError, match=r"2 met een fout\. Niets ingelezen"):
        call_command("importeer_scholen", *args[:-2], stdout=io.StringIO())
    out = io.StringIO()
    call_command("importeer_scholen", *args, stdout=out)
    text = out.getvalue()
    assert "regel 2: BRIN 11AA00: gewijzigd\n    aantal_leerlingen: 200 → 230" in text
    assert "2 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 met een fout. Nog niets geschreven" in text
    assert not School.objects.filter(brin="44DD").exists()
    out = io.StringIO()
    call_command("importeer_scholen", *args, "--bevestig", stdout=out)
    assert "Ingelezen: 2 nieuw, 1 gewijzigd" in out.getvalue()
    assert School.objects.get(brin="44DD").aantal_leerlingen == 135
    assert "niet in DUO's bestand (blijft zoals het is): School B (22BB00)" in out.getvalue()
    assert School.objects.get(brin="22BB").actief
    with pytest.raises(CommandError, match="Samenwerkingsverband 'XX' bestaat niet"):
        call_command("importeer_scholen", str(adressen), "--swv", "XX", "--gemeente", "A")


def test_the_swvs_schools_by_their_codes_instead_of_a_gemeente(world, tmp_path):
    adressen = tmp_path / "vestigingen.csv"
    adressen.write_bytes(invoer())
    out = io.StringIO()
    call_command("importeer_scholen", str(adressen), "--swv", world.swv1.code,
                 "--codes", "11aa, 55EE01, 66FF00", "--wijk", "Haven", "--bevestig",
                 stdout=out)  # fmt: skip
    # A BRIN takes all its vestigingen; a vestigingscode one; the gemeente does not matter.
    assert sorted(
        School.objects.filter(brin__in=["55EE", "66FF"]).values_list("brin", "soort")
    ) == [
        ("55EE", "sbo"),
        ("66FF", "bao"),
    ]
    assert not School.objects.filter(brin="44DD").exists()
    assert "Ingelezen: 2 nieuw, 0 gewijzigd, 1 ongewijzigd" in out.getvalue()
