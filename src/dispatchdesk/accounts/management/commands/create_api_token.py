"""`dispatchdesk create_api_token USERNAME --name NAME`: print a new API token, the only time it is shown."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.accounts.auth import api_token_create
from dispatchdesk.accounts.models import ApiToken, User


class Command(BaseCommand):
    # Help texts stay untranslated, as in Django's own commands: argparse cannot take lazy strings.
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. crm-sync")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _active_user(options["username"])
        name = _token_name(options["name"])
        token, raw = api_token_create(user=user, name=name)
        # The token alone goes to stdout so scripts can capture it; the advice goes to stderr.
        self.stderr.write(
            _("Created API token “%(name)s” (%(prefix)s…) for %(user)s. Store it now: it cannot be shown again.")
            % {"name": token.name, "prefix": token.prefix, "user": user.username},
            style_func=self.style.SUCCESS,
        )
        self.stdout.write(raw)


def _active_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("There is no user called “%(username)s”.") % {"username": username})
    if not user.is_active:
        raise CommandError(_("%(username)s is inactive; their tokens would not work.") % {"username": username})
    return user


def _token_name(name: str) -> str:
    name = name.strip()
    max_length = ApiToken._meta.get_field("name").max_length or 100
    if not name or len(name) > max_length:
        raise CommandError(_("The token name must be 1 to %(max)d characters.") % {"max": max_length})
    return name
