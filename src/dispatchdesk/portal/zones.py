"""The portal shows times in its reader's time zone (issue 13): the signed-in customer's contact's,
else, on a page opened by access key, the ticket's customer's; blank means the desk's (settings.TIME_ZONE)."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest
from django.utils import timezone

from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import Ticket


def activate_reader_zone(request: HttpRequest, ticket: Ticket | None = None) -> None:
    """Render this request's times in the reader's zone (the middleware has set the desk's or the user's)."""
    reader = Contact.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    if reader is None and ticket is not None and not (request.user.is_authenticated and request.user.is_staff_member):
        reader = ticket.customer
    if reader is None or not reader.time_zone:
        return
    try:
        timezone.activate(ZoneInfo(reader.time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        return  # a zone this system no longer knows: the desk's, as before
