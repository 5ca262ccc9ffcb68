"""How a report's cell reads on the page (reports.framework.Column.kind)."""

from datetime import datetime
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime

from dispatchdesk.common import durations
from dispatchdesk.reports.framework import Column

register = template.Library()


@register.filter
def cell(value: Any, column: Column) -> str:
    if value is None or value == "":
        return "\u2013"  # an en dash: no value
    if column.kind == "seconds":
        return durations.elapsed(value)
    if column.kind == "share":
        return f"{number_format(value * 100, decimal_pos=1)} %"
    if column.kind == "number":
        return number_format(value, decimal_pos=1)
    if column.kind == "date":
        return date_format(localtime(value) if isinstance(value, datetime) else value, "DATE_FORMAT")
    return str(value)


@register.filter
def cells(row: Any, columns: Any) -> list[tuple[Any, Column]]:
    """The row's values beside their columns, for one loop in the template."""
    return list(zip(row, columns, strict=True))
