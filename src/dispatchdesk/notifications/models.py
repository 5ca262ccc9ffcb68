"""In-app notifications, each also sent by email once the change that caused it has committed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("notification kind", "Assigned to you")
    SLA_AT_RISK = "sla_at_risk", pgettext_lazy("notification kind", "SLA at risk")
    SLA_BREACHED = "sla_breached", pgettext_lazy("notification kind", "SLA breached")
    CUSTOMER_REPLIED = "customer_replied", pgettext_lazy("notification kind", "Customer replied")
    REOPENED = "reopened", pgettext_lazy("notification kind", "Customer reopened")


# What each kind says, rendered when shown (in the reader's language), not stored as text.
TEXTS: dict[str, str] = {
    Kind.ASSIGNED: gettext_noop("Ticket %(number)s was assigned to you: %(subject)s"),
    Kind.SLA_AT_RISK: gettext_noop("Ticket %(number)s is at risk of missing its %(clock)s target: %(subject)s"),
    Kind.SLA_BREACHED: gettext_noop("Ticket %(number)s missed its %(clock)s target: %(subject)s"),
    Kind.CUSTOMER_REPLIED: gettext_noop("%(customer)s replied on ticket %(number)s: %(subject)s"),
    Kind.REOPENED: gettext_noop("%(customer)s reopened ticket %(number)s: %(subject)s"),
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
            "clock": gettext(CLOCKS.get(clock, clock)),
        }
