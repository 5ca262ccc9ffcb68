"""`dispatchdesk poll-mailboxes`: take the new emails from every active mailbox now. The worker does
the same every minute; this is for cron, or to try a mailbox's settings."""

from typing import Any

from django.core.management.base import BaseCommand

from dispatchdesk.intake.channels.email.poll import mailboxes_poll


class Command(BaseCommand):
    help = "Take the new emails from every active mailbox (IMAP) into tickets."

    def handle(self, *args: Any, **options: Any) -> None:
        report = mailboxes_poll()
        self.stdout.write(f"{report['taken']} email(s) taken, {report['failed']} mailbox(es) failed")
