"""What the channels keep beside the tickets: alert sources and the alerts they have sent (I7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket


class AlertFormat(models.TextChoices):
    ALERTMANAGER = "alertmanager", _("Prometheus Alertmanager")
    GRAFANA = "grafana", _("Grafana")
    GENERIC = "generic", _("Generic JSON")


class AlertSource(models.Model):
    """A monitoring system allowed to post alerts. Its token is a secret, so it lives in the
    environment (DISPATCHDESK_ALERT_TOKENS, under this name), never in the database."""

    name = models.SlugField(_("name"), max_length=50, unique=True)
    format = models.CharField(_("format"), max_length=16, choices=AlertFormat.choices)
    customer = models.ForeignKey(
        Contact, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="alert_sources"
    )
    active = models.BooleanField(_("active"), default=True)
    resolve_tickets = models.BooleanField(
        _("resolve tickets"), default=False, help_text=_("Resolve a ticket when all of its alerts have resolved.")
    )
    storm_limit = models.PositiveSmallIntegerField(
        _("storm limit"),
        default=10,
        help_text=_("New tickets within the storm window; further new alerts go onto one storm ticket."),
    )
    storm_window_minutes = models.PositiveSmallIntegerField(_("storm window (minutes)"), default=10)
    storm_ticket = models.ForeignKey(
        Ticket, verbose_name=_("storm ticket"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    storm_until = models.DateTimeField(_("storm until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alert source")
        verbose_name_plural = _("alert sources")

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    """One alert (by fingerprint) of a source, on the ticket it currently belongs to."""

    source = models.ForeignKey(AlertSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="alerts")
    fingerprint = models.CharField(_("fingerprint"), max_length=128)
    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="alerts")
    title = models.CharField(_("title"), max_length=200)
    firing = models.BooleanField(_("firing"), default=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["source", "fingerprint"], name="alert_unique_per_source")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.fingerprint}"


class AlertRejection(models.Model):
    """A payload an authenticated source sent that could not be read: kept for a person to look at."""

    source = models.ForeignKey(
        AlertSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="rejections"
    )
    received_at = models.DateTimeField(_("received"))
    reason = models.CharField(_("reason"), max_length=300)
    body = models.TextField(_("body"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("rejected alert payload")
        verbose_name_plural = _("rejected alert payloads")

    def __str__(self) -> str:
        return f"{self.source_id} {self.received_at:%Y-%m-%d %H:%M}"
