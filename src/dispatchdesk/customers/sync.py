"""Upserts from another system (X3): contacts and organisations by their external id, one or many.

The same rows pass the same checks as every other write (customers.services); a batch is all or
nothing, and a refused batch names every bad row (decision 0026).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_sync_contacts
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import clean_text
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.customers.phones import e164
from dispatchdesk.customers.services import contact_save, organisation_save

MAX_ROWS = 1000
R = TypeVar("R")
# Service messages start with the field they are about ("email: …"); a row error names it apart.
FIELD_PREFIX = re.compile(r"^([a-z_]+): ")


@dataclass(frozen=True)
class RowError:
    line: int  # the row's number in the request body, or its line in the CSV file
    field: str
    message: str


class RowsRefusedError(DomainError):
    """A batch with at least one bad row: nothing of it was saved."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(
            _("%(count)s of the rows were refused; nothing was saved.") % {"count": len(errors)},
            code="rows_invalid",
            status=422,
        )
        self.errors = list(errors)


@dataclass(frozen=True)
class ContactRow:
    """One record of a batch: for a contact, `values` are contact fields, plus `organisation_external_id`
    or `organisation` (a name, created if new) to place it in an organisation; for an organisation,
    its fields with `external_id`."""

    line: int
    values: Mapping[str, Any]


OrganisationRow = ContactRow


@dataclass(frozen=True)
class Upserted:
    contact: Contact
    created: bool


@dataclass(frozen=True)
class OrganisationUpserted:
    organisation: Organisation
    created: bool


@dataclass
class Outcome:
    upserted: list[Upserted] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for item in self.upserted if item.created)

    @property
    def updated(self) -> int:
        return len(self.upserted) - self.created


@transaction.atomic
def contact_upsert(*, actor: User, external_id: str, values: Mapping[str, Any]) -> Upserted:
    """Create or update the contact with this external id; only the given fields change."""
    may_sync_contacts(actor).require()
    return contact_row_upsert({**values, "external_id": _required_key(external_id)})


@transaction.atomic
def organisation_upsert(*, actor: User, external_id: str, values: Mapping[str, Any]) -> tuple[Organisation, bool]:
    may_sync_contacts(actor).require()
    done = _organisation_upsert({**values, "external_id": _required_key(external_id)})
    return done.organisation, done.created


def contacts_upsert_many(*, actor: User, rows: Sequence[ContactRow], dry_run: bool = False) -> Outcome:
    """Upsert every row or none: any bad row raises RowsRefusedError naming all of them; a dry run
    checks everything (against the rows before it, too) and keeps nothing."""
    may_sync_contacts(actor).require()
    return Outcome(upserted=rows_all_or_none(rows, contact_row_upsert, dry_run=dry_run))


def organisations_upsert_many(*, actor: User, rows: Sequence[OrganisationRow]) -> list[OrganisationUpserted]:
    """Organisations by external id, every row or none, like contacts_upsert_many."""
    may_sync_contacts(actor).require()
    return rows_all_or_none(rows, _organisation_upsert, dry_run=False)


def rows_all_or_none(
    rows: Sequence[ContactRow], write: Callable[[Mapping[str, Any]], R], *, dry_run: bool, max_rows: int = MAX_ROWS
) -> list[R]:
    """Write each row in its own savepoint and collect every refusal (a message starting "field: "
    names the field); any refusal raises RowsRefusedError and keeps nothing, and so does a dry run.
    The caller has checked who may write."""
    if len(rows) > max_rows:
        raise DomainError(
            _("Send at most %(max)s rows at a time.") % {"max": max_rows}, code="too_many_rows", status=422
        )
    done, errors = [], []
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():  # a savepoint: a bad row leaves the good ones standing
                    done.append(write(row.values))
            except DomainError as error:
                errors.append(_row_error(row.line, error))
        if errors:
            raise RowsRefusedError(errors)
        if dry_run:
            transaction.set_rollback(True)
    return done


def _organisation_upsert(values: Mapping[str, Any]) -> OrganisationUpserted:
    changes = dict(values)
    key = _required_key(changes.pop("external_id", ""))
    found = Organisation.objects.select_for_update().filter(external_id=key).first()
    saved = organisation_save(found or Organisation(), {**changes, "external_id": key})
    return OrganisationUpserted(saved, created=found is None)


def contact_row_upsert(values: Mapping[str, Any]) -> Upserted:
    """One row of a batch: the contact by external id, else by email, created when new."""
    changes = dict(values)
    key = _key(changes.pop("external_id", ""))
    found = _contact_to_update(key, str(changes.get("email", "")))
    if key:  # a CSV row without one keeps the contact's external id
        changes["external_id"] = key
    if "phone" in changes:
        changes["phone"] = e164(changes["phone"])
    if "language" in changes:
        _require_language(changes["language"])
    if "organisation_external_id" in changes:
        changes["organisation_id"] = _organisation_by_key(changes.pop("organisation_external_id"))
    if "organisation" in changes:
        changes["organisation_id"] = _organisation_by_name(changes.pop("organisation"))
    return Upserted(contact_save(found or Contact(), changes), created=found is None)


def _contact_to_update(key: str, email: str) -> Contact | None:
    """The contact with this external id; else the one with this email, if it is not linked to
    another record of the CRM (so a first sync links the contacts the desk already has)."""
    contacts = Contact.objects.select_for_update()
    if key:
        found = contacts.filter(external_id=key).first()
        if found is not None:
            return found
        contacts = contacts.filter(external_id="")
    return contacts.filter(email__iexact=email.strip()).first() if email.strip() else None


def _organisation_by_key(key: str | None) -> int | None:
    if not key:
        return None
    found = Organisation.objects.filter(external_id=key).values_list("pk", flat=True).first()
    if found is None:
        raise DomainError(
            _("organisation_external_id: there is no organisation with the external id %(id)s.") % {"id": key},
            code="unknown_organisation",
            status=422,
        )
    return found


def _organisation_by_name(name: str) -> int | None:
    """A CSV names organisations; one not yet known is created with the contact."""
    if not name.strip():
        return None
    found = Organisation.objects.filter(name__iexact=name.strip()).first()
    return (found or organisation_save(Organisation(), {"name": name})).pk


def _require_language(language: object) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise DomainError(
            _("language: %(language)s is not one of %(codes)s.") % {"language": language, "codes": codes},
            code="invalid_input",
            status=422,
        )


def _required_key(external_id: str) -> str:
    key = _key(external_id)
    if not key:
        raise DomainError(_("external_id: must not be blank."), code="invalid_input", status=422)
    return key


def _key(external_id: object) -> str:
    """Another system's id as sent, less control characters (a path is not cleaned like a body,
    decision 0018); a line break or tab in an id is a mistake, refused rather than guessed at."""
    key = clean_text(str(external_id)).strip()
    if not key.isprintable():
        raise DomainError(_("external_id: must not contain line breaks or tabs."), code="invalid_input", status=422)
    return key


def _row_error(line: int, error: DomainError) -> RowError:
    found = FIELD_PREFIX.match(error.message)
    if found is None:
        return RowError(line=line, field="", message=error.message)
    return RowError(line=line, field=found.group(1), message=error.message[found.end() :])
