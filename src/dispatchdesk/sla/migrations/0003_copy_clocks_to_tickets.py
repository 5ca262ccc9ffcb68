"""Copy each ticket's next deadline, warning and pause onto its row (tickets 0012), as sla.clocks
keeps it from now on (docs/decisions/0036-sla-deadline-on-the-ticket.md)."""

from django.db import migrations

COPY = """
UPDATE tickets_ticket SET
    sla_due_at = (SELECT s.due_at FROM sla_ticketsla s WHERE s.ticket_id = tickets_ticket.id),
    sla_warn_at = (SELECT s.warn_at FROM sla_ticketsla s WHERE s.ticket_id = tickets_ticket.id),
    sla_paused = (SELECT s.paused_since IS NOT NULL FROM sla_ticketsla s WHERE s.ticket_id = tickets_ticket.id)
WHERE id IN (SELECT ticket_id FROM sla_ticketsla)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0002_wait_promise"),
        ("tickets", "0014_sla_copy_and_list_indexes"),
    ]

    operations = [migrations.RunSQL(COPY, reverse_sql=migrations.RunSQL.noop)]
