"""Webhook subscriptions and chat channels in the settings area: list, add (the signing secret shown
once), edit, pause and resume, the delivery log with its answers and a replay button. A target in a
private or loopback network is refused unless an administrator allows it, as the service says."""

from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.integrations.models import DeliveryState, Format, WebhookDelivery, WebhookEvent, WebhookSubscription
from tests.conftest import login

BASE = "/manage/settings/integrations/"
PUBLIC = "https://93.184.215.14/hooks"  # a global address, so no DNS lookup is needed


def subscription(owner: User, **fields: Any) -> WebhookSubscription:
    values = {"url": PUBLIC, "secret": "s3cret", "events": [WebhookEvent.TICKET_ASSIGNED], "created_at": clock.now()}
    return WebhookSubscription.objects.create(owner=owner, **(values | fields))


def form(**fields: Any) -> dict[str, Any]:
    base = {"format": Format.WEBHOOK, "url": PUBLIC, "events": ["ticket.created"], "language": "en"}
    return base | {"unassigned_minutes": 30} | fields


def test_a_manager_adds_a_webhook_and_sees_its_secret_once(client: Client, dave: User) -> None:
    response = login(client, dave).post(f"{BASE}new/", form(events=["ticket.created", "sla.breached"]))

    assert response.status_code == 200
    saved = WebhookSubscription.objects.get()
    assert (saved.owner, saved.events, saved.url) == (dave, ["sla.breached", "ticket.created"], PUBLIC)
    assert saved.secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert saved.secret not in client.get(f"{BASE}{saved.pk}/").content.decode()  # never again


def test_a_loopback_target_is_refused_on_the_url_and_what_was_typed_stays(client: Client, dave: User) -> None:
    response = login(client, dave).post(f"{BASE}new/", form(url="http://127.0.0.1:9/hook", allow_private_network="on"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "private or loopback network; only an administrator may allow that" in html
    assert 'value="http://127.0.0.1:9/hook"' in html
    assert not WebhookSubscription.objects.exists()


def test_an_administrator_may_allow_a_private_target(client: Client, root: User) -> None:
    response = login(client, root).post(f"{BASE}new/", form(url="http://127.0.0.1:9/hook", allow_private_network="on"))

    assert response.status_code == 200
    assert WebhookSubscription.objects.get().allow_private_network


def test_a_chat_channel_without_a_group_is_refused_on_the_group(client: Client, dave: User) -> None:
    response = login(client, dave).post(f"{BASE}new/", form(format=Format.SLACK, events=["sla.breached"]))

    assert "A chat channel needs a skill group" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_groups_slack_channel_is_added_with_its_threshold(client: Client, dave: User, network: SkillGroup) -> None:
    body = form(format=Format.SLACK, events=["ticket.unassigned_too_long"], group=network.pk, unassigned_minutes=45)

    login(client, dave).post(f"{BASE}new/", body)

    saved = WebhookSubscription.objects.get()
    assert (saved.format, saved.group, saved.unassigned_minutes) == (Format.SLACK, network, 45)


def test_a_manager_edits_the_events_and_cannot_switch_on_private_targets(client: Client, dave: User) -> None:
    hook = subscription(dave)

    response = login(client, dave).post(f"{BASE}{hook.pk}/", form(events=["ticket.rated"], allow_private_network="on"))

    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.events, hook.allow_private_network, hook.secret) == (["ticket.rated"], False, "s3cret")


def test_pause_and_resume(client: Client, dave: User) -> None:
    hook = subscription(dave, consecutive_failures=3)
    login(client, dave)

    client.post(f"{BASE}{hook.pk}/state/", {"paused": "1"})
    hook.refresh_from_db()
    assert hook.paused_at is not None
    assert "Paused" in client.get(BASE).content.decode()

    client.post(f"{BASE}{hook.pk}/state/", {"paused": "0"})
    resumed = WebhookSubscription.objects.get(pk=hook.pk)
    assert (resumed.paused_at, resumed.consecutive_failures) == (None, 0)


def test_the_delivery_log_shows_answers_and_replays(
    client: Client, dave: User, django_assert_max_num_queries: Any
) -> None:
    hook = subscription(dave)
    now = clock.now()
    delivery = WebhookDelivery.objects.create(
        subscription=hook,
        event_id="timeline:1",
        event=WebhookEvent.TICKET_ASSIGNED,
        payload={},
        state=DeliveryState.FAILED,
        attempts=6,
        response_code=503,
        last_error="HTTP 503",
        created_at=now,
        due_at=now,
    )
    for n in range(2, 12):
        WebhookDelivery.objects.create(
            subscription=hook, event_id=f"timeline:{n}", event="ticket.assigned", payload={}, created_at=now, due_at=now
        )
    login(client, dave)

    with django_assert_max_num_queries(12):
        html = client.get(f"{BASE}{hook.pk}/").content.decode()
    response = client.post(f"{BASE}deliveries/{delivery.pk}/replay/")

    assert "HTTP 503" in html
    assert "Failed" in html
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_agents_and_dispatchers_may_not_add_one(client: Client, persona: str, request: pytest.FixtureRequest) -> None:
    response = login(client, request.getfixturevalue(persona)).post(f"{BASE}new/", form())

    assert response.status_code == 403
    assert not WebhookSubscription.objects.exists()
