"""Importing besturen, wijken, scholen and accounts from CSV or XLSX.

Two guards come before any parsing: the upload must be what its name says (and within the
size cap), and an XLSX must not unpack to far more than its size. Then django-import-export
reads the rows; every bad row gets a Dutch message with its line number, and a file with any
bad row writes nothing.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import RowResult
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk
from zelfscan.organisaties.selectors import accounts_in_swv

# An XLSX is a zip of XML; text compresses well, but not this well (a real spreadsheet of
# 5 MB unpacks to some 30 MB).
MAX_UNPACK_RATIO = 40


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
        raise UploadError(f"Het bestand is groter dan {_size(max_bytes)}; splits het op.")
    data = upload.read(max_bytes + 1)
    if name.endswith(".csv"):
        dataset = _read_csv(data, max_rows)
    elif name.endswith(".xlsx"):
        dataset = _read_xlsx(data, max_rows)
    else:
        raise UploadError("Alleen CSV- en XLSX-bestanden kunnen worden ingelezen.")
    if len(dataset) == 0:
        raise UploadError("Het bestand bevat geen rijen onder de kolomnamen.")
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
    return UploadError(f"Het bestand heeft meer dan {max_rows} rijen; splits het op.")


def _decode(data: bytes) -> str:
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
            f"Dit bestand is geen tekst in UTF-8 of Windows-1252: byte 0x{data[error.start]:02X} "
            f"op positie {error.start + 1} past in geen van beide. Sla het op als "
            "'CSV UTF-8 (door lijstscheidingsteken gescheiden)' en lees het opnieuw in."
        ) from None


def _read_csv(data: bytes, max_rows: int):
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise UploadError("Dit bestand is geen CSV-bestand (geen tekst), al heet het zo.")
    text = _decode(data)
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
        raise UploadError(f"Dit CSV-bestand kan niet worden gelezen: {error}.") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise UploadError("Het bestand is leeg.")
    dataset = tablib.Dataset(headers=rows[0])
    width = len(rows[0])
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return dataset


def _check_unpacked_size(data: bytes) -> None:
    """An XLSX is a zip: count what really comes out, not what the headers claim."""
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError("Dit bestand is geen XLSX-bestand, al heet het zo.")
    limit = max(len(data) * MAX_UNPACK_RATIO, 1024 * 1024)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
                raise UploadError("Dit bestand is geen XLSX-bestand, al heet het zo.")
            unpacked = 0
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(64 * 1024):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise UploadError(
                                "Dit XLSX-bestand pakt uit tot veel meer dan zijn grootte en "
                                "wordt niet gelezen."
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise UploadError("Dit XLSX-bestand is beschadigd en kan niet worden gelezen.") from error


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
                        f"Regel {number}, kolom {get_column_letter(column)}: de formule "
                        f"{formula[:40]} heeft geen opgeslagen uitkomst. Open het bestand in "
                        "een rekenprogramma en sla het opnieuw op, of plak de cellen als "
                        "waarden."
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
        raise UploadError("Dit XLSX-bestand kan niet worden gelezen.") from error
    if errors:
        raise UploadError(" ".join(errors[:10]) + (" …" if len(errors) > 10 else ""))
    if headers is None:
        raise UploadError("Het bestand is leeg.")
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for values in rows:
        cells = ["" if v is None else v for v in values]
        dataset.append((cells + [""] * width)[:width])
    return dataset


# --- widgets that look up within what was loaded once, with Dutch messages


class _LookupWidget(widgets.Widget):
    """Finds an object by a key in a dict filled once before the import (no query per row)."""

    def __init__(self, lookup: dict, message: str):
        super().__init__()
        self.lookup = lookup
        self.message = message

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key:
            raise ValueError(self.message.format(value="(leeg)"))
        found = self.lookup.get(key.lower())
        if found is None:
            raise ValueError(self.message.format(value=key))
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class _TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class _UpperWidget(_TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper()


class _NumberTextWidget(_TextWidget):
    """A code of digits that a spreadsheet may have turned into a number (5 → "05")."""

    def __init__(self, width: int):
        super().__init__()
        self.width = width

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = super().clean(value)
        return text.zfill(self.width) if text.isdigit() else text


class _IntegerWidget(_TextWidget):
    """A whole number, empty for none; anything else is named in Dutch (django-import-export's
    own widget let a decimal.ConversionSyntax through as an "unexpected error")."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = super().clean(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(f"'{text}' is geen geheel getal van 0 of meer")
        return int(text)


