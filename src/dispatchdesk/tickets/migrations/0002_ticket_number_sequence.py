from django.db import migrations


def create_sequence(apps, schema_editor):
    # Created up front so the first tickets never race to insert the counter row.
    NumberSequence = apps.get_model("tickets", "NumberSequence")
    NumberSequence.objects.get_or_create(name="ticket", defaults={"next_value": 10001})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [
        # Reversing keeps the row: dropping the table in 0001's reverse removes it anyway.
        migrations.RunPython(create_sequence, migrations.RunPython.noop),
    ]
