"""Contacts and organisations for CRM sync and phone caller lookup (T6, X3, I5); support staff only.

PATCH bodies change only the fields they name; `NotNull` fields refuse an explicit null (422),
while organisation_id may be null to clear it.
"""

from datetime import datetime
from typing import Any

from django.urls import register_converter
from ninja import Field, Query, Router, Schema, Status
from ninja.params.functions import Path
from pydantic.config import JsonDict

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.schemas import Id, NotNull, PageQuery, StrictIn, error_responses, page_of
from dispatchdesk.customers.models import Contact, CustomerTier, Organisation
from dispatchdesk.customers.selectors import (
    ContactFilters,
    contact_get,
    contacts_filtered,
    organisation_get,
    organisations_filtered,
)
from dispatchdesk.customers.services import contact_create, contact_update, organisation_create, organisation_update
from dispatchdesk.customers.sync import (
    MAX_ROWS,
    ContactRow,
    OrganisationRow,
    Outcome,
    contact_upsert,
    contacts_upsert_many,
    organisation_upsert,
    organisations_upsert_many,
)

contacts_router = Router(tags=["contacts"])
organisations_router = Router(tags=["organisations"])


# Documents the format; the services check it (Django's validator, the one every channel uses).
EMAIL: JsonDict = {"format": "email"}


class OrganisationRef(Schema):
    id: int
    name: str


class OrganisationOut(OrganisationRef):
    domain: str
    tier: CustomerTier
    external_id: str
    created_at: datetime
    updated_at: datetime


class ContactOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    organisation: OrganisationRef | None
    tier: CustomerTier
    language: str
    time_zone: str = Field(description="Where the portal shows the customer's times; blank: the desk's")
    external_id: str
    organisation_admin: bool
    created_at: datetime
    updated_at: datetime


class ContactPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ContactOut]


class OrganisationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrganisationOut]


class ContactQuery(PageQuery):
    email: str = Field("", max_length=254, description="Exact email, any case (CRM sync)")
    phone: str = Field("", max_length=40, description="Phone number; spaces, dashes, dots, slashes, brackets ignored")
    q: str = Field("", max_length=200, description="Part of the name or email")


class OrganisationQuery(PageQuery):
    q: str = Field("", max_length=200, description="Part of the name")


class ContactIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=1, max_length=254, json_schema_extra=EMAIL)
    phone: str = Field("", max_length=40)
    organisation_id: Id | None = None
    tier: CustomerTier = CustomerTier.STANDARD
    language: str = Field("en", max_length=8)
    external_id: str = Field("", max_length=100)


class ContactPatch(StrictIn):
    name: NotNull[str] = Field(None, min_length=1, max_length=200)
    email: NotNull[str] = Field(None, min_length=1, max_length=254, json_schema_extra=EMAIL)
    phone: NotNull[str] = Field(None, max_length=40)
    organisation_id: Id | None = None
    tier: NotNull[CustomerTier] = Field(None)
    language: NotNull[str] = Field(None, max_length=8)
    time_zone: NotNull[str] = Field(
        None, max_length=64, description="A tz name such as Europe/Berlin; blank: the desk's"
    )
    external_id: NotNull[str] = Field(None, max_length=100)
    organisation_admin: NotNull[bool] = Field(None, description="Sees every ticket of the organisation in the portal")


class OrganisationIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    domain: str = Field("", max_length=200)
    tier: CustomerTier = CustomerTier.STANDARD
    external_id: str = Field("", max_length=100)


class OrganisationPatch(StrictIn):
    name: NotNull[str] = Field(None, min_length=1, max_length=200)
    domain: NotNull[str] = Field(None, max_length=200)
    tier: NotNull[CustomerTier] = Field(None)
    external_id: NotNull[str] = Field(None, max_length=100)


class ContactUpsertIn(StrictIn):
    """Create (name and email needed) or update (only the fields sent change) by external id."""

    name: NotNull[str] = Field(None, min_length=1, max_length=200)
    email: NotNull[str] = Field(None, min_length=1, max_length=254, json_schema_extra=EMAIL)
    phone: NotNull[str] = Field(None, max_length=40, description="Stored in E.164; blank clears it")
    organisation_external_id: str | None = Field(None, max_length=100, description="null takes it out")
    tier: NotNull[CustomerTier] = Field(None)
    language: NotNull[str] = Field(None, max_length=8)


class ContactBulkRow(ContactUpsertIn):
    external_id: str = Field(min_length=1, max_length=100)


class ContactBulkIn(StrictIn):
    contacts: list[ContactBulkRow] = Field(min_length=1, max_length=MAX_ROWS)


class ContactUpserted(Schema):
    id: int
    external_id: str
    created: bool


class ContactBulkOut(Schema):
    created: int
    updated: int
    items: list[ContactUpserted]


class OrganisationUpsertIn(StrictIn):
    name: NotNull[str] = Field(None, min_length=1, max_length=200)
    domain: NotNull[str] = Field(None, max_length=200)
    tier: NotNull[CustomerTier] = Field(None)


class OrganisationBulkRow(OrganisationUpsertIn):
    external_id: str = Field(min_length=1, max_length=100)


class OrganisationBulkIn(StrictIn):
    organisations: list[OrganisationBulkRow] = Field(min_length=1, max_length=MAX_ROWS)


class OrganisationUpserted(Schema):
    id: int
    external_id: str
    created: bool


class OrganisationBulkOut(Schema):
    created: int
    updated: int
    items: list[OrganisationUpserted]


