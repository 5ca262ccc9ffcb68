"""Live updates (common.live, docs/decisions/0027-live-updates.md): topics, commit, the event stream, relays."""

import json
import threading
import time
from collections.abc import Iterator
from typing import cast

import pytest
from django.db import connections, transaction

from dispatchdesk.common import history, live
from dispatchdesk.common.live import LiveMessage, RedisRelay, TableRelay
from tests.conftest import Capture


@pytest.fixture
def group_page() -> Iterator[live.Subscriber]:
    subscriber = live.hub.subscribe({"group:1"})
    yield subscriber
    live.hub.unsubscribe(subscriber)


@pytest.mark.django_db
def test_a_message_reaches_the_pages_listening_to_one_of_its_topics_and_no_other(
    group_page: live.Subscriber, django_capture_on_commit_callbacks: Capture
) -> None:
    elsewhere = live.hub.subscribe({"user:2"})
    try:
        with django_capture_on_commit_callbacks(execute=True):
            live.publish({"group:1", "desk"}, "ticket", id=5)

        assert group_page.next(timeout=1) == LiveMessage(frozenset({"group:1", "desk"}), "ticket", {"id": 5})
        assert elsewhere.next(timeout=0.05) is None
    finally:
        live.hub.unsubscribe(elsewhere)


@pytest.mark.django_db(transaction=True)
def test_the_messages_of_one_transaction_about_one_thing_arrive_once_with_every_topic_and_the_latest_state(
    group_page: live.Subscriber,
) -> None:
    with transaction.atomic():
        live.publish({"group:1"}, "ticket", id=5, status="new")
        live.publish({"group:1", "user:2"}, "ticket", id=5, status="assigned")
        live.publish({"group:1"}, "ticket", id=6, status="new")
        assert group_page.next(timeout=0.05) is None  # not before the commit

    told = [group_page.next(timeout=1), group_page.next(timeout=1), group_page.next(timeout=0.05)]
    assert [(set(m.topics), m.data) if m else None for m in told] == [
        ({"group:1", "user:2"}, {"id": 5, "status": "assigned"}),
        ({"group:1"}, {"id": 6, "status": "new"}),
        None,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_change_that_rolls_back_tells_nobody(group_page: live.Subscriber) -> None:
    with transaction.atomic():
        live.publish({"group:1"}, "ticket", id=5)
        transaction.set_rollback(True)

    assert group_page.next(timeout=0.1) is None


def test_a_page_that_stopped_reading_is_told_to_fetch_everything_again() -> None:
    page = live.Subscriber(frozenset({"desk"}))
    for number in range(live.QUEUE_SIZE + 1):
        page.put(LiveMessage(frozenset({"desk"}), "ticket", {"id": number}))

    assert page.next(timeout=0.1) == live.RESYNC
    assert page.next(timeout=0.01) is None


@pytest.mark.django_db
def test_the_stream_speaks_server_sent_events_and_keeps_the_line_alive(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Capture
) -> None:
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.05)
    response = live.stream({"ticket:7"})
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    chunks = iter(cast(Iterator[bytes], response.streaming_content))

    assert next(chunks).startswith(b"retry: 1000\n")
    assert next(chunks) == b": still here\n\n"
    with django_capture_on_commit_callbacks(execute=True):
        live.publish({"ticket:7"}, "viewers", id=7)
    event = next(chunks)
    response.close()

    assert event.startswith(b"data: ")
    assert event.endswith(b"\n\n")
    assert json.loads(event[len(b"data: ") :]) == {"kind": "viewers", "id": 7}
    assert live.hub.listening() == 0  # the page left: nothing is kept for it


def test_messages_are_not_told_while_history_is_replayed() -> None:
    page = live.hub.subscribe({"desk"})
    try:
        with history.replaying():
            live.publish({"desk"}, "ticket", id=1)  # outside a transaction it would be sent at once
        assert page.next(timeout=0.05) is None
    finally:
        live.hub.unsubscribe(page)


def desk_message(ticket_id: int) -> LiveMessage:
    return LiveMessage(frozenset({"desk"}), "ticket", {"id": ticket_id})


def follow_in_background(relay: live.Relay, origin: str) -> tuple[list[LiveMessage], threading.Event]:
    heard: list[LiveMessage] = []
    stop = threading.Event()

    def run() -> None:
        try:
            relay.follow(heard.append, origin=origin, stop=stop)
        finally:
            connections.close_all()  # this thread's own connection, before the test database goes

    threading.Thread(target=run, daemon=True).start()
    return heard, stop


def heard_within(heard: list[LiveMessage], count: int, seconds: float = 5) -> list[LiveMessage]:
    ends = time.monotonic() + seconds
    while len(heard) < count and time.monotonic() < ends:
        time.sleep(0.02)
    time.sleep(0.3)  # and nothing more arrives
    return heard


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("relay", [TableRelay(), RedisRelay("redis://127.0.0.1:6379/0")], ids=["table", "redis"])
def test_a_relay_brings_each_process_the_others_messages_but_not_its_own(relay: live.Relay) -> None:
    relay.append([desk_message(0)], origin="worker")  # before it follows: not heard
    heard, stop = follow_in_background(relay, origin="web-1")
    time.sleep(0.5)  # it has started following

    try:
        relay.append([LiveMessage(frozenset({"desk"}), "ticket", {"id": 1})], origin="worker")
        relay.append([LiveMessage(frozenset({"desk"}), "ticket", {"id": 2})], origin="web-1")
        relay.append([LiveMessage(frozenset({"user:3"}), "notification", {}), desk_message(3)], origin="web-2")

        assert [(m.kind, m.data) for m in heard_within(heard, 3)] == [
            ("ticket", {"id": 1}),
            ("notification", {}),
            ("ticket", {"id": 3}),
        ]
    finally:
        stop.set()
