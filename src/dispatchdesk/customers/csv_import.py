"""Contacts from a CSV file (X3): the settings page's upload and `dispatchdesk import-contacts`.

The file is read here; the rows go through the same upsert as the API's bulk call, so a file
with any bad row, or a dry run, writes nothing (decision 0026).
"""

import csv
import io

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import clean_text
from dispatchdesk.customers.sync import MAX_ROWS, ContactRow, Outcome, contacts_upsert_many

COLUMNS = ("name", "email", "phone", "organisation", "external_id", "language")
REQUIRED = frozenset({"name", "email"})
# An empty cell in these means "leave it as it is / the default", not "set it blank".
OPTIONAL_WHEN_EMPTY = frozenset({"language"})


def contacts_import(*, actor: User, data: bytes, dry_run: bool) -> Outcome:
    """Upsert every contact of the file, or none; RowsRefusedError names each bad line and field."""
    return contacts_upsert_many(actor=actor, rows=contact_rows(csv_decoded(data)), dry_run=dry_run)


def contact_rows(text: str) -> list[ContactRow]:
    return csv_rows(text, columns=COLUMNS, required=REQUIRED, optional_when_empty=OPTIONAL_WHEN_EMPTY)


def csv_rows(
    text: str,
    *,
    columns: tuple[str, ...],
    required: frozenset[str],
    optional_when_empty: frozenset[str] = frozenset(),
    max_rows: int = MAX_ROWS,
) -> list[ContactRow]:
    """The file's records with their line numbers, cells cleaned of control characters (also the
    tickets' CSV import reads its file here)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _require_columns(reader.fieldnames, columns=columns, required=required)
    rows: list[ContactRow] = []
    for record in reader:
        if len(rows) >= max_rows:
            raise DomainError(
                _("A file may hold at most %(max)s rows.") % {"max": max_rows}, code="too_many_rows", status=422
            )
        values = {name: clean_text(cell or "").strip() for name, cell in record.items() if name in columns}
        values = {name: cell for name, cell in values.items() if cell or name not in optional_when_empty}
        rows.append(ContactRow(line=reader.line_num, values=values))
    return rows


def csv_decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), code="invalid_file", status=422) from None


def _require_columns(header: object, *, columns: tuple[str, ...], required: frozenset[str]) -> None:
    given = [str(name) for name in header] if isinstance(header, list) else []
    unknown = [name for name in given if name not in columns]
    missing = sorted(required - set(given))
    if unknown or missing:
        raise DomainError(
            _(
                "Line 1: the columns must be %(columns)s (%(required)s required); unknown: %(unknown)s; missing: %(missing)s."
            )
            % {
                "columns": ",".join(columns),
                "required": ", ".join(sorted(required)),
                "unknown": ", ".join(unknown) or "-",
                "missing": ", ".join(missing) or "-",
            },
            code="invalid_columns",
            status=422,
        )
