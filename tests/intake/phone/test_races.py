"""Copies of one call event, and missed calls from one number, racing in: one effect each.

PostgreSQL only (tests/conftest.py deselects it elsewhere): SQLite serialises every writer, so it
could not show the race. Threads have a database connection each, as a threaded server's requests do.
"""

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.db import connection

from dispatchdesk.intake.channels.phone.adapter import IncomingCallEvent
from dispatchdesk.intake.channels.phone.services import call_event_receive
from dispatchdesk.intake.models import Call, CallEvent, CallSource
from dispatchdesk.tickets.models import MessageKind, Ticket

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def missed(call_id: str) -> IncomingCallEvent:
    at = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
    return IncomingCallEvent(call_id, CallEvent.MISSED, "+49 30 1234567", "", "", at, None)


def race(work: Callable[[int], object]) -> list[Exception]:
    start, errors = threading.Barrier(THREADS), []

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
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


def test_copies_of_one_missed_call_open_one_ticket_and_write_no_note() -> None:
    source = CallSource.objects.create(name="pbx")

    errors = race(lambda _index: call_event_receive(source=source, incoming=missed("c1")))

    assert errors == []
    assert Call.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert not Ticket.objects.get().messages.filter(kind=MessageKind.NOTE).exists()


def test_missed_calls_from_one_number_racing_in_open_one_call_back_ticket() -> None:
    source = CallSource.objects.create(name="pbx")

    errors = race(lambda index: call_event_receive(source=source, incoming=missed(f"c{index}")))

    assert errors == []
    ticket = Ticket.objects.get()
    assert ticket.messages.filter(kind=MessageKind.NOTE).count() == THREADS - 1
    assert set(Call.objects.values_list("ticket", flat=True)) == {ticket.pk}
