"""The phone on the agent pages (I5): the quick create's caller lookup, and the toast an agent's
pages show when a call rings for them (live message "call", static/dispatchdesk/calls.js)."""

from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import User
from dispatchdesk.customers.phones import e164_or_blank, is_placeholder_email
from dispatchdesk.intake.models import Call
from dispatchdesk.intake.selectors import CallerCard, call_card, caller_card
from dispatchdesk.workstation.forms import NewTicketForm

NEW_TICKET = "workstation/new_ticket.html"


@dataclass(frozen=True)
class CallerLookup:
    """What the quick create's caller box shows for the number typed in it."""

    typed: str
    card: CallerCard | None = None  # None: nothing typed, or not a number
    initial: dict[str, str] = field(default_factory=dict)  # a known caller's name and email

    @property
    def invalid(self) -> bool:
        return bool(self.typed.strip()) and self.card is None


def look_up_caller(user: User, typed: str) -> CallerLookup:
    number = e164_or_blank(typed)
    if not number:
        return CallerLookup(typed)
    card = caller_card(user=user, number=number)
    if card.contact is None:
        return CallerLookup(typed, card)
    email = "" if is_placeholder_email(card.contact.email) else card.contact.email
    return CallerLookup(typed, card, {"customer_email": email, "customer_name": card.contact.name})


@staff_only
@require_GET
def caller_lookup(request: AuthedRequest) -> HttpResponse:
    """The caller box (htmx, as the agent types the number): what was typed into the name and email
    stays unless the number belongs to a known caller, whose name and email then fill them."""
    lookup = look_up_caller(request.user, request.GET.get("customer_phone", ""))
    typed = {name: request.GET.get(name, "") for name in ("customer_email", "customer_name")}
    form = NewTicketForm(initial=typed | lookup.initial)
    return render(request, f"{NEW_TICKET}#caller", {"form": form, "lookup": lookup})


@staff_only
@require_GET
def call_toast(request: AuthedRequest, call_id: int) -> HttpResponse:
    """Who is calling and their open tickets (those this agent may see), fetched when the page hears
    of the call."""
    try:
        call, card = call_card(user=request.user, call_id=call_id)
    except Call.DoesNotExist:
        raise Http404 from None
    return render(request, "workstation/call_toast.html", {"call": call, "card": card})
