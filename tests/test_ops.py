"""Operations (O5, docs/decisions/0038): health, readiness, metrics behind a token, and a request id
that follows a ticket from the web request through dispatch to the email the worker sends."""

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.logs import JsonFormatter
from dispatchdesk.common.request_context import HEADER, RequestIdFilter
from dispatchdesk.tickets.models import Ticket
from tests.conftest import Capture, Inbox, login

TOKEN = "metrics-token-0123456789"


def test_healthz_answers_without_asking_anything(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_names_each_part_it_checked(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "failing": [],
        "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
    }


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_it_is_unreachable(client: Client, settings: Any) -> None:
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert "Connection" in body["checks"]["cache"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", ["", "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "])
def test_metrics_without_the_token_are_refused(client: Client, settings: Any, authorization: str) -> None:
    settings.DISPATCHDESK_METRICS_TOKEN = TOKEN

    response = client.get("/metrics", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 403
    assert b"dispatchdesk_" not in response.content


@pytest.mark.django_db
def test_metrics_with_no_token_configured_refuse_everyone(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_METRICS_TOKEN = ""

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.django_db
def test_metrics_with_the_token_show_requests_queue_breaches_and_decisions(
    client: Client, settings: Any, bob: User, carol: User, alice: User
) -> None:
    settings.DISPATCHDESK_METRICS_TOKEN = TOKEN
    created = login(client, bob).post(
        "/api/tickets",
        {"subject": "VPN down", "description": "x", "customer_id": carol.contact.pk},
        content_type="application/json",
    )
    assert created.status_code == 201

    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    assert 'dispatchdesk_http_requests_total{method="POST",route="/api/tickets",status="201"}' in text
    assert 'dispatchdesk_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/api/tickets"}' in text
    for gauge in ("task_queue_depth", "outbox_unsent", "tickets_sla_breached", "sla_breaches_last_hour"):
        assert f"\ndispatchdesk_{gauge} " in text
    outcome = Ticket.objects.get().decisions.get().outcome
    assert f'dispatchdesk_dispatch_decisions_last_hour{{outcome="{outcome}"}} 1.0' in text


@pytest.mark.django_db
def test_metrics_open_to_an_allowed_network_without_a_token(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_METRICS_TOKEN = TOKEN
    settings.DISPATCHDESK_METRICS_NETWORKS = ["10.1.0.0/16"]

    inside = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    outside = client.get("/metrics", REMOTE_ADDR="10.2.0.1")

    assert inside.status_code == 200
    assert outside.status_code == 403


def test_every_answer_carries_a_request_id_and_keeps_a_well_formed_one_it_was_given(client: Client) -> None:
    made = client.get("/healthz")[HEADER]
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")[HEADER]
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")[HEADER]

    assert len(made) == 32
    assert kept == "lb-7f3a.42"
    assert replaced not in {"<script>alert(1)</script>", made}


class JsonLines(logging.Handler):
    """The production handler's filter and formatter, keeping the lines for the test."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_lines() -> Iterator[JsonLines]:
    handler = JsonLines()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
def test_the_request_id_follows_a_ticket_through_dispatch_to_the_email_the_worker_sends(  # noqa: PLR0917 - fixtures
    client: Client,
    bob: User,
    carol: User,
    alice: User,
    immediate_tasks: None,
    smtp: Inbox,
    json_lines: JsonLines,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, bob).post(
            "/api/tickets",
            {"subject": "VPN down", "description": "x", "customer_id": carol.contact.pk},
            content_type="application/json",
            HTTP_X_REQUEST_ID="trace-10042",
        )

    assert response.status_code == 201
    number, ticket_id = Ticket.objects.values_list("number", "pk").get()
    traced = [line for line in json_lines.lines if line["request_id"] == "trace-10042"]
    messages = [line["message"] for line in traced]
    assert any(f"ticket #{number} submitted" in message for message in messages)
    assert any(
        line["logger"] == "dispatchdesk.dispatch.services.record" and line["ticket"] == number for line in traced
    )
    assert any(f"(confirmation:{ticket_id}) sent" in message for message in messages)  # in the task
    assert len(smtp.messages) == 1
