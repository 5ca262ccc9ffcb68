"""Email in (I2): the mailboxes the worker polls, and every email it took from them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
