"""SLA configuration (calendars, policies, targets, escalation rules) and each ticket's clocks."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.tickets.models import Category, Priority, Status, Ticket


class Calendar(models.Model):
    """Business hours in a time zone, with a country's public holidays and manual exceptions (S2)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    always_open = models.BooleanField(_("open 24/7"), default=False)
    holiday_country = models.CharField(
        _("holidays of country"), max_length=2, blank=True, help_text=_("ISO code, e.g. DE; empty: no holidays")
    )
    holiday_subdivision = models.CharField(
        _("holidays of region"), max_length=10, blank=True, help_text=_("e.g. BE for Berlin")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business-hours calendar")
        verbose_name_plural = _("business-hours calendars")

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="hours", verbose_name=_("calendar"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight at the end of the day"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ("weekday", "opens")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")) | Q(closes=time(0)), name="opening_hours_close_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class CalendarException(models.Model):
    """One date with other hours than usual; without hours it is closed (a company holiday)."""

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ("date", "opens")
        constraints = [
            models.CheckConstraint(
                condition=(Q(opens__isnull=True) & Q(closes__isnull=True))
                | (
                    Q(opens__isnull=False)
                    & Q(closes__isnull=False)
                    & (Q(closes__gt=models.F("opens")) | Q(closes=time(0)))
                ),
                name="calendar_exception_hours",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.note}"


def default_pause_statuses() -> list[str]:
    return [Status.AWAITING_CUSTOMER]


class Policy(models.Model):
    """Targets per priority on one calendar; the most specific policy that matches a ticket applies (S1).

    A policy for a category and a customer tier beats one for the category alone, which beats
    one for the tier alone, which beats the default (neither set). `order` breaks remaining ties.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    calendar = models.ForeignKey(
        Calendar, on_delete=models.PROTECT, related_name="policies", verbose_name=_("calendar")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    customer_tier = models.CharField(_("customer tier"), max_length=16, choices=CustomerTier.choices, blank=True)
    warning_percent = models.PositiveSmallIntegerField(
        _("at risk from (percent of the target used)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    pause_statuses = models.JSONField(
        _("clock pauses in"), default=default_pause_statuses, help_text=_('statuses, e.g. ["awaiting_customer"]')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="targets", verbose_name=_("policy"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    next_response_minutes = models.PositiveIntegerField(_("next response (business minutes)"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ("policy", "priority")
        constraints = [models.UniqueConstraint(fields=("policy", "priority"), name="sla_target_one_per_priority")]

    def __str__(self) -> str:
        return f"{self.policy} · {self.get_priority_display()}"


class Trigger(models.TextChoices):
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")


class EscalationRule(models.Model):
    """What happens when a ticket's clock turns at risk or breached (S4); every action lands in the timeline."""

    name = models.CharField(_("name"), max_length=100)
    policy = models.ForeignKey(
        Policy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("policy"),
        help_text=_("empty: every policy"),
    )
    trigger = models.CharField(_("when"), max_length=16, choices=Trigger.choices)
    notify_assignee = models.BooleanField(_("notify the assignee"), default=False)
    notify_lead = models.BooleanField(_("notify the group lead"), default=False)
    notify_managers = models.BooleanField(_("notify the managers"), default=False)
    raise_priority = models.BooleanField(_("raise the priority"), default=False)
    reassign = models.BooleanField(_("reassign through dispatch"), default=False)
    next_tier = models.BooleanField(_("move to the next tier"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ("order", "pk")

    def __str__(self) -> str:
        return self.name


class Clock(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("first response")
    NEXT_RESPONSE = "next_response", _("next response")
    RESOLUTION = "resolution", _("resolution")


class TicketSla(models.Model):
    """A ticket's SLA clocks, recomputed on every event that moves them.

    `due_at` and `warn_at` are the earliest pending deadline and warning moment (empty while
    paused or when nothing is pending), so lists filter and sort by state in the database:
    breached when due_at has passed, at risk when warn_at has.
    """

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="sla", verbose_name=_("ticket")
    )
    policy = models.ForeignKey(Policy, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("policy"))
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    awaiting_reply_since = models.DateTimeField(_("customer waiting for a reply since"), null=True, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    pauses = models.JSONField(_("past pauses"), default=list, blank=True)  # [[start, end], ...] ISO, UTC
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    due_clock = models.CharField(_("next deadline"), max_length=16, choices=Clock.choices, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    warn_at = models.DateTimeField(_("at risk from"), null=True, blank=True, db_index=True)
    # Escalations already acted on, as "trigger:clock@start": each fires once per clock and start,
    # so a deadline that moves (a raised priority) does not fire its escalation again.
    fired = models.JSONField(default=list, blank=True, editable=False)
    due_started_at = models.DateTimeField(null=True, blank=True, editable=False)  # start of due_clock
    # The next moment that needs a look (an unfired warning or deadline): what the sweep selects on.
    check_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    breaches = models.PositiveSmallIntegerField(_("breaches"), default=0)

    class Meta:
        verbose_name = _("ticket SLA")
        verbose_name_plural = _("ticket SLAs")

    def __str__(self) -> str:
        return f"SLA of {self.ticket_id}"

    def fired_key(self, trigger: str) -> str:
        started = self.due_started_at.isoformat() if self.due_started_at else ""
        return f"{trigger}:{self.due_clock}@{started}"

    def next_check(self) -> datetime | None:
        """The warning if it has not fired, else the deadline if that has not, else nothing."""
        if self.warn_at is not None and self.fired_key(Trigger.AT_RISK) not in self.fired:
            return self.warn_at
        if self.due_at is not None and self.fired_key(Trigger.BREACHED) not in self.fired:
            return self.due_at
        return None


class WaitPromise(models.Model):
    """The expected wait told to the customer when the ticket was submitted (S5), kept for two reasons:
    the confirmation repeats what was said, and once the ticket is answered its real wait calibrates
    later estimates in the same bands (sla.wait, docs/decisions/0020-wait-calibration.md)."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="wait_promise", verbose_name=_("ticket")
    )
    made_at = models.DateTimeField(_("made at"))
    basis = models.CharField(_("basis"), max_length=16)
    figure_s = models.FloatField(_("queue model's figure (s)"))
    seconds = models.FloatField(_("expected wait (s)"))
    low_s = models.FloatField(_("at the soonest (s)"))
    high_s = models.FloatField(_("at the latest (s)"))
    # The closest band of experience (sla.wait.similar_bands): of the figure, of the group's recent median wait.
    figure_band = models.SmallIntegerField(_("band of the figure"))
    pickup_band = models.SmallIntegerField(_("band of the recent median wait"))

    class Meta:
        verbose_name = _("wait promise")
        verbose_name_plural = _("wait promises")
        indexes = [models.Index(fields=["basis", "figure_band", "pickup_band"], name="wait_promise_band")]
        constraints = [
            models.CheckConstraint(
                condition=Q(low_s__gte=0, low_s__lte=models.F("seconds"), high_s__gte=models.F("seconds")),
                name="wait_promise_range_holds_the_estimate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.seconds:.0f} s"
