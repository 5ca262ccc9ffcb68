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
    return contacts_upsert_many(actor=actor, rows=contact_rows(_decoded(data)), dry_run=dry_run)


def contact_rows(text: str) -> list[ContactRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _require_columns(reader.fieldnames)
    rows: list[ContactRow] = []
    for record in reader:
        if len(rows) >= MAX_ROWS:
            raise DomainError(
                _("A file may hold at most %(max)s contacts.") % {"max": MAX_ROWS}, code="too_many_rows", status=422
            )
        values = {name: clean_text(cell or "").strip() for name, cell in record.items() if name in COLUMNS}
        values = {name: cell for name, cell in values.items() if cell or name not in OPTIONAL_WHEN_EMPTY}
        rows.append(ContactRow(line=reader.line_num, values=values))
    return rows


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), code="invalid_file", status=422) from None


def _require_columns(header: object) -> None:
    columns = [str(name) for name in header] if isinstance(header, list) else []
    unknown = [name for name in columns if name not in COLUMNS]
    missing = sorted(REQUIRED - set(columns))
    if unknown or missing:
        raise DomainError(
            _(
                "Line 1: the columns must be %(columns)s (name and email required); unknown: %(unknown)s; missing: %(missing)s."
            )
            % {
                "columns": ",".join(COLUMNS),
                "unknown": ", ".join(unknown) or "-",
                "missing": ", ".join(missing) or "-",
            },
            code="invalid_columns",
            status=422,
        )
