"""Live updates: tell open pages what changed, across processes (docs/decisions/0027-live-updates.md).

A message is a kind ("ticket", "notification", "viewers", "chat", "call") and a small JSON body,
sent to topics ("user:7", "group:3", "ticket:10042", "desk"). A page listens through an endpoint
that decides which topics its user may hear and answers with server-sent events (`stream`).
Messages name what changed, not its content: a page that hears "ticket 10042 changed" fetches what
it shows through its ordinary, permission-checked views.

Every process delivers its own messages at once and passes them to a relay for the others (the
demo's task worker, further web processes): a Redis stream when REDIS_URL is set, else a table that
each listening process polls. Live updates are best effort: a failing relay is logged, never fails
the change that was announced, and a page that reconnects asks for everything again.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Max
from django.http import StreamingHttpResponse
from redis import Redis

from dispatchdesk.common import clock, history
from dispatchdesk.common.metrics import LIVE_STREAMS
from dispatchdesk.common.models import LiveEvent

logger = logging.getLogger(__name__)

DESK = "desk"  # everything, for those who oversee the whole desk
HEARTBEAT_SECONDS = 15.0  # a comment line this often shows a dead connection to the server
STREAM_SECONDS = 300.0  # then the browser reconnects: topics are worked out again, threads freed
RECONNECT_MILLISECONDS = 1000
POLL_SECONDS = 0.1  # the table relay: how often a listening process looks for others' messages
KEEP = timedelta(minutes=10)  # the table relay: how long a message stays
PRUNE_SECONDS = 60  # and how often a listening process deletes older ones
REDIS_STREAM = "dispatchdesk:live"
REDIS_STREAM_LENGTH = 10_000
QUEUE_SIZE = 1_000  # messages waiting for one slow page; beyond it the page is told to resync


def user_topic(user_id: int) -> str:
    return f"user:{user_id}"


def group_topic(group_id: int) -> str:
    return f"group:{group_id}"


def ticket_topic(ticket_id: int) -> str:
    return f"ticket:{ticket_id}"


@dataclass(frozen=True)
class LiveMessage:
    topics: frozenset[str]
    kind: str
    data: dict[str, Any] = field(hash=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {"topics": sorted(self.topics), "kind": self.kind, "data": self.data}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LiveMessage:
        return cls(frozenset(raw["topics"]), raw["kind"], raw["data"])

    def as_event(self) -> bytes:
        """One server-sent event: the page sees `{"kind": …, …data}`."""
        return f"data: {json.dumps({'kind': self.kind, **self.data})}\n\n".encode()


RESYNC = LiveMessage(frozenset(), "resync", {})
CLOSING = LiveMessage(frozenset(), "closing", {})  # this process stops: the page reconnects to another


def encode(batch: list[LiveMessage]) -> str:
    return json.dumps([message.as_json() for message in batch])


def decode(text: str) -> list[LiveMessage]:
    return [LiveMessage.from_json(raw) for raw in json.loads(text)]


def publish(topics: Iterable[str], kind: str, **data: Any) -> None:
    """Once the current transaction commits (at once outside one), tell every page listening to a topic.

    The messages of one transaction travel together, and those about the same thing (kind and id)
    become one: a service writing four timeline rows tells each page once."""
    if history.is_replaying():  # the demo loader writing last month: no page is told
        return
    message = LiveMessage(frozenset(topics), kind, data)
    database = transaction.get_connection()
    if database.in_atomic_block:
        for _savepoints, pending, _robust in database.run_on_commit:
            if isinstance(pending, _Batch):
                pending.add(message)
                return
    transaction.on_commit(_Batch(message))


class _Batch:
    """The live messages of one transaction, sent once it commits. (A message added inside a
    savepoint that rolls back is still sent: a page told of a change that did not happen only
    fetches what it already shows.)"""

    def __init__(self, first: LiveMessage) -> None:
        self.messages: dict[tuple[str, object], LiveMessage] = {}
        self.add(first)

    def add(self, message: LiveMessage) -> None:
        key = (message.kind, message.data.get("id"))
        earlier = self.messages.pop(key, None)
        topics = message.topics | earlier.topics if earlier is not None else message.topics
        self.messages[key] = LiveMessage(topics, message.kind, message.data)  # the latest state

    def __call__(self) -> None:
        batch = list(self.messages.values())
        for message in batch:
            hub.deliver(message)
        try:
            relay().append(batch, origin=_origin())
        except Exception:
            logger.exception("%d live updates not relayed to other processes", len(batch))


def _origin() -> str:
    """This process, so that it skips its own messages when they come back through the relay."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Subscriber:
    """One open page: the topics it may hear and the messages waiting for it."""

    def __init__(self, topics: frozenset[str]) -> None:
        self.topics = topics
        self._waiting: queue.Queue[LiveMessage] = queue.Queue(maxsize=QUEUE_SIZE)

    def put(self, message: LiveMessage) -> None:
        try:
            self._waiting.put_nowait(message)
        except queue.Full:  # the page stopped reading; when it reads again it fetches everything anew
            self._waiting = queue.Queue(maxsize=QUEUE_SIZE)
            self._waiting.put_nowait(RESYNC)

    def next(self, timeout: float) -> LiveMessage | None:
        try:
            return self._waiting.get(timeout=timeout)
        except queue.Empty:
            return None


