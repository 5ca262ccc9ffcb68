"""The agent pages' live side (decision 0027): who hears what, the bell, the collision warning, and
the event stream over a real HTTP connection."""

import http.client
import json
from collections.abc import Iterator
from typing import cast
from urllib.parse import urlparse

import pytest
from django.db import transaction
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import live
from dispatchdesk.tickets.models import EventKind, Ticket
from dispatchdesk.tickets.selectors import latest_event_id, live_topics, ticket_timeline
from dispatchdesk.tickets.services import ticket_add_note, ticket_assign
from dispatchdesk.tickets.services.timeline import timeline_record
from tests.conftest import login
from tests.factories import AgentFactory


@pytest.fixture
def desk_page() -> Iterator[live.Subscriber]:
    page = live.hub.subscribe({live.DESK})
    yield page
    live.hub.unsubscribe(page)


def heard(page: live.Subscriber) -> list[dict[str, object]]:
    messages = []
    while (message := page.next(timeout=0.01)) is not None:
        messages.append({"kind": message.kind, "topics": message.topics, **message.data})
    return messages


def test_an_agent_hears_their_groups_and_their_own_and_the_tickets_they_may_see(
    alice: User, mallory: User, network: SkillGroup, carols_ticket: Ticket, bob: User
) -> None:
    assert live_topics(alice, [carols_ticket.pk]) == {
        f"user:{alice.pk}",
        f"group:{network.pk}",
        f"ticket:{carols_ticket.pk}",
    }
    assert live_topics(mallory, [carols_ticket.pk]) == {f"user:{mallory.pk}", f"group:{mallory.agent.groups.get().pk}"}
    assert live.DESK in live_topics(bob)


def test_the_ticket_page_says_who_or_what_changed_it_meanwhile_and_not_the_readers_own_changes(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    login(client, alice)
    page = client.get(f"/agent/tickets/{carols_ticket.pk}/").content.decode()
    drawn = latest_event_id(ticket_timeline(ticket=carols_ticket, public_only=False))
    assert drawn == carols_ticket.timeline.order_by("-pk").first().pk  # type: ignore[union-attr]
    assert f"/agent/tickets/{carols_ticket.pk}/changes/?after={drawn}" in page
    changes = f"/agent/tickets/{carols_ticket.pk}/changes/?after={drawn}"

    ticket_add_note(ticket_id=carols_ticket.pk, author=alice, body="Checking the tunnel.")
    assert "changed while you had it open" not in client.get(changes).content.decode()

    ticket_add_note(ticket_id=carols_ticket.pk, author=bob, body="Customer called again.")
    with transaction.atomic():  # what the SLA sweep records when a clock crosses its warning
        timeline_record(
            ticket=Ticket.objects.get(pk=carols_ticket.pk), kind=EventKind.SLA_WARNING, actor=None, public=False
        )
    notice = client.get(changes).content.decode()

    assert "This ticket changed while you had it open:" in notice
    assert "Internal note · Bob" in notice
    assert "SLA warning · the desk, automatically" in notice
    assert "Checking" not in notice
    assert notice.count("<li>") == 2
    assert client.get(f"/agent/tickets/{carols_ticket.pk}/changes/?after=x").status_code == 400


@pytest.mark.django_db(transaction=True)  # the messages of a transaction are sent when it commits
def test_a_reassignment_is_told_to_the_group_the_new_agent_the_agent_it_left_and_the_desk(
    alice: User, bob: User, carols_ticket: Ticket, desk_page: live.Subscriber
) -> None:
    network = carols_ticket.group
    assert network is not None
    colleague = AgentFactory(user__username="colin", groups=[network]).user
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)
    heard(desk_page)

    ticket_assign(ticket_id=carols_ticket.pk, agent_id=colleague.pk, actor=bob)

    told = heard(desk_page)
    assert told, "the desk heard nothing"
    assigned = next(message for message in told if message["event"] == "assigned")
    assert assigned["id"] == carols_ticket.pk
    assert assigned["assignee"] == colleague.pk
    assert assigned["by"] == bob.pk
    topics = cast(frozenset[str], assigned["topics"])
    assert {f"user:{alice.pk}", f"user:{colleague.pk}", f"group:{network.pk}", f"ticket:{carols_ticket.pk}"} <= topics


@pytest.mark.django_db(transaction=True)
def test_a_new_notification_rings_the_persons_bell_and_the_bell_shows_the_count(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    bell = live.hub.subscribe({f"user:{alice.pk}"})
    try:
        ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=bob)  # Alice is notified
        assert "notification" in [message["kind"] for message in heard(bell)]
    finally:
        live.hub.unsubscribe(bell)

    page = login(client, alice).get("/notifications/bell/")
    assert page.status_code == 200
    assert "1 unread notification" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_ticket_page_warns_who_else_is_viewing_or_replying_and_forgets_who_left(
    client: Client, alice: User, bob: User, carols_ticket: Ticket
) -> None:
    url = f"/agent/tickets/{carols_ticket.pk}"
    others = Client()
    login(others, bob)
    ticket_page = live.hub.subscribe({f"ticket:{carols_ticket.pk}"})
    try:
        assert others.post(f"{url}/presence/", {"state": "replying"}).status_code == 204
        assert [m["kind"] for m in heard(ticket_page)] == ["viewers"]
        others.post(f"{url}/presence/", {"state": "replying"})  # still replying: nobody is told again
        assert heard(ticket_page) == []
    finally:
        live.hub.unsubscribe(ticket_page)

    warning = login(client, alice).get(f"{url}/viewers/").content.decode()
    assert "Bob" in warning
    assert "is writing a reply to this ticket right now" in warning
    assert "Bob" not in others.get(f"{url}/viewers/").content.decode()  # nobody is warned of themselves

    others.post(f"{url}/presence/", {"state": "left"})
    assert "Bob" not in client.get(f"{url}/viewers/").content.decode()
    refused = others.post(f"{url}/presence/", {"state": "typing loudly"})
    assert refused.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_change_reaches_an_open_page_over_http(live_server: object, alice: User, bob: User) -> None:

    client = Client()
    client.force_login(alice)
    address = urlparse(live_server.url)  # type: ignore[attr-defined]
    connection = http.client.HTTPConnection(str(address.hostname), address.port, timeout=10)
    connection.request("GET", "/agent/live/", headers={"Cookie": f"sessionid={client.cookies['sessionid'].value}"})
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline().startswith(b"retry:")

    live.publish({f"user:{alice.pk}"}, "notification")  # as a service would, after its commit

    lines = [response.readline() for _ in range(4)]
    data = next(line for line in lines if line.startswith(b"data: "))
    assert json.loads(data[len(b"data: ") :]) == {"kind": "notification"}
    connection.close()
