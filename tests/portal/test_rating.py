"""Satisfaction (P2): the resolution email and the ticket page invite a rating by a signed link that
works once per resolution; the rating is on the agents' timeline, a low one tells the group's lead."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.integrations.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from dispatchdesk.notifications.models import Kind, Notification, OutboundEmail
from dispatchdesk.tickets.models import EventKind, Rating, Status, Ticket
from dispatchdesk.tickets.ratings import rating_token
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status, ticket_reply
from tests.conftest import Capture, Inbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def resolved(carols_ticket: Ticket, alice: User) -> Ticket:
    """Carol's ticket, worked and resolved by Alice."""
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)
    return Ticket.objects.get(pk=carols_ticket.pk)


def rate(client: Client, ticket: Ticket, score: int, comment: str = "") -> str:
    response = client.post(f"/rate/{rating_token(ticket)}/", {"score": score, "comment": comment})
    return response.content.decode()


def test_the_resolution_email_links_to_the_rating_page_which_records_the_rating(
    client: Client,
    carols_ticket: Ticket,
    alice: User,
    smtp: Inbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)
    text = smtp.messages[-1].get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"http://[^/\s]+(/rate/\S+/)", text)
    assert link is not None, text

    page = client.post(link.group(1), {"score": 4, "comment": "Fast, thank you."})

    rating = Rating.objects.get()
    assert "You rated our answer to request" in page.content.decode()
    assert (rating.score, rating.comment, rating.agent, rating.group) == (
        4,
        "Fast, thank you.",
        alice,
        carols_ticket.group,
    )
    assert Ticket.objects.get(pk=carols_ticket.pk).satisfaction == 4
    event = carols_ticket.timeline.get(kind=EventKind.RATING)
    assert event.data == {"rating": 4, "comment": "Fast, thank you."}
    assert event.actor_label == "Carol Customer"


def test_the_agents_ticket_page_shows_the_rating_and_comment(client: Client, resolved: Ticket, alice: User) -> None:
    rate(client, resolved, 5, "Brilliant support")
    client.force_login(alice)

    page = client.get(f"/agent/tickets/{resolved.pk}/").content.decode()

    assert "Rated the answer 5 of 5" in page
    assert "Brilliant support" in page


def test_the_customer_page_invites_a_rating_until_it_is_given(client: Client, resolved: Ticket) -> None:
    before = client.get(f"/t/{resolved.access_key}/").content.decode()
    rate(client, resolved, 5)
    after = client.get(f"/t/{resolved.access_key}/").content.decode()

    assert 'id="rating-invitation"' in before
    assert 'id="rating-invitation"' not in after
    assert "Rated the answer 5 of 5" in after
    assert "Brilliant" not in after


def test_a_used_link_gets_a_clear_page_and_changes_nothing(client: Client, resolved: Ticket) -> None:
    rate(client, resolved, 5)

    again = client.post(f"/rate/{rating_token(resolved)}/", {"score": 1})

    assert again.status_code == 409
    assert "already rated" in again.content.decode()
    assert list(Rating.objects.values_list("score", flat=True)) == [5]
    assert Ticket.objects.get(pk=resolved.pk).satisfaction == 5


def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(client: Client, resolved: Ticket) -> None:
    token = rating_token(resolved).replace(":", ":x", 1)

    shown = client.get(f"/rate/{token}/")
    posted = client.post(f"/rate/{token}/", {"score": 5})

    assert (shown.status_code, posted.status_code) == (400, 400)
    assert "This rating link is not valid" in posted.content.decode()
    assert not Rating.objects.exists()
    assert not resolved.timeline.filter(kind=EventKind.RATING).exists()


def test_reopened_and_resolved_again_invites_a_new_rating_and_the_old_link_expires(
    client: Client, resolved: Ticket, alice: User
) -> None:
    first_link = f"/rate/{rating_token(resolved)}/"
    ticket_reply(ticket_id=resolved.pk, author=resolved.customer, body="It is back.")
    stale = client.post(first_link, {"score": 2})
    ticket_change_status(ticket_id=resolved.pk, to=Status.RESOLVED, actor=alice)
    resolved.refresh_from_db()

    rate(client, resolved, 5)

    assert stale.status_code == 409
    assert "invitation to rate it has expired" in stale.content.decode()
    assert list(Rating.objects.values_list("resolution", "score")) == [(1, 5)]


def test_a_missing_score_is_a_form_error_and_keeps_the_comment(client: Client, resolved: Ticket) -> None:
    response = client.post(f"/rate/{rating_token(resolved)}/", {"comment": "Took a while"})

    assert response.status_code == 200
    assert response.context["form"].errors["score"]
    assert "Took a while" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_low_rating_tells_the_group_lead_by_bell_and_email(
    client: Client, resolved: Ticket, network: SkillGroup, bob: User
) -> None:
    network.lead = bob
    network.save()

    rate(client, resolved, 2, "Nobody called back")

    told = Notification.objects.get(kind=Kind.LOW_RATING)
    assert told.recipient == bob
    assert told.text == f"Carol Customer rated ticket {resolved.number} 2 of 5: VPN drops every hour"
    assert OutboundEmail.objects.filter(notification=told).exists()


def test_a_good_rating_tells_nobody(client: Client, resolved: Ticket, network: SkillGroup, bob: User) -> None:
    network.lead = bob
    network.save()

    rate(client, resolved, 3)

    assert not Notification.objects.filter(kind=Kind.LOW_RATING).exists()


def test_a_rating_is_announced_to_webhooks_as_ticket_rated(client: Client, resolved: Ticket, dave: User) -> None:
    WebhookSubscription.objects.create(
        owner=dave,
        url="https://hooks.example/in",
        secret="s" * 32,
        events=[WebhookEvent.TICKET_RATED],
        created_at=timezone.now(),
    )

    rate(client, resolved, 4, "Private remark")

    delivery = WebhookDelivery.objects.get()
    assert delivery.event == WebhookEvent.TICKET_RATED
    assert "'rating': 4" in str(delivery.payload)
    assert "Private remark" not in str(delivery.payload)
