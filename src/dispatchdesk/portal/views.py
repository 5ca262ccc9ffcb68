"""Customer pages (P1): look a ticket up by number and email, follow it through its access key.

The access-key page shows only the public part of a ticket: public messages and public
timeline events. A failed lookup never says whether the number or the email was wrong.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dispatchdesk.common.http import AuthedRequest
from dispatchdesk.portal.forms import LookupForm
from dispatchdesk.tickets.models import Attachment, Ticket
from dispatchdesk.tickets.selectors import (
    public_attachment,
    public_messages,
    ticket_by_access_key,
    ticket_for_lookup,
    ticket_timeline,
    tickets_visible_to,
)
from dispatchdesk.workstation.downloads import attachment_response

# Lookups per client address and window: plenty for a person, too few to guess numbers with emails.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW_SECONDS = 600


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ticket = lookup(request, form)
        if ticket is not None:
            return redirect("portal:ticket", access_key=ticket.access_key)
    return render(request, "portal/track.html", {"form": form})


@require_GET
def ticket(request: HttpRequest, access_key: str) -> HttpResponse:
    found = ticket_by_key_or_404(access_key)
    context = {
        "ticket": found,
        "conversation": public_messages(found),
        "timeline": ticket_timeline(ticket=found, public_only=True),
    }
    return private(render(request, "portal/ticket.html", context))


@require_GET
def attachment(request: HttpRequest, access_key: str, token: str) -> FileResponse:
    try:
        return attachment_response(public_attachment(ticket=ticket_by_key_or_404(access_key), token=token))
    except Attachment.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def my_tickets(request: AuthedRequest) -> HttpResponse:
    if request.user.is_staff_member:
        return redirect("workstation:ticket_list")
    tickets = tickets_visible_to(request.user).order_by("-created_at", "-id")
    page = Paginator(tickets, settings.DISPATCHDESK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_tickets.html", {"page": page})


# --- helpers -------------------------------------------------------------------------------


def lookup(request: HttpRequest, form: LookupForm) -> Ticket | None:
    """The ticket for a valid form, or None with one generic error on the form."""
    if not lookup_allowed(request.META.get("REMOTE_ADDR", "")):
        form.add_error(None, _("Too many lookups from your network. Please try again in a few minutes."))
        return None
    try:
        return ticket_for_lookup(number=form.cleaned_data["number"], email=form.cleaned_data["email"])
    except Ticket.DoesNotExist:
        # The same words for an unknown number and a wrong email: nothing to enumerate.
        form.add_error(None, _("We could not find a ticket with this number and email address."))
        return None


def lookup_allowed(address: str) -> bool:
    """Count this lookup against the address (Django's cache, shared by all processes with Redis)."""
    key = f"portal:lookups:{address}"
    cache.add(key, 0, timeout=LOOKUP_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=LOOKUP_WINDOW_SECONDS)
        attempts = 1
    return attempts <= LOOKUP_LIMIT


def ticket_by_key_or_404(access_key: str) -> Ticket:
    try:
        return ticket_by_access_key(access_key)
    except Ticket.DoesNotExist:
        raise Http404 from None


def private(response: HttpResponse) -> HttpResponse:
    """The access key is in the URL: keep it out of referrers, shared caches and search engines."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
