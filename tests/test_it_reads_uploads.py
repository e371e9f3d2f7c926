"""Reading an uploaded list before it is imported: size and row caps, files that are not what
their name says, zip bombs, encodings, formulas."""

import html
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.importhulp import HEADER, confirm, csv_file, state, upload, xlsx_file
from zelfscan.models import School

pytestmark = pytest.mark.django_db


def test_an_oversized_file_is_refused_before_it_is_read(beheerder, world, settings):
    settings.IMPORT_MAX_BYTES = 10 * 1024
    before = state()
    lines = [HEADER] + [f"4{n % 10}AA;00;School {n};41001;Haven;bao;1;ja" for n in range(600)]
    response = upload(beheerder, world, csv_file(lines))
    assert response.status_code == 413
    assert "Het bestand is groter dan 10,0\xa0KB; splits het op." in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    ("bestand", "melding"),
    [
        (SimpleUploadedFile("scholen.xlsx", HEADER.encode()), "geen XLSX-bestand"),
        (SimpleUploadedFile("scholen.csv", b"PK\x03\x04" + b"\x00" * 100), "geen CSV-bestand"),
        (SimpleUploadedFile("scholen.pdf", b"%PDF-1.7"), "Alleen CSV- en XLSX-bestanden"),
        (SimpleUploadedFile("scholen.csv", HEADER.encode() + b"\n"), "geen rijen"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(beheerder, world, bestand, melding):
    before = state()
    response = upload(beheerder, world, bestand)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert state() == before


def test_an_xlsx_that_unpacks_huge_is_refused_before_it_is_parsed(beheerder, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    before = state()
    response = upload(beheerder, world, SimpleUploadedFile("bom.xlsx", buffer.getvalue()))
    assert response.status_code == 400
    assert "pakt uit tot veel meer dan zijn grootte" in response.content.decode()
    assert state() == before


def test_a_csv_in_neither_utf8_nor_windows_1252_is_named(beheerder, world):
    data = (HEADER + "\n11AA;00;School \x81;41001;Haven;bao;1;ja\n").encode("latin-1")
    response = upload(beheerder, world, SimpleUploadedFile("s.csv", data, "text/csv"))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "geen tekst in UTF-8 of Windows-1252: byte 0x81 op positie" in page


def test_formulas_give_their_saved_value_and_one_without_is_named(beheerder, world):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(["11AA", "00", '=CONCAT("School ","A")', "41001", "Haven", "bao", 1, "ja"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl saves no computed value, as some programs do
    response = upload(beheerder, world, SimpleUploadedFile("f.xlsx", buffer.getvalue()))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Regel 2, kolom C: de formule =CONCAT(" in page
    assert "geen opgeslagen uitkomst" in page
    # A saved value (as a spreadsheet program writes it) is read.
    xml = _with_cached_value(buffer.getvalue(), "C2", "School A (berekend)")
    response = upload(beheerder, world, SimpleUploadedFile("f.xlsx", xml))
    assert response.status_code == 200, html.unescape(response.content.decode())[:3000]
    confirm(beheerder, world)
    assert School.objects.get(brin="11AA").naam == "School A (berekend)"


def _with_cached_value(xlsx: bytes, cell: str, value: str) -> bytes:
    """The workbook as a spreadsheet program saves it: the formula with its computed value."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>',
                    rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v></c>',
                    text,
                )
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_a_sheet_over_the_row_cap_is_refused_while_it_is_read(beheerder, world, settings):
    settings.IMPORT_MAX_ROWS = 50
    rows = [HEADER.split(";")] + [
        [f"{i:02d}ZZ"[-4:], "00", f"School {i}", "41001", "Haven", "bao", 1, "ja"]
        for i in range(60)
    ]
    response = upload(beheerder, world, xlsx_file(rows))
    assert response.status_code == 400
    assert "meer dan 50 rijen" in html.unescape(response.content.decode())
