"""API schemas every router shares: the error body, strict input, and limit/offset pages.

They live here rather than in config/api.py because config/api.py imports the routers;
routers importing it back would be a cycle.
"""

from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

M = TypeVar("M", bound=Model)
T = TypeVar("T")

MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Not found."])


class InvalidInputOut(ErrorOut):
    """422: `message` names each bad field; `errors` is the machine-readable detail."""

    errors: list[dict[str, Any]] = Field(default_factory=list)


class StrictIn(Schema):
    """Base for request bodies: an unknown field is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def _reject_null(value: T) -> T:
    if value is None:
        raise ValueError(_("must not be null"))
    return value


# A PATCH field that may be left out but never set to null, for fields that cannot be empty.
# Defaults are not validated, so an absent field stays None and is dropped by exclude_unset.
NotNull = Annotated[T | SkipJsonSchema[None], BeforeValidator(_reject_null)]


class PageQuery(Schema):
    # Not StrictIn: ninja hands a query schema only the parameters it declares, so extra="forbid"
    # would promise a check that never runs.
    limit: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="Page size (default: the site's page size)")
    offset: int = Field(0, ge=0)


def error_responses(*statuses: int) -> dict[int, type[Schema]]:
    """The error bodies of one operation; 401 and 422 can answer any of them."""
    responses: dict[int, type[Schema]] = dict.fromkeys((401, *statuses), ErrorOut)
    responses[422] = InvalidInputOut
    return responses


def page_of(queryset: QuerySet[M], query: PageQuery) -> dict[str, Any]:
    """One page of an ordered queryset, with the total count so clients can page on."""
    limit: int = query.limit or settings.DISPATCHDESK_PAGE_SIZE
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": query.offset,
        "items": list(queryset[query.offset : query.offset + limit]),
    }
