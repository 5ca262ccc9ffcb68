"""The team board (P4, docs/decisions/0034-kanban.md): a group's or one's own open tickets in columns
by status, moved by drag and drop or a card's menu, kept current by the live stream.

A move or a hand-over calls the same services as the ticket page's buttons and answers the board's
script in JSON: `{"message"}` when done, `{"code", "message"}` with the refusal's status when not.
The board then shows the message and puts the card back, or fetches itself again.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.dispatch.services import ticket_hand_over
from dispatchdesk.tickets.board import COLUMNS, LANES, Board, team_board
from dispatchdesk.tickets.models import Status
from dispatchdesk.tickets.permissions import may_dispatch_group, may_see_group, may_set_wip_limits
from dispatchdesk.tickets.services import ticket_change_status
from dispatchdesk.tickets.services.board import MAX_LIMIT, wip_limits_set
from dispatchdesk.workstation.forms import StatusForm
from dispatchdesk.workstation.views import visible_ticket_or_404, wants_fragment

BOARD = "workstation/kanban.html"


class HandOverForm(DomainErrorForm):
    agent = forms.IntegerField(label=gettext_lazy("Agent"), min_value=1)


class WipLimitsForm(DomainErrorForm):
    """A limit per column; an empty field means no limit."""

    error_fields = {"wip_limit_out_of_range": "__all__"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for status in COLUMNS:
            self.fields[status] = forms.IntegerField(
                label=Status(status).label, required=False, min_value=1, max_value=MAX_LIMIT
            )


@staff_only
@require_GET
def board_home(request: AuthedRequest) -> HttpResponse:
    """The board menu entry: an agent's first group, the first group for the others, else their own."""
    group = next(iter(_boards(request.user)), None)
    if group is None:
        return redirect("workstation:my_board")
    return redirect("workstation:group_board", group_id=group.pk)


@staff_only
@vary_on_headers("HX-Request")
@require_GET
def group_board(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(SkillGroup, pk=group_id)
    if not may_see_group(request.user, group.pk):
        return render(request, "404.html", status=404)
    return _render(request, group=group, default_lanes="agent")


@staff_only
@vary_on_headers("HX-Request")
@require_GET
def my_board(request: AuthedRequest) -> HttpResponse:
    return _render(request, group=None, default_lanes="priority")


@staff_only
@require_POST
def move(request: AuthedRequest, ticket_id: int) -> JsonResponse:
    """A card dropped in another column, or "Move to …": the status button's service and form."""
    ticket = visible_ticket_or_404(request.user, ticket_id)

    def write(data: dict[str, Any]) -> object:
        return ticket_change_status(ticket_id=ticket.pk, to=data["status"], actor=request.user)

    return _answer(StatusForm(request.POST, ticket=ticket), write, _("Ticket #%(number)s moved.") % _number(ticket))


@staff_only
@require_POST
def hand_over(request: AuthedRequest, ticket_id: int) -> JsonResponse:
    """A card dropped in another agent's lane, or "Assign to …": within dispatch's capacity and skill rules."""
    ticket = visible_ticket_or_404(request.user, ticket_id)

    def write(data: dict[str, Any]) -> object:
        return ticket_hand_over(ticket_id=ticket.pk, agent_id=data["agent"], actor=request.user)

    return _answer(HandOverForm(request.POST), write, _("Ticket #%(number)s assigned.") % _number(ticket))


@staff_only
@require_POST
def wip_limits(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(SkillGroup, pk=group_id)
    if not may_see_group(request.user, group.pk):
        return render(request, "404.html", status=404)
    form = WipLimitsForm(request.POST)
    if form.is_valid():
        try:
            wip_limits_set(actor=request.user, group_id=group.pk, limits=form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Column limits saved."))
            return redirect("workstation:group_board", group_id=group.pk)
    return _render(request, group=group, default_lanes="agent", limits_form=form)


# --- helpers -------------------------------------------------------------------------------


def _render(
    request: AuthedRequest, *, group: SkillGroup | None, default_lanes: str, limits_form: WipLimitsForm | None = None
) -> HttpResponse:
    lanes_by = request.GET.get("lanes", default_lanes)
    board = team_board(request.user, group=group, lanes_by=lanes_by if lanes_by in LANES else default_lanes)
    context = {"board": board, "lanes_by": board.lanes_by, "boards": _boards(request.user)}
    context |= _actions(request, board, limits_form)
    template = f"{BOARD}#board" if wants_fragment(request) else BOARD
    return render(request, template, context)


def _boards(user: User) -> list[SkillGroup]:
    """The groups whose boards `user` may open."""
    return [group for group in SkillGroup.objects.order_by("name") if may_see_group(user, group.pk)]


def _actions(request: AuthedRequest, board: Board, limits_form: WipLimitsForm | None) -> dict[str, Any]:
    """What the viewer may do here: whom they may hand cards to, and whether they set the limits."""
    user, group = request.user, board.group
    dispatches = group is not None and bool(may_dispatch_group(user, group.pk))
    may_limit = group is not None and bool(may_set_wip_limits(user, group.pk))
    if may_limit and limits_form is None:
        initial = {column.status: column.limit for column in board.columns}
        limits_form = WipLimitsForm(initial=initial)
    return {
        "assignable": board.agents if dispatches else [a for a in board.agents if a.pk == user.pk],
        "limits_form": limits_form if may_limit else None,
    }


def _answer(form: DomainErrorForm, write: Callable[[dict[str, Any]], object], done: str) -> JsonResponse:
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"code": "invalid", "message": first}, status=422)
    try:
        write(form.cleaned_data)
    except DomainError as error:
        return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
    return JsonResponse({"message": done})


def _number(ticket: Any) -> dict[str, Any]:
    return {"number": ticket.number}
