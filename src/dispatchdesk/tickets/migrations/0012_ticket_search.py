"""The full-text search index (tickets.search, docs/decisions/0041-full-text-search.md)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from dispatchdesk.tickets import search


def install(apps: Any, schema_editor: Any) -> None:
    search.install(schema_editor.connection, rebuild=True)
    if schema_editor.connection.vendor == "sqlite":
        # A later migration that rebuilds a table the triggers name would fail: post_migrate reinstalls them.
        search.uninstall_triggers(schema_editor.connection)


def remove(apps: Any, schema_editor: Any) -> None:
    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        # Its SQLite triggers read customers_contact, which customers 0003 rebuilds: that one comes first
        # (another app's migration after tickets' could otherwise put it after these triggers).
        ("customers", "0003_add_organisation_admin"),
        ("tickets", "0011_wip_limit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TicketSearch",
                    fields=[
                        (
                            "ticket",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="tickets.ticket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "search index entry",
                        "verbose_name_plural": "search index entries",
                        "db_table": "tickets_ticketsearch",
                    },
                ),
            ],
            database_operations=[migrations.RunPython(install, remove)],
        ),
    ]
