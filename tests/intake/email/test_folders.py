"""A mailbox may move what it took into folders on the server (created when missing): imported emails to
one, quarantined ones to another; only after the email's ticket committed, and never on a failed take."""

import pytest

from dispatchdesk.intake.channels.email import poll
from dispatchdesk.intake.channels.email.poll import mailbox_poll
from dispatchdesk.intake.models import InboundEmail, InboundState, Mailbox
from tests.intake.email.conftest import eml
from tests.intake.email.dovecot import Imap

pytestmark = pytest.mark.django_db


def test_imported_and_quarantined_emails_are_moved_into_their_folders(imap: Imap, mailbox: Mailbox) -> None:
    mailbox.processed_folder, mailbox.quarantine_folder = "Processed", "Quarantine"
    mailbox.save()
    imap.append(eml("thunderbird-new.eml"))
    imap.append(eml("broken-mime.eml"))

    assert mailbox_poll(mailbox) == 2

    assert sorted(InboundEmail.objects.values_list("state", flat=True)) == [
        InboundState.QUARANTINED,
        InboundState.TICKET,
    ]
    assert imap.seen_count() == (0, 0)
    assert imap.seen_count("Processed") == (1, 1)
    assert imap.seen_count("Quarantine") == (1, 1)
    assert b"VPN disconnects" in imap.sources("Processed")[0]
    assert b"Scan from MFP-2F" in imap.sources("Quarantine")[0]


def test_without_a_quarantine_folder_a_quarantined_email_goes_with_the_imported(imap: Imap, mailbox: Mailbox) -> None:
    mailbox.processed_folder = "Done"
    mailbox.save()
    imap.append(eml("broken-mime.eml"))

    mailbox_poll(mailbox)

    assert imap.seen_count() == (0, 0)
    assert imap.seen_count("Done") == (1, 1)


def test_an_email_whose_take_fails_stays_unseen_where_it_was(
    imap: Imap, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    mailbox.processed_folder = "Processed"
    mailbox.save()
    imap.append(eml("thunderbird-new.eml"))

    def crash(**_: object) -> InboundEmail:
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(poll, "email_receive", crash)
        with pytest.raises(RuntimeError):
            mailbox_poll(mailbox)

    assert imap.seen_count() == (1, 0)
    assert imap.seen_count("Processed") == (0, 0)
    mailbox_poll(mailbox)  # the next poll takes it
    assert imap.seen_count("Processed") == (1, 1)
