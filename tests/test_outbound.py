"""DNS rebinding: a name that answers a public address when it is checked and a private one when
connected to must not lead a webhook or the CRM lookup into our network. The connection goes to the
address checked (common.outbound); socket.getaddrinfo stands in for a DNS server that changes its mind."""

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.customers.crm import crm_lookup
from dispatchdesk.customers.models import Contact
from dispatchdesk.integrations.models import DeliveryState, WebhookEvent, WebhookSubscription
from dispatchdesk.integrations.services import deliver, deliveries_record
from tests.local_server import LocalServer

PUBLIC = "93.184.215.14"  # global, and not us: whatever answers there, it is not the local server


def rebinding_dns(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Resolve `rebind.test` to each of `answers` in turn (the last one from then on); the names asked."""
    real: Callable[..., Any] = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def hook(root: User, url: str, *, allow_private_network: bool) -> int:
    WebhookSubscription.objects.create(
        owner=root,
        url=url,
        secret="s",
        events=[WebhookEvent.TICKET_ASSIGNED],
        allow_private_network=allow_private_network,
        created_at=clock.now(),
    )
    [delivery_id] = deliveries_record(event=WebhookEvent.TICKET_ASSIGNED, event_id="test:1", data={})
    return delivery_id


def test_a_webhook_goes_to_the_address_checked_not_to_a_second_lookup(
    root: User, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.DISPATCHDESK_WEBHOOK_TIMEOUT = 1
    port = local_server.url().rsplit(":", 1)[1].rstrip("/")
    delivery_id = hook(root, f"http://rebind.test:{port}/hooks", allow_private_network=False)
    asked = rebinding_dns(monkeypatch, [PUBLIC, "127.0.0.1"])

    state = deliver(delivery_id=delivery_id)

    assert local_server.received == []  # the rebound loopback address was never connected to
    assert asked == [PUBLIC]  # one lookup: checked and connected with the same answer
    assert state == DeliveryState.PENDING  # the public address did not answer: tried again later


def test_the_checked_address_is_the_one_connected_to_with_the_name_as_host(
    root: User, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = local_server.url().rsplit(":", 1)[1].rstrip("/")
    delivery_id = hook(root, f"http://rebind.test:{port}/hooks", allow_private_network=True)
    asked = rebinding_dns(monkeypatch, ["127.0.0.1", "10.255.255.1"])

    state = deliver(delivery_id=delivery_id)

    assert state == DeliveryState.DELIVERED
    assert asked == ["127.0.0.1"]
    [request] = local_server.received
    assert request.headers["Host"] == f"rebind.test:{port}"


def test_the_crm_lookup_connects_to_the_address_it_checked(
    local_server: LocalServer, monkeypatch: pytest.MonkeyPatch, settings: Any, db: None
) -> None:
    port = local_server.url().rsplit(":", 1)[1].rstrip("/")
    settings.DISPATCHDESK_CRM_LOOKUP_URL = f"http://rebind.test:{port}/contacts?email={{email}}"
    settings.DISPATCHDESK_CRM_ALLOW_PRIVATE = False
    settings.DISPATCHDESK_CRM_TIMEOUT_SECONDS = 1
    cache.clear()
    asked = rebinding_dns(monkeypatch, [PUBLIC, "127.0.0.1"])

    record = crm_lookup(Contact(name="Carol", email="carol@example.com"))

    assert record.fields == ()
    assert local_server.received == []
    assert asked == [PUBLIC]
