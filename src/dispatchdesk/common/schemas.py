"""API schemas every router shares: the error body, strict input, and limit/offset pages.

Every request body (`StrictIn`) and paged query (`PageQuery`) loses its control characters before
it is validated (`common.sanitize.clean_text`, docs/decisions/0018-control-characters.md), so a
length or emptiness check sees the text that will be stored.

They live here rather than in config/api.py because config/api.py imports the routers;
routers importing it back would be a cycle.
"""

from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, ModelWrapValidatorHandler, model_validator
from pydantic.json_schema import SkipJsonSchema

from dispatchdesk.common import counts
from dispatchdesk.common.sanitize import clean_texts

M = TypeVar("M", bound=Model)
T = TypeVar("T")

MAX_PAGE_SIZE = 100
# Far beyond any list we hold, and far below what a database integer takes (2^63 - 1 gave a 500).
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1

# A row id in a path or a body: ids start at 1, and the bound keeps it a database integer.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Not found."])


class InvalidInputOut(ErrorOut):
    """422: `message` names each bad field; `errors` is the machine-readable detail."""

    errors: list[dict[str, Any]] = Field(default_factory=list)


class CleanIn(Schema):
    """Base for input: every string, however deeply nested, loses its control characters first."""

    @model_validator(mode="wrap")
    @classmethod
    def _clean_texts(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        # A wrap validator, so it runs before ninja's own (which hands later ones a DjangoGetter).
        return handler(clean_texts(data))


class StrictIn(CleanIn):
    """Base for request bodies: an unknown field is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def _reject_null(value: T) -> T:
    if value is None:
        raise ValueError(_("must not be null"))
    return value


# A PATCH field that may be left out but never set to null, for fields that cannot be empty.
# Defaults are not validated, so an absent field stays None and is dropped by exclude_unset.
NotNull = Annotated[T | SkipJsonSchema[None], BeforeValidator(_reject_null)]


class PageQuery(CleanIn):
    # Not StrictIn: ninja hands a query schema only the parameters it declares, so extra="forbid"
    # would promise a check that never runs.
    limit: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="Page size (default: the site's page size)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


def error_responses(*statuses: int, body: bool = False) -> dict[int, type[Schema]]:
    """The error bodies of one operation; 401 and 422 can answer any of them, and 400 (not JSON)
    and 413 (too large) any that reads a request `body`."""
    extra = (400, 413) if body else ()
    responses: dict[int, type[Schema]] = dict.fromkeys(sorted({401, *extra, *statuses}), ErrorOut)
    responses[422] = InvalidInputOut
    return responses


def page_of(queryset: QuerySet[M], query: PageQuery, *, capped: bool = False) -> dict[str, Any]:
    """One page of an ordered queryset, with the total count so clients can page on; `capped` counts
    no further than COUNT_CAP + 1 rows and says whether it stopped there (`count_capped`)."""
    limit: int = query.limit or settings.DISPATCHDESK_PAGE_SIZE
    count = counts.capped_count(queryset) if capped else queryset.count()
    return {
        "count": count,
        "count_capped": capped and count > counts.COUNT_CAP,
        "limit": limit,
        "offset": query.offset,
        "items": list(queryset[query.offset : query.offset + limit]),
    }
