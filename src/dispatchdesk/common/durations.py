"""Spans of time in a person's words: "2 hours", not "120 minutes"; "2.2 days", not "187,457 s"."""

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Up to 89 minutes in minutes, up to 35 hours in hours, then days.
MOST_MINUTES, MOST_HOURS = 90, 36


def duration(seconds: float) -> str:
    """Rounded to a whole unit, for customers and notifications: "about 25 minutes"."""
    minutes = max(1, round(seconds / 60))
    if minutes < MOST_MINUTES:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = round(minutes / 60)
    if hours < MOST_HOURS:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


SECOND, MINUTE, HOUR, DAY = 1.0, 60.0, 3600.0, 86_400.0
SPAN_UNITS = ((MOST_MINUTES, SECOND), (MOST_MINUTES * MINUTE, MINUTE), (MOST_HOURS * HOUR, HOUR), (math.inf, DAY))


def span(seconds: float) -> str:
    """With one decimal, for comparing figures side by side: "45 s", "12.5 min", "3.2 h", "2.2 days"
    (the decimal mark is the reader's: "2,2 Tage")."""
    value, unit = _in_unit(seconds)
    if unit == SECOND:
        return _("%(value)s s") % {"value": round(value)}
    shown_value = _one_decimal(value)
    if unit == MINUTE:
        return _("%(value)s min") % {"value": shown_value}
    if unit == HOUR:
        return _("%(value)s h") % {"value": shown_value}
    return _("%(value)s days") % {"value": shown_value}


def shown(seconds: float) -> float:
    """The seconds `span` shows, rounded as it rounds them: equal here is equal to the reader."""
    value, unit = _in_unit(seconds)
    return value * unit


def _in_unit(seconds: float) -> tuple[float, float]:
    unit = next(unit for limit, unit in SPAN_UNITS if seconds < limit)
    return (round(seconds), unit) if unit == SECOND else (round(seconds / unit, 1), unit)


def _one_decimal(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)
