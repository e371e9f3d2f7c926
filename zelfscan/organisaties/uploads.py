"""Reading an uploaded CSV or XLSX into rows, before anything is imported.

Two guards come before any parsing: the upload must be what its name says (and within the
size cap), and an XLSX must not unpack to far more than its size. A CSV is UTF-8 or else
Windows-1252; an XLSX is streamed and stops at the row cap; a formula gives its saved value.
"""

import csv
import io

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from basisondersteuning import xlsx


class UploadError(Exception):
    """The file cannot be read at all; the message is for the user."""


def _size(n: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(n)


def read_upload(upload, *, max_bytes: int | None = None, max_rows: int | None = None):
    """Check and parse an uploaded file into a tablib Dataset with lower-case headers."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    name = (upload.name or "").lower()
    if upload.size > max_bytes:
        raise UploadError(
            _("The file is larger than %(size)s; split it up.") % {"size": _size(max_bytes)}
        )
    data = upload.read(max_bytes + 1)
    if name.endswith(".csv"):
        dataset = _read_csv(data, max_rows)
    elif name.endswith(".xlsx"):
        dataset = _read_xlsx(data, max_rows)
    else:
        raise UploadError(_("Only CSV and XLSX files can be imported."))
    if len(dataset) == 0:
        raise UploadError(_("The file holds no rows below the column names."))
    return _normalise_headers(dataset)


def _normalise_headers(dataset):
    dataset.headers = [str(h or "").strip().lower() for h in dataset.headers]
    return dataset


class SniffingCSV(base_formats.CSV):
    """CSV for the admin's import, read like the SWV page reads it (semicolons, encodings)."""

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream.encode("utf-8") if isinstance(in_stream, str) else in_stream
        return _normalise_headers(_read_csv(data, settings.IMPORT_MAX_ROWS))


def _too_many_rows(max_rows: int) -> UploadError:
    return UploadError(_("The file has more than %(n)s rows; split it up.") % {"n": max_rows})


def decode_text(data: bytes) -> str:
    """UTF-8 (what a spreadsheet's "CSV UTF-8" writes), else Windows-1252 (what Excel writes
    as plain CSV in the Netherlands); anything else is named, not guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UploadError(
            _(
                "This file is not text in UTF-8 or Windows-1252: byte %(byte)s at position "
                "%(positie)s fits neither. Save it as 'CSV UTF-8 (comma delimited)' and import "
                "it again."
            )
            % {"byte": f"0x{data[error.start]:02X}", "positie": error.start + 1}
        ) from None


def _read_csv(data: bytes, max_rows: int):
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise UploadError(_("This file is not a CSV file (not text), though it is named so."))
    text = decode_text(data)
    if text.count("\n") > max_rows + 1:
        raise _too_many_rows(max_rows)
    first_line = text.split("\n", 1)[0]
    # Dutch spreadsheet programs write CSV with semicolons.
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise UploadError(_("This CSV file cannot be read: %(fout)s.") % {"fout": error}) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise UploadError(_("The file is empty."))
    dataset = tablib.Dataset(headers=rows[0])
    width = len(rows[0])
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return dataset


def _check_unpacked_size(data: bytes) -> None:
    try:
        xlsx.controleer(data)
    except xlsx.XlsxFout as fout:
        raise UploadError(str(fout)) from fout


def _read_xlsx(data: bytes, max_rows: int):
    """The first sheet, streamed (openpyxl's read-only mode): rows are counted as they come
    and reading stops at the cap, instead of parsing a sheet of any length first. A formula
    gives the value the spreadsheet program computed and saved with it; a formula without one
    (a file written by a program that does not compute) is named, cell by cell."""
    _check_unpacked_size(data)
    try:
        waarden = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        formules = load_workbook(io.BytesIO(data), read_only=True, data_only=False).active
        for sheet in (waarden, formules):
            sheet.reset_dimensions()  # some programs write a wrong size; read what is there
        rows, errors, headers = [], [], None
        for number, (values, cells) in enumerate(
            zip(
                waarden.iter_rows(values_only=True),
                formules.iter_rows(values_only=True),
                strict=False,
            ),
            1,
        ):
            for column, (value, formula) in enumerate(zip(values, cells, strict=False), 1):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    errors.append(
                        _(
                            "Row %(regel)s, column %(kolom)s: the formula %(formule)s has no "
                            "stored result. Open the file in a spreadsheet program and save it "
                            "again, or paste the cells as values."
                        )
                        % {
                            "regel": number,
                            "kolom": get_column_letter(column),
                            "formule": formula[:40],
                        }
                    )
            if headers is None:
                if any(v not in (None, "") for v in values):
                    headers = ["" if v is None else str(v) for v in values]
                continue
            if not any(v not in (None, "") for v in values):
                continue  # spreadsheets often carry empty rows below the data
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            rows.append(values)
    except UploadError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed workbook
        raise UploadError(_("This XLSX file cannot be read.")) from error
    if errors:
        raise UploadError(" ".join(errors[:10]) + (" …" if len(errors) > 10 else ""))
    if headers is None:
        raise UploadError(_("The file is empty."))
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for values in rows:
        cells = ["" if v is None else v for v in values]
        dataset.append((cells + [""] * width)[:width])
    return dataset