class AnyText:
    """A path parameter that may hold anything another system uses in an id: slashes, line breaks
    (dropped as control characters by the service), where Django's `path` stops at a newline."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyText, "anytext")

ExternalId: Any = Path(..., min_length=1, max_length=100, description="The record's id in the other system")


@contacts_router.get("", response={200: ContactPage, **error_responses(403)})
def list_contacts(request: AuthedRequest, query: Query[ContactQuery]) -> dict[str, Any]:
    filters = ContactFilters(email=query.email, phone=query.phone, query=query.q)
    return page_of(contacts_filtered(user=request.user, filters=filters), query)


@contacts_router.post("", response={201: ContactOut, **error_responses(403, 409, body=True)})
def create_contact(request: AuthedRequest, payload: ContactIn) -> Status[Contact]:
    return Status(201, contact_create(actor=request.user, **payload.model_dump()))


@contacts_router.put(
    "/by-external-id/{anytext:external_id}",
    response={200: ContactOut, 201: ContactOut, **error_responses(403, 409, body=True)},
)
def upsert_contact(request: AuthedRequest, payload: ContactUpsertIn, external_id: str = ExternalId) -> Status[Contact]:
    """Admins and integrations: 201 if created, 200 if updated (decision 0026)."""
    done = contact_upsert(actor=request.user, external_id=external_id, values=payload.model_dump(exclude_unset=True))
    return Status(201 if done.created else 200, done.contact)


@contacts_router.post("/bulk", response={200: ContactBulkOut, **error_responses(403, 409, body=True)})
def upsert_contacts(request: AuthedRequest, payload: ContactBulkIn) -> dict[str, object]:
    """Up to 1,000 contacts, all or none: a 422 lists every bad row (`errors`: row, field, message)."""
    rows = [ContactRow(line=n, values=row.model_dump(exclude_unset=True)) for n, row in enumerate(payload.contacts, 1)]
    return _bulk_out(contacts_upsert_many(actor=request.user, rows=rows))


def _bulk_out(outcome: Outcome) -> dict[str, object]:
    items = [{"id": u.contact.pk, "external_id": u.contact.external_id, "created": u.created} for u in outcome.upserted]
    return {"created": outcome.created, "updated": outcome.updated, "items": items}


@contacts_router.get("/{contact_id}", response={200: ContactOut, **error_responses(403, 404)})
def get_contact(request: AuthedRequest, contact_id: Id) -> Contact:
    return contact_get(user=request.user, contact_id=contact_id)


@contacts_router.patch("/{contact_id}", response={200: ContactOut, **error_responses(403, 404, 409, body=True)})
def update_contact(request: AuthedRequest, contact_id: Id, payload: ContactPatch) -> Contact:
    changes = payload.model_dump(exclude_unset=True)
    return contact_update(actor=request.user, contact_id=contact_id, changes=changes)


@organisations_router.get("", response={200: OrganisationPage, **error_responses(403)})
def list_organisations(request: AuthedRequest, query: Query[OrganisationQuery]) -> dict[str, Any]:
    return page_of(organisations_filtered(user=request.user, query=query.q), query)


@organisations_router.post("", response={201: OrganisationOut, **error_responses(403, 409, body=True)})
def create_organisation(request: AuthedRequest, payload: OrganisationIn) -> Status[Organisation]:
    return Status(201, organisation_create(actor=request.user, **payload.model_dump()))


@organisations_router.put(
    "/by-external-id/{anytext:external_id}",
    response={200: OrganisationOut, 201: OrganisationOut, **error_responses(403, 409, body=True)},
)
def upsert_organisation(
    request: AuthedRequest, payload: OrganisationUpsertIn, external_id: str = ExternalId
) -> Status[Organisation]:
    """Admins and integrations: 201 if created, 200 if updated (decision 0026)."""
    values = payload.model_dump(exclude_unset=True)
    organisation, created = organisation_upsert(actor=request.user, external_id=external_id, values=values)
    return Status(201 if created else 200, organisation)


@organisations_router.post("/bulk", response={200: OrganisationBulkOut, **error_responses(403, 409, body=True)})
def upsert_organisations(request: AuthedRequest, payload: OrganisationBulkIn) -> dict[str, object]:
    """Up to 1,000 organisations, all or none: a 422 lists every bad row (`errors`: row, field, message)."""
    rows = [
        OrganisationRow(line=n, values=row.model_dump(exclude_unset=True))
        for n, row in enumerate(payload.organisations, 1)
    ]
    done = organisations_upsert_many(actor=request.user, rows=rows)
    items = [{"id": u.organisation.pk, "external_id": u.organisation.external_id, "created": u.created} for u in done]
    created = sum(1 for u in done if u.created)
    return {"created": created, "updated": len(done) - created, "items": items}


@organisations_router.get("/{organisation_id}", response={200: OrganisationOut, **error_responses(403, 404)})
def get_organisation(request: AuthedRequest, organisation_id: Id) -> Organisation:
    return organisation_get(user=request.user, organisation_id=organisation_id)


@organisations_router.patch(
    "/{organisation_id}", response={200: OrganisationOut, **error_responses(403, 404, 409, body=True)}
)
def update_organisation(request: AuthedRequest, organisation_id: Id, payload: OrganisationPatch) -> Organisation:
    changes = payload.model_dump(exclude_unset=True)
    return organisation_update(actor=request.user, organisation_id=organisation_id, changes=changes)
