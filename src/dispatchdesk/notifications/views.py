"""The signed-in user's notifications: the list, open one (marks it read), mark all read."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.notifications.selectors import notifications_for
from dispatchdesk.notifications.services import notification_read, notifications_read_all


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required ran first


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/list.html", {"notifications": notifications_for(_user(request))})


@login_required
@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The navbar bell alone, for live.js to swap in when the count changes."""
    return render(request, "partials/bell.html")


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = notification_read(notification_id=notification_id, user=_user(request))
    except DomainError:
        raise Http404 from None
    if notification.ticket_id is not None and _user(request).is_staff_member:
        return redirect("workstation:ticket_detail", ticket_id=notification.ticket_id)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_read_all(user=_user(request))
    return redirect("notifications:list")
