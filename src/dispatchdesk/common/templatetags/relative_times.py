"""Moments and spans in words on every page: `{{ ticket.created_at|relative }}` → "vor 4 Tagen"."""

from datetime import datetime

from django import template

from dispatchdesk.common import durations, relative_times

register = template.Library()


@register.filter
def relative(moment: datetime | None) -> str:
    """ "4 days ago" or "in 2 hours"; nothing for no moment."""
    return relative_times.relative(moment) if moment else ""


@register.filter
def since(moment: datetime | None) -> str:
    """ "for 3 days" / "seit 3 Tagen"."""
    return relative_times.since(moment) if moment else ""


@register.filter
def elapsed(seconds: float | None) -> str:
    """ "1 day, 1 hour" / "1 Tag, 1 Stunde"."""
    return durations.elapsed(seconds) if seconds is not None else ""
