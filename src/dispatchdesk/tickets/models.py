"""Tickets (the container), their append-only timeline and their conversation."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dispatchdesk.accounts.models import Region, Skill, SkillGroup, Tier
from dispatchdesk.common import clock
from dispatchdesk.common.models import TimeStampedModel
from dispatchdesk.customers.models import Contact, Organisation


class Status(models.TextChoices):
    NEW = "new", _("New")
    PENDING_ACCEPTANCE = "pending_acceptance", _("Pending acceptance")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CUSTOMER = "awaiting_customer", _("Awaiting customer")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# The status as a customer reads it: what they can expect, not how the team works it inside.
CUSTOMER_STATUS: dict[str, Any] = {
    Status.NEW: _("Received"),
    Status.PENDING_ACCEPTANCE: _("Received"),
    Status.IN_PROGRESS: _("Being worked on"),
    Status.AWAITING_CUSTOMER: _("Waiting for your answer"),
    Status.AWAITING_REVIEW: _("Being worked on"),
    Status.RESOLVED: _("Resolved"),
    Status.CLOSED: _("Closed"),
}


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    ALERT = "alert", _("Device alert")
    API = "api", _("API")


class Priority(models.IntegerChoices):
    URGENT = 1, _("P1 urgent")
    HIGH = 2, _("P2 high")
    NORMAL = 3, _("P3 normal")
    LOW = 4, _("P4 low")


class Category(models.Model):
    slug = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """A named counter, advanced under a row lock: gap-free human ticket numbers."""

    name = models.CharField(max_length=32, primary_key=True)
    next_value = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.next_value}"


OPEN_STATUSES = (
    Status.NEW,
    Status.PENDING_ACCEPTANCE,
    Status.IN_PROGRESS,
    Status.AWAITING_CUSTOMER,
    Status.AWAITING_REVIEW,
)
# Statuses in which someone owns the work; the database refuses them without an assignee.
OWNED_STATUSES = (Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS, Status.AWAITING_CUSTOMER, Status.AWAITING_REVIEW)
# Columns the inbox's filters and an agent's visibility test, carried in the per-group indexes.
INBOX_FILTERED = ("status", "assignee", "channel", "category")
# Work that occupies one of the agent's capacity slots; waiting on the customer or a reviewer does not.
ACTIVE_STATUSES = (Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS)
# Statuses that reach New in one legal move (tickets/workflow.py), so escalation to L2 can requeue them.
# Work waiting on the customer or a reviewer is resumed first: going through In progress would take a
# capacity slot the agent may not have, only to give it back a moment later.
ESCALATABLE_STATUSES = (Status.NEW, Status.PENDING_ACCEPTANCE, Status.IN_PROGRESS)


class Ticket(TimeStampedModel):
    number = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    access_key = models.CharField(max_length=43, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="", help_text=_("Sanitised HTML"))
    customer = models.ForeignKey(Contact, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="tickets")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="tickets")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NEW, db_index=True)
    group = models.ForeignKey(
        SkillGroup,
        verbose_name=_("skill group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    tier = models.CharField(_("tier"), max_length=4, choices=Tier.choices, default=Tier.L1)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    required_skills = models.ManyToManyField(
        Skill, verbose_name=_("required skills"), blank=True, related_name="tickets"
    )
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    # Set by a routing rule to override the group's dispatch mode for this ticket ("" = the group's).
    dispatch_mode = models.CharField(_("dispatch mode"), max_length=16, blank=True, default="")
    # The resolved ticket a customer wrote on again after its reopen window had passed (P2).
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    # A copy of the SLA clocks' next deadline, warning and pause, kept by sla.clocks with every
    # recompute, so the lists filter and sort by SLA state on this table's own indexes instead of
    # joining every open ticket's clocks (docs/decisions/0040-sla-deadline-on-the-ticket.md).
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True, editable=False)
    sla_warn_at = models.DateTimeField(_("SLA at risk from"), null=True, blank=True, editable=False)
    sla_paused = models.BooleanField(_("SLA paused"), default=False, editable=False)
    # Fields an agent set by hand; routing rules never overwrite them (T5: manual wins).
    manual_fields = models.JSONField(default=list, blank=True, editable=False)
    # Set when the ticket was merged into another (it is then closed; its conversation lives on there).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [("view_all_tickets", _("Can see every ticket"))]
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1) & Q(priority__lte=4), name="ticket_priority_1_to_4"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="ticket_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=OWNED_STATUSES) | Q(assignee__isnull=False),
                name="ticket_owned_status_has_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.NEW) | Q(assignee__isnull=True),
                name="ticket_new_is_unassigned",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "priority", "created_at"], name="ticket_queue_idx"),
            # The inbox's open lists in their default order (priority, newest first): a first page reads
            # 25 entries of this index instead of sorting every open ticket (docs/benchmarks/saved-views.md).
            models.Index(
                fields=["priority", "-created_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="ticket_open_order_idx",
            ),
            # The list filtered by group in the same order (all statuses): a first page is 25 entries of
            # this index, not a sort of the whole group (docs/benchmarks/group-list.md). An agent's lists
            # read it once per group (docs/decisions/0049); the included columns let PostgreSQL skip a
            # group's non-matching tickets without reading their rows (ignored on SQLite).
            models.Index(
                fields=["group", "priority", "-created_at", "-id"],
                include=INBOX_FILTERED,
                name="ticket_group_order_idx",
            ),
            # The same per group and channel: a view filtered by channel reads only that channel's
            # entries of each group, so a group without one of its tickets is passed at once instead of
            # walked to its end (docs/decisions/0059).
            models.Index(
                fields=["group", "channel", "priority", "-created_at", "-id"],
                include=("status", "assignee", "category"),
                name="ticket_group_channel_idx",
            ),
            # The same per group for open tickets, in the default and the deadline orders.
            models.Index(
                fields=["group", "priority", "-created_at", "-id"],
                include=(*INBOX_FILTERED, "sla_due_at", "sla_warn_at"),
                condition=Q(status__in=OPEN_STATUSES),
                name="ticket_open_group_idx",
            ),
            models.Index(
                fields=["group", "sla_due_at", "priority", "-created_at", "-id"],
                include=(*INBOX_FILTERED, "sla_warn_at"),
                condition=Q(status__in=OPEN_STATUSES),
                name="ticket_open_group_due_idx",
            ),
            # An agent's own tickets outside her groups, and a list of one organisation, in the default order.
            models.Index(
                fields=["assignee", "priority", "-created_at", "-id"],
                include=("status", "group", "channel", "category"),
                name="ticket_assignee_order_idx",
            ),
            models.Index(fields=["organisation", "priority", "-created_at", "-id"], name="ticket_org_order_idx"),
            # Views ordered by the next deadline (at risk, "by deadline"), and counts of tickets at risk.
            models.Index(
                fields=["sla_due_at", "priority", "-created_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="ticket_open_due_idx",
            ),
            models.Index(fields=["sla_warn_at"], condition=Q(status__in=OPEN_STATUSES), name="ticket_open_warn_idx"),
            # "My tickets": one agent's open tickets by priority, then the next deadline.
            models.Index(
                fields=["assignee", "priority", "sla_due_at", "-created_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="ticket_open_mine_idx",
            ),
            # Views over every ticket (closed ones too) in the lists' default order.
            models.Index(fields=["priority", "-created_at", "-id"], name="ticket_order_idx"),
            # The expected wait's pace: tickets first answered in the last hours, per group or agent. Without
            # it, each new ticket's estimate scanned the table (~300 ms twice at 1,000,000 tickets).
            models.Index(
                fields=["first_response_at"], include=("group", "assignee", "created_at"), name="ticket_answered_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TicketSearch(models.Model):
    """A ticket's words for full-text search: written only by database triggers (tickets.search).

    The table is a PostgreSQL table of tsvectors or an SQLite FTS5 table, made by tickets.search; this
    model only tells Django it exists, so that flushing a test database empties it with the tickets.
    """

    ticket = models.OneToOneField(
        Ticket, on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="+"
    )

    class Meta:
        db_table = "tickets_ticketsearch"
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return f"Search entry of {self.ticket_id}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    ROUTED = "routed", _("Routed")
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Returned to queue")
    ACCEPTED = "accepted", _("Accepted")
    STATUS = "status", _("Status changed")
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Internal note")
    PRIORITY = "priority", _("Priority changed")
    FIELDS = "fields", _("Fields changed")
    ESCALATION = "escalation", _("Escalated")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breached")
    RATING = "rating", _("Rated")
    MERGED = "merged", _("Merged")
    FOLLOW_UP = "follow_up", _("Follow-up")


class TimelineEvent(models.Model):
    """Append-only: services create rows in the same transaction as the change they record."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("ticket"))
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True, default="")
    public = models.BooleanField(_("visible to customer"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)
    message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.CASCADE, related_name="events", verbose_name=_("message")
    )
    created_at = models.DateTimeField(_("at"), default=clock.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id}"

    def public_data(self) -> dict[str, Any]:
        """The part of `data` a customer may read: never reasons, agent ids or engine scores."""
        return {key: self.data[key] for key in PUBLIC_EVENT_DATA.get(self.kind, ()) if key in self.data}