class _ChoiceWidget(_TextWidget):
    def __init__(self, choices, label: str):
        super().__init__()
        self.choices = {str(k): k for k, _ in choices}
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value).lower()
        if text not in self.choices:
            raise ValueError(
                f"onbekende {self.label} '{text or '(leeg)'}'; kies uit {', '.join(self.choices)}"
            )
        return self.choices[text]


class _BooleanWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip().lower() if value is not None else ""
        if text in {"", "1", "ja", "true", "waar", "j", "y", "yes"}:
            return True
        if text in {"0", "nee", "false", "onwaar", "n", "no"}:
            return False
        raise ValueError(f"'{value}' is geen ja of nee")


# --- resources


class _SwvResource(resources.ModelResource):
    """Rows are imported into one SWV; a row about another SWV's object is refused."""

    #: (column, ...) that must be present in the file.
    required_columns: tuple[str, ...] = ()
    #: Foreign keys filled from objects loaded before the import: they exist, so full_clean
    #: need not ask the database again for every row.
    trusted_fields: tuple[str, ...] = ()

    def __init__(self, *, swv: Samenwerkingsverband, **context):
        self.swv = swv
        super().__init__()

    def key(self, row) -> str | None:
        """What identifies a row's object, to find the same object twice in one file."""
        return None

    def before_import(self, dataset, **kwargs):
        counts: dict[str, int] = {}
        for values in dataset.dict:
            key = self.key(values)
            if key:
                counts[key] = counts.get(key, 0) + 1
        self._duplicates = {k for k, n in counts.items() if n > 1}

    def row_errors(self, row) -> list[str]:
        """What is wrong with a row as a whole (not one column); every resource adds its own.
        Listed with the column errors of the row, never instead of them."""
        key = self.key(row)
        if key and key in self._duplicates:
            return [f"{key} staat meer dan eens in het bestand"]
        return []

    def before_import_row(self, row, **kwargs):
        self._row_errors = self.row_errors(row)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness is settled without a query per row: a key twice in the file is refused
        # above, and a key that exists already makes the row an update (the database's own
        # constraint stays the last word). Everything else full_clean checks still applies.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors.keys(), *self.trusted_fields],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._raise_with_row_errors(errors)

    def _raise_with_row_errors(self, errors: dict):
        """Every error of the row at once: the columns' first, then the row's own."""
        errors = dict(errors)
        if self._row_errors:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(self._row_errors)
        if errors:
            raise ValidationError(errors)


class BestuurResource(_SwvResource):
    bevoegd_gezag_nummer = fields.Field(
        attribute="bevoegd_gezag_nummer",
        column_name="bevoegd_gezag_nummer",
        widget=_NumberTextWidget(5),
    )
    naam = fields.Field(attribute="naam", column_name="naam", widget=_TextWidget())
    required_columns = ("bevoegd_gezag_nummer", "naam")

    class Meta:
        model = Bestuur
        fields = ("bevoegd_gezag_nummer", "naam")
        import_id_fields = ("bevoegd_gezag_nummer",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, swv, **context):
        super().__init__(swv=swv)
        # Per board: is every school of it in this SWV? (one query for the whole file)
        self._geheel_hier = {}
        for nummer, swv_id in Bestuur.objects.values_list("bevoegd_gezag_nummer", "scholen__swv"):
            hier = swv_id == swv.pk
            self._geheel_hier[nummer] = self._geheel_hier.get(nummer, True) and hier

    def key(self, row):
        value = _NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        return f"bevoegd-gezagnummer {value}" if value else None

    def row_errors(self, row):
        # An import changes nothing outside the importer's SWV: a board is renamed here only
        # when all its schools are in this SWV, and a board comes into being with its schools
        # (the schools import), never as an empty record that belongs to no SWV.
        errors = super().row_errors(row)
        nummer = _NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        if not nummer:
            return errors
        if nummer not in self._geheel_hier:
            errors.append(
                f"bestuur {nummer} heeft geen scholen in dit samenwerkingsverband; een nieuw "
                "bestuur wordt ingelezen met zijn scholen (kolom bestuursnaam in het "
                "scholenbestand)"
            )
        elif not self._geheel_hier[nummer]:
            naam = _TextWidget().clean(row.get("naam"))
            if Bestuur.objects.filter(bevoegd_gezag_nummer=nummer).exclude(naam=naam).exists():
                errors.append(
                    f"bestuur {nummer} heeft (ook) scholen buiten dit samenwerkingsverband en "
                    "kan hier niet worden gewijzigd"
                )
        return errors


