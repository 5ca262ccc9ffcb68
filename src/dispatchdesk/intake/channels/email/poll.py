"""Polling a mailbox over IMAP (imap-tools): each unseen email is taken in its own transaction and
flagged \\Seen on the server (or moved to the mailbox's folder for imported or quarantined emails)
only after that transaction committed. A crash in between leaves it unseen where it was, and the next
poll finds its Message-ID already taken: nothing lost, nothing twice."""

from __future__ import annotations

import logging
import os
import ssl
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailMessage, MailMessageFlags

from dispatchdesk.common import clock
from dispatchdesk.intake.channels.email.receive import email_receive
from dispatchdesk.intake.models import InboundEmail, InboundState, Mailbox, Security

logger = logging.getLogger(__name__)


class RawMessage(MailMessage):
    """imap-tools' message, keeping the source exactly as the server sent it (quarantine keeps it so)."""

    def __init__(self, fetch_data: list[Any]) -> None:
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


def mailboxes_poll() -> dict[str, int]:
    """Poll every active mailbox; one failing server does not stop the others."""
    taken = 0
    failed = 0
    for mailbox in Mailbox.objects.filter(active=True):
        try:
            taken += mailbox_poll(mailbox)
        except Exception as error:  # a server down, a wrong password: told on the mailbox, tried next minute
            failed += 1
            logger.warning("mailbox %s could not be polled: %s", mailbox.name, error)
            _note_poll(mailbox, error=str(error) or type(error).__name__)
    return {"taken": taken, "failed": failed}


def mailbox_poll(mailbox: Mailbox, *, limit: int = 200) -> int:
    """Take up to `limit` unseen emails from the mailbox's folder; the number taken. Each is marked as
    read once its ticket is committed, then moved to the processed or quarantine folder if one is named."""
    password = os.environ.get(mailbox.password_env, "")
    if not password:
        raise RuntimeError(_("The environment variable %(name)s is not set.") % {"name": mailbox.password_env})
    taken = 0
    with _connect(mailbox).login(mailbox.username, password, initial_folder=mailbox.folder) as box:
        box.email_message_class = RawMessage
        _ensure_folders(box, mailbox)
        for message in box.fetch(AND(seen=False), mark_seen=False, limit=limit):
            assert isinstance(message, RawMessage)  # noqa: S101 - set just above
            row = email_receive(mailbox=mailbox, raw=message.raw)  # committed when it returns
            box.flag(message.uid or "", MailMessageFlags.SEEN, True)
            if folder := _destination(mailbox, row):
                box.move(message.uid or "", folder)
            taken += 1
    _note_poll(mailbox, error="")
    return taken


def _destination(mailbox: Mailbox, row: InboundEmail) -> str:
    """Where a taken email goes on the server: "" to leave it in place, marked as read."""
    if row.state == InboundState.QUARANTINED and mailbox.quarantine_folder:
        return mailbox.quarantine_folder
    return mailbox.processed_folder


def _ensure_folders(box: BaseMailBox, mailbox: Mailbox) -> None:
    for folder in {mailbox.processed_folder, mailbox.quarantine_folder} - {""}:
        if not box.folder.exists(folder):
            box.folder.create(folder)


def _connect(mailbox: Mailbox) -> BaseMailBox:
    context = ssl.create_default_context(cafile=settings.DISPATCHDESK_IMAP_CA_FILE or None)
    timeout = settings.DISPATCHDESK_IMAP_TIMEOUT
    if mailbox.security == Security.STARTTLS:
        return MailBoxStartTls(mailbox.host, mailbox.port, timeout=timeout, ssl_context=context)
    return MailBox(mailbox.host, mailbox.port, timeout=timeout, ssl_context=context)


def _note_poll(mailbox: Mailbox, *, error: str) -> None:
    mailbox.last_polled_at, mailbox.last_error = clock.now(), error[:2000]
    mailbox.save(update_fields=["last_polled_at", "last_error"])
