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

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.integrations.models import DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from dispatchdesk.integrations.signing import HEADER, signature
from dispatchdesk.integrations.targets import check_target
from dispatchdesk.notifications.models import Kind
from dispatchdesk.notifications.services import notify

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # 1 + back-offs of 1, 2, 4, 8, 16 minutes
UNSENT = (DeliveryState.PENDING, DeliveryState.SENDING)


def subscription_create(
    *, actor: User, url: str, events: list[str], allow_private_network: bool = False
) -> WebhookSubscription:
    """A new subscription with a fresh secret; only an administrator may point one into a private network."""
    may_configure(actor).require()
    if allow_private_network and actor.role != Role.ADMIN:
        raise DomainError(_("Only an administrator may allow a private network target."), code="forbidden", status=403)
    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        raise DomainError(_("Choose at least one known event."), code="webhook_bad_events")
    check_target(url, allow_private_network=allow_private_network)
    return WebhookSubscription.objects.create(
        owner=actor,
        url=url,
        secret=secrets.token_urlsafe(32),
        events=sorted(set(events)),
        allow_private_network=allow_private_network,
        created_at=clock.now(),
    )


def deliveries_record(*, event: WebhookEvent, event_id: str, data: dict[str, Any]) -> list[int]:
    """A delivery for every active subscription to `event`, in the caller's transaction; the ids of
    the new ones (an event recorded again adds nothing: its key is unique per subscription)."""
    now = clock.now()
    payload = {"id": event_id, "event": str(event), "created_at": now.isoformat(), "data": data}
    created = []
    for subscription in WebhookSubscription.objects.filter(paused_at=None).order_by("pk"):
        if event not in subscription.events:
            continue
        delivery, new = WebhookDelivery.objects.get_or_create(
            subscription=subscription,
            event_id=event_id,
            defaults={"event": event, "payload": payload, "created_at": now, "due_at": now + _lease()},
        )
        if new:
            created.append(delivery.pk)
    return created


def deliver(*, delivery_id: int) -> DeliveryState | None:
    """Send one delivery unless someone else holds it; its state after, None if it was not ours."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    subscription = delivery.subscription
    try:
        check_target(subscription.url, allow_private_network=subscription.allow_private_network)
        code = _post(subscription, delivery.payload)
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


def _post(subscription: WebhookSubscription, payload: dict[str, Any]) -> int:
    body = json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Dispatchdesk-Webhooks/1",
        HEADER: signature(secret=subscription.secret, timestamp=int(clock.now().timestamp()), body=body),
    }
    request = urllib.request.Request(subscription.url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only, checked by check_target
    # No redirects: a 3xx could lead into the private network check_target keeps us out of.
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=settings.DISPATCHDESK_WEBHOOK_TIMEOUT) as response:
        status: int = response.status
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx code: a failure


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
