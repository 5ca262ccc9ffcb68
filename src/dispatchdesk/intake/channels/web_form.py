"""The public web form (I1): a visitor without an account writes in with a name and an email address.

The request is confirmed to that address with the link to follow it, so only the mailbox's owner can
read the ticket; the page itself shows no more than the number. Abuse limits: requests per client
address and per email address in a window (settings DISPATCHDESK_WEB_FORM_*), the form's honeypot
field (portal.forms), and the size and type limits every channel has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.rate_limit import within_limit
from dispatchdesk.customers.services import contact_for_visitor
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Category, Channel, Ticket
from dispatchdesk.tickets.services.fields import TicketFields

WINDOW_S = 3600


def web_form_submit(
    *,
    name: str,
    email: str,
    subject: str,
    description: str,
    category: Category | None,
    files: Sequence[File[Any]],
    address: str,
    language: str,
) -> Ticket:
    """A visitor's request, after the limits: the contact found or added (in the page's `language`), and the
    ticket submitted, together."""
    _require_within_limits(address=address, email=email)
    fields: TicketFields = {"category": category} if category is not None else {}
    with transaction.atomic():
        customer = contact_for_visitor(name=name, email=email, language=language)
        return ticket_submit(
            customer=customer,
            subject=subject,
            description=description,
            channel=Channel.WEB,
            fields=fields,
            files=files,
        )


def _require_within_limits(*, address: str, email: str) -> None:
    per_address: int = settings.DISPATCHDESK_WEB_FORM_PER_ADDRESS
    per_email: int = settings.DISPATCHDESK_WEB_FORM_PER_EMAIL
    if not within_limit("web-form-address", address, limit=per_address, window_s=WINDOW_S) or not within_limit(
        "web-form-email", email.strip().lower(), limit=per_email, window_s=WINDOW_S
    ):
        raise DomainError(
            _("We have received many requests from you in the last hour. Please try again later."),
            code="rate_limited",
            status=429,
        )
