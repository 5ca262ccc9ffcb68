"""In-app notifications, each also sent by email once the change that caused it has committed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("notification kind", "Assigned to you")
    SLA_AT_RISK = "sla_at_risk", pgettext_lazy("notification kind", "SLA at risk")
    SLA_BREACHED = "sla_breached", pgettext_lazy("notification kind", "SLA breached")
    CUSTOMER_REPLIED = "customer_replied", pgettext_lazy("notification kind", "Customer replied")
    REOPENED = "reopened", pgettext_lazy("notification kind", "Customer reopened")
    WEBHOOK_PAUSED = "webhook_paused", pgettext_lazy("notification kind", "Webhook paused")
    LOW_RATING = "low_rating", pgettext_lazy("notification kind", "Low rating")
    WEEKLY_REPORT = "weekly_report", pgettext_lazy("notification kind", "Weekly report")


# What each kind says, rendered when shown (in the reader's language), not stored as text.
TEXTS: dict[str, str] = {
    Kind.ASSIGNED: gettext_noop("Ticket %(number)s was assigned to you: %(subject)s"),
    Kind.SLA_AT_RISK: gettext_noop("Ticket %(number)s is at risk of missing its %(clock)s target: %(subject)s"),
    Kind.SLA_BREACHED: gettext_noop("Ticket %(number)s missed its %(clock)s target: %(subject)s"),
    Kind.CUSTOMER_REPLIED: gettext_noop("%(customer)s replied on ticket %(number)s: %(subject)s"),
    Kind.REOPENED: gettext_noop("%(customer)s reopened ticket %(number)s: %(subject)s"),
    Kind.WEBHOOK_PAUSED: gettext_noop("Your webhook to %(url)s kept failing and was paused."),
    Kind.LOW_RATING: gettext_noop("%(customer)s rated ticket %(number)s %(rating)s of 5: %(subject)s"),
    Kind.WEEKLY_REPORT: gettext_noop("Weekly report for %(period)s: %(new)s new, %(resolved)s resolved"),
}


# The SLA clocks a notification may name (sla.models.Clock's labels, without importing the sla app).
CLOCKS = {
    "first_response": gettext_noop("first response"),
    "next_response": gettext_noop("next response"),
    "resolution": gettext_noop("resolution"),
}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("ticket")
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("recipient", "read_at"), name="notification_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return gettext(TEXTS[self.kind]) % self._params()

    def _params(self) -> dict[str, Any]:
        clock = self.data.get("clock", "")
        return {
            "number": self.data.get("number", ""),
            "subject": self.data.get("subject", ""),
            "customer": self.data.get("customer", ""),
            "url": self.data.get("url", ""),
            "rating": self.data.get("rating", ""),
            "clock": gettext(CLOCKS.get(clock, clock)),
            "period": period(self.data),
            "new": self.data.get("new", ""),
            "resolved": self.data.get("resolved", ""),
        }


def period(data: dict[str, Any]) -> str:
    """A report's days (ISO dates `from` and `to` in `data`) in the active language, e.g. "23.11.2026 to 29.11.2026"."""
    if "from" not in data or "to" not in data:
        return ""
    first, last = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    return gettext("%(first)s to %(last)s") % {
        "first": date_format(first, "SHORT_DATE_FORMAT"),
        "last": date_format(last, "SHORT_DATE_FORMAT"),
    }


class EmailState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("email state", "Pending")
    SENDING = "sending", pgettext_lazy("email state", "Sending")
    SENT = "sent", pgettext_lazy("email state", "Sent")
    FAILED = "failed", pgettext_lazy("email state", "Failed")
    SKIPPED = "skipped", pgettext_lazy("email state", "Nothing to send")


class OutboundEmail(models.Model):
    """One email to send (docs/decisions/0019-outbox-leases-and-throttles.md): written in the transaction of what it
    tells, sent by the worker once per lease, and sent again by the sweep if its sender died."""

    # What the email is about, e.g. "reply:42": the same email asked for twice is one row.
    key = models.CharField(_("key"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=32)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("ticket")
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("notification")
    )
    reply = models.ForeignKey(
        "tickets.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("reply")
    )
    # Whom an email about no ticket is for (the portal's sign-in link).
    contact = models.ForeignKey(
        "customers.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    # Fixed when the row is made, so a resend after a crash is threaded as the first try would be.
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"))
    # When the sweep may take it: a fresh row's or a sender's lease ends, or a failure's back-off.
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=("due_at",),
                condition=models.Q(state__in=("pending", "sending")),
                name="outbound_email_unsent_due",
            )
        ]

    def __str__(self) -> str:
        return self.key
