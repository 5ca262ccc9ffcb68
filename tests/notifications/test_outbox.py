"""Every email is sent once: a worker killed mid-send leaves its email to the sweep, a mail server
that never answers times out, and a retried task or subscriber cannot send the confirmation twice.
Real SMTP (aiosmtpd) throughout; the kill is a real kill -9 of a real worker process."""

import asyncio
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django.db import connection, transaction

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.events import publish
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.events import TicketSubmitted
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.notifications.models import EmailState, Kind, OutboundEmail
from dispatchdesk.notifications.outbox import deliver, outbox_sweep
from dispatchdesk.notifications.services import notify
from dispatchdesk.notifications.tasks import deliver_email
from dispatchdesk.tickets.models import Channel, Ticket
from tests.conftest import Capture, Inbox

# --- a worker killed mid-send ----------------------------------------------------------------


class HoldingInbox(Inbox):
    """An SMTP server that, until released, takes a message's DATA and keeps the client waiting for
    its "250": the moment a sender is most likely to die. A held message is not delivered."""

    def __init__(self) -> None:
        super().__init__()
        self.released = threading.Event()
        self.held: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:  # noqa: N802
        if self.released.is_set():
            return await super().handle_DATA(server, session, envelope)
        assert isinstance(envelope.content, bytes)
        self.held.append(envelope.content)
        while not self.released.is_set():
            await asyncio.sleep(0.05)
        return "451 Aborted: the client went away"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def holding_smtp() -> Iterator[tuple[HoldingInbox, int]]:
    inbox, port = HoldingInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        inbox.released.set()
        controller.stop()


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded-mode SQLite database, migrated once: the worker processes share it with the test."""
    data_dir = tmp_path_factory.mktemp("migrated")
    run_django(["migrate", "-v0"], env=child_env(data_dir, smtp_port=0))
    return data_dir / "dispatchdesk.sqlite3"


def child_env(data_dir: Path, *, smtp_port: int) -> dict[str, str]:
    """The embedded mode under `data_dir`, mail to the test's server, a 2-second lease."""
    drop = {"DATABASE_URL", "REDIS_URL", "DISPATCHDESK_TASK_BACKEND", "DISPATCHDESK_EMAIL_BACKEND"}
    env = {name: value for name, value in os.environ.items() if name not in drop}
    return env | {
        "DJANGO_SETTINGS_MODULE": "dispatchdesk.config.settings",
        "DISPATCHDESK_DATA_DIR": str(data_dir),
        "DISPATCHDESK_EMAIL_HOST": "127.0.0.1",
        "DISPATCHDESK_EMAIL_PORT": str(smtp_port),
        "DISPATCHDESK_OUTBOX_LEASE_SECONDS": "2",
        "DISPATCHDESK_TASK_LEASE_SECONDS": "2",
        "DISPATCHDESK_LOG_LEVEL": "WARNING",
    }


def run_django(arguments: list[str], *, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "django", *arguments]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr
    return done.stdout


# Submits a ticket through the front door, whose confirmation is queued on the database backend, then
# runs the real worker: it claims the task and the outbox row and blocks in SMTP until killed.
SUBMIT_AND_WORK = """
import django; django.setup()
from django.core.management import call_command
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel
carol = Contact.objects.create(name="Carol Customer", email="carol@customer.example")
ticket_submit(customer=carol, subject="VPN drops", description="Every hour.", channel=Channel.EMAIL)
call_command("worker", batch=True)
"""


