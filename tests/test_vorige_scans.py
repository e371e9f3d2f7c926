"""Past scans read in (issue 18, part 2): the template the application hands out, filled from
the SWV's earlier spreadsheets; checked per row and column, nothing written on an error;
written as completed scans marked as read in; the trend and the comparison with last year then
start from the first round read in."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ijkpunten.models import Normkader
from tests.personas import login
from tests.scanhulp import fill_all
from zelfscan.models import Historie, Importbestand, Zelfscan
from zelfscan.scans.structuur import structuur

pytestmark = pytest.mark.django_db


def sjabloon(client, world):
    normkader = Normkader.objects.get(code="anb-2024")
    response = client.get(
        reverse("zelfscan:vorige_scans_sjabloon", kwargs={"pk": world.swv1.pk}),
        {"normkader": normkader.pk},
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))["scores"]


def ingevuld(blad, jaren: dict, brin="11AA") -> bytes:
    """The template's rows of one school, once per year: {jaar: score}."""
    rijen = list(blad.iter_rows(values_only=True))
    boek = Workbook()
    uit = boek.active
    uit.append(list(rijen[0]))
    for jaar, score in jaren.items():
        for rij in rijen[1:]:
            if rij[0] == brin:
                uit.append([rij[0], rij[1], jaar, rij[3], rij[4], score, "", rij[7]])
    data = io.BytesIO()
    boek.save(data)
    return data.getvalue()


def upload(client, world, data, naam="vorige.xlsx"):
    return client.post(
        reverse("zelfscan:vorige_scans", kwargs={"pk": world.swv1.pk}),
        {"bestand": SimpleUploadedFile(naam, data),
         "normkader": Normkader.objects.get(code="anb-2024").pk},
    )  # fmt: skip


def bevestig(client, world):
    bestand = Importbestand.objects.get(soort="vorige_scans")
    return client.post(
        reverse("zelfscan:vorige_scans_bevestigen",
                kwargs={"pk": world.swv1.pk, "bestand": bestand.pk}),
        {"normkader": Normkader.objects.get(code="anb-2024").pk},
    )  # fmt: skip


def test_the_template_has_a_row_per_item_asked_of_each_school(beheerder, world):
    blad = sjabloon(beheerder, world)
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0] == ("brin", "vestigingsnummer", "schooljaar", "onderdeel", "item", "score",
                        "toelichting", "tekst")  # fmt: skip
    per_school = {}
    for rij in rijen[1:]:
        per_school[rij[0]] = per_school.get(rij[0], 0) + 1
    # The two primary schools of SWV 1, each asked what its scan asks.
    assert per_school == {"11AA": len(structuur(world.scan_a).items),
                          "22BB": len(structuur(world.scan_b).items)}  # fmt: skip


def test_two_years_read_in_give_a_trend_of_three_rounds(client, beheerder, world):
    data = ingevuld(sjabloon(beheerder, world), {"2023-2024": 2, "2024-2025": 3})
    response = upload(beheerder, world, data)
    assert response.status_code == 200, response.content.decode()[-3000:]
    html = response.content.decode()
    assert "2 scans kunnen worden ingelezen" in html
    assert not Zelfscan.objects.filter(ronde__schooljaar="2023-2024").exists()  # only a preview
    assert bevestig(beheerder, world).status_code == 302
    oud, vorig = (
        Zelfscan.objects.filter(school=world.school_a)
        .exclude(pk=world.scan_a.pk)
        .order_by("ronde__schooljaar")
    )
    assert (oud.ronde.schooljaar, vorig.ronde.schooljaar) == ("2023-2024", "2024-2025")
    assert oud.status == vorig.status == "afgerond"
    assert oud.ingelezen_op is not None
    assert vorig.vorige == oud
    assert Historie.objects.filter(scan=oud, bron="import").count() == oud.antwoorden.count()
    # This round's scan now follows on from last year's read-in one.
    nu = Zelfscan.objects.get(pk=world.scan_a.pk)
    assert nu.vorige == vorig
    fill_all(nu, score=4)
    login(client, world.personas["school_user_a"])
    page = client.get(reverse("zelfscan:resultaat_school", kwargs={"pk": nu.pk})).content.decode()
    jaren = re.findall(r"<th scope=\"row\"[^>]*>(20\d\d-20\d\d)</th>", page)
    assert jaren == ["2023-2024", "2024-2025", "2025-2026"], jaren
    # The read-in scan says so on its pages.
    scan_page = client.get(reverse("zelfscan:scan", kwargs={"pk": vorig.pk})).content.decode()
    assert "uit de eerdere spreadsheets van het samenwerkingsverband" in scan_page


