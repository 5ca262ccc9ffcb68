"""Agent pages (P3, T4): the ticket list, the ticket page and its actions.

Views parse input, call one selector or service and render. Every ticket is fetched
through tickets.selectors, so a ticket the user may not see is a 404, never a 403.
Each action answers htmx with the refreshed `#ticket` fragment and plain posts with a
redirect (PRG); a refused action re-renders its form, with the error and the typed text, as 200.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import User
from dispatchdesk.assets.selectors import assets_of
from dispatchdesk.common import clock
from dispatchdesk.common.counts import CappedPaginator
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.customers.crm import crm_enabled
from dispatchdesk.dispatch.selectors import (
    AssignmentOption,
    assignment_options,
    claim_answer,
    latest_decision,
    prediction_shown,
)
from dispatchdesk.dispatch.services import ticket_claim, ticket_decline, ticket_escalate
from dispatchdesk.intake.channels.desk import desk_submit
from dispatchdesk.intake.selectors import alerts_on_ticket
from dispatchdesk.tickets import services
from dispatchdesk.tickets.downloads import attachment_response
from dispatchdesk.tickets.macros import macros_for_menu, macros_menu
from dispatchdesk.tickets.models import Attachment, Ticket
from dispatchdesk.tickets.permissions import (
    Answer,
    agent_profile,
    may_accept,
    may_add_note,
    may_assign,
    may_assign_others,
    may_change_status,
    may_decline,
    may_escalate,
    may_reply,
    may_work_queue,
    refuse,
)
from dispatchdesk.tickets.selectors import (
    attachment_visible_to,
    latest_event_id,
    staff_conversation,
    staff_timeline,
    ticket_tags,
    ticket_visible_to,
    tickets_filtered,
    tickets_visible_to,
)
from dispatchdesk.workstation.calls import look_up_caller
from dispatchdesk.workstation.forms import (
    AcceptForm,
    AssignForm,
    ClaimForm,
    DeclineForm,
    EscalateForm,
    MessageForm,
    NewTicketForm,
    StatusForm,
    TicketFilterForm,
)

DETAIL = "workstation/ticket_detail.html"
LIST = "workstation/ticket_list.html"
# What a row of the list shows, and nothing else: every further column and related row is converted
# and built per ticket for nothing, and the list shows no tags (docs/benchmarks/page-cost.md). A column
# the row starts to show must be added here, or each row reads it on its own (the query count test fails).
LIST_ROW_RELATED = ("customer", "organisation", "assignee", "group")
LIST_ROW_FIELDS = (
    *("number", "subject", "status", "priority", "sla_due_at", "created_at"),
    *("customer__name", "organisation__name", "group__name"),
    *("assignee__first_name", "assignee__last_name", "assignee__username"),  # str(user)
)


def wants_fragment(request: HttpRequest) -> bool:
    """htmx swaps a fragment, except when it restores history and needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: staff to the open tickets, customers to their portal list."""
    if not isinstance(request.user, User):
        return redirect("login")
    if request.user.is_staff_member:
        return redirect(reverse("workstation:ticket_list") + "?open=on")
    return redirect("portal:my_tickets")


@staff_only
@vary_on_headers("HX-Request")
@require_GET
def ticket_list(request: AuthedRequest) -> HttpResponse:
    form = TicketFilterForm(request.GET)
    tickets = tickets_filtered(user=request.user, filters=form.to_filters(request.user))
    tickets = (
        tickets.select_related(None).select_related(*LIST_ROW_RELATED).prefetch_related(None).only(*LIST_ROW_FIELDS)
    )
    page = CappedPaginator(tickets, settings.DISPATCHDESK_PAGE_SIZE).get_page(request.GET.get("page"))
    template = f"{LIST}#results" if wants_fragment(request) else LIST
    return render(request, template, {"form": form, "page": page})


@staff_only
@require_http_methods(["GET", "POST"])
def new_ticket(request: AuthedRequest) -> HttpResponse:
    """A request taken on the phone or by email, typed in for the customer; it goes through the front door."""
    # A number in the address (the call toast's "New ticket for this caller") looks the caller up.
    lookup = look_up_caller(request.user, request.POST.get("customer_phone") or request.GET.get("phone", ""))
    initial = {"customer_phone": lookup.typed} | lookup.initial
    form = NewTicketForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = desk_submit(
                actor=request.user,
                customer_email=data["customer_email"],
                customer_name=data["customer_name"],
                customer_phone=data["customer_phone"],
                channel=data["channel"],
                subject=data["subject"],
                description=data["body"],
                fields=form.ticket_fields(),
                files=data["attachments"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _after_creation(request, ticket)
    return render(request, "workstation/new_ticket.html", {"form": form, "lookup": lookup})


def _after_creation(request: AuthedRequest, ticket: Ticket) -> HttpResponse:
    """On to the new ticket when the agent may follow it; otherwise say where it went, ready for the next call."""
    if tickets_visible_to(request.user).filter(pk=ticket.pk).exists():
        messages.success(request, _("Ticket %(number)s was created.") % {"number": ticket.number})
        return redirect("workstation:ticket_detail", ticket_id=ticket.pk)
    if ticket.group is not None:
        where = _("Ticket %(number)s was created and went to the %(group)s team.")
    else:
        where = _("Ticket %(number)s was created and waits for a dispatcher.")
    messages.success(request, where % {"number": ticket.number, "group": ticket.group})
    return redirect("workstation:new_ticket")


@staff_only
@vary_on_headers("HX-Request")
@require_GET
def ticket_detail(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    return render_ticket(request, visible_ticket_or_404(request.user, ticket_id))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def reply(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = MessageForm(request.POST, request.FILES, prefix="reply")

    def write(data: dict[str, Any]) -> object:
        return services.ticket_reply(
            ticket_id=ticket.pk, author=request.user, body=data["body"], files=data["attachments"]
        )

    return act(request, ticket, ("reply_form", form), write, _("Your reply was sent."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def note(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = MessageForm(request.POST, request.FILES, prefix="note")

    def write(data: dict[str, Any]) -> object:
        return services.ticket_add_note(
            ticket_id=ticket.pk, author=request.user, body=data["body"], files=data["attachments"]
        )

    return act(request, ticket, ("note_form", form), write, _("Internal note added."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def change_status(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = StatusForm(request.POST, ticket=ticket)

    def write(data: dict[str, Any]) -> object:
        return services.ticket_change_status(
            ticket_id=ticket.pk, to=data["status"], actor=request.user, reason=data["reason"]
        )

    return act(request, ticket, ("status_form", form), write, _("Status changed."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def assign(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = AssignForm(request.POST, options=_assignment_options(request.user, ticket), actor=request.user)

    def write(data: dict[str, Any]) -> object:
        return services.ticket_assign(ticket_id=ticket.pk, agent_id=data["agent"], actor=request.user)

    return act(request, ticket, ("assign_form", form), write, _("Ticket assigned."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def accept(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)

    def write(data: dict[str, Any]) -> object:
        return services.ticket_accept(ticket_id=ticket.pk, actor=request.user)

    return act(request, ticket, ("accept_form", AcceptForm(request.POST)), write, _("You accepted the ticket."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def claim(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)

    def write(data: dict[str, Any]) -> object:
        return ticket_claim(ticket_id=ticket.pk, agent=request.user)

    return act(request, ticket, ("claim_form", ClaimForm(request.POST)), write, _("The ticket is yours."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def decline(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = DeclineForm(request.POST, prefix="decline")

    def write(data: dict[str, Any]) -> object:
        return ticket_decline(ticket_id=ticket.pk, agent=request.user, reason=data["reason"])

    return act(request, ticket, ("decline_form", form), write, _("You declined the ticket; it is dispatched again."))


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def escalate(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    form = EscalateForm(request.POST, prefix="escalate")

    def write(data: dict[str, Any]) -> object:
        return ticket_escalate(ticket_id=ticket.pk, actor=request.user, reason=data["reason"])

    return act(request, ticket, ("escalate_form", form), write, _("The ticket was escalated to L2."))


@login_required
@require_GET
def attachment(request: AuthedRequest, token: str) -> FileResponse:
    """Any signed-in user may fetch files of tickets they can see; note files are for staff only."""
    try:
        return attachment_response(attachment_visible_to(user=request.user, token=token))
    except Attachment.DoesNotExist:
        raise Http404 from None


# --- helpers -------------------------------------------------------------------------------


def visible_ticket_or_404(user: User, ticket_id: int) -> Ticket:
    try:
        return ticket_visible_to(user=user, ticket_id=ticket_id)
    except Ticket.DoesNotExist:
        raise Http404 from None


def act(
    request: AuthedRequest,
    ticket: Ticket,
    named_form: tuple[str, DomainErrorForm],
    write: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run one action: success goes on with the fresh ticket; a refusal shows the same form with its error."""
    name, form = named_form
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return after_action(request, ticket.pk)
    return render_ticket(request, ticket, **{name: form})