def wait_for(condition: Any, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_a_worker_killed_mid_send_leaves_the_email_to_the_sweep_which_sends_it_once(
    holding_smtp: tuple[HoldingInbox, int], migrated_database: Path, tmp_path: Path
) -> None:
    inbox, port = holding_smtp
    shutil.copy(migrated_database, tmp_path / "dispatchdesk.sqlite3")
    env = child_env(tmp_path, smtp_port=port)
    worker = subprocess.Popen([sys.executable, "-c", SUBMIT_AND_WORK], env=env)  # noqa: S603
    try:
        wait_for(lambda: inbox.held, seconds=60, what="the worker to send DATA")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    inbox.released.set()  # the server answers again; the killed sender never heard its "451"
    database = tmp_path / "dispatchdesk.sqlite3"
    stuck = rows(database, "SELECT state, attempts FROM notifications_outboundemail")
    running = rows(database, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")

    time.sleep(2.1)  # both leases pass
    swept = run_django(["sweep-outbox"], env=env)
    run_django(["worker", "--batch"], env=env)  # the requeued task finds its email sent
    run_django(["sweep-outbox"], env=env)  # and a second sweep finds nothing to do

    assert worker.returncode == -signal.SIGKILL
    assert stuck == [("sending", 1)]
    assert running == [(1,)]
    assert swept.strip() == "1 email(s) sent, 1 task(s) requeued"
    [mail] = inbox.messages
    assert mail["To"] == "carol@customer.example"
    assert mail["Message-ID"] in inbox.held[0].decode()  # the resend is threaded as the first try
    assert rows(database, "SELECT state, attempts FROM notifications_outboundemail") == [("sent", 2)]
    assert rows(database, "SELECT DISTINCT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]


# --- a mail server that accepts and never answers --------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts TCP connections and says nothing (no greeting) for 8 seconds, then hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def hold() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except TimeoutError:
                continue
            stop.wait(8)
            connection.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        listener.close()


@pytest.fixture
def alices_notification(alice: User, django_capture_on_commit_callbacks: Capture) -> OutboundEmail:
    """An assignment notification for Alice, its email recorded but not yet sent."""
    with django_capture_on_commit_callbacks(execute=False):
        notify(recipient=alice, kind=Kind.ASSIGNED, data={"number": "10001", "subject": "VPN drops"})
    return OutboundEmail.objects.get()


def test_a_server_that_never_answers_times_out_and_the_email_waits_for_the_sweep(
    alices_notification: OutboundEmail, silent_server: int, smtp: Inbox, settings: Any
) -> None:
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = silent_server, 1

    started = time.monotonic()
    outcome = deliver(email_id=alices_notification.pk)
    waited = time.monotonic() - started
    after_timeout = OutboundEmail.objects.get()
    settings.EMAIL_PORT = working_port
    OutboundEmail.objects.update(due_at=clock.now())  # its back-off has passed
    swept = outbox_sweep()

    assert outcome == EmailState.PENDING
    assert waited < 5  # the timeout, not the server's 8 seconds
    assert (after_timeout.attempts, after_timeout.due_at > clock.now()) == (1, True)
    assert "timed out" in after_timeout.last_error
    assert swept == 1
    assert [mail["To"] for mail in smtp.messages] == [alices_notification.notification.recipient.email]  # type: ignore[union-attr]


def test_the_email_timeout_defaults_to_ten_seconds(settings: Any) -> None:
    assert settings.EMAIL_TIMEOUT == 10


def test_an_email_that_keeps_failing_is_given_up_after_five_attempts(
    alices_notification: OutboundEmail, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens: refused at once

    outcomes = []
    for _attempt in range(5):
        outcomes.append(deliver(email_id=alices_notification.pk))
    given_up = OutboundEmail.objects.get()

    assert outcomes == [EmailState.PENDING] * 4 + [EmailState.FAILED]
    assert (given_up.state, given_up.attempts) == (EmailState.FAILED, 5)
    assert "refused" in given_up.last_error.lower()
    assert deliver(email_id=alices_notification.pk) is None
    assert outbox_sweep() == 0


# --- retries never send twice ----------------------------------------------------------------


@pytest.fixture
def confirmed(db: None, smtp: Inbox, immediate_tasks: None, django_capture_on_commit_callbacks: Capture) -> int:
    """A ticket submitted through the front door; its confirmation sent. Returns the ticket's id."""
    carol = Contact.objects.create(name="Carol Customer", email="carol@customer.example")
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_submit(customer=carol, subject="VPN drops", description="Hourly.", channel=Channel.WEB)
    return ticket.pk


def test_retries_of_the_task_the_subscriber_and_the_sweep_never_send_the_confirmation_twice(
    confirmed: int, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    row = OutboundEmail.objects.get(key=f"confirmation:{confirmed}")

    retried_task = deliver_email.enqueue(email_id=row.pk)
    with django_capture_on_commit_callbacks(execute=True):  # the subscriber run again, as a retried request would
        publish(TicketSubmitted(Ticket.objects.get(pk=confirmed)))
    OutboundEmail.objects.update(due_at=clock.now())
    swept = outbox_sweep()

    assert retried_task.return_value == "not claimed"
    assert OutboundEmail.objects.filter(kind="confirmation").count() == 1
    assert swept == 0
    [mail] = smtp.messages
    assert mail["Message-ID"] == row.message_id
    assert OutboundEmail.objects.get().state == EmailState.SENT


def test_an_email_being_sent_is_not_taken_by_another_sender_until_its_lease_ends(
    alices_notification: OutboundEmail, smtp: Inbox
) -> None:
    OutboundEmail.objects.update(state=EmailState.SENDING, attempts=1)  # another worker holds it

    while_held = deliver(email_id=alices_notification.pk)
    OutboundEmail.objects.update(due_at=clock.now())  # that worker's lease ended: it died
    after_lease = deliver(email_id=alices_notification.pk)

    assert while_held is None
    assert after_lease == EmailState.SENT
    assert len(smtp.messages) == 1


def test_an_email_is_recorded_with_the_change_and_not_when_it_rolls_back(
    alice: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as queued, transaction.atomic():
        notify(recipient=alice, kind=Kind.ASSIGNED, data={"number": "10001", "subject": "VPN drops"})
        transaction.set_rollback(True)

    assert queued == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_many_senders_at_once_exactly_one_sends(alice: User, smtp: Inbox) -> None:
    notify(recipient=alice, kind=Kind.ASSIGNED, data={"number": "10001", "subject": "VPN drops"})
    email_id = OutboundEmail.objects.get().pk
    start = threading.Barrier(6)
    outcomes: list[EmailState | None] = []

    def sender() -> None:
        start.wait()
        try:
            outcomes.append(deliver(email_id=email_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (outcomes.count(EmailState.SENT), outcomes.count(None)) == (1, 5)
    assert len(smtp.messages) == 1
