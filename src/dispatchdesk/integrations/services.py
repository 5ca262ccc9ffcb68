"""The only writers of webhook subscriptions and deliveries (docs/decisions/0025-outbound-webhooks.md).

A delivery is written in the transaction of the change it announces (an outbox, like email's), sent
by a task after commit, retried with exponential back-off by the sweep, and kept as the log."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Role, SkillGroup, User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.outbound import Address, pinned_opener
from dispatchdesk.common.signing import HEADER, signature
from dispatchdesk.integrations.chat import slack_message, wechat_message
from dispatchdesk.integrations.models import (
    CHAT_EVENTS,
    DeliveryState,
    Format,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from dispatchdesk.integrations.targets import check_target
from dispatchdesk.notifications.models import Kind
from dispatchdesk.notifications.services import notify
from dispatchdesk.tickets.models import Priority

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # 1 + back-offs of 1, 2, 4, 8, 16 minutes
UNSENT = (DeliveryState.PENDING, DeliveryState.SENDING)
MAX_UNASSIGNED_MINUTES = 7 * 24 * 60


def subscription_create(
    *,
    actor: User,
    url: str,
    events: list[str],
    allow_private_network: bool = False,
    format: Format = Format.WEBHOOK,
    group: SkillGroup | None = None,
    language: str = "en",
    unassigned_minutes: int = 30,
) -> WebhookSubscription:
    """A new subscription with a fresh secret; only an administrator may point one into a private
    network. A chat channel (Slack, WeChat Work) belongs to a skill group and hears CHAT_EVENTS."""
    may_configure(actor).require()
    subscription = WebhookSubscription(
        owner=actor, secret=secrets.token_urlsafe(32), format=format, created_at=clock.now()
    )
    _apply(actor, subscription, url, events, group, language, allow_private_network, unassigned_minutes)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(
    *,
    actor: User,
    subscription_id: int,
    url: str,
    events: list[str],
    allow_private_network: bool,
    group: SkillGroup | None = None,
    language: str = "en",
    unassigned_minutes: int = 30,
) -> WebhookSubscription:
    """Change where and what a subscription sends; its format and secret stay."""
    may_configure(actor).require()
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
    _apply(actor, subscription, url, events, group, language, allow_private_network, unassigned_minutes)
    subscription.save()
    return subscription


def _apply(  # noqa: PLR0917 - the fields of one form, checked together
    actor: User,
    subscription: WebhookSubscription,
    url: str,
    events: list[str],
    group: SkillGroup | None,
    language: str,
    allow_private_network: bool,
    unassigned_minutes: int,
) -> None:
    """Check everything, then set it on the (unsaved) row."""
    if allow_private_network and not subscription.allow_private_network and actor.role != Role.ADMIN:
        raise DomainError(_("Only an administrator may allow a private network target."), code="forbidden", status=403)
    known = CHAT_EVENTS if subscription.format != Format.WEBHOOK else tuple(WebhookEvent)
    if not events or set(events) - set(known):
        raise DomainError(_("Choose at least one known event."), code="webhook_bad_events")
    if (subscription.format != Format.WEBHOOK) != (group is not None):
        raise DomainError(_("A chat channel needs a skill group; a webhook has none."), code="webhook_bad_group")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language the desk speaks."), code="webhook_bad_language")
    if not 1 <= unassigned_minutes <= MAX_UNASSIGNED_MINUTES:
        raise DomainError(
            _("Unassigned too long must be between 1 minute and a week of business minutes."),
            code="webhook_bad_unassigned",
        )
    check_target(url, allow_private_network=allow_private_network)
    subscription.url, subscription.events, subscription.group = url, sorted(set(events)), group
    subscription.language, subscription.allow_private_network = language, allow_private_network
    subscription.unassigned_minutes = unassigned_minutes


def subscription_pause(*, actor: User, subscription_id: int) -> WebhookSubscription:
    """Stop sending (deliveries wait, and are sent on resume); nothing if it is paused already."""
    may_configure(actor).require()
    subscription = WebhookSubscription.objects.get(pk=subscription_id)
    WebhookSubscription.objects.filter(pk=subscription.pk, paused_at=None).update(paused_at=clock.now())
    subscription.refresh_from_db()
    return subscription


def deliveries_record(*, event: WebhookEvent, event_id: str, data: dict[str, Any]) -> list[int]:
    """A delivery for every active subscription to `event`, in the caller's transaction; the ids of
    the new ones (an event recorded again adds nothing: its key is unique per subscription)."""
    created = []
    for subscription in WebhookSubscription.objects.filter(paused_at=None).order_by("pk"):
        if _wants(subscription, event, data.get("ticket", {})):
            delivery_id = delivery_record(subscription=subscription, event=event, event_id=event_id, data=data)
            created += [delivery_id] if delivery_id is not None else []
    return created


def delivery_record(
    *, subscription: WebhookSubscription, event: WebhookEvent, event_id: str, data: dict[str, Any]
) -> int | None:
    """One subscription's delivery of an event; None if it has it already (the key is unique)."""
    now = clock.now()
    payload = {"id": event_id, "event": str(event), "created_at": now.isoformat(), "data": data}
    delivery, new = WebhookDelivery.objects.get_or_create(
        subscription=subscription,
        event_id=event_id,
        defaults={"event": event, "payload": payload, "created_at": now, "due_at": now + _lease()},
    )
    return delivery.pk if new else None


def _wants(subscription: WebhookSubscription, event: WebhookEvent, ticket: dict[str, Any]) -> bool:
    if event not in subscription.events:
        return False
    if subscription.format == Format.WEBHOOK:
        return True
    # A chat channel: its group's tickets only, and of new tickets only the P1s.
    urgent = event != WebhookEvent.TICKET_CREATED or ticket.get("priority") == Priority.URGENT
    return ticket.get("group_id") == subscription.group_id and urgent


