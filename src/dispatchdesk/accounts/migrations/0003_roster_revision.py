import uuid
from typing import Any

from django.db import migrations, models


def create_the_row(apps: Any, _schema_editor: Any) -> None:
    apps.get_model("accounts", "RosterRevision").objects.create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_agent_load"),
    ]

    operations = [
        migrations.CreateModel(
            name="RosterRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.UUIDField(default=uuid.uuid4)),
            ],
            options={
                "verbose_name": "roster revision",
                "verbose_name_plural": "roster revisions",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
