"""The agent pages' live side (docs/decisions/0027-live-updates.md): the event stream each page
listens to, who else has a ticket open (the collision warning), and who or what changed it meanwhile."""

import time

from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common import live
from dispatchdesk.tickets.selectors import changes_since, live_topics
from dispatchdesk.workstation.views import visible_ticket_or_404

# A ticket page says it is open every 20 seconds; one that stops saying so has gone.
PRESENT_SECONDS = 45
STATES = ("viewing", "replying", "left")


@staff_only
@require_GET
def live_stream(request: AuthedRequest) -> StreamingHttpResponse:
    """Changes to what this user may see, and their own notifications, as server-sent events."""
    ticket_ids = [int(value) for value in request.GET.getlist("ticket") if value.isdigit()]
    return live.stream(live_topics(request.user, ticket_ids))


@staff_only
@require_POST
def ticket_presence(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """This agent is viewing the ticket, typing a reply, or has left it."""
    ticket = visible_ticket_or_404(request.user, ticket_id)
    state = request.POST.get("state", "")
    if state not in STATES:
        return HttpResponse(status=400, content=b"state must be viewing, replying or left")
    if _note_presence(ticket.pk, request.user.pk, name=str(request.user), state=state):
        live.publish({live.ticket_topic(ticket.pk)}, "viewers", id=ticket.pk)
    return HttpResponse(status=204)


@staff_only
@require_GET
def ticket_viewers(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """The others who have this ticket open, for the warning above the reply box."""
    ticket = visible_ticket_or_404(request.user, ticket_id)
    others = [person for user_id, person in _present(ticket.pk).items() if user_id != request.user.pk]
    return render(request, "workstation/viewers.html", {"ticket": ticket, "others": others})


@staff_only
@require_GET
def ticket_changes(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """Who or what changed the ticket since the page was drawn (`after`: its newest timeline row), for the
    notice on a page that does not redraw under a typing agent; empty when only the reader changed it."""
    ticket = visible_ticket_or_404(request.user, ticket_id)
    after = request.GET.get("after", "0")
    if not after.isdigit():
        return HttpResponse(status=400, content=_("“after” must be the number of a timeline entry.").encode())
    changes = changes_since(ticket=ticket, after_id=int(after), reader=request.user)
    return render(request, "workstation/changes.html", {"ticket": ticket, "changes": changes, "after": after})


def _present(ticket_id: int) -> dict[int, dict[str, object]]:
    now = time.time()
    present: dict[int, dict[str, object]] = cache.get(f"viewers:{ticket_id}", {})
    return {user_id: person for user_id, person in present.items() if float(str(person["until"])) > now}


def _note_presence(ticket_id: int, user_id: int, *, name: str, state: str) -> bool:
    """Record the state for a while; True if the others should hear of it (it changed)."""
    present = _present(ticket_id)
    before = present.get(user_id, {}).get("state")
    if state == "left":
        present.pop(user_id, None)
    else:
        present[user_id] = {"name": name, "state": state, "until": time.time() + PRESENT_SECONDS}
    cache.set(f"viewers:{ticket_id}", present, PRESENT_SECONDS)
    return before != (None if state == "left" else state)
