"""Domain events (common.events): how a lower app tells higher ones what happened, and when they hear it."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from dispatchdesk.common import events
from dispatchdesk.common.events import Event, Phase, publish, subscribe, subscribers
from dispatchdesk.dispatch.services.classify import record_correction
from dispatchdesk.dispatch.services.escalate import follow_sla_rules
from dispatchdesk.dispatch.tasks import offer_work_later
from dispatchdesk.incidents.subscriptions import detect_on_submission
from dispatchdesk.intake.channels.chat.services import chat_note_reply
from dispatchdesk.intake.events import ChatFellBack, TicketSubmitted
from dispatchdesk.integrations.subscriptions import record_webhooks
from dispatchdesk.notifications.live import announce_ticket_change
from dispatchdesk.notifications.services import (
    confirm_submission,
    notify_assigned,
    notify_customer_reply,
    notify_sla_crossed,
    tell_customer_of_chat_fallback,
    tell_customer_of_reply,
    tell_customer_of_status,
)
from dispatchdesk.reports.subscriptions import figures_observe, work_observe
from dispatchdesk.sla.clocks import sla_observe
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.tickets.events import SlotFreed, StatusChanged, TicketAssigned, TicketReplied, TimelineRecorded
from tests.conftest import Capture


@dataclass(frozen=True, slots=True)
class Pinged(Event):
    text: str


@pytest.fixture
def heard() -> Iterator[list[str]]:
    """Subscribes two handlers to Pinged for one test, then removes them again."""
    log: list[str] = []

    def now(event: Pinged) -> None:
        log.append(f"now:{event.text}")

    def later(event: Pinged) -> None:
        log.append(f"later:{event.text}")

    subscribe(Pinged, now, phase=Phase.IN_TRANSACTION)
    subscribe(Pinged, later, phase=Phase.AFTER_COMMIT)
    subscribe(Pinged, later, phase=Phase.AFTER_COMMIT)  # twice is once
    yield log
    events._handlers.pop((Pinged, Phase.IN_TRANSACTION))
    events._handlers.pop((Pinged, Phase.AFTER_COMMIT))


@pytest.mark.django_db
def test_in_transaction_handlers_hear_at_once_and_after_commit_ones_once_it_commits(
    heard: list[str], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(Pinged("a"))
        assert heard == ["now:a"]

    assert heard == ["now:a", "later:a"]


@pytest.mark.django_db
def test_after_commit_handlers_never_hear_of_a_change_rolled_back(
    heard: list[str], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(Pinged("b"))
        transaction.set_rollback(True)

    assert heard == ["now:b"]


@pytest.mark.django_db(transaction=True)  # autocommit, as a management command or a task runs
def test_outside_a_transaction_everyone_hears_at_once(heard: list[str]) -> None:
    publish(Pinged("c"))

    assert heard == ["now:c", "later:c"]


def test_the_apps_are_wired_as_the_layers_say() -> None:
    """Who reacts to what, in which phase: the list each app's subscriptions.py connects."""
    wiring = {
        # The SLA clocks move before the reports read them (reports.subscriptions); the work credits last.
        (TimelineRecorded, Phase.IN_TRANSACTION): [
            sla_observe,
            record_correction,
            announce_ticket_change,
            record_webhooks,
            figures_observe,
            work_observe,
        ],
        (TicketAssigned, Phase.IN_TRANSACTION): [notify_assigned],
        (SlaThresholdCrossed, Phase.IN_TRANSACTION): [notify_sla_crossed],
        (SlaThresholdCrossed, Phase.AFTER_COMMIT): [follow_sla_rules],
        (SlotFreed, Phase.AFTER_COMMIT): [offer_work_later],
        (TicketSubmitted, Phase.IN_TRANSACTION): [confirm_submission],
        (TicketSubmitted, Phase.AFTER_COMMIT): [detect_on_submission],
        (TicketReplied, Phase.IN_TRANSACTION): [chat_note_reply, notify_customer_reply, tell_customer_of_reply],
        (ChatFellBack, Phase.IN_TRANSACTION): [tell_customer_of_chat_fallback],
        (StatusChanged, Phase.IN_TRANSACTION): [tell_customer_of_status],
    }

    assert {key: subscribers(*key) for key in wiring} == wiring
