"""Webhook subscriptions and chat channels (X1, X2): list, add (the secret shown once), edit, pause
and resume, and each one's delivery log with a replay button. The integrations services decide."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import Role
from dispatchdesk.common.errors import DomainError
from dispatchdesk.integrations.models import Format, WebhookDelivery, WebhookSubscription
from dispatchdesk.integrations.services import (
    delivery_replay,
    subscription_create,
    subscription_pause,
    subscription_resume,
    subscription_update,
)
from dispatchdesk.settings_area.forms import NewSubscriptionForm, SubscriptionForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import deliveries_for_settings, subscriptions_for_settings

SECTION = "integrations"


@configurers_only
@require_GET
def subscription_list(request: AuthedRequest) -> HttpResponse:
    context = {"subscriptions": subscriptions_for_settings(), "section": SECTION}
    return render(request, "settings_area/integrations.html", context)


@configurers_only
@require_http_methods(["GET", "POST"])
def subscription_new(request: AuthedRequest) -> HttpResponse:
    form = NewSubscriptionForm(request.POST or None, administrator=request.user.role == Role.ADMIN)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = subscription_create(actor=request.user, format=Format(data.pop("format")), **_values(data))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # The secret is shown on this answer only, never again: not cached, not in a message cookie.
            response = render(
                request, "settings_area/subscription_created.html", {"subscription": saved, "section": SECTION}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "settings_area/subscription.html", {"form": form, "subscription": None, "section": SECTION})


@configurers_only
@require_http_methods(["GET", "POST"])
def subscription_edit(request: AuthedRequest, subscription_id: int) -> HttpResponse:
    subscription = get_object_or_404(subscriptions_for_settings(), pk=subscription_id)
    form = SubscriptionForm(
        request.POST or None, initial=_initial(subscription), administrator=request.user.role == Role.ADMIN
    )
    if request.method == "POST" and form.is_valid():
        try:
            subscription_update(actor=request.user, subscription_id=subscription.pk, **_values(form.cleaned_data))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(target)s saved.") % {"target": subscription.get_format_display()})
            return redirect("settings_area:integrations")
    context = {
        "form": form,
        "subscription": subscription,
        "deliveries": deliveries_for_settings(subscription),
        "section": SECTION,
    }
    return render(request, "settings_area/subscription.html", context)


@configurers_only
@require_POST
def subscription_state(request: AuthedRequest, subscription_id: int) -> HttpResponse:
    """Pause (`paused=1`) or resume (anything else) sending."""
    subscription = get_object_or_404(WebhookSubscription, pk=subscription_id)
    if request.POST.get("paused") == "1":
        subscription_pause(actor=request.user, subscription_id=subscription.pk)
        messages.success(request, _("Paused: its deliveries wait until it is resumed."))
    else:
        subscription_resume(actor=request.user, subscription_id=subscription.pk)
        messages.success(request, _("Resumed: waiting deliveries are sent within a minute."))
    return redirect("settings_area:integrations")


@configurers_only
@require_POST
def delivery_resend(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_id)
    try:
        delivery_replay(actor=request.user, delivery_id=delivery.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The delivery will be sent again within a minute, with the same event id."))
    return redirect("settings_area:subscription", subscription_id=delivery.subscription_id)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": data["url"],
        "events": data["events"],
        "group": data["group"],
        "language": data["language"],
        "allow_private_network": data["allow_private_network"],
        "unassigned_minutes": data["unassigned_minutes"],
    }


def _initial(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "url": subscription.url,
        "events": subscription.events,
        "group": subscription.group_id,
        "language": subscription.language,
        "allow_private_network": subscription.allow_private_network,
        "unassigned_minutes": subscription.unassigned_minutes,
    }
