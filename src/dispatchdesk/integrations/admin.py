"""Webhooks in the admin: subscriptions are managed here (administrators only); the log replays."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.integrations.models import WebhookDelivery, WebhookSubscription
from dispatchdesk.integrations.services import delivery_replay, subscription_resume
from dispatchdesk.integrations.tasks import deliver_webhook
from dispatchdesk.tickets.admin import ReadOnly


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """Created by `dispatchdesk webhook-add` (the service checks the target); paused ones resume here."""

    list_display = (
        "url",
        "format",
        "group",
        "language",
        "owner",
        "events",
        "allow_private_network",
        "paused_at",
        "consecutive_failures",
    )
    exclude = ("secret",)
    actions = ("resume",)

    @admin.action(description=_("Resume the selected subscriptions"))
    def resume(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset:
            subscription_resume(actor=request.user, subscription_id=subscription.pk)  # type: ignore[arg-type]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """The delivery log: what was sent where, the answer, and why the last try failed."""

    list_display = ("created_at", "event", "subscription", "state", "attempts", "response_code", "last_error")
    list_filter = ("state", "event")
    actions = ("replay",)

    @admin.action(description=_("Send the selected deliveries again"))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            try:
                delivery_replay(actor=request.user, delivery_id=delivery.pk)  # type: ignore[arg-type]
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            deliver_webhook.enqueue(delivery_id=delivery.pk)
