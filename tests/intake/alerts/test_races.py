"""Copies of one new alert arriving at once open one ticket, and every copy is counted.

PostgreSQL only (tests/conftest.py deselects it elsewhere): SQLite serialises every writer, so it
could not show the race. Threads have a database connection each, as a threaded server's requests do.
"""

import threading

import pytest
from django.db import connection

from dispatchdesk.intake.channels.alerts.adapter import IncomingAlert
from dispatchdesk.intake.channels.alerts.services import alerts_receive
from dispatchdesk.intake.models import Alert, AlertFormat, AlertSource
from dispatchdesk.tickets.models import Ticket
from tests.factories import ContactFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6
COPIES = 5


def test_racing_copies_of_new_alerts_open_one_ticket_each_and_are_all_counted() -> None:
    source = AlertSource.objects.create(name="prom", format=AlertFormat.ALERTMANAGER, customer=ContactFactory())
    alerts = [
        IncomingAlert(fingerprint=f"fp-{n}", firing=True, title=f"Disk {n} full", description="", priority=3)
        for n in range(3)
    ]
    start, errors = threading.Barrier(THREADS), []

    def send() -> None:
        try:
            start.wait()
            for _ in range(COPIES):
                alerts_receive(source=source, alerts=alerts)
        except Exception as error:  # any failure is reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Ticket.objects.count() == 3
    assert sorted(Alert.objects.values_list("fingerprint", "count")) == [
        (f"fp-{n}", THREADS * COPIES) for n in range(3)
    ]
