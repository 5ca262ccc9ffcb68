"""What the demo commands print: how the desk stands, and the login table."""

from django.utils.translation import gettext as _

from dispatchdesk.demo import catalogue
from dispatchdesk.demo.health import DeskHealth


def health_summary(health: DeskHealth) -> str:
    """Two lines on the loaded desk: its backlog and SLA states now, its attainment over the month."""
    now = _(
        "The desk now: %(open)d open tickets (%(days).1f days of arrivals), %(at_risk)d at risk, "
        "%(breached)d breached, %(unassigned)d unassigned."
    ) % {
        "open": health.open,
        "days": health.backlog_days,
        "at_risk": health.at_risk,
        "breached": health.breached,
        "unassigned": health.unassigned,
    }
    month = _(
        "In time over the last %(days)d days: first responses %(first).0f %%, resolutions %(resolution).0f %%."
    ) % {
        "days": health.days,
        "first": 100 * health.first_response.share,
        "resolution": 100 * health.resolution.share,
    }
    return f"{now}\n{month}"


def logins_table() -> str:
    """The demo logins as an aligned plain-text table."""
    header = (_("Role"), _("Username"), _("Password"), _("Try"))
    rows = [
        (str(login.role), login.username, catalogue.DEMO_PASSWORD, str(login.try_this))
        for login in catalogue.DEMO_LOGINS
    ]
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
