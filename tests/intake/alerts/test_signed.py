"""An alert source with a secret (DISPATCHDESK_ALERT_SECRETS) signs its posts: HMAC-SHA256 over
"<unix time>.<body>" in X-Dispatchdesk-Signature, its name in X-Dispatchdesk-Source. A forged,
stale or replayed request is refused (401, logged) and opens nothing; its bare token is refused too.
A source without a secret keeps the bearer token rule (tests/intake/alerts/test_webhook.py)."""

import json
import logging
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from dispatchdesk.common.signing import signature
from dispatchdesk.intake.models import AlertFormat, AlertSource
from dispatchdesk.tickets.models import Ticket
from tests.factories import ContactFactory

SECRET = "whsec-alerts-1"
BODY = json.dumps(
    {"alerts": [{"status": "firing", "title": "Disk full on db-1", "severity": "critical", "labels": {"host": "db-1"}}]}
).encode()


@pytest.fixture(autouse=True)
def source(settings: Any, db: None) -> AlertSource:
    settings.DISPATCHDESK_ALERT_TOKENS = {"probe": "probe-token"}
    settings.DISPATCHDESK_ALERT_SECRETS = {"probe": SECRET}
    cache.clear()
    return AlertSource.objects.create(name="probe", format=AlertFormat.GENERIC, customer=ContactFactory())


def post(client: Client, *, secret: str = SECRET, age: int = 0, name: str = "probe", body: bytes = BODY) -> Any:
    signed = signature(secret=secret, timestamp=int(time.time()) - age, body=BODY)
    headers = {"X-Dispatchdesk-Source": name, "X-Dispatchdesk-Signature": signed}
    return client.post("/hooks/alerts/", body, content_type="application/json", headers=headers)


def test_a_signed_alert_opens_a_ticket(client: Client) -> None:
    response = post(client)

    assert response.status_code == 200
    assert response.json()["opened"] == 1
    assert Ticket.objects.get().subject.startswith("Disk full on db-1")


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"secret": "not-the-secret"}, "signature_invalid", "does not match"),
        ({"body": BODY.replace(b"db-1", b"db-2")}, "signature_invalid", "does not match"),  # body changed in transit
        ({"age": 6 * 60}, "signature_expired", "five minutes"),
        ({"age": -6 * 60}, "signature_expired", "five minutes"),  # from the future
        ({"name": "nobody"}, "unknown_source", "X-Dispatchdesk-Source"),
    ],
)
def test_a_forged_or_stale_alert_is_refused_logged_and_opens_nothing(
    client: Client, caplog: pytest.LogCaptureFixture, change: dict[str, Any], code: str, words: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="dispatchdesk.intake.channels.alerts.views"):
        response = post(client, **change)

    assert response.status_code == 401
    assert response.json()["code"] == code
    assert words in response.json()["message"]
    assert code in caplog.text
    assert not Ticket.objects.exists()


def test_the_same_signed_request_twice_is_refused_the_second_time(client: Client) -> None:
    signed = signature(secret=SECRET, timestamp=int(time.time()), body=BODY)
    headers = {"X-Dispatchdesk-Source": "probe", "X-Dispatchdesk-Signature": signed}

    first = client.post("/hooks/alerts/", BODY, content_type="application/json", headers=headers)
    again = client.post("/hooks/alerts/", BODY, content_type="application/json", headers=headers)

    assert first.status_code == 200
    assert (again.status_code, again.json()["code"]) == (401, "signature_replayed")
    assert Ticket.objects.count() == 1


def test_a_source_with_a_secret_may_not_fall_back_to_its_bearer_token(client: Client) -> None:
    response = client.post(
        "/hooks/alerts/", BODY, content_type="application/json", headers={"Authorization": "Bearer probe-token"}
    )

    assert (response.status_code, response.json()["code"]) == (401, "signature_required")
    assert "X-Dispatchdesk-Signature" in response.json()["message"]
    assert not Ticket.objects.exists()


def test_without_a_secret_the_bearer_token_still_works(client: Client, settings: Any) -> None:
    settings.DISPATCHDESK_ALERT_SECRETS = {}

    response = client.post(
        "/hooks/alerts/", BODY, content_type="application/json", headers={"Authorization": "Bearer probe-token"}
    )

    assert response.status_code == 200
    assert Ticket.objects.count() == 1
