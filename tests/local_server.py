"""One real HTTP server on a free 127.0.0.1 port for the tests of everything that calls out: webhook
receivers, Slack and WeChat Work, Slack's API and response_url, the CRM. It keeps every request and
answers as the test says (`status`, `body`, `delay`, `headers`, or an `answer` function per request).

Use it as the `local_server` fixture (tests/conftest.py) or `with LocalServer() as server:`."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def query(self, name: str) -> str:
        return parse_qs(urlsplit(self.path).query)[name][0]

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LocalServer:
    """Answers `status`/`body`/`headers` after `delay` seconds, unless `answer` decides per request."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    answer: Callable[[Received], Answer] | None = None
    received: list[Received] = field(default_factory=list)
    base: str = ""
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str = "/") -> str:
        return self.base + path

    def json_bodies(self) -> list[Any]:
        return [request.json() for request in self.received]

    def __enter__(self) -> LocalServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def respond(self, request: Received) -> Answer:
        self.received.append(request)
        time.sleep(self.delay)
        if self.answer is not None:
            return self.answer(request)
        return Answer(self.status, self.body, self.headers)


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer = server.respond(Received(self.command, self.path, dict(self.headers.items()), body))
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
