"""Personas (healthchecks' Alice/Bob style) shared by every test module.

alice   agent in the Network group          bob     dispatcher (sees every ticket)
carol   portal customer with a login         dave    manager
mallory agent in the Software group: must see nothing of Carol's Network tickets
erin    another portal customer               root    administrator
"""

import email.policy
import socket
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from dispatchdesk.accounts.models import Role, SkillGroup, User
from dispatchdesk.common import live
from dispatchdesk.common.process_copy import ProcessCopy
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Ticket
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory, UserFactory
from tests.local_server import LocalServer

PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (not skip) `postgres` tests on other databases: they prove what only PostgreSQL's
    row locks can (many processes at once), so on SQLite they are simply not part of the run."""
    if "postgresql" in str(django_settings.DATABASES["default"]["ENGINE"]):
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    # Each test's rows are rolled back, which fires no signal: drop the per-process configuration.
    ProcessCopy.forget_all()
    settings.MEDIA_ROOT = tmp_path / "media"
    # Fast hashing: the default PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise would walk every static file for each test client; tests do not fetch static files
    # (the browser tests' live server serves them itself).
    settings.WHITENOISE_USE_FINDERS = False
    settings.STATIC_ROOT = None  # nor from a collected folder (tests/test_serve.py collects its own)
    # A cache of the test's own (rate-limit counters outlive a test's rolled-back transaction);
    # tests/test_rate_limits.py runs the database and Redis caches themselves.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }


@pytest.fixture(autouse=True)
def _no_live_relay_left() -> Iterator[None]:
    """A page subscribed in a test starts this process's relay listener (common.live) on a database
    other processes could share; it must not outlive the test, nor hold a connection at the end."""
    yield
    live.hub.stop()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A page asked for in German leaves German active in this thread (LocaleMiddleware does not reset
    it): every test starts and ends in the default language, whatever ran before it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def network(db: None) -> SkillGroup:
    return SkillGroupFactory(slug="network", name="Network")


@pytest.fixture
def software(db: None) -> SkillGroup:
    return SkillGroupFactory(slug="software", name="Software")


@pytest.fixture
def alice(network: SkillGroup) -> User:
    return AgentFactory(
        user__username="alice", user__first_name="Alice", user__last_name="Agent", groups=[network]
    ).user


@pytest.fixture
def mallory(software: SkillGroup) -> User:
    return AgentFactory(user__username="mallory", user__first_name="Mallory", groups=[software]).user


@pytest.fixture
def bob(db: None) -> User:
    return AgentFactory(user__username="bob", user__first_name="Bob", user__role=Role.DISPATCHER).user


@pytest.fixture
def dave(db: None) -> User:
    return UserFactory(username="dave", first_name="Dave", role=Role.MANAGER)


@pytest.fixture
def root(db: None) -> User:
    return UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def carol(db: None) -> User:
    user = UserFactory(username="carol", first_name="Carol", role=Role.CUSTOMER)
    ContactFactory(name="Carol Customer", email="carol@customer.example", user=user)
    return user


@pytest.fixture
def erin(db: None) -> User:
    user = UserFactory(username="erin", first_name="Erin", role=Role.CUSTOMER)
    ContactFactory(name="Erin Other", email="erin@other.example", user=user)
    return user


@pytest.fixture
def carols_ticket(carol: User, network: SkillGroup) -> Ticket:
    """Carol's ticket in the Network queue, created through the real service."""
    contact: Contact = carol.contact
    return ticket_import(
        customer=contact,
        subject="VPN drops every hour",
        description="Since Monday the VPN disconnects.",
        actor=carol,
        fields={"group": network},
        channel=Channel.WEB,
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# The `django_capture_on_commit_callbacks` fixture's type.
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Tasks run where they are enqueued (on commit), so a test sees what the worker would do."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A real HTTP server on a free local port that keeps what it was sent (tests/local_server.py)."""
    with LocalServer() as server:
        yield server


@dataclass
class Inbox:
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's name
        assert isinstance(envelope.content, bytes)
        message = BytesParser(policy=email.policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """Django sends mail through SMTP to a server in this process; the test reads what arrived."""
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a real port number: its start-up check connects to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        yield inbox
    finally:
        controller.stop()
