"""A model row as plain JSON values and back: what the desk export writes and its import reads.

Every concrete column is written under its attribute name (`customer_id`, not `customer`), so a
row refers to others by primary key; many-to-many fields are lists of keys. Moments keep their
microseconds (Django's JSON encoder cuts them to milliseconds), so a round trip loses nothing.
"""

import base64
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Field, FileField, ForeignKey, Model
from django.db.models.fields.files import FieldFile

M = TypeVar("M", bound=Model)


def row_values(row: Model, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The row's columns (its primary key apart) as JSON-ready values."""
    meta = row._meta
    return {
        field.attname: json_value(field.value_from_object(row))
        for field in meta.concrete_fields
        if not field.primary_key and field.name not in exclude
    }


def json_value(value: object) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def row_build(model: type[M], values: dict[str, Any], *, pk: object = None) -> M:
    """An unsaved row from exported values, each checked by its field (type, length, choices).

    Unknown names are refused; references are not looked up here (a row may refer to one later in
    the same file): the database checks them when the transaction commits.
    """
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "not a field of this record"))
    converted, problems = {}, {}
    for name, value in values.items():
        try:
            converted[name] = _python(fields[name], value)
        except ValidationError as error:
            problems[name] = error.messages
    if problems:
        raise ValidationError(problems)
    row = model(**converted) if pk is None else model(pk=pk, **converted)
    references = [field.name for field in fields.values() if isinstance(field, ForeignKey)]
    row.full_clean(exclude=references, validate_unique=False, validate_constraints=False)
    return row


def _python(field: Field[Any, Any], value: object) -> Any:
    if isinstance(field, FileField):
        return value
    if isinstance(field, ForeignKey):
        return None if value is None else field.target_field.to_python(value)
    return field.to_python(value)
