"""Customer pages (P1): look a ticket up by number and email, follow it through its access key.

The access-key page shows only the public part of a ticket: public messages and public
timeline events. A failed lookup never says whether the number or the email was wrong.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage.base import BaseStorage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.client_address import client_address
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.rate_limit import within_limit
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.services import contact_preferences_save
from dispatchdesk.dispatch.expected import expected_wait
from dispatchdesk.intake.channels.web_form import web_form_submit
from dispatchdesk.intake.services import customer_answer, ticket_submit
from dispatchdesk.notifications.confirmation import responsible_label, wait_label
from dispatchdesk.portal.answers import may_answer
from dispatchdesk.portal.forms import LookupForm, NewRequestForm, PreferencesForm, ReplyForm, WebRequestForm
from dispatchdesk.portal.help import request_sent
from dispatchdesk.portal.zones import activate_reader_zone
from dispatchdesk.tickets.downloads import attachment_response
from dispatchdesk.tickets.models import Attachment, Channel, Ticket
from dispatchdesk.tickets.permissions import may_rate, may_reply
from dispatchdesk.tickets.ratings import rating_token
from dispatchdesk.tickets.selectors import (
    customer_timeline,
    public_attachment,
    public_messages,
    ticket_by_access_key,
    ticket_for_lookup,
    tickets_visible_to,
)

log = logging.getLogger(__name__)

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


@require_safe
def ticket(request: HttpRequest, access_key: str) -> HttpResponse:
    """The ticket's page. Mail scanners check the emailed link with HEAD: it answers as GET does (the
    server drops the body) and consumes nothing, so a one-time notice waits for the person's visit."""
    response = _ticket_page(request, ticket_by_key_or_404(access_key), ReplyForm())
    notices = messages.get_messages(request)
    if request.method == "HEAD" and isinstance(notices, BaseStorage):
        notices.used = False  # rendering read them; keep them for the GET
    return response


@require_POST
def reply(request: HttpRequest, access_key: str) -> HttpResponse:
    """The customer's answer through the ticket's link: whoever holds the link is the ticket's customer."""
    found = ticket_by_key_or_404(access_key)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        # A signed-in customer who may answer writes as themselves (an organisation admin too).
        user = request.user
        author = (
            user if isinstance(user, User) and not user.is_staff_member and may_answer(user, found) else found.customer
        )
        try:
            answered = customer_answer(
                ticket_id=found.pk,
                author=author,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                channel=Channel.WEB,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if answered.pk != found.pk:
                messages.success(request, _("Thank you: your answer is a new request, linked to the earlier one."))
                return redirect("portal:ticket", access_key=answered.access_key)
            messages.success(request, _("Thank you: your answer is on your request, and we have been told."))
            return redirect("portal:ticket", access_key=access_key)
    return _ticket_page(request, ticket_by_key_or_404(access_key), form)


def _rating_link(ticket: Ticket) -> str:
    """The invitation to rate the current resolution, while it is open (P2)."""
    if not may_rate(ticket, ticket.reopen_count):
        return ""
    return reverse("portal:rate", args=[rating_token(ticket)])


def _wait_text(ticket: Ticket) -> str:
    """The expected wait as of now (the queue moves), while the first response is still awaited."""
    if not ticket.is_open or ticket.first_response_at is not None:
        return ""
    return wait_label(expected_wait(ticket), clock.now())


def _ticket_page(request: HttpRequest, found: Ticket, form: ReplyForm) -> HttpResponse:
    activate_reader_zone(request, found)
    context = {
        "ticket": found,
        "conversation": public_messages(found),
        "timeline": customer_timeline(found),
        "just_created": "new" in request.GET,
        "responsible": responsible_label(found),
        "wait_text": _wait_text(found),
        "reply_form": form,
        "may_reply": may_answer(found.customer, found),
        "follows_up": not may_reply(found.customer, found) and may_answer(found.customer, found),
        "rating_link": _rating_link(found),
    }
    return private(render(request, "portal/ticket.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request: AuthedRequest) -> HttpResponse:
    """A customer's new request (web channel); the confirmation is the ticket's own page."""
    if request.user.is_staff_member:
        return redirect("workstation:ticket_list")
    contact = Contact.objects.filter(user=request.user).first()
    if contact is None:
        raise Http404
    form = NewRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = ticket_submit(
                customer=contact,
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["body"],
                priority=form.cleaned_data["priority"],
                fields={"category": form.cleaned_data["category"]} if form.cleaned_data["category"] else None,
                files=form.cleaned_data["attachments"],
                actor=request.user,
                channel=Channel.WEB,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            request_sent(request)
            return redirect(reverse("portal:ticket", args=[created.access_key]) + "?new=1")
    return render(request, "portal/new_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def web_request(request: HttpRequest) -> HttpResponse:
    """The public request form (I1): the confirmation, with the link to follow the ticket, goes by email."""
    form = WebRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.from_a_bot:  # answered like a success, so the bot learns nothing
            log.info("web form: honeypot filled from %s; nothing created", client_address(request))
            return redirect("portal:web_request_sent")
        data = form.cleaned_data
        try:
            ticket = web_form_submit(
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                description=data["body"],
                category=data["category"],
                files=data["attachments"],
                address=client_address(request),
                language=get_language() or settings.LANGUAGE_CODE,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            request_sent(request)
            return redirect(reverse("portal:web_request_sent") + f"?number={ticket.number}")
    return render(request, "portal/web_request.html", {"form": form})


@require_GET
def web_request_sent(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "")
    return render(request, "portal/web_request_sent.html", {"number": number if number.isdigit() else ""})


@require_safe  # the link is in emails too, and scanners check it with HEAD
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
    activate_reader_zone(request)
    tickets = tickets_visible_to(request.user).order_by("-created_at", "-id")
    page = Paginator(tickets, settings.DISPATCHDESK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_tickets.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    """The customer's own settings (the time zone the portal's times are shown in)."""
    contact = Contact.objects.filter(user=request.user).first()
    if contact is None:
        raise Http404  # staff and people without a contact have their settings elsewhere
    form = PreferencesForm(request.POST or None, initial={"time_zone": contact.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            contact_preferences_save(actor=request.user, time_zone=form.cleaned_data["time_zone"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your preferences were saved."))
            return redirect("portal:preferences")
    activate_reader_zone(request)
    return render(request, "portal/preferences.html", {"form": form, "desk_zone": settings.TIME_ZONE})


# --- helpers -------------------------------------------------------------------------------


def lookup(request: HttpRequest, form: LookupForm) -> Ticket | None:
    """The ticket for a valid form, or None with one generic error on the form."""
    address = client_address(request)
    if not within_limit("lookup", address, limit=LOOKUP_LIMIT, window_s=LOOKUP_WINDOW_SECONDS):
        form.add_error(None, _("Too many lookups from your network. Please try again in a few minutes."))
        return None
    try:
        return ticket_for_lookup(number=form.cleaned_data["number"], email=form.cleaned_data["email"])
    except Ticket.DoesNotExist:
        # The same words for an unknown number and a wrong email: nothing to enumerate.
        form.add_error(None, _("We could not find a ticket with this number and email address."))
        return None


def ticket_by_key_or_404(access_key: str) -> Ticket:
    try:
        return ticket_by_access_key(access_key)
    except Ticket.DoesNotExist:
        raise Http404 from None


def private(response: HttpResponse) -> HttpResponse:
    """The access key is in the URL: keep it out of referrers, shared caches and search engines."""
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the page's own
    # forms, and Django's CSRF check refuses the customer's answer.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
