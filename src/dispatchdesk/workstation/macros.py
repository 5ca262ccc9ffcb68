"""The reply composer's "Insert macro": a canned reply filled in for the ticket, to edit before sending."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.tickets.macros import macro_in_language, macro_render, macros_usable_by
from dispatchdesk.workstation.forms import MessageForm
from dispatchdesk.workstation.views import visible_ticket_or_404


@staff_only
@require_GET
def insert_macro(request: AuthedRequest, ticket_id: int, macro_id: int) -> HttpResponse:
    """The reply box, filled with the macro's text for this ticket (htmx swaps it into the composer)."""
    ticket = visible_ticket_or_404(request.user, ticket_id)
    macro = macro_in_language(get_object_or_404(macros_usable_by(request.user), pk=macro_id), ticket=ticket)
    form = MessageForm(prefix="reply", initial={"body": macro_render(macro, ticket=ticket, agent=request.user)})
    return render(request, "workstation/reply_body.html", {"field": form["body"]})
