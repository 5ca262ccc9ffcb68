"""A moment relative to now in a person's words: "4 days ago" / "vor 4 Tagen", "in 2 hours" / "in 2 Stunden".

The one place pages, emails and reasons turn a moment or a span into words (Django's naturaltime and
timesince say "4 Tage her" and "1 Tage, 1 Stunde" in German; decision 0022). Spans come from
common.durations, rounded to one unit, so a list of tickets reads at a glance.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from dispatchdesk.common.clock import now as clock_now
from dispatchdesk.common.durations import duration

JUST_NOW_S = 45  # under this, "just now" rather than "1 minute ago"


def ago(moment: datetime, *, now: datetime | None = None) -> str:
    """A past moment: "4 days ago" / "vor 4 Tagen"."""
    seconds = ((now or clock_now()) - moment).total_seconds()
    if seconds < JUST_NOW_S:
        return _("just now")
    return _("%(span)s ago") % {"span": duration(seconds, after_preposition=True)}


def until(moment: datetime, *, now: datetime | None = None) -> str:
    """A future moment: "in 2 hours" / "in 2 Stunden"."""
    seconds = (moment - (now or clock_now())).total_seconds()
    if seconds < JUST_NOW_S:
        return _("just now")
    return _("in %(span)s") % {"span": duration(seconds, after_preposition=True)}


def relative(moment: datetime, *, now: datetime | None = None) -> str:
    """Past or future, whichever `moment` is: "4 days ago" or "in 2 hours"."""
    now = now or clock_now()
    return ago(moment, now=now) if moment <= now else until(moment, now=now)


def since(moment: datetime, *, now: datetime | None = None) -> str:
    """How long something has lasted: "for 3 days" / "seit 3 Tagen"."""
    return since_seconds(((now or clock_now()) - moment).total_seconds())


def since_seconds(seconds: float) -> str:
    """`since` for a span already measured: "for 3 days" / "seit 3 Tagen"."""
    return _("for %(span)s") % {"span": duration(seconds, after_preposition=True)}
