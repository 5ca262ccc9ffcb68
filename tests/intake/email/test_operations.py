"""Running email in: the command and the worker's task poll a real Dovecot, routing applies to
emailed requests, an administrator retries quarantined emails, and a missing Dovecot fails loudly."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.channels.email.receive import email_receive
from dispatchdesk.intake.channels.email.tasks import run_mailbox_poll
from dispatchdesk.intake.models import InboundState, Mailbox
from dispatchdesk.tickets.models import Ticket
from tests.intake.email import dovecot
from tests.intake.email.conftest import eml
from tests.intake.email.dovecot import Imap

pytestmark = pytest.mark.django_db


def test_poll_mailboxes_takes_the_new_emails_into_routed_tickets(
    imap: Imap, mailbox: Mailbox, network: SkillGroup
) -> None:
    rules_publish(
        rules=[{"name": "printers", "when": {"keywords": ["printer"]}, "then": {"group": "network"}}], actor=None
    )
    imap.append(eml("gmail-inline-image.eml"))
    out = StringIO()

    call_command("poll-mailboxes", stdout=out)

    assert out.getvalue().strip() == "1 email(s) taken, 0 mailbox(es) failed"
    ticket = Ticket.objects.get()
    assert ticket.group == network
    assert ticket.decisions.exists()  # dispatch ran on it


@pytest.mark.usefixtures("immediate_tasks")
def test_the_workers_task_polls_every_active_mailbox(imap: Imap, mailbox: Mailbox) -> None:
    imap.append(eml("thunderbird-new.eml"))

    result = run_mailbox_poll.enqueue()

    assert result.return_value == {"taken": 1, "failed": 0}
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None
    assert mailbox.last_error == ""


def test_an_administrator_retries_a_quarantined_email_once_the_limit_allows_it(
    client: Client, root: User, mailbox: Mailbox, settings: Any
) -> None:
    settings.DISPATCHDESK_MAX_BODY_LENGTH = 10
    row = email_receive(mailbox=mailbox, raw=eml("thunderbird-new.eml"))
    assert row.state == InboundState.QUARANTINED
    settings.DISPATCHDESK_MAX_BODY_LENGTH = 50_000
    client.force_login(root)

    page = client.get(f"/admin/intake/inboundemail/{row.pk}/change/")
    response = client.post(
        "/admin/intake/inboundemail/", {"action": "retry", "_selected_action": [row.pk]}, follow=True
    )

    assert b"VPN connection drops" in page.content  # the raw source is shown
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.state == InboundState.TICKET
    assert Ticket.objects.get() == row.ticket


def test_a_missing_dovecot_fails_with_the_way_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(dovecot, "DOVECOT", str(tmp_path / "no-dovecot"))

    with pytest.raises(RuntimeError, match=r"ensure-dovecot"), dovecot.dovecot_server(tmp_path):
        pass