class WijkResource(_SwvResource):
    naam = fields.Field(attribute="naam", column_name="naam", widget=_TextWidget())
    required_columns = ("naam",)

    class Meta:
        model = Wijk
        fields = ("naam",)
        import_id_fields = ("naam",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def key(self, row):
        value = _TextWidget().clean(row.get("naam"))
        return f"wijk {value}" if value else None

    def get_instance(self, instance_loader, row):
        return Wijk.objects.filter(swv=self.swv, naam__iexact=row.get("naam", "").strip()).first()

    trusted_fields = ("swv",)

    def import_instance(self, instance, row, **kwargs):
        instance.swv = self.swv
        existing_name = instance.naam
        super().import_instance(instance, row, **kwargs)
        if existing_name and existing_name.lower() == instance.naam.lower():
            instance.naam = existing_name  # the same wijk, written differently: keep its name


class SchoolResource(_SwvResource):
    brin = fields.Field(attribute="brin", column_name="brin", widget=_UpperWidget())
    vestigingsnummer = fields.Field(
        attribute="vestigingsnummer", column_name="vestigingsnummer", widget=_NumberTextWidget(2)
    )
    naam = fields.Field(attribute="naam", column_name="naam", widget=_TextWidget())
    bestuur = fields.Field(attribute="bestuur", column_name="bevoegd_gezag_nummer")
    wijk = fields.Field(attribute="wijk", column_name="wijk")
    soort = fields.Field(
        attribute="soort", column_name="soort", widget=_ChoiceWidget(School.Soort.choices, "soort")
    )
    aantal_leerlingen = fields.Field(
        attribute="aantal_leerlingen",
        column_name="aantal_leerlingen",
        widget=_IntegerWidget(),
    )
    actief = fields.Field(attribute="actief", column_name="actief", widget=_BooleanWidget())
    required_columns = ("brin", "vestigingsnummer", "naam", "bevoegd_gezag_nummer", "wijk", "soort")
    trusted_fields = ("swv", "bestuur", "wijk")

    class Meta:
        model = School
        fields = (
            "brin",
            "vestigingsnummer",
            "naam",
            "bestuur",
            "wijk",
            "soort",
            "aantal_leerlingen",
            "actief",
        )
        import_id_fields = ("brin", "vestigingsnummer")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, swv, **context):
        super().__init__(swv=swv)
        self._besturen = {b.bevoegd_gezag_nummer: b for b in Bestuur.objects.all()}
        wijken = {w.naam.lower(): w for w in Wijk.objects.filter(swv=swv)}
        self.fields["bestuur"].widget = _LookupWidget(
            self._besturen,
            "onbekend bestuur: bevoegd-gezagnummer {value} bestaat niet (een nieuw bestuur "
            "krijgt zijn naam in de kolom bestuursnaam)",
        )
        self.fields["wijk"].widget = _LookupWidget(
            wijken, "onbekende wijk '{value}' in dit samenwerkingsverband"
        )
        # Schools that already exist, by BRIN and branch: one query for the whole file.
        self._bestaand = {
            (s.brin, s.vestigingsnummer): s for s in School.objects.select_related("swv")
        }

    def key(self, row):
        brin = _UpperWidget().clean(row.get("brin"))
        vestiging = _NumberTextWidget(2).clean(row.get("vestigingsnummer"))
        return f"BRIN {brin}{vestiging}" if brin else None

    def get_instance(self, instance_loader, row):
        brin = _UpperWidget().clean(row.get("brin"))
        vestiging = _NumberTextWidget(2).clean(row.get("vestigingsnummer"))
        return self._bestaand.get((brin, vestiging))

    def row_errors(self, row):
        errors = super().row_errors(row)
        existing = self.get_instance(None, row)
        if existing is not None and existing.swv_id != self.swv.pk:
            errors.append(
                f"{self.key(row)} hoort bij een ander samenwerkingsverband en kan hier niet "
                "worden gewijzigd"
            )
        return errors

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A board number that does not exist yet comes into being with its schools, named
        # in the column "bestuursnaam" (made in this import's transaction: a dry run or a
        # file with any bad row leaves nothing behind).
        if "bestuursnaam" not in dataset.headers:
            return
        nieuw = {}
        for values in dataset.dict:
            nummer = _NumberTextWidget(5).clean(values.get("bevoegd_gezag_nummer"))
            naam = _TextWidget().clean(values.get("bestuursnaam"))
            if nummer.isdigit() and len(nummer) == 5 and naam and nummer not in self._besturen:
                nieuw.setdefault(nummer, naam)
        for bestuur in Bestuur.objects.bulk_create(
            Bestuur(bevoegd_gezag_nummer=n, naam=naam[:200]) for n, naam in nieuw.items()
        ):
            self._besturen[bestuur.bevoegd_gezag_nummer] = bestuur

    def import_instance(self, instance, row, **kwargs):
        instance.swv = self.swv
        super().import_instance(instance, row, **kwargs)


