"""`dispatchdesk webhook_add USERNAME URL EVENT…`: subscribe a target to events, through the service
(which checks the target and who asks), and print the signing secret once. With `--format slack`
or `--format wechat_work`, `--group SLUG` and `--language de`, it is a skill group's chat channel."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.integrations.models import Format, WebhookEvent
from dispatchdesk.integrations.services import subscription_create


class Command(BaseCommand):
    help = "Subscribe a webhook target to events; prints its signing secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("owner", help="Username of the manager or administrator who owns it.")
        parser.add_argument("url")
        parser.add_argument("events", nargs="+", choices=WebhookEvent.values)
        parser.add_argument("--format", choices=Format.values, default=Format.WEBHOOK)
        parser.add_argument("--group", help="Slug of the skill group whose channel this is (chat formats).")
        parser.add_argument("--language", default="en")
        parser.add_argument(
            "--allow-private-network", action="store_true", help="Allow a private or loopback target (admins only)."
        )

    def handle(self, *args: Any, owner: str, url: str, events: list[str], **options: Any) -> None:
        actor = User.objects.filter(username=owner).first()
        if actor is None:
            raise CommandError(f"no user {owner!r}")
        group = SkillGroup.objects.filter(slug=options["group"]).first() if options["group"] else None
        if options["group"] and group is None:
            raise CommandError(f"no skill group {options['group']!r}")
        try:
            subscription = subscription_create(
                actor=actor,
                url=url,
                events=events,
                allow_private_network=options["allow_private_network"],
                format=Format(options["format"]),
                group=group,
                language=options["language"],
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"subscription {subscription.pk}; signing secret: {subscription.secret}")
