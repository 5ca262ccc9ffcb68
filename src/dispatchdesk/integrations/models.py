"""Outbound webhooks (X1): who wants which events where, and every delivery tried (docs/decisions/0025)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WebhookEvent(models.TextChoices):
    TICKET_CREATED = "ticket.created", _("Ticket created")
    TICKET_ASSIGNED = "ticket.assigned", _("Ticket assigned")
    STATUS_CHANGED = "ticket.status_changed", _("Status changed")
    TICKET_REPLIED = "ticket.replied", _("Ticket replied")
    SLA_WARNING = "sla.warning", _("SLA warning")
    SLA_BREACHED = "sla.breached", _("SLA breached")
    TICKET_RATED = "ticket.rated", _("Ticket rated")
    UNASSIGNED_TOO_LONG = "ticket.unassigned_too_long", _("Unassigned too long")


class Format(models.TextChoices):
    """What a target understands: our signed JSON, or a chat service's message format (X2)."""

    WEBHOOK = "webhook", _("Signed JSON webhook")
    SLACK = "slack", _("Slack incoming webhook")
    WECHAT_WORK = "wechat_work", _("WeChat Work group robot")


# What a chat channel hears of (X2); a created ticket only when it is a P1.
CHAT_EVENTS = (
    WebhookEvent.TICKET_CREATED,
    WebhookEvent.SLA_WARNING,
    WebhookEvent.SLA_BREACHED,
    WebhookEvent.UNASSIGNED_TOO_LONG,
)


class WebhookSubscription(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("owner")
    )
    url = models.URLField(_("target URL"), max_length=500)
    # Shared with the receiver, who checks the signature with it; never shown again after creation.
    secret = models.CharField(_("signing secret"), max_length=100)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.WEBHOOK)
    # A chat channel belongs to one skill group and hears of that group's tickets only, in its language.
    group = models.ForeignKey(
        "accounts.SkillGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    events = models.JSONField(_("events"), default=list, help_text=_("The event names this target receives."))
    # Private, loopback and link-local targets are refused unless an administrator allows them here.
    allow_private_network = models.BooleanField(_("allow private network target"), default=False)
    # For UNASSIGNED_TOO_LONG: how long a ticket may wait without an agent, in its SLA calendar's hours.
    unassigned_minutes = models.PositiveSmallIntegerField(_("unassigned too long after (business minutes)"), default=30)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        return [str(WebhookEvent(event).label) for event in self.events if event in WebhookEvent.values]


class DeliveryState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery state", "Pending")
    SENDING = "sending", pgettext_lazy("delivery state", "Sending")
    DELIVERED = "delivered", pgettext_lazy("delivery state", "Delivered")
    FAILED = "failed", pgettext_lazy("delivery state", "Failed")


class WebhookDelivery(models.Model):
    """One event for one subscription: the log entry, the outbox row and the replay source at once."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    # What the event is, e.g. "timeline:42": the same event recorded twice is one delivery.
    event_id = models.CharField(_("event id"), max_length=100)
    event = models.CharField(_("event"), max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"))
    due_at = models.DateTimeField(_("due"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("subscription", "event_id"), name="one_delivery_per_subscription_event")
        ]
        indexes = [
            models.Index(
                fields=("due_at",), condition=models.Q(state__in=("pending", "sending")), name="webhook_unsent_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"
