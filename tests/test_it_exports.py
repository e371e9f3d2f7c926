"""Exports are what they say, scoped, and safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import login
from zelfscan.models import School

pytestmark = pytest.mark.django_db

NASTY = ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.fixture
def nasty_schools(world):
    for n, naam in enumerate(NASTY):
        School.objects.create(
            swv=world.swv1, brin=f"5{n}ZZ", naam=naam, bestuur=world.bestuur_a,
            wijk=world.wijk1, soort="bao", aantal_leerlingen=100 + n,
        )  # fmt: skip
    return world


def export(client, world, soort, formaat):
    url = reverse(
        "zelfscan:exporteren", kwargs={"pk": world.swv1.pk, "soort": soort, "formaat": formaat}
    )
    return client.get(url)


def test_csv_neutralises_formula_like_cells(client, nasty_schools):
    world = nasty_schools
    login(client, world.personas["beheerder_a"])
    response = export(client, world, "scholen", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="scholen-po-99-01.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["brin", "vestigingsnummer", "naam"]
    names = {row[2] for row in rows[1:]}
    assert names >= {"'" + name for name in NASTY}
    assert not any(name in names for name in NASTY)
    assert {"School A", "School B"} <= names and "School C" not in names


def test_xlsx_neutralises_formula_like_cells_and_keeps_numbers(client, nasty_schools):
    world = nasty_schools
    login(client, world.personas["beheerder_a"])
    response = export(client, world, "scholen", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    cells = {row[2]: row for row in rows[1:]}
    # Every formula-like name starts with the neutralising quote. (Whether a CR comes back as
    # CR or LF is the XML writer's: openpyxl's own writes LF, with lxml, which pikepdf
    # brings, it keeps the CR.)
    namen = {naam.replace("\r", "\n") for naam in cells}
    for name in NASTY:
        assert "'" + name.replace("\r", "\n") in namen
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert cells["'" + NASTY[0]][6] == 100  # a number stays a number
    assert cells["School A"][6] == 200


@pytest.mark.parametrize("soort", ["scholen", "besturen", "wijken", "accounts"])
def test_every_list_exports_in_both_formats(client, world, soort):
    login(client, world.personas["beheerder_a"])
    assert export(client, world, soort, "csv").status_code == 200
    sheet = load_workbook(io.BytesIO(export(client, world, soort, "xlsx").content)).active
    assert sheet.max_row >= 2


@pytest.mark.parametrize("soort", ["scholen", "besturen", "wijken", "accounts"])
def test_an_export_reads_back_as_an_import_that_changes_nothing(client, world, soort):
    login(client, world.personas["beheerder_a"])
    body = export(client, world, soort, "csv").content
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("zelfscan:importeren", kwargs={"pk": world.swv1.pk, "soort": soort})
    response = client.post(url, {"bestand": SimpleUploadedFile(f"{soort}.csv", body)})
    html = response.content.decode()
    assert response.status_code == 200, html
    rows = len(body.decode("utf-8-sig").strip().splitlines()) - 1
    assert rows >= 1
    assert html.count("<td>ongewijzigd</td>") == rows
