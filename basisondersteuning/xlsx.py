"""An uploaded XLSX checked before it is parsed: it must be a workbook, and unpack to no more
than a real spreadsheet does. Shared by the imports (``zelfscan.organisaties.uploads``) and the
norm file (``ijkpunten.normbestand``)."""

import io
import zipfile

from django.utils.translation import gettext as _

# An XLSX is a zip of XML; text compresses well, but not this well (a real spreadsheet of
# 5 MB unpacks to some 30 MB).
MAX_UNPACK_RATIO = 40


class XlsxFout(Exception):
    """Not a workbook that may be read; the message is for the user."""


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def controleer(data: bytes) -> None:
    """An XLSX is a zip: count what really comes out, not what the headers claim."""
    if not is_zip(data):
        raise XlsxFout(_("This file is not an XLSX file, though it is named so."))
    limit = max(len(data) * MAX_UNPACK_RATIO, 1024 * 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise XlsxFout(_("This file is not an XLSX file, though it is named so."))
            unpacked = 0
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(64 * 1024):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise XlsxFout(
                                _("This XLSX file unpacks to far more than its size and is "
                                  "not read.")
                            )  # fmt: skip
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise XlsxFout(_("This XLSX file is damaged and cannot be read.")) from error