class AccountResource(_SwvResource):
    """One row is one role of one person; a new e-mail address gets an account and, once the
    import is written, an invitation to set a password."""

    email = fields.Field(column_name="email", widget=_TextWidget())
    voornaam = fields.Field(column_name="voornaam", widget=_TextWidget())
    achternaam = fields.Field(column_name="achternaam", widget=_TextWidget())
    rol = fields.Field(column_name="rol", widget=_TextWidget())
    brin = fields.Field(column_name="brin", widget=_UpperWidget())
    vestigingsnummer = fields.Field(column_name="vestigingsnummer", widget=_NumberTextWidget(2))
    bevoegd_gezag_nummer = fields.Field(
        column_name="bevoegd_gezag_nummer", widget=_NumberTextWidget(5)
    )
    required_columns = ("email", "voornaam", "achternaam", "rol")

    class Meta:
        model = Rol
        fields = (
            "email",
            "voornaam",
            "achternaam",
            "rol",
            "brin",
            "vestigingsnummer",
            "bevoegd_gezag_nummer",
        )
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *, swv, base_url: str = "", invited_by=None, **context):
        super().__init__(swv=swv)
        self.base_url = base_url
        self.invited_by = invited_by
        self.invite = []
        self._scholen = {s.brin_volledig: s for s in School.objects.filter(swv=swv)}
        self._besturen = {
            b.bevoegd_gezag_nummer: b for b in Bestuur.objects.filter(scholen__swv=swv).distinct()
        }
        # Existing accounts: those of this SWV get the role; anyone else's is not touched by a
        # file (they are invited through the page and accept the role themselves).
        self._bestaand = set(User.objects.values_list(Lower("email"), flat=True))
        self._hier = set(accounts_in_swv(swv).values_list(Lower("email"), flat=True))

    def key(self, row):
        email = _TextWidget().clean(row.get("email")).lower()
        if not email:
            return None
        org = _UpperWidget().clean(row.get("brin")) + _NumberTextWidget(2).clean(
            row.get("vestigingsnummer")
        ) or _NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        return f"{email} als {_TextWidget().clean(row.get('rol')).lower()} {org}".strip()

    def _resolve(self, row):
        """The role a row describes, or the reasons it cannot be made."""
        errors = {}
        email = _TextWidget().clean(row.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = f"'{email or '(leeg)'}' is geen geldig e-mailadres"
        for column in ("voornaam", "achternaam"):
            if not _TextWidget().clean(row.get(column)):
                errors[column] = "mag niet leeg zijn"
        soort = _TextWidget().clean(row.get("rol")).lower()
        school = bestuur = swv = None
        if soort in Rol.SCHOOLROLLEN:
            code = _UpperWidget().clean(row.get("brin")) + _NumberTextWidget(2).clean(
                row.get("vestigingsnummer")
            )
            school = self._scholen.get(code)
            if school is None:
                errors["brin"] = (
                    f"onbekende school '{code or '(leeg)'}' in dit samenwerkingsverband"
                )
        elif soort in Rol.BESTUURSROLLEN:
            nummer = _NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
            bestuur = self._besturen.get(nummer)
            if bestuur is None:
                errors["bevoegd_gezag_nummer"] = (
                    f"onbekend bestuur '{nummer or '(leeg)'}' in dit samenwerkingsverband"
                )
        elif soort in Rol.SWV_ROLLEN:
            swv = self.swv
        else:
            errors["rol"] = (
                f"onbekende rol '{soort or '(leeg)'}'; kies uit {', '.join(Rol.Soort.values)}"
            )
        return email, soort, school, bestuur, swv, errors

    def row_errors(self, row):
        errors = super().row_errors(row)
        email = _TextWidget().clean(row.get("email")).lower()
        if email in self._bestaand and email not in self._hier:
            errors.append(
                f"{email} hoort bij een account buiten dit samenwerkingsverband; nodig deze "
                "persoon uit via 'Persoon uitnodigen': die aanvaardt de rol dan zelf"
            )
        return errors

    def get_instance(self, instance_loader, row):
        email, soort, school, bestuur, swv, errors = self._resolve(row)
        if errors:
            return None
        return Rol.objects.filter(
            user__email__iexact=email, soort=soort, school=school, bestuur=bestuur, swv=swv
        ).first()

    def import_instance(self, instance, row, **kwargs):
        email, soort, school, bestuur, swv, errors = self._resolve(row)
        if errors:
            raise ValidationError(errors)
        instance.soort, instance.school, instance.bestuur, instance.swv = (
            soort,
            school,
            bestuur,
            swv,
        )
        if instance.user_id is None:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User(
                    username=email,
                    email=email,
                    first_name=_TextWidget().clean(row.get("voornaam")),
                    last_name=_TextWidget().clean(row.get("achternaam")),
                )
            instance.user = user

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:  # the row could not be resolved: there is no person yet
            self._raise_with_row_errors(import_validation_errors)
        # A new person's account is saved with the role; until then it has no key to check.
        if instance.user.pk is None:
            try:
                instance.full_clean(exclude=["user"], validate_unique=False)
            except ValidationError as error:
                self._raise_with_row_errors(error.message_dict)
            self._raise_with_row_errors({})
            return
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.user.pk is None:
            # Also in a dry run: the import runs in a transaction that is rolled back then.
            instance.user.set_unusable_password()
            instance.user.save()
            self.invite.append(instance.user)
        super().save_instance(instance, is_create, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return instance.pk is not None

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or not self.invite:
            return
        from zelfscan.organisaties.services import send_invitation

        users = list(self.invite)
        transaction.on_commit(
            lambda: [
                send_invitation(user=u, invited_by=self.invited_by, base_url=self.base_url)
                for u in users
            ]
        )


# --- running an import


@dataclass
class RowReport:
    line: int  # the line in the file, counting the header as line 1
    action: str  # nieuw / gewijzigd / ongewijzigd / fout
    label: str
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport]
    general: list[str]

    @property
    def ok(self) -> bool:
        return not self.general and not any(r.messages for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


_ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "nieuw",
    RowResult.IMPORT_TYPE_UPDATE: "gewijzigd",
    RowResult.IMPORT_TYPE_SKIP: "ongewijzigd",
    RowResult.IMPORT_TYPE_INVALID: "fout",
    RowResult.IMPORT_TYPE_ERROR: "fout",
}

RESOURCES = {
    "besturen": BestuurResource,
    "wijken": WijkResource,
    "scholen": SchoolResource,
    "accounts": AccountResource,
}


def _messages(error: ValidationError, resource) -> list[str]:
    columns = {f.attribute: f.column_name for f in resource.fields.values()}
    if hasattr(error, "error_dict"):
        out = []
        for attribute, errors in error.message_dict.items():
            column = columns.get(attribute, attribute)
            out.extend(f"{column}: {m}" if column != "__all__" else m for m in errors)
        return out
    return list(error.messages)


def run_import(
    *, soort: str, swv: Samenwerkingsverband, dataset, dry_run: bool, **context
) -> ImportReport:
    """Import a checked dataset; nothing is written unless every row is valid and not dry_run.

    ``context`` goes to the resource (the accounts import needs the inviter and the base URL).
    """
    resource = RESOURCES[soort](swv=swv, **context)
    missing = [c for c in resource.required_columns if c not in dataset.headers]
    if missing:
        return ImportReport(rows=[], general=[f"Kolom ontbreekt: {', '.join(missing)}."])
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, raise_errors=False
        )
        report = _report(result, resource, dataset)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    return report


def _report(result, resource, dataset) -> ImportReport:
    general = [str(e.error) for e in result.base_errors]
    invalid = {row.number: row for row in result.invalid_rows}
    errors = dict(result.row_errors())
    rows = []
    for number, (row_result, values) in enumerate(zip(result.rows, dataset.dict, strict=False), 1):
        messages = []
        if number in invalid:
            messages = _messages(invalid[number].error, resource)
        elif number in errors:
            messages = [f"onverwachte fout: {e.error}" for e in errors[number]]
        label = resource.key(values) or ""
        rows.append(
            RowReport(
                line=number + 1,
                action="fout" if messages else _ACTIONS.get(row_result.import_type, "?"),
                label=label,
                messages=messages,
            )
        )
    return ImportReport(rows=rows, general=general)
