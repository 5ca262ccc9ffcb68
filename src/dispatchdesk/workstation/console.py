"""The dispatcher console (P6) and the agents' navbar controls: "next ticket" (D4) and presence (D6)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import Presence
from dispatchdesk.common import clock
from dispatchdesk.common.durations import elapsed
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import CleanTextForm
from dispatchdesk.dispatch.console import agent_board, group_queues, oldest_wait, review_queue
from dispatchdesk.dispatch.services import agent_set_presence, dispatch_confirm, ticket_pull_next
from dispatchdesk.tickets.permissions import may_use_console, may_work_queue
from dispatchdesk.tickets.selectors import ticket_visible_to


class ConfirmForm(CleanTextForm):
    agent = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason for overriding"), required=False, max_length=500)


class PresenceForm(CleanTextForm):
    presence = forms.ChoiceField(choices=Presence.choices)
    next = forms.CharField(required=False)


@staff_only
def console(request: AuthedRequest) -> HttpResponse:
    if not may_use_console(request.user):
        raise Http404
    return _render(request)


@staff_only
@require_POST
def confirm(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    if not may_use_console(request.user):
        raise Http404
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            dispatch_confirm(
                ticket_id=ticket.pk,
                agent_id=form.cleaned_data["agent"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("Ticket %(number)s assigned.") % {"number": ticket.number})
            return redirect("workstation:console")
    return _render(request, failed=(ticket.pk, form))


@staff_only
@require_POST
def next_ticket(request: AuthedRequest) -> HttpResponse:
    try:
        ticket = ticket_pull_next(agent=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("workstation:ticket_list")
    if ticket is None:
        messages.info(request, _("Nothing is waiting in your groups' queues that you can take."))
        return redirect("workstation:ticket_list")
    return redirect("workstation:ticket_detail", ticket_id=ticket.pk)


@staff_only
@require_POST
def presence(request: AuthedRequest) -> HttpResponse:
    """Online, away or offline; going away hands unaccepted work back (agent_set_presence)."""
    form = PresenceForm(request.POST)
    allowed = may_work_queue(request.user)
    if not allowed:
        messages.error(request, allowed.message)
    elif not form.is_valid():
        messages.error(request, _("Unknown presence."))
    else:
        moved = agent_set_presence(agent=request.user, presence=form.cleaned_data["presence"])
        label = Presence(form.cleaned_data["presence"]).label
        messages.success(request, _("You are now %(presence)s.") % {"presence": label})
        if moved and form.cleaned_data["presence"] != Presence.ONLINE:
            returned = ngettext(
                "%(count)d unaccepted ticket went back to the queue.",
                "%(count)d unaccepted tickets went back to the queue.",
                len(moved),
            )
            messages.info(request, returned % {"count": len(moved)})
    return redirect(_back_to(request, form.data.get("next", "")))


def _back_to(request: AuthedRequest, target: str) -> str:
    """The page the switch was used on, if it is one of ours; else the ticket list."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("workstation:ticket_list")


def _render(request: AuthedRequest, failed: tuple[int, ConfirmForm] | None = None) -> HttpResponse:
    now = clock.now()
    waits = [(queue, oldest_wait(queue.oldest, now)) for queue in group_queues()]
    groups = [(queue, elapsed(waited) if waited is not None else "") for queue, waited in waits]
    context = {"review": review_queue(), "groups": groups, "board": agent_board(), "failed": failed}
    return render(request, "workstation/console.html", context)