def after_action(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = tickets_visible_to(request.user).filter(pk=ticket_id).first()
    if ticket is None:  # e.g. an agent sent a ticket outside their groups back to its queue
        url = reverse("workstation:ticket_list")
        return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
    if not wants_fragment(request):
        return redirect("workstation:ticket_detail", ticket_id=ticket_id)
    return render_ticket(request, ticket)


def render_ticket(request: AuthedRequest, ticket: Ticket, **bound_forms: forms.Form) -> HttpResponse:
    context = ticket_context(request.user, ticket) | bound_forms
    return render(request, f"{DETAIL}#ticket" if wants_fragment(request) else DETAIL, context)


def ticket_context(user: User, ticket: Ticket) -> dict[str, Any]:
    """Everything the ticket page shows, with empty forms (a bound form replaces its empty one).

    Each action shows exactly when its service would accept it: `may` holds the same answers the
    services require (tickets.permissions; the claim adds the engine's rules, dispatch.selectors).
    """
    claim = claim_answer(user, ticket, now=clock.now())
    may = {
        "claim": claim,
        "accept": may_accept(user, ticket),
        "decline": may_decline(user, ticket),
        "escalate": may_escalate(user, ticket),
        "assign_others": may_assign_others(user, ticket),
        "take": _may_take(user, ticket, claim),
        "reply": may_reply(user, ticket),
        "note": may_add_note(user, ticket),
        "change_status": may_change_status(user, ticket),
    }
    refused_by_engine = claim.refusal is not None and claim.refusal.code.startswith("ineligible_")
    timeline = staff_timeline(ticket)  # the agent pages are staff_only
    return {
        "ticket": ticket,
        "conversation": staff_conversation(ticket),
        "tags": ticket_tags(ticket),
        "timeline": timeline,
        "last_event_id": latest_event_id(timeline),
        "reply_form": MessageForm(prefix="reply"),
        "note_form": MessageForm(prefix="note"),
        "status_form": StatusForm(ticket=ticket),
        "assign_form": AssignForm(
            options=_assignment_options(user, ticket) if may["assign_others"] else (), actor=user
        ),
        "accept_form": AcceptForm(),
        "claim_form": ClaimForm(),
        "decline_form": DeclineForm(prefix="decline"),
        "escalate_form": EscalateForm(prefix="escalate"),
        "may": may,
        "claim_hint": claim.message if refused_by_engine else "",
        "decision": latest_decision(ticket),
        "prediction": prediction_shown(ticket),
        "alerts": alerts_on_ticket(ticket),
        "assets": assets_of(ticket.customer_id),
        "crm_enabled": crm_enabled(),
        # Each macro once, in the customer's language where it has that translation.
        "macros": macros_menu(macros_for_menu(user), ticket=ticket),
    }


def _assignment_options(user: User, ticket: Ticket) -> list[AssignmentOption]:
    """Who a dispatcher may choose from, as the engine sees them; an agent taking work needs no list."""
    return assignment_options(ticket, now=clock.now()) if may_assign_others(user, ticket) else []


def _may_take(user: User, ticket: Ticket, claim: Answer) -> Answer:
    """ "Assign to me", for an agent's work they cannot claim; claiming queued work of one's group is
    the better way in, as it checks the engine's rules."""
    if claim:
        return refuse(_("Claim the ticket instead."), code="claim_instead", status=409)
    if agent_profile(user) is None:
        return may_work_queue(user)
    return may_assign(user, ticket, user)
