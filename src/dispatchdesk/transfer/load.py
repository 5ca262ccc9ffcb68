"""`desk_import`: a desk export read back into an empty desk, all of it or nothing (decision 0043).

Every row keeps its primary key, so references inside the file stay true and an export of the
imported desk is the same file. Tickets enter through the front door (`ticket_import(past=…)`);
configuration rows are checked field by field (`common.rows.row_build`) and by the database.
What is derived from the rows is rebuilt at the end: report figures, the suggestion index.
"""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.rows import row_build
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.knowledge.models import ArticleFile
from dispatchdesk.knowledge.services import suggestion_index_rebuild
from dispatchdesk.reports.figures import figures_rebuild
from dispatchdesk.reports.work import work_rebuild
from dispatchdesk.sla.models import TicketSla, WaitPromise
from dispatchdesk.tickets.models import Attachment, Channel, Message, Rating, Ticket, TimelineEvent
from dispatchdesk.tickets.services.history import PastTicket
from dispatchdesk.tickets.services.validation import clean_body
from dispatchdesk.transfer.kinds import FORMAT, KINDS, TICKET, VERSION, Kind

M = TypeVar("M", bound=Model)
# Rows whose keys the import chooses: PostgreSQL's counters must move past them afterwards.
TICKET_MODELS: tuple[type[Model], ...] = (Ticket, Message, Attachment, TimelineEvent, Rating)
# What a bad record raises while it is read and written; each becomes a refusal naming its line.
BAD_RECORD = (ValidationError, DomainError, DatabaseError, ObjectDoesNotExist, KeyError, TypeError, ValueError)


def desk_import(*, lines: Iterable[str]) -> Counter[str]:
    """Import every record, or nothing: the first bad line is refused with its number, and the
    transaction rolls back. Returns how many records of each type were imported; the report figures
    and the suggestion index are built from them before the end."""
    counts: Counter[str] = Counter()
    numbered = enumerate(lines, start=1)
    with transaction.atomic():
        _require_header(next(numbered, (1, "")))
        _require_empty_desk()
        for number, text in numbered:
            if text.strip():
                counts[_record_import(number, text)] += 1
        _require_references()
        _move_counters()
        figures_rebuild()
        work_rebuild()
        suggestion_index_rebuild()  # not carried (kinds.NOT_CARRIED): agents' suggestions work at once
    return counts


def files_missing() -> int:
    """How many stored files (tickets' attachments, articles' files) are not in the media directory:
    the export names them, the files travel beside it (decision 0043)."""
    return sum(_missing(model) for model in (Attachment, ArticleFile))


def _missing(model: type[Attachment | ArticleFile]) -> int:
    storage = model._meta.get_field("file").storage
    names = model._default_manager.values_list("file", flat=True).iterator(chunk_size=2000)
    return sum(1 for name in names if not storage.exists(name))


def _refusal(message: str, code: str = "invalid_file") -> DomainError:
    return DomainError(message, code=code, status=422)


def _require_header(line: tuple[int, str]) -> None:
    header = _parsed(*line)
    if header.get("type") != "header" or header.get("format") != FORMAT:
        raise _refusal(f"line 1: not a Dispatchdesk desk export (the first line must be its {FORMAT} header).")
    version = header.get("version")
    if not isinstance(version, int) or version < 1:
        raise _refusal(f"line 1: the format version must be a whole number from 1, not {version!r}.")
    if version > VERSION:
        raise _refusal(
            f"This file is format version {version}, written by a newer Dispatchdesk; this one reads "
            f"versions up to {VERSION}. Import it with the newer version.",
            code="newer_format",
        )


def _require_empty_desk() -> None:
    """An import restores a desk; merging two desks would need new keys for everything (decision 0043)."""
    held = [kind.name for kind in KINDS.values() if not kind.upsert and kind.model._default_manager.exists()]
    if Ticket.objects.exists():
        held.append(TICKET)
    if held:
        raise _refusal(
            "The desk is not empty (it holds records of type " + ", ".join(held) + "); import into a new "
            "database, or restore a backup with `dispatchdesk restore --force` to replace a desk.",
            code="desk_not_empty",
        )


def _parsed(number: int, text: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except ValueError as error:
        raise _refusal(f"line {number}: not JSON ({error}).") from None
    if not isinstance(record, dict):
        raise _refusal(f"line {number}: a record is a JSON object.")
    return record


def _record_import(number: int, text: str) -> str:
    record = _parsed(number, text)
    name = record.get("type")
    if name != TICKET and name not in KINDS:
        raise _refusal(f"line {number}: unknown record type {name!r}.")
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL can still report after a failed write
            if name == TICKET:
                _ticket_import(record)
            else:
                _row_import(KINDS[str(name)], record)
    except BAD_RECORD as error:
        raise _refusal(f"line {number} ({name}): {_reason(error)}") from None
    return str(name)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, KeyError):
        return f"{error.args[0]} is missing."
    return str(error) or type(error).__name__


def _row_import(kind: Kind, record: dict[str, Any]) -> None:
    values = dict(record["fields"])
    many = {name: values.pop(name, []) for name in kind.many}
    row = row_build(kind.model, values, pk=record["id"])
    for name in kind.html:  # a file gets no more trust than a form (decision 0043)
        setattr(row, name, clean_body(getattr(row, name), is_html=True, required=False))
    row.save(force_insert=not kind.upsert)
    _keep_automatic_moments(row, values)
    for name, keys in many.items():
        getattr(row, name).set(keys)


def _keep_automatic_moments(row: Model, values: dict[str, Any]) -> None:
    """`auto_now` fields take the moment of saving; the record's own moment is put back."""
    automatic = [
        field
        for field in row._meta.concrete_fields
        if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)) and field.attname in values
    ]
    if automatic:
        moments = {field.attname: field.to_python(values[field.attname]) for field in automatic}
        type(row)._default_manager.filter(pk=row.pk).update(**moments)


def _ticket_import(record: dict[str, Any]) -> None:
    values = dict(record["fields"])
    past = PastTicket(
        pk=record["id"],
        values=values,
        tags=values.pop("tags", []),
        required_skills=values.pop("required_skills", []),
        messages=list(_nested(Message, record.get("messages", []))),
        attachments=list(_nested(Attachment, record.get("attachments", []))),
        timeline=list(_nested(TimelineEvent, record.get("timeline", []))),
        ratings=list(_nested(Rating, record.get("ratings", []))),
    )
    ticket = ticket_import(
        customer=Contact.objects.get(pk=values["customer_id"]),
        subject=values["subject"],
        description=values.get("description", ""),
        channel=Channel(values["channel"]),
        priority=values.get("priority", Ticket._meta.get_field("priority").default),
        past=past,
    )
    for name, model in (("sla", TicketSla), ("wait_promise", WaitPromise)):
        if record.get(name) is not None:
            row_build(model, record[name], pk=ticket.pk).save(force_insert=True)


def _nested(model: type[M], records: list[dict[str, Any]]) -> Iterator[M]:
    for record in records:
        yield row_build(model, record["fields"], pk=record["id"])


def _require_references() -> None:
    """The database checks the references it deferred (a ticket merged into a later one) now, so a
    file that names a row it does not hold is refused here, not at commit with no explanation."""
    try:
        connection.check_constraints()
    except DatabaseError as error:
        raise _refusal(f"The file refers to records it does not hold: {error}") from None


def _move_counters() -> None:
    models = [kind.model for kind in KINDS.values()] + list(TICKET_MODELS) + [TicketSla, WaitPromise]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
