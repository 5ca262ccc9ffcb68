"""Spans of time in a person's words: "2 hours", not "120 minutes"; "2.2 days", not "187,457 s"."""

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


def span(seconds: float) -> str:
    """With one decimal, for comparing figures side by side: "45 s", "12.5 min", "3.2 h", "2.2 days"
    (the decimal mark is the reader's: "2,2 Tage")."""
    if seconds < MOST_MINUTES:
        return _("%(value)s s") % {"value": round(seconds)}
    if seconds < MOST_MINUTES * 60:
        return _("%(value)s min") % {"value": _one_decimal(seconds / 60)}
    if seconds < MOST_HOURS * 3600:
        return _("%(value)s h") % {"value": _one_decimal(seconds / 3600)}
    return _("%(value)s days") % {"value": _one_decimal(seconds / 86_400)}


def _one_decimal(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)
