"""The chat pane on a chat ticket's page (I4, decision 0032): the conversation, refreshed live as
either side writes, and a reply box that sends with Enter. An agent's line is an ordinary public
reply (tickets.services.ticket_reply), so the visitor's widget hears of it like of any other."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.models import ChatSession
from dispatchdesk.intake.selectors import chat_session_of
from dispatchdesk.tickets import services
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.selectors import ticket_messages
from dispatchdesk.workstation.forms import MessageForm
from dispatchdesk.workstation.views import visible_ticket_or_404, wants_fragment

PANE = "workstation/chat_pane.html"


@staff_only
@require_GET
def chat_log(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """The conversation as the pane shows it (fetched again on every live "chat" event of the ticket)."""
    ticket, chat = _chat_ticket_or_404(request.user, ticket_id)
    context = {"ticket": ticket, "chat": chat, "lines": ticket_messages(ticket=ticket, user=request.user)}
    return render(request, f"{PANE}#chat_log", context)


@staff_only
@vary_on_headers("HX-Request")
@require_POST
def chat_reply(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """An agent's chat line; a refusal shows the box again with the error and the typed text."""
    ticket, _chat = _chat_ticket_or_404(request.user, ticket_id)
    form = MessageForm(request.POST, prefix="chat")
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket_id=ticket.pk, author=request.user, body=form.cleaned_data["body"], channel=Channel.CHAT
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if not wants_fragment(request):
                return redirect("workstation:ticket_detail", ticket_id=ticket.pk)
            response = render(request, f"{PANE}#chat_form", {"ticket": ticket, "chat_form": MessageForm(prefix="chat")})
            response["HX-Trigger"] = "chat-sent"  # the log refreshes at once, before the live event arrives
            return response
    return render(request, f"{PANE}#chat_form", {"ticket": ticket, "chat_form": form})


def _chat_ticket_or_404(user: User, ticket_id: int) -> tuple[Ticket, ChatSession]:
    """A ticket the user may see that came from a chat (other tickets have no chat pane)."""
    ticket = visible_ticket_or_404(user, ticket_id)
    chat = chat_session_of(ticket)
    if chat is None:
        raise Http404
    return ticket, chat
