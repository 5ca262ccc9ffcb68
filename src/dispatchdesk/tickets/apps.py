from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

from dispatchdesk.tickets import search


class TicketsConfig(AppConfig):
    name = "dispatchdesk.tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        # The search index's triggers (tickets.search): SQLite's are set aside while tables are rebuilt.
        pre_migrate.connect(_before_migrate, sender=self)
        post_migrate.connect(_after_migrate, sender=self)


def _before_migrate(*, using: str = "default", **_kwargs: Any) -> None:
    if connections[using].vendor == "sqlite":
        search.uninstall_triggers(connections[using])


def _after_migrate(*, using: str = "default", apps: Any = None, plan: Any = None, **_kwargs: Any) -> None:
    if apps is None or not _has_search(apps):
        return  # migrated back to before the search index
    # SQLite missed the changes made while its triggers were off: refill it (SQLite desks are small).
    connection = connections[using]
    search.install(connection, rebuild=bool(plan) and connection.vendor == "sqlite")


def _has_search(apps: Any) -> bool:
    try:
        apps.get_model("tickets", "TicketSearch")
    except LookupError:
        return False
    return True
