"""Tickets from a CSV file (`dispatchdesk import-tickets`), each through `intake.services.ticket_import`.

The file is read by the contacts import's reader and written by its all-or-none loop
(customers.csv_import, customers.sync): every bad row is reported with its line and field, and a
file with any bad row, or a dry run, writes nothing. A customer the desk does not know yet is
created by the contacts' own upsert.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.accounts.permissions import may_configure, may_sync_contacts
from dispatchdesk.common import clock, history
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.csv_import import csv_decoded, csv_rows
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.sync import FIELD_PREFIX, contact_row_upsert, rows_all_or_none
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Category, Channel, Priority, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from dispatchdesk.tickets.services.validation import clean_body, clean_subject

COLUMNS = (
    "subject",
    "description",
    "customer_email",
    "customer_name",
    "organisation",
    "channel",
    "priority",
    "category",
    "group",
    "tags",
    "language",
    "created_at",
)
REQUIRED = frozenset({"subject", "description", "customer_email"})
MAX_ROWS = 50_000
# The contacts' upsert names its own fields; in this file they are the customer's columns.
CONTACT_COLUMNS = {"email": "customer_email", "name": "customer_name"}


def tickets_import(*, actor: User, data: bytes, dry_run: bool) -> list[Ticket]:
    """Import every ticket of the file, or none (RowsRefusedError lists each bad line and field)."""
    may_configure(actor).require()
    may_sync_contacts(actor).require()
    rows = csv_rows(csv_decoded(data), columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    return rows_all_or_none(rows, _ticket_row, dry_run=dry_run, max_rows=MAX_ROWS)


def _ticket_row(values: Mapping[str, Any]) -> Ticket:
    """One ticket, after every column has been checked: a refusal names each bad one."""
    checked: dict[str, Any] = {}
    problems: list[str] = []
    for column, check in CHECKS:
        try:
            with _column(column):
                checked[column] = check(values)
        except DomainError as error:
            problems.append(error.message)
    if problems:
        raise DomainError(
            "; ".join(problem.rstrip(".") for problem in problems) + ".", code="invalid_input", status=422
        )
    # History, like the demo's month: no page, webhook or person is told of it.
    with _column("customer_email"), clock.frozen_at(checked["created_at"]), history.replaying():
        return ticket_import(
            customer=_customer(values),
            subject=checked["subject"],
            description=values["description"],
            channel=checked["channel"],
            fields=_fields(values, checked),
        )


@contextmanager
def _column(name: str) -> Iterator[None]:
    """A refusal of the services, named by the column it is about."""
    try:
        yield
    except DomainError as error:
        found = FIELD_PREFIX.match(error.message)
        if found is None:
            raise DomainError(f"{name}: {error.message}", code=error.code, status=error.status) from None
        column = CONTACT_COLUMNS.get(found.group(1), found.group(1))
        raise DomainError(f"{column}: {error.message[found.end() :]}", code=error.code, status=error.status) from None


def _refused(column: str, message: str) -> DomainError:
    return DomainError(f"{column}: {message}", code="invalid_input", status=422)


def _language(values: Mapping[str, Any]) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = str(values.get("language") or "")
    if language and language not in codes:
        raise _refused("language", f"{language} is not one of {', '.join(codes)}.")
    return language


def _fields(values: Mapping[str, Any], checked: Mapping[str, Any]) -> TicketFields:
    """The ticket's fields from the checked columns; an empty cell leaves the default."""
    fields: TicketFields = {}
    for name in ("priority", "category", "group", "language"):
        if checked[name]:
            fields[name] = checked[name]
    if values.get("tags"):
        fields["tags"] = [tag for tag in re.split(r"[\s,;]+", values["tags"]) if tag]
    return fields


def _priority(text: str) -> int:
    number = text.strip().upper().removeprefix("P")
    if number not in {str(value) for value in Priority.values}:
        raise _refused("priority", f"{text} is not a priority; give 1 (urgent) to 4 (low).")
    return int(number)


def _choice(column: str, text: str, choices: type[Channel]) -> Channel:
    try:
        return choices(text.strip().lower())
    except ValueError:
        raise _refused(column, f"{text} is not one of {', '.join(choices.values)}.") from None


def _by_key(column: str, model: type[Category] | type[SkillGroup], key: str) -> Any:
    found = model.objects.filter(slug=key).first()
    if found is None:
        known = ", ".join(model.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none yet"
        raise _refused(column, f"there is no {column} with the key {key} (known: {known}).")
    return found


def _moment(text: str) -> datetime:
    """When the ticket came in: ISO 8601, in the desk's time zone unless it names one; not later than now."""
    if not text:
        return clock.now()
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise _refused("created_at", f"{text} is not a moment; write it as 2026-03-01T09:30 (ISO 8601).")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=clock.desk_zone())
    if moment > clock.now():
        raise _refused("created_at", f"{text} is in the future.")
    return moment


def _email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise _refused("customer_email", " ".join(error.messages)) from None


def _known_or_named(values: Mapping[str, Any]) -> None:
    known = Contact.objects.filter(email__iexact=values["customer_email"]).exists()
    if not known and not values.get("customer_name"):
        raise _refused(
            "customer_name", f"needed for {values['customer_email']}, a customer the desk does not know yet."
        )


def _customer(values: Mapping[str, Any]) -> Contact:
    email = values["customer_email"]
    found = Contact.objects.filter(email__iexact=email).first()
    if found is not None:
        return found
    contact: dict[str, str] = {"email": email, "name": values["customer_name"]}
    if values.get("organisation"):
        contact["organisation"] = values["organisation"]
    return contact_row_upsert(contact).contact


# Each column's check, so one row's refusal lists all of its bad columns at once.
CHECKS: tuple[tuple[str, Callable[[Mapping[str, Any]], Any]], ...] = (
    ("subject", lambda values: clean_subject(values.get("subject", ""))),
    ("description", lambda values: clean_body(values.get("description", ""), is_html=False)),
    ("channel", lambda values: _choice("channel", values.get("channel") or Channel.WEB, Channel)),
    ("priority", lambda values: values.get("priority") and _priority(values["priority"])),
    ("category", lambda values: values.get("category") and _by_key("category", Category, values["category"])),
    ("group", lambda values: values.get("group") and _by_key("group", SkillGroup, values["group"])),
    ("language", _language),
    ("created_at", lambda values: _moment(values.get("created_at", ""))),
    ("customer_email", lambda values: _email(values["customer_email"])),
    ("customer_name", _known_or_named),
)