def _bestand(rijen) -> bytes:
    kop = "brin;vestigingsnummer;schooljaar;onderdeel;item;score;toelichting"
    return ("\n".join([kop, *rijen]) + "\n").encode()


@pytest.mark.parametrize(
    ("rij", "melding"),
    [
        ("99ZZ;00;2023-2024;ijkpunt-4;insp-1;3;", "Regel 2, kolom brin: school 99ZZ00 hoort "
                                                  "niet bij dit samenwerkingsverband"),
        ("11AA;00;2023/24;ijkpunt-4;insp-1;3;", "Regel 2, kolom schooljaar: geef een schooljaar"),
        ("11AA;00;2023-2025;ijkpunt-4;insp-1;3;", "Regel 2, kolom schooljaar: geef een schooljaar"),
        ("11AA;00;2025-2026;ijkpunt-4;insp-1;3;", "School A heeft al een zelfscan in 2025-2026"),
        ("11AA;00;2023-2024;ijkpunt-4;bestaat-niet;3;", "Regel 2, kolom item: onbekend item"),
        ("11AA;00;2023-2024;ijkpunt-4;insp-1;5;", "Regel 2, kolom score: geef 1, 2, 3, 4 of nvt"),
        ("11AA;00;2023-2024;ijkpunt-4;insp-1;nvt;", "Regel 2, kolom score: n.v.t. kan niet"),
    ],
)  # fmt: skip
def test_a_bad_row_is_refused_with_its_message_and_nothing_is_written(
    beheerder, world, rij, melding
):
    goed = "11AA;00;2023-2024;ijkpunt-4;insp-3;2;Plan volgt"
    response = upload(beheerder, world, _bestand([rij, goed]), "vorige.csv")
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not Importbestand.objects.exists()
    assert not Zelfscan.objects.filter(ronde__schooljaar="2023-2024").exists()


def test_a_row_twice_is_refused(beheerder, world):
    rij = "11AA;00;2023-2024;ijkpunt-4;insp-1;3;"
    response = upload(beheerder, world, _bestand([rij, rij]), "vorige.csv")
    assert "Regel 3, kolom item: insp-1 van School A in 2023-2024 staat twee keer" in (
        response.content.decode()
    )


def test_only_the_swvs_beheerder_reads_in(client, world):
    url = reverse("zelfscan:vorige_scans", kwargs={"pk": world.swv1.pk})
    for persona in ("beheerder_other", "school_user_a", "bestuur_user_a", "consulent_a"):
        login(client, world.personas[persona])
        assert client.get(url).status_code == 404
        data = _bestand(["11AA;00;2023-2024;ijkpunt-4;insp-1;3;"])
        assert upload(client, world, data, "vorige.csv").status_code == 404
        sjabloon_url = reverse("zelfscan:vorige_scans_sjabloon", kwargs={"pk": world.swv1.pk})
        normkader = Normkader.objects.get(code="anb-2024").pk
        assert client.get(sjabloon_url, {"normkader": normkader}).status_code == 404
    assert not Importbestand.objects.exists()


def test_confirming_someone_elses_file_is_404(client, beheerder, world):
    upload(beheerder, world, _bestand(["11AA;00;2023-2024;ijkpunt-4;insp-1;3;"]), "vorige.csv")
    bestand = Importbestand.objects.get(soort="vorige_scans")
    url = reverse("zelfscan:vorige_scans_bevestigen",
                  kwargs={"pk": world.swv1.pk, "bestand": bestand.pk})  # fmt: skip
    normkader = Normkader.objects.get(code="anb-2024").pk
    login(client, world.personas["superuser"])  # sees the SWV, did not upload the file
    assert client.post(url, {"normkader": normkader}).status_code == 404
    login(client, world.personas["beheerder_other"])
    assert client.post(url, {"normkader": normkader}).status_code == 404
    assert not Zelfscan.objects.filter(ronde__schooljaar="2023-2024").exists()
