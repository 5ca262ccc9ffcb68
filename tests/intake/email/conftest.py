"""A real IMAP server (Dovecot) per test, and a mailbox row pointing at it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dispatchdesk.intake.models import Mailbox, Security
from tests.intake.email.dovecot import Imap, dovecot_server

MESSAGES = Path(__file__).parent / "fixtures"


def eml(name: str, **values: object) -> bytes:
    """A captured email, with {placeholders} such as the ticket number filled in."""
    raw = (MESSAGES / name).read_bytes()
    for key, value in values.items():
        raw = raw.replace(f"{{{key}}}".encode(), str(value).encode())
    return raw


@pytest.fixture
def imap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imap]:
    with dovecot_server(tmp_path_factory.mktemp("dovecot")) as server:
        yield server


@pytest.fixture
def mailbox(imap: Imap, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Mailbox:
    settings.DISPATCHDESK_IMAP_CA_FILE = str(imap.ca_file)
    settings.DEFAULT_FROM_EMAIL = "support@dispatchdesk.localhost"
    monkeypatch.setenv("TEST_MAILBOX_PASSWORD", imap.password)
    return Mailbox.objects.create(
        name="Support",
        address="support@dispatchdesk.localhost",
        host=imap.host,
        port=imap.port,
        security=Security.STARTTLS,
        username=imap.user,
        password_env="TEST_MAILBOX_PASSWORD",
    )
