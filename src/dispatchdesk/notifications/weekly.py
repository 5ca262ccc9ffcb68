"""The weekly report to managers (R6): last week's key figures, in the bell and by email.

The figures are computed by the reports app (reports.weekly, above this one) and kept as numbers in
the notification's data; the words are written here, in the reader's language, when shown or sent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dispatchdesk.accounts.models import User
from dispatchdesk.common.durations import elapsed
from dispatchdesk.notifications.draft import Draft, draft_from
from dispatchdesk.notifications.models import Notification, period

WEEKLY_REPORT = "weekly_report"  # the outbox kind


def weekly_key(recipient: User, week: str) -> str:
    """One report per manager per ISO week ("2026-W48"): asking again finds it sent."""
    return f"{WEEKLY_REPORT}:{recipient.pk}:{week}"


def weekly_report_draft(notification: Notification) -> Draft | None:
    """The email: one line per figure, in the recipient's language; None without an address."""
    recipient, data = notification.recipient, notification.data
    if not recipient.email:
        return None
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        link = settings.BASE_URL + reverse("reports:dashboard")
        return draft_from(
            to=recipient.email,
            subject="[Dispatchdesk] " + _("Weekly report for %(period)s") % {"period": period(data)},
            paragraphs=[
                _("Last week at the desk (%(period)s):") % {"period": period(data)},
                *figure_lines(data),
                link,
                _("Dispatchdesk"),
            ],
            link=link,
            link_label=_("Open the dashboard"),
        )


def figure_lines(data: dict[str, Any]) -> list[str]:
    """The week's figures as sentences (the definitions are the dashboard's: docs/metrics.md)."""
    return [
        _("New tickets: %(count)s") % {"count": data["new"]},
        _("Resolved: %(count)s") % {"count": data["resolved"]},
        _times(_("First response"), data["first_response_avg_s"], data["first_response_median_s"]),
        _times(_("Resolution"), data["resolution_avg_s"], data["resolution_median_s"]),
        _share(
            _("SLA compliance"),
            data["sla_met"],
            data["sla_settled"],
            ngettext("%(met)s of %(total)s deadline met", "%(met)s of %(total)s deadlines met", data["sla_settled"]),
            _("no deadline settled"),
        ),
        _share(
            _("Satisfaction (CSAT)"),
            data["csat_satisfied"],
            data["csat_rated"],
            ngettext("%(met)s of %(total)s rating 4 or 5", "%(met)s of %(total)s ratings 4 or 5", data["csat_rated"]),
            _("no ratings"),
        ),
    ]


def _times(label: str, average: float | None, median: float | None) -> str:
    if average is None or median is None:
        return _("%(figure)s: none last week") % {"figure": label}
    return _("%(figure)s: %(average)s on average, median %(median)s") % {
        "figure": label,
        "average": elapsed(average),
        "median": elapsed(median),
    }


def _share(label: str, met: int, total: int, detail: str, nothing: str) -> str:
    if not total:
        return f"{label}: {nothing}"
    return f"{label}: {round(100 * met / total)} % ({detail % {'met': met, 'total': total}})"
