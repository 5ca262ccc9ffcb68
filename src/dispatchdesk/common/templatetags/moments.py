"""Moments as numbers: `{{ moment|short_datetime }}` and `{{ moment|iso }}`, the `date` filter's
"SHORT_DATETIME_FORMAT" and 'c' without its general-purpose formatter (docs/decisions/0060).

Django's `date` filter looks its format up and interprets it letter by letter for every value, ~40 µs
each, and the ticket page shows two dozen moments. The desk's short format (dispatchdesk.formats, the same
in both languages) is written directly; a language given another format goes through Django's filter.
Both take the moment in the current time zone, as `date` does (expects_localtime).
"""

from datetime import datetime

from django import template
from django.template import defaultfilters
from django.utils import formats

register = template.Library()

DESK_SHORT_DATETIME = "d.m.Y H:i"


@register.filter(expects_localtime=True)
def short_datetime(moment: datetime | None) -> str:
    if isinstance(moment, datetime) and formats.get_format("SHORT_DATETIME_FORMAT") == DESK_SHORT_DATETIME:
        return f"{moment.day:02d}.{moment.month:02d}.{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}"
    return str(defaultfilters.date(moment, "SHORT_DATETIME_FORMAT"))


@register.filter(expects_localtime=True)
def iso(moment: datetime | None) -> str:
    """ISO 8601, as the `date` filter's 'c' writes it."""
    if isinstance(moment, datetime):
        return moment.isoformat()
    return str(defaultfilters.date(moment, "c"))