# Per event kind, the keys of `data` that customers may see (everything else is staff-only).
PUBLIC_EVENT_DATA: dict[str, tuple[str, ...]] = {
    EventKind.CREATED: ("channel",),
    EventKind.STATUS: ("from", "to"),
    EventKind.RATING: ("rating",),
    EventKind.MERGED: ("into_number",),
    EventKind.FOLLOW_UP: ("number", "direction"),
}


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    """One entry of the conversation: a public reply (customer or agent) or an internal note."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket"))
    kind = models.CharField(_("kind"), max_length=8, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_contact = models.ForeignKey(
        Contact, verbose_name=_("customer author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"), help_text=_("Sanitised HTML"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(_("at"), default=clock.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=MessageKind.REPLY) | Q(author_contact__isnull=True), name="customers_write_no_notes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind == MessageKind.REPLY

    @property
    def author_name(self) -> str:
        if self.author_contact is not None:
            return self.author_contact.name
        return str(self.author) if self.author else ""


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never reuses the customer's file name: no path tricks, no clashes.
    extension = mimetypes.guess_extension(instance.content_type) or ""
    return f"attachments/{instance.message.ticket_id}/{instance.message_id}/{instance.token}{extension}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    # An email's inline image: its Content-ID, which the message body refers to as cid:… (decision 0028).
    content_id = models.CharField(_("content ID"), max_length=200, blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Macro(models.Model):
    """A canned reply; its placeholders ({{customer_name}}, …) are filled for one ticket when inserted.

    Without an owner it is shared with every agent; with one it is that person's own.
    """

    PLACEHOLDERS = ("customer_name", "ticket_number", "ticket_subject", "agent_name")

    name = models.CharField(_("name"), max_length=100)
    body = models.TextField(
        _("text"), help_text=_("Placeholders: {{customer_name}}, {{ticket_number}}, {{ticket_subject}}, {{agent_name}}")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        help_text=_("Empty: shared with every agent."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "language", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """The customer's satisfaction with one resolution (P2): one per ticket and resolution, so a
    ticket reopened and resolved again is rated again. Agent and group are those of the resolution,
    kept here so reports aggregate without replaying the timeline."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("ticket"))
    # The ticket's reopen_count when it was resolved: 0 for the first resolution, 1 after one reopen, …
    resolution = models.PositiveSmallIntegerField(_("resolution"))
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, default="")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    group = models.ForeignKey(
        SkillGroup, verbose_name=_("skill group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=clock.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        # A range's satisfaction, per agent, group or week, read index-only: a quarter at 1M tickets
        # holds ~60,000 ratings, each on a heap page of its own (docs/benchmarks/reports.md).
        indexes = [models.Index(fields=["created_at"], name="rating_created", include=["score", "agent", "group"])]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "resolution"], name="one_rating_per_resolution"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5 on #{self.ticket_id}"


class WipLimit(models.Model):
    """How many tickets one column of a group's board should hold at most (P4): a warning, never a block."""

    group = models.ForeignKey(SkillGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="wip_limits")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    limit = models.PositiveSmallIntegerField(_("limit"))

    class Meta:
        ordering = ["group", "status"]
        verbose_name = _("work-in-progress limit")
        verbose_name_plural = _("work-in-progress limits")
        constraints = [
            models.UniqueConstraint(fields=["group", "status"], name="wip_limit_one_per_column"),
            models.CheckConstraint(condition=Q(limit__gte=1), name="wip_limit_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.status} ≤ {self.limit}"