def deliver(*, delivery_id: int) -> DeliveryState | None:
    """Send one delivery unless someone else holds it; its state after, None if it was not ours."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    subscription = delivery.subscription
    try:
        address = check_target(subscription.url, allow_private_network=subscription.allow_private_network)
        code = _post(subscription, delivery.payload, address)
    except urllib.error.HTTPError as error:
        return _failed(delivery, error.code, f"HTTP {error.code}")
    except (DomainError, OSError, ValueError) as error:  # refused target, time-out, refused connection
        return _failed(delivery, None, f"{type(error).__name__}: {error}")
    return _delivered(delivery, code)


def delivery_replay(*, actor: User, delivery_id: int) -> WebhookDelivery:
    """Send a logged delivery again (the same event id, so the receiver can tell it is a repeat)."""
    may_configure(actor).require()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.state == DeliveryState.SENDING and delivery.due_at > clock.now():
            raise DomainError(_("This delivery is being sent right now."), code="webhook_sending", status=409)
        delivery.state, delivery.attempts, delivery.due_at = DeliveryState.PENDING, 0, clock.now()
        delivery.save(update_fields=["state", "attempts", "due_at"])
    return delivery


def subscription_resume(*, actor: User, subscription_id: int) -> WebhookSubscription:
    may_configure(actor).require()
    subscription = WebhookSubscription.objects.get(pk=subscription_id)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(paused_at=None, consecutive_failures=0)
    subscription.refresh_from_db()
    return subscription


def webhooks_sweep(*, limit: int = 100) -> int:
    """Send what is due: back-offs that passed, tasks that never came, senders that died."""
    due = WebhookDelivery.objects.filter(
        state__in=UNSENT, due_at__lte=clock.now(), subscription__paused_at=None
    ).order_by("due_at", "pk")
    outcomes = [deliver(delivery_id=pk) for pk in list(due.values_list("pk", flat=True)[:limit])]
    return sum(outcome == DeliveryState.DELIVERED for outcome in outcomes)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    now = clock.now()
    free = Q(state=DeliveryState.PENDING) | Q(state=DeliveryState.SENDING, due_at__lte=now)
    taken = WebhookDelivery.objects.filter(free, pk=delivery_id, subscription__paused_at=None).update(
        state=DeliveryState.SENDING, due_at=now + _lease(), attempts=F("attempts") + 1
    )
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id) if taken else None


def _post(subscription: WebhookSubscription, payload: dict[str, Any], address: Address) -> int:
    message = _message(subscription, payload)
    body = json.dumps(message, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Dispatchdesk-Webhooks/1"}
    if subscription.format == Format.WEBHOOK:
        timestamp = int(clock.now().timestamp())
        headers[HEADER] = signature(secret=subscription.secret, timestamp=timestamp, body=body)
    request = urllib.request.Request(subscription.url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only, checked by check_target
    # To the address checked, no redirects: either could lead into the network check_target keeps us out of.
    with pinned_opener(address).open(request, timeout=settings.DISPATCHDESK_WEBHOOK_TIMEOUT) as response:
        status: int = response.status
        answer = response.read(4096)
    if subscription.format == Format.WECHAT_WORK:
        _check_wechat_answer(answer)
    return status


def _message(subscription: WebhookSubscription, payload: dict[str, Any]) -> dict[str, Any]:
    if subscription.format == Format.SLACK:
        return slack_message(payload, subscription.language)
    if subscription.format == Format.WECHAT_WORK:
        return wechat_message(payload, subscription.language)
    return payload


def _check_wechat_answer(answer: bytes) -> None:
    """The robot answers 200 even when it refuses; `errcode` 0 is the only success."""
    result = json.loads(answer or b"{}")
    if result.get("errcode") != 0:
        raise ValueError(f"WeChat Work errcode {result.get('errcode')}: {result.get('errmsg', '')}"[:200])


def _delivered(delivery: WebhookDelivery, code: int) -> DeliveryState:
    now = clock.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(
            state=DeliveryState.DELIVERED, response_code=code, delivered_at=now, last_error=""
        )
        WebhookSubscription.objects.filter(pk=delivery.subscription_id).update(consecutive_failures=0)
    log.info("webhook delivery %s (%s) answered %s", delivery.pk, delivery.event_id, code)
    return DeliveryState.DELIVERED


def _failed(delivery: WebhookDelivery, code: int | None, error: str) -> DeliveryState:
    state = DeliveryState.FAILED if delivery.attempts >= MAX_ATTEMPTS else DeliveryState.PENDING
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(
            state=state,
            response_code=code,
            due_at=clock.now() + timedelta(minutes=2 ** (delivery.attempts - 1)),  # 1, 2, 4, 8, 16 minutes
            last_error=error[:1000],
        )
        _count_failure(delivery.subscription)
    log.warning("webhook delivery %s attempt %d failed: %s", delivery.pk, delivery.attempts, error)
    return state


def _count_failure(subscription: WebhookSubscription) -> None:
    """Every failed try counts; a success resets the count. Past the limit the subscription pauses
    (its deliveries wait) and its owner is told once, at the moment it pauses."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if (
        subscription.paused_at is None
        and subscription.consecutive_failures >= settings.DISPATCHDESK_WEBHOOK_PAUSE_AFTER
    ):
        subscription.paused_at = clock.now()
        fields.append("paused_at")
        notify(recipient=subscription.owner, kind=Kind.WEBHOOK_PAUSED, data={"url": subscription.url})
    subscription.save(update_fields=fields)


def _lease() -> timedelta:
    return timedelta(seconds=settings.DISPATCHDESK_WEBHOOK_TIMEOUT * 3)
