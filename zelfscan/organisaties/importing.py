"""Running an import: every row checked, a report per row with Dutch messages, and nothing
written unless every row is valid and the import is confirmed (not a dry run).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export.results import RowResult

from zelfscan.models import Samenwerkingsverband
from zelfscan.organisaties.import_resources import (
    AccountResource,
    BestuurResource,
    SchoolResource,
    WijkResource,
)

# --- running an import


@dataclass
class RowReport:
    line: int  # the line in the file, counting the header as line 1
    action: str  # nieuw / gewijzigd / ongewijzigd / fout
    label: str
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # of a changed row: "naam: oud → nieuw"


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
            dataset, dry_run=dry_run, use_transactions=True, raise_errors=False,
            retain_instance_in_row_result=True,
        )  # fmt: skip
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
        action = "fout" if messages else _ACTIONS.get(row_result.import_type, "?")
        changes = []
        if action == "gewijzigd" and row_result.original is not None:
            changes = resource.veranderingen(row_result.original, row_result.instance)
        rows.append(
            RowReport(
                line=number + 1, action=action, label=label, messages=messages,
                changes=changes,
            )
        )  # fmt: skip
    return ImportReport(rows=rows, general=general)
