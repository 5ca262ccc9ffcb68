"""A fake CRM for the CRM panel's tests: the shared local HTTP server, answering a record by default."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.local_server import LocalServer

RECORD = {
    "id": 77,
    "name": "Carol <script>alert(1)</script>",
    "plan": "Gold",
    "company": {"name": "Acme"},
    "tags": ["a"],
}


@pytest.fixture(name="crm")
def crm_fixture(settings: Any) -> Iterator[LocalServer]:
    with LocalServer(body=json.dumps([RECORD]).encode(), headers={"Content-Type": "application/json"}) as server:
        settings.DISPATCHDESK_CRM_LOOKUP_URL = server.url("/contacts?email={email}")
        settings.DISPATCHDESK_CRM_ALLOW_PRIVATE = True
        settings.DISPATCHDESK_CRM_TIMEOUT_SECONDS = 1
        cache.clear()
        yield server


def asked(crm: LocalServer) -> list[str]:
    """The paths the CRM was asked for."""
    return [request.path for request in crm.received]
