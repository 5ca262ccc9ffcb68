"""`dispatchdesk sweep-outbox`: send the emails nobody sent, and requeue tasks a dead worker left
running. The worker does the same every minute; this is for cron, or after an outage."""

from typing import Any

from django.core.management.base import BaseCommand

from dispatchdesk.notifications.tasks import sweep_outbox


class Command(BaseCommand):
    help = "Send unsent emails whose lease or back-off has passed, and requeue tasks left running by a dead worker."

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep_outbox()
        self.stdout.write(f"{report['sent']} email(s) sent, {report['requeued']} task(s) requeued")
