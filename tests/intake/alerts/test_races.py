"""Copies of one new alert arriving at once open one ticket, and every copy is counted; new alerts
racing into a storm open one storm ticket.

PostgreSQL only (tests/conftest.py deselects it elsewhere): SQLite serialises every writer, so it
could not show the race. Threads have a database connection each, as a threaded server's requests do.
"""

import threading
from collections.abc import Callable

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
    alerts = [_alert(n) for n in range(3)]

    errors = _at_once(lambda _thread: [alerts_receive(source=source, alerts=alerts) for _ in range(COPIES)])

    assert errors == []
    assert Ticket.objects.count() == 3
    assert sorted(Alert.objects.values_list("fingerprint", "count")) == [
        (f"fp-{n}", THREADS * COPIES) for n in range(3)
    ]


def test_new_alerts_racing_past_the_storm_limit_open_one_storm_ticket() -> None:
    source = AlertSource.objects.create(
        name="prom", format=AlertFormat.ALERTMANAGER, customer=ContactFactory(), storm_limit=2
    )

    errors = _at_once(lambda thread: alerts_receive(source=source, alerts=[_alert(thread * 10 + n) for n in range(4)]))

    assert errors == []
    storms = Ticket.objects.filter(subject="Alert storm from prom")
    assert storms.count() == 1
    own = Ticket.objects.exclude(pk=storms.get().pk)
    # The count that starts a storm is read without a lock: alerts racing the one that reaches the
    # limit may get their own tickets, at most one per racing thread beyond the limit.
    assert 2 <= own.count() <= 2 + THREADS
    assert Alert.objects.count() == THREADS * 4
    assert Alert.objects.filter(ticket=storms.get()).count() == THREADS * 4 - own.count()


def _alert(number: int) -> IncomingAlert:
    return IncomingAlert(
        fingerprint=f"fp-{number}", firing=True, title=f"Disk {number} full", description="", priority=3
    )


def _at_once(work: Callable[[int], object]) -> list[Exception]:
    """`work(thread number)` in THREADS threads started together; the errors they raised."""
    start, errors = threading.Barrier(THREADS), []

    def run(thread: int) -> None:
        try:
            start.wait()
            work(thread)
        except Exception as error:  # any failure is reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