class Hub:
    """This process's open pages, and the thread that brings in the other processes' messages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[Subscriber] = set()
        self._listener: threading.Thread | None = None
        self._listener_pid = 0
        self._stop = threading.Event()
        self._closing = False

    def subscribe(self, topics: Iterable[str]) -> Subscriber:
        subscriber = Subscriber(frozenset(topics))
        with self._lock:
            self._subscribers.add(subscriber)
            self._ensure_listener()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)

    def deliver(self, message: LiveMessage) -> None:
        with self._lock:
            hearing = [s for s in self._subscribers if s.topics & message.topics]
        for subscriber in hearing:
            subscriber.put(message)

    def close(self) -> None:
        """The process is stopping (a graceful restart): end every stream now, so the pages reconnect
        to a new process at once instead of holding this one until its time-out."""
        with self._lock:
            self._closing = True
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber.put(CLOSING)

    @property
    def closing(self) -> bool:
        return self._closing

    def listening(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def _ensure_listener(self) -> None:
        # A forked process inherits the object but not the thread.
        if self._listener is not None and self._listener.is_alive() and self._listener_pid == os.getpid():
            return
        if not relay().shared:
            return  # no other process can reach this database: there is nothing to listen for
        self._listener_pid = os.getpid()
        self._stop = threading.Event()
        self._listener = threading.Thread(target=self._listen, args=(self._stop,), name="live-relay", daemon=True)
        self._listener.start()

    def stop(self) -> None:
        """Stop listening to the relay (the tests, before their database goes)."""
        self._stop.set()
        if self._listener is not None:
            self._listener.join()
            self._listener = None

    def _listen(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                relay().follow(self.deliver, origin=_origin(), stop=stop)
            except Exception:
                logger.exception("Live relay failed; listening again in a few seconds")
                stop.wait(3)
            finally:
                connections.close_all()  # this thread's own


hub = Hub()


class Relay(Protocol):
    @property
    def shared(self) -> bool:
        """Whether other processes can reach it."""

    def append(self, batch: list[LiveMessage], *, origin: str) -> None: ...

    def follow(self, deliver: Callable[[LiveMessage], None], *, origin: str, stop: threading.Event) -> None:
        """Deliver the other processes' messages from now on, until `stop` is set (raises on failure)."""


class TableRelay:
    """The embedded default: a table in the database the web server and the worker share."""

    @property
    def shared(self) -> bool:
        database = connections["default"]
        return not (database.vendor == "sqlite" and database.is_in_memory_db())  # type: ignore[attr-defined]

    def append(self, batch: list[LiveMessage], *, origin: str) -> None:
        LiveEvent.objects.create(origin=origin, body=encode(batch))

    def follow(self, deliver: Callable[[LiveMessage], None], *, origin: str, stop: threading.Event) -> None:
        # PostgreSQL hands out ids before commit, so a row may appear below the last id seen: look a
        # little way back and remember what was delivered. SQLite writes one at a time.
        back = 0 if connections["default"].vendor == "sqlite" else 50
        last = LiveEvent.objects.aggregate(last=Max("id"))["last"] or 0
        seen: deque[int] = deque(
            LiveEvent.objects.filter(id__gt=last - back).values_list("id", flat=True), maxlen=2_000
        )
        pruned = time.monotonic()
        while not stop.wait(POLL_SECONDS):
            rows = LiveEvent.objects.filter(id__gt=last - back).order_by("id").values_list("id", "origin", "body")
            for row_id, row_origin, body in rows[:1_000]:
                if row_id in seen:
                    continue
                seen.append(row_id)
                last = max(last, row_id)
                if row_origin != origin:
                    for message in decode(body):
                        deliver(message)
            if time.monotonic() - pruned > PRUNE_SECONDS:
                LiveEvent.objects.filter(created_at__lt=clock.now() - KEEP).delete()
                pruned = time.monotonic()


class RedisRelay:
    """Scaled out: a capped Redis stream every web process reads."""

    shared = True

    def __init__(self, url: str) -> None:
        self._client = Redis.from_url(url, socket_connect_timeout=5, socket_timeout=15)

    def append(self, batch: list[LiveMessage], *, origin: str) -> None:
        fields = {"origin": origin, "body": encode(batch)}
        self._client.xadd(REDIS_STREAM, fields, maxlen=REDIS_STREAM_LENGTH, approximate=True)  # type: ignore[arg-type]

    def follow(self, deliver: Callable[[LiveMessage], None], *, origin: str, stop: threading.Event) -> None:
        last = "$"
        while not stop.is_set():
            answer: Any = self._client.xread({REDIS_STREAM: last}, count=1_000, block=1_000)
            for _stream, entries in answer or []:
                for entry_id, fields in entries:
                    last = entry_id
                    if fields[b"origin"].decode() != origin:
                        for message in decode(fields[b"body"].decode()):
                            deliver(message)


@cache
def relay() -> Relay:
    return RedisRelay(settings.REDIS_URL) if settings.REDIS_URL else TableRelay()


def stream(topics: Iterable[str]) -> StreamingHttpResponse:
    """The server-sent events a page listens to, for `topics` (the caller checked who may hear them)."""
    response = StreamingHttpResponse(_events(frozenset(topics)), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must not hold the events back
    return response


def _events(topics: frozenset[str]) -> Iterator[bytes]:
    for database in connections.all(initialized_only=True):
        if not database.in_atomic_block:  # a page may listen for minutes: it must not hold a connection
            database.close()
    subscriber = hub.subscribe(topics)
    LIVE_STREAMS.inc()
    try:
        yield f"retry: {RECONNECT_MILLISECONDS}\n: listening\n\n".encode()
        ends = time.monotonic() + STREAM_SECONDS
        while not hub.closing and (left := ends - time.monotonic()) > 0:
            message = subscriber.next(timeout=min(HEARTBEAT_SECONDS, left))
            if message is CLOSING:
                break
            yield message.as_event() if message else b": still here\n\n"
    finally:
        LIVE_STREAMS.dec()
        hub.unsubscribe(subscriber)
