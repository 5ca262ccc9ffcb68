"""Incidents (A4): a parent record linking the tickets of one surge (or of one problem, by hand)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import Region
from dispatchdesk.common import clock
from dispatchdesk.tickets.models import Category, Ticket


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Incident(models.Model):
    """One incident of one series (a category or a region): detected by the surge test, or opened by hand."""

    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    detected = models.BooleanField(_("detected automatically"), default=True)
    # What the test saw when it raised the incident: the count in the window and the usual count.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=clock.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            # One open incident per series: a second surge of it joins the first.
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(status="open", category__isnull=False),
                name="incident_one_open_per_category",
            ),
            models.UniqueConstraint(
                fields=["region"], condition=Q(status="open", region__isnull=False), name="incident_one_open_per_region"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN


class IncidentTicket(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links", verbose_name=_("incident"))
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="incident_links", verbose_name=_("ticket")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked"), default=clock.now)

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name = _("linked ticket")
        verbose_name_plural = _("linked tickets")
        constraints = [models.UniqueConstraint(fields=["incident", "ticket"], name="incident_ticket_once")]

    def __str__(self) -> str:
        return f"{self.incident_id} ← #{self.ticket_id}"
