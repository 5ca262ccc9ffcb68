"""What the demo commands print: the login table."""

from django.utils.translation import gettext as _

from dispatchdesk.demo import catalogue


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
