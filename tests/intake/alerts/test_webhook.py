"""The alert webhook end to end: real Alertmanager and Grafana payloads (shapes from their
documentation) through POST /hooks/alerts/, onto routed and dispatched tickets, de-duplicated."""

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup
from dispatchdesk.common import clock
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.models import Alert, AlertFormat, AlertRejection, AlertSource
from dispatchdesk.tickets.models import Channel, EventKind, MessageKind, Priority, Status, Ticket
from tests.factories import ContactFactory

PAYLOADS = Path(__file__).parent / "payloads"
TOKENS = {"prom": "prom-token-1", "grafana": "grafana-token-2", "generic": "generic-token-3"}


def payload(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return data


@pytest.fixture
def sources(settings: Any, db: None) -> dict[str, AlertSource]:
    settings.DISPATCHDESK_ALERT_TOKENS = TOKENS
    customer = ContactFactory(name="Shop Ops", email="ops@shop.example.org")
    return {
        fmt: AlertSource.objects.create(name=name, format=fmt, customer=customer)
        for name, fmt in (("prom", AlertFormat.ALERTMANAGER), ("grafana", AlertFormat.GRAFANA), ("generic", "generic"))
    }


def post(client: Client, body: object, *, token: str = TOKENS["prom"], raw: bytes | None = None) -> Any:
    data = raw if raw is not None else json.dumps(body)
    return client.post(
        "/hooks/alerts/", data, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def resolved(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    """The same payload as Alertmanager sends it once alert `index` has resolved."""
    later = copy.deepcopy(data)
    later["status"] = "resolved"
    later["alerts"] = [later["alerts"][index] | {"status": "resolved", "endsAt": "2026-12-03T09:30:00Z"}]
    return later


def test_an_alertmanager_payload_opens_a_routed_and_dispatched_ticket_per_alert(
    client: Client, sources: dict[str, AlertSource], network: SkillGroup
) -> None:
    rules_publish(rules=[{"name": "probes", "when": {"keywords": ["probe"]}, "then": {"group": "network"}}], actor=None)

    response = post(client, payload("alertmanager"))

    assert response.status_code == 200
    assert response.json() | {"tickets": []} == {"opened": 2, "repeated": 0, "resolved": 0, "ignored": 0, "tickets": []}
    tickets = Ticket.objects.order_by("pk")
    assert [t.subject for t in tickets] == [
        "ProbeFailure · Probe failure: https://shop.example.org",
        "ProbeFailure · Probe failure: https://api.example.org",
    ]
    ticket = tickets[0]
    assert (ticket.channel, ticket.priority, ticket.group) == (Channel.ALERT, Priority.URGENT, network)
    assert ticket.customer.email == "ops@shop.example.org"
    assert "prometheus.example.org:9090/graph" in ticket.description
    assert EventKind.ROUTED in ticket.timeline.values_list("kind", flat=True)
    assert ticket.decisions.exists()


def test_a_repeated_alert_is_counted_on_its_open_ticket_with_first_and_last_seen(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    start = clock.now()
    with time_machine.travel(start, tick=False):
        post(client, payload("alertmanager"))
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        response = post(client, payload("alertmanager"))

    assert response.json()["repeated"] == 2
    assert Ticket.objects.count() == 2
    alert = Alert.objects.get(fingerprint="1a30ba71cca2921f")
    assert (alert.count, alert.first_seen, alert.last_seen) == (2, start, start + timedelta(minutes=5))


def test_a_grafana_payload_keeps_its_values_and_links_on_the_ticket(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    response = post(client, payload("grafana"), token=TOKENS["grafana"])

    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.subject == "High memory usage · This alert was triggered for zone us-1"
    assert "B = 44.23943737541908" in ticket.description
    assert "viewPanel=3" in ticket.description
    assert "alerting/silence/new" in ticket.description
    assert Alert.objects.get().fingerprint == "c6eadffa33fcdf37"


def test_a_generic_alert_without_fingerprint_is_known_by_its_labels(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    body = {"alerts": [{"status": "firing", "title": "Disk full", "severity": "error", "labels": {"host": "db1"}}]}

    post(client, body, token=TOKENS["generic"])
    post(client, body, token=TOKENS["generic"])

    ticket = Ticket.objects.get()
    assert (ticket.subject, ticket.priority) == ("Disk full", Priority.HIGH)
    assert Alert.objects.get().count == 2


def test_a_resolved_alert_notes_its_ticket_and_leaves_it_open_by_default(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    post(client, payload("alertmanager"))

    response = post(client, resolved(payload("alertmanager")))

    assert response.json()["resolved"] == 1
    ticket = Ticket.objects.get(alerts__fingerprint="1a30ba71cca2921f")
    note = ticket.messages.get(kind=MessageKind.NOTE)
    assert "Resolved: ProbeFailure" in note.body
    assert ticket.status != Status.RESOLVED
    assert not Alert.objects.get(fingerprint="1a30ba71cca2921f").firing


def test_a_source_configured_to_resolve_resolves_the_ticket_once_its_alerts_have_resolved(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    AlertSource.objects.filter(name="prom").update(resolve_tickets=True)
    post(client, payload("alertmanager"))

    post(client, resolved(payload("alertmanager")))

    ticket = Ticket.objects.get(alerts__fingerprint="1a30ba71cca2921f")
    assert ticket.status == Status.RESOLVED
    other = Ticket.objects.get(alerts__fingerprint="5b41cb82ddb3a320")
    assert other.status != Status.RESOLVED


def test_an_alert_firing_again_after_its_ticket_was_resolved_opens_a_new_ticket(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    AlertSource.objects.filter(name="prom").update(resolve_tickets=True)
    post(client, payload("alertmanager"))
    post(client, resolved(payload("alertmanager")))

    post(client, payload("alertmanager"))

    alert = Alert.objects.get(fingerprint="1a30ba71cca2921f")
    assert Ticket.objects.count() == 3
    assert alert.ticket.status != Status.RESOLVED
    assert alert.count == 1


def test_a_resolution_of_an_unknown_alert_changes_nothing(client: Client, sources: dict[str, AlertSource]) -> None:
    response = post(client, resolved(payload("alertmanager")))

    assert response.json()["ignored"] == 1
    assert not Ticket.objects.exists()


def test_a_storm_of_new_alerts_from_one_source_becomes_one_ticket(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    AlertSource.objects.filter(name="generic").update(storm_limit=2)
    body = {"alerts": [{"status": "firing", "title": f"Node {n} down", "fingerprint": f"node-{n}"} for n in range(6)]}

    response = post(client, body, token=TOKENS["generic"])

    assert response.json()["opened"] == 6
    assert Ticket.objects.count() == 3  # two alerts' own tickets, then the storm ticket
    storm = Ticket.objects.get(subject="Alert storm from generic")
    assert storm.alerts.count() == 4
    assert storm.priority == Priority.URGENT
    assert storm.messages.filter(kind=MessageKind.NOTE).count() == 4


# --- refusals: a clear error, logged, nothing changed ------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", ["", "Bearer ", "Bearer wrong-token", f"Basic {TOKENS['prom']}", f"Bearer {TOKENS['prom']}x"]
)
def test_a_request_without_a_valid_token_is_refused(
    client: Client, sources: dict[str, AlertSource], authorization: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = client.post(
        "/hooks/alerts/",
        json.dumps(payload("alertmanager")),
        content_type="application/json",
        headers={"Authorization": authorization},
    )

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "alert webhook refused" in caplog.text
    assert not Ticket.objects.exists()


def test_an_inactive_source_is_refused(client: Client, sources: dict[str, AlertSource]) -> None:
    AlertSource.objects.filter(name="prom").update(active=False)

    response = post(client, payload("alertmanager"))

    assert response.status_code == 401
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not JSON"),
        (json.dumps(payload("grafana")).encode(), "version 4"),  # a Grafana payload sent to the Alertmanager source
        (json.dumps({"version": "4", "alerts": {}}).encode(), "no list of alerts"),
        (json.dumps({"version": "4", "alerts": [{"status": "firing"}]}).encode(), "labels"),
        (json.dumps({"version": "4", "alerts": [{"status": "maybe", "labels": {"a": "b"}}]}).encode(), "status"),
    ],
)
def test_an_unreadable_payload_is_refused_whole_and_kept_for_a_person(
    client: Client, sources: dict[str, AlertSource], body: bytes, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = post(client, None, raw=body)

    assert response.status_code == 422
    assert response.json()["code"] == "unreadable_alerts"
    assert message in response.json()["message"]
    assert AlertRejection.objects.get().body == body.decode()
    assert "unreadable payload" in caplog.text
    assert not Ticket.objects.exists()
    assert not Alert.objects.exists()


def test_one_bad_alert_refuses_the_batch_so_nothing_is_half_taken(
    client: Client, sources: dict[str, AlertSource]
) -> None:
    body = payload("alertmanager")
    body["alerts"].append({"status": "firing", "labels": {"alertname": "X"}, "fingerprint": 42})

    response = post(client, body)

    assert response.status_code == 422
    assert not Ticket.objects.exists()


def test_too_large_a_payload_is_refused(client: Client, sources: dict[str, AlertSource], settings: Any) -> None:
    settings.DISPATCHDESK_ALERT_MAX_BYTES = 100

    response = post(client, payload("alertmanager"))

    assert response.status_code == 413
    assert not Ticket.objects.exists()


def test_only_post_is_answered(client: Client, sources: dict[str, AlertSource]) -> None:
    assert client.get("/hooks/alerts/").status_code == 405


def test_the_ticket_page_shows_each_alert_with_its_count_and_when_it_was_first_and_last_seen(
    client: Client, sources: dict[str, AlertSource], bob: Any
) -> None:
    post(client, payload("alertmanager"))
    post(client, payload("alertmanager"))
    ticket = Ticket.objects.get(alerts__fingerprint="1a30ba71cca2921f")
    client.force_login(bob)

    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()

    assert "prom: seen 2 times" in page
    assert "Firing" in page
