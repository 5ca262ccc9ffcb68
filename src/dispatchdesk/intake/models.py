"""What the channels keep beside the tickets: mailboxes and every email taken from them (I2), alert
sources and the alerts they have sent (I7), telephony sources and their calls (I5), chat widgets and
their chats (I4)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket


class Security(models.TextChoices):
    TLS = "tls", _("TLS (IMAPS)")
    STARTTLS = "starttls", _("STARTTLS")


class Mailbox(models.Model):
    """An IMAP folder whose new emails become tickets. Its password is never stored: `password_env`
    names the environment variable that holds it (decision 0023)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(_("address"), help_text=_("The address customers write to."))
    reply_to = models.EmailField(_("reply-to address"), blank=True, default="")
    host = models.CharField(_("IMAP host"), max_length=200)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    security = models.CharField(_("security"), max_length=16, choices=Security.choices, default=Security.TLS)
    username = models.CharField(_("user name"), max_length=200)
    password_env = models.CharField(
        _("password variable"), max_length=100, help_text=_("The environment variable holding the password.")
    )
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    processed_folder = models.CharField(
        _("folder for imported emails"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Imported emails are moved here (created if missing). Empty: they stay, marked as read."),
    )
    quarantine_folder = models.CharField(
        _("folder for quarantined emails"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Quarantined emails are moved here. Empty: they are treated like imported ones."),
    )
    active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundState(models.TextChoices):
    TICKET = "ticket", _("New ticket")
    REPLY = "reply", _("Reply on a ticket")
    BOUNCE = "bounce", _("Bounce noted on a ticket")
    IGNORED = "ignored", _("Kept, not answered (automatic, bulk or our own)")
    QUARANTINED = "quarantined", _("Quarantined")
    DISCARDED = "discarded", _("Discarded")


class InboundEmail(models.Model):
    """One email taken from a mailbox, with its raw source: nothing that arrived is ever lost."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="emails", verbose_name=_("mailbox"))
    # The sender's Message-ID, or a digest of the source when it has none: a redelivery is one row.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=255, blank=True, default="")
    state = models.CharField(_("state"), max_length=16, choices=InboundState.choices)
    reason = models.TextField(_("reason"), blank=True, default="")
    raw = models.BinaryField(_("raw source"))
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticket")
    )
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        indexes = [models.Index(fields=("sender", "received_at"), name="inbound_email_sender_recent")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


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


class CallSource(models.Model):
    """A telephony system allowed to post call events. Its signing secret lives in the environment
    (DISPATCHDESK_CALL_SECRETS, under this name), never in the database (decision 0004)."""

    name = models.SlugField(_("name"), max_length=50, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("call source")
        verbose_name_plural = _("call sources")

    def __str__(self) -> str:
        return self.name


class CallEvent(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", _("Answered")
    ENDED = "ended", _("Ended")
    MISSED = "missed", _("Missed")


class Call(models.Model):
    """One phone call as its telephony source reported it: each event once (its moment is set once)."""

    source = models.ForeignKey(CallSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="calls")
    call_id = models.CharField(_("call id"), max_length=128)
    caller = models.CharField(_("caller's number"), max_length=64, help_text=_("As the source sent it."))
    # E.164, or blank when the number was withheld or is not a phone number.
    number = models.CharField(_("number (E.164)"), max_length=20, blank=True, default="")
    dialled = models.CharField(_("number called"), max_length=64, blank=True, default="")
    contact = models.ForeignKey(
        Contact, verbose_name=_("caller"), null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The ticket the call was noted on, or the call-back ticket a missed call opened.
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    ringing_at = models.DateTimeField(_("ringing"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    missed_at = models.DateTimeField(_("missed"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    received_at = models.DateTimeField(_("first event received"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [models.UniqueConstraint(fields=["source", "call_id"], name="call_unique_per_source")]
        indexes = [models.Index(fields=("number", "missed_at"), name="call_number_missed")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.call_id}"


def new_widget_key() -> str:
    return secrets.token_urlsafe(16)


class ChatWidget(models.Model):
    """A chat box on a website (I4): its public key goes in the script tag; only the listed origins
    may use it. Its chats are routed to the group and skill given here, like any other ticket."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key = models.CharField(_("public key"), max_length=32, unique=True, default=new_widget_key, editable=False)
    allowed_origins = models.TextField(
        _("allowed origins"),
        help_text=_("The websites that may show this chat, one per line, e.g. https://www.example.com"),
    )
    group = models.ForeignKey(
        "accounts.SkillGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skill = models.ForeignKey(
        "accounts.Skill",
        verbose_name=_("required skill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chat widget")
        verbose_name_plural = _("chat widgets")

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(normal_origin(line) for line in self.allowed_origins.split() if line.strip())


def normal_origin(origin: str) -> str:
    """An origin as browsers send it: scheme://host[:port], lower case, no trailing slash."""
    return origin.strip().rstrip("/").lower()


class ChatState(models.TextChoices):
    OPEN = "open", _("Open")
    ENDED = "ended", _("Ended")
    FALLEN_BACK = "fallen_back", _("Answered by email")


class ChatSession(models.Model):
    """One visitor's chat, on its ticket. The visitor's token is a secret kept only as a digest."""

    widget = models.ForeignKey(ChatWidget, verbose_name=_("widget"), on_delete=models.PROTECT, related_name="sessions")
    ticket = models.OneToOneField(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="chat")
    token_digest = models.CharField(_("visitor token digest"), max_length=64, unique=True)
    visitor_name = models.CharField(_("visitor name"), max_length=200)
    visitor_email = models.EmailField(_("visitor email"))
    state = models.CharField(_("state"), max_length=16, choices=ChatState.choices, default=ChatState.OPEN)
    started_at = models.DateTimeField(_("started"))
    last_activity = models.DateTimeField(_("last activity"))
    # Since when the visitor's oldest unanswered message waits; None once an agent has answered.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("chat session")
        verbose_name_plural = _("chat sessions")
        indexes = [models.Index(fields=("state", "last_activity"), name="chat_session_open_recent")]

    def __str__(self) -> str:
        return f"{self.visitor_name} ({self.get_state_display()})"
