"""`dispatchdesk webhook_add USERNAME URL EVENT…`: subscribe a target to events, through the service
(which checks the target and who asks), and print the signing secret once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.integrations.models import WebhookEvent
from dispatchdesk.integrations.services import subscription_create


class Command(BaseCommand):
    help = "Subscribe a webhook target to events; prints its signing secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("owner", help="Username of the manager or administrator who owns it.")
        parser.add_argument("url")
        parser.add_argument("events", nargs="+", choices=WebhookEvent.values)
        parser.add_argument(
            "--allow-private-network", action="store_true", help="Allow a private or loopback target (admins only)."
        )

    def handle(self, *args: Any, owner: str, url: str, events: list[str], **options: Any) -> None:
        actor = User.objects.filter(username=owner).first()
        if actor is None:
            raise CommandError(f"no user {owner!r}")
        try:
            subscription = subscription_create(
                actor=actor, url=url, events=events, allow_private_network=options["allow_private_network"]
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"subscription {subscription.pk}; signing secret: {subscription.secret}")
