"""Each ticket's figures, kept so the dashboard reads a day's worth of rows, not a million tickets.

Business-hours durations cannot be computed by the database (they need the SLA calendar, its
holidays and the ticket's pauses), so they are computed once per change of the ticket, in the
transaction of that change (reports.subscriptions), and by `dispatchdesk rebuild-reports`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatchdesk.tickets.models import Tag, Ticket, TimelineEvent

# What a report filters and groups by, and what it sums over the tickets resolved in a range.
DIMENSIONS = ["group_id", "assignee_id", "channel", "category_id"]
RESOLVED = [
    "resolution_s",
    "resolution_business_s",
    "handle_s",
    "reopens",
    "reassignments",
    "escalations",
    "customer_replies",
]


class TicketFigures(models.Model):
    """A pure function of the ticket, its SLA row and the SLA configuration (reports.figures)."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="figures", verbose_name=_("ticket")
    )
    group_id = models.IntegerField(_("skill group"), null=True, blank=True)  # a copy: no join on the hot path
    created_at = models.DateTimeField(_("created"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_s = models.FloatField(_("first response (calendar seconds)"), null=True, blank=True)
    first_response_business_s = models.FloatField(_("first response (business seconds)"), null=True, blank=True)
    first_response_met = models.BooleanField(_("first response within target"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution_s = models.FloatField(_("resolution (calendar seconds)"), null=True, blank=True)
    resolution_business_s = models.FloatField(_("resolution (business seconds)"), null=True, blank=True)
    resolution_met = models.BooleanField(_("resolution within target"), null=True, blank=True)
    # Database defaults too, so rows written by SQL (bench/, an import) need not name them.
    # Copies of the ticket's fields the reports filter and group by (no join on a range's rows).
    assignee_id = models.IntegerField(_("agent"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True, default="", db_default="")
    category_id = models.IntegerField(_("category"), null=True, blank=True)
    # Counted from the ticket's timeline (reports.figures.History).
    reopens = models.PositiveSmallIntegerField(_("reopens"), default=0, db_default=0)
    reassignments = models.PositiveSmallIntegerField(_("reassignments"), default=0, db_default=0)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0, db_default=0)
    customer_replies = models.PositiveSmallIntegerField(_("replies by the customer"), default=0, db_default=0)
    handle_s = models.FloatField(_("time in progress (seconds)"), default=0.0, db_default=0.0)

    class Meta:
        verbose_name = _("ticket figures")
        verbose_name_plural = _("ticket figures")
        indexes = [
            # The reports read a range through these three (reports/query.py, ReportQuery.during): on
            # PostgreSQL they carry the columns the reports group and aggregate, so a quarter at a million
            # tickets is an index-only scan, not a heap read per row (docs/benchmarks/reports.md).
            models.Index(fields=["created_at"], name="figures_created", include=["ticket", *DIMENSIONS]),
            models.Index(fields=["group_id", "created_at"], name="figures_group_created"),
            models.Index(
                fields=["first_response_at"],
                name="figures_first_response",
                include=[*DIMENSIONS, "first_response_s", "first_response_business_s"],
            ),
            models.Index(fields=["group_id", "first_response_at"], name="figures_group_first_response"),
            models.Index(fields=["resolved_at"], name="figures_resolved", include=[*DIMENSIONS, *RESOLVED]),
            models.Index(fields=["group_id", "resolved_at"], name="figures_group_resolved"),
            models.Index(fields=["assignee_id", "resolved_at"], name="figures_agent_resolved"),
            models.Index(fields=["assignee_id", "first_response_at"], name="figures_agent_first_response"),
        ]

    def __str__(self) -> str:
        return f"Figures of {self.ticket_id}"


# What the load report groups and filters a member's actions by, stored with each action.
ACTION_COLUMNS = ["actor_id", "slot", "first_in_hour", "credit_s"]


class WorkAction(models.Model):
    """A member's action on a ticket (reports.work: what counts as work) with its work-time credit,
    computed once when it is recorded (decision 0058): the load report sums these instead of ordering
    every action of the range by member."""

    event = models.OneToOneField(
        TimelineEvent, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("event")
    )
    actor_id = models.IntegerField(_("member"))
    ticket_id = models.IntegerField(_("ticket"))
    at = models.DateTimeField(_("at"))
    hour = models.DateTimeField(_("clock hour"))  # its start, in the desk's time zone
    slot = models.PositiveSmallIntegerField(_("hour of the week"))  # weekday * 24 + hour, desk time
    first_in_hour = models.BooleanField(_("first on the ticket in the hour"))
    credit_s = models.FloatField(_("work time credited (seconds)"))
    # Copies of the ticket's current fields the report filters by (kept by reports.work).
    group_id = models.IntegerField(_("skill group"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True, default="")
    category_id = models.IntegerField(_("category"), null=True, blank=True)

    class Meta:
        verbose_name = _("work action")
        verbose_name_plural = _("work actions")
        indexes = [
            models.Index(fields=["actor_id", "at"], name="work_actor_at"),  # the member's previous and next action
            models.Index(fields=["ticket_id", "actor_id"], name="work_ticket"),
            # A range's actions read index-only (docs/benchmarks/reports.md), for the desk or one group.
            models.Index(
                fields=["at"], name="work_at", include=[*ACTION_COLUMNS, "group_id", "channel", "category_id"]
            ),
            models.Index(fields=["group_id", "at"], name="work_group_at", include=ACTION_COLUMNS),
        ]

    def __str__(self) -> str:
        return f"Work of {self.actor_id} at {self.at}"


class MemberHour(models.Model):
    """A member's work in one clock hour: the sum of its WorkActions, so a report over the whole desk
    reads a row per member and hour, not per action (reports.work keeps it with the actions)."""

    actor_id = models.IntegerField(_("member"))
    hour = models.DateTimeField(_("clock hour"))
    slot = models.PositiveSmallIntegerField(_("hour of the week"))
    tickets = models.PositiveIntegerField(_("tickets worked"))
    credit_s = models.FloatField(_("work time credited (seconds)"))

    class Meta:
        verbose_name = _("member's hour")
        verbose_name_plural = _("members' hours")
        constraints = [models.UniqueConstraint(fields=["actor_id", "hour"], name="member_hour_unique")]
        indexes = [
            models.Index(fields=["hour"], name="member_hour", include=["actor_id", "slot", "tickets", "credit_s"])
        ]

    def __str__(self) -> str:
        return f"Work of {self.actor_id} in {self.hour}"


class TaggedTicket(models.Model):
    """A copy of a ticket's tag with the ticket's creation moment (reports.figures keeps it with the
    figures), so the root-cause report counts a range's tags of the whole desk index-only, without
    joining every ticket of the range to the tags (decision 0058)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket"))
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", verbose_name=_("tag"))
    created_at = models.DateTimeField(_("created"))  # the ticket's

    class Meta:
        verbose_name = _("tagged ticket")
        verbose_name_plural = _("tagged tickets")
        constraints = [models.UniqueConstraint(fields=["ticket", "tag"], name="tagged_ticket_unique")]
        indexes = [models.Index(fields=["created_at"], name="tagged_created", include=["tag"])]

    def __str__(self) -> str:
        return f"Tag {self.tag_id} of {self.ticket_id}"
