"""Signing in by emailed link (P1) and rating a resolution (P2): the customer's pages behind a link.

The sign-in page says the same thing whether or not the address belongs to a contact, so it tells
nobody who our customers are; requests are throttled per client address and per email address.
A link is opened with GET (mail scanners fetch links to check them) and used only by the POST of
the page's button, so a scanner never spends a single-use link.
"""

import logging

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dispatchdesk.common.client_address import client_address
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.rate_limit import within_limit
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.portal_settings import sign_in_link_minutes
from dispatchdesk.customers.services import contact_sign_in
from dispatchdesk.customers.sign_in import contact_for_sign_in
from dispatchdesk.notifications.services import sign_in_link_send
from dispatchdesk.portal.forms import RatingForm, SignInForm
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_rate
from dispatchdesk.tickets.ratings import rating_invitation
from dispatchdesk.tickets.services import ticket_rate

log = logging.getLogger(__name__)

# Per client address: enough for a family's shared network, too few to probe a list of addresses.
SIGN_IN_PER_ADDRESS = 10
# Per email address: a few links an hour, so nobody can flood a customer's inbox through us.
SIGN_IN_PER_EMAIL = 3
SIGN_IN_WINDOW_SECONDS = 3600


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not within_limit(
            "sign-in", client_address(request), limit=SIGN_IN_PER_ADDRESS, window_s=SIGN_IN_WINDOW_SECONDS
        ):
            form.add_error(None, _("Too many sign-in requests from your network. Please try again in an hour."))
        else:
            _send_link(form.cleaned_data["email"])
            context = {"email": form.cleaned_data["email"], "minutes": sign_in_link_minutes()}
            return render(request, "portal/sign_in_sent.html", context)
    return render(request, "portal/sign_in.html", {"form": form})


def _send_link(email: str) -> None:
    """Email the link if the address is a contact's and not asked for too often; silently nothing else."""
    address = email.strip().lower()
    if not within_limit("sign-in-email", address, limit=SIGN_IN_PER_EMAIL, window_s=SIGN_IN_WINDOW_SECONDS):
        log.info("sign-in link for %s not sent: asked for too often", address)
        return
    contact = Contact.objects.filter(email__iexact=address).first()
    if contact is not None:
        sign_in_link_send(contact=contact)


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        contact = contact_for_sign_in(token)
        if request.method != "POST":
            return render(request, "portal/sign_in_link.html", {"contact": contact})
        user = contact_sign_in(token=token)
    except DomainError as error:
        return render(request, "portal/link_refused.html", {"message": error.message}, status=error.status)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("portal:my_tickets")


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The satisfaction page: the score may come preselected from the email's link (?score=5)."""
    try:
        ticket = _invited_ticket(token)
    except DomainError as error:
        return render(request, "portal/link_refused.html", {"message": error.message}, status=error.status)
    form = RatingForm(request.POST or None, initial={"score": request.GET.get("score")})
    if request.method == "POST" and form.is_valid():
        try:
            rating = ticket_rate(token=token, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return render(request, "portal/rated.html", {"ticket": ticket, "rating": rating})
    return render(request, "portal/rate.html", {"ticket": ticket, "form": form})


def _invited_ticket(token: str) -> Ticket:
    invitation = rating_invitation(token)
    ticket = Ticket.objects.select_related("customer").filter(pk=invitation.ticket_id).first()
    if ticket is None:
        raise DomainError(_("This request no longer exists."), code="not_found", status=404)
    may_rate(ticket, invitation.resolution).require()
    return ticket
