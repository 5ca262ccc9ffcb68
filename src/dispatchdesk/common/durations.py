"""Spans of time in a person's words: "2 hours", not "120 minutes"; "2.2 days", not "187,457 s"."""

import math
from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

# Up to 89 minutes in minutes, up to 35 hours in hours, then days.
MOST_MINUTES, MOST_HOURS = 90, 36
MINUTE_S, HOUR_S, DAY_S = 60, 3600, 86_400


def duration(seconds: float, *, after_preposition: bool = False) -> str:
    """Rounded to a whole unit, for customers and notifications: "about 25 minutes".

    `after_preposition` is for phrases such as "in about …", "… ago", "for …": German declines the
    unit there ("in 2 Tagen", "vor 2 Tagen"), but not standing alone ("2 Tage")."""
    minutes = max(1, round(seconds / MINUTE_S))
    if minutes < MOST_MINUTES:
        return unit_words(minutes, MINUTE_S, after_preposition=after_preposition)
    hours = round(minutes / 60)
    if hours < MOST_HOURS:
        return unit_words(hours, HOUR_S, after_preposition=after_preposition)
    return unit_words(round(hours / 24), DAY_S, after_preposition=after_preposition)


def elapsed(seconds: float) -> str:
    """The two largest whole units, for a span read on its own: "1 day, 1 hour", "3 hours, 5 minutes"."""
    minutes = max(1, round(seconds / MINUTE_S))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    counted = [(days, DAY_S), (hours, HOUR_S), (minutes, MINUTE_S)]
    first = next(index for index, (count, _unit) in enumerate(counted) if count)
    larger, *smaller = [unit_words(count, unit) for count, unit in counted[first : first + 2] if count]
    return _("%(larger)s, %(smaller)s") % {"larger": larger, "smaller": smaller[0]} if smaller else larger


def unit_words(count: int, unit: int, *, after_preposition: bool = False) -> str:
    """`count` minutes, hours or days (`unit` in seconds) in words, singular or plural as the reader's language wants."""
    if after_preposition:
        return _UNIT_AFTER_PREPOSITION[unit](count) % {"count": count}
    return _UNIT[unit](count) % {"count": count}


_UNIT: dict[int, Callable[[int], str]] = {
    MINUTE_S: lambda n: ngettext("%(count)d minute", "%(count)d minutes", n),
    HOUR_S: lambda n: ngettext("%(count)d hour", "%(count)d hours", n),
    DAY_S: lambda n: ngettext("%(count)d day", "%(count)d days", n),
}
# The same words after "in", "ago", "for", "between": the same in English, declined in German.
_UNIT_AFTER_PREPOSITION: dict[int, Callable[[int], str]] = {
    MINUTE_S: lambda n: npgettext("after a preposition", "%(count)d minute", "%(count)d minutes", n),
    HOUR_S: lambda n: npgettext("after a preposition", "%(count)d hour", "%(count)d hours", n),
    DAY_S: lambda n: npgettext("after a preposition", "%(count)d day", "%(count)d days", n),
}


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
