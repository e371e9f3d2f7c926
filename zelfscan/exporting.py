"""Tables to CSV and XLSX, safe to open in a spreadsheet.

A cell that starts with = + - @, a tab or a carriage return can be read as a formula by a
spreadsheet program (CSV injection). Every text cell passes through ``neutralise`` here, in
the project's own code, so safety does not hang on a library's default. Numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass
class Table:
    """A table to export: a name for the file, column headers and rows (iterated once)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence]

    def safe_rows(self):
        for row in self.rows:
            yield [neutralise("" if cell is None else cell) for cell in row]


def render_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a BOM: what a Dutch spreadsheet program opens without asking.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.headers])
    # A decimal comma, as the semicolons: a Dutch spreadsheet reads "3,5" as a number and
    # "3.5" as a date or text. XLSX keeps real numbers.
    writer.writerows(
        [str(c).replace(".", ",") if isinstance(c, float) else c for c in row]
        for row in table.safe_rows()
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    sheet.append([neutralise(h) for h in table.headers])
    for row in table.safe_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "csv": (render_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def response(table: Table, formaat: str) -> HttpResponse:
    render, content_type = FORMATS[formaat]
    reply = HttpResponse(render(table), content_type=content_type)
    reply["Content-Disposition"] = f'attachment; filename="{slugify(table.name)}.{formaat}"'
    return reply
