"""A fake CRM for the CRM panel's tests: a real HTTP server on 127.0.0.1, answering as told."""

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.cache import cache

RECORD = {
    "id": 77,
    "name": "Carol <script>alert(1)</script>",
    "plan": "Gold",
    "company": {"name": "Acme"},
    "tags": ["a"],
}


@dataclass
class Crm:
    """What the fake CRM answers, and the paths it was asked for."""

    port: int = 0
    status: int = 200
    body: bytes = json.dumps([RECORD]).encode()
    delay: float = 0.0
    location: str = ""
    asked: list[str] = field(default_factory=list)


@pytest.fixture(name="crm")
def crm_fixture(settings: Any) -> Iterator[Crm]:
    state = Crm()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.asked.append(self.path)
            time.sleep(state.delay)
            self.send_response(state.status)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DISPATCHDESK_CRM_LOOKUP_URL = f"http://127.0.0.1:{state.port}/contacts?email={{email}}"
    settings.DISPATCHDESK_CRM_ALLOW_PRIVATE = True
    settings.DISPATCHDESK_CRM_TIMEOUT_SECONDS = 1
    cache.clear()
    yield state
    server.shutdown()
    server.server_close()
