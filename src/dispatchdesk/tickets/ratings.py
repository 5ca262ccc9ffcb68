"""The satisfaction invitation's link (P2): signed, naming the ticket and the resolution it is for.

A ticket's resolution is its reopen_count when it was resolved, so a ticket reopened and resolved
again invites a new rating, and the earlier link is refused (tickets.permissions.may_rate).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.models import Ticket

SALT = "dispatchdesk.tickets.rating"


@dataclass(frozen=True, slots=True)
class RatingInvitation:
    ticket_id: int
    resolution: int


def rating_token(ticket: Ticket) -> str:
    """The link's token for the ticket's current resolution."""
    return signing.dumps([ticket.pk, ticket.reopen_count], salt=SALT)


def rating_invitation(token: str) -> RatingInvitation:
    """What a token invites to rate; a changed, truncated or very old token is refused."""
    try:
        ticket_id, resolution = signing.loads(token, salt=SALT, max_age=settings.DISPATCHDESK_RATING_LINK_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(
            _("This rating link is not valid. Please use the link from our email as it is."),
            code="bad_rating_link",
            status=400,
        ) from None
    return RatingInvitation(ticket_id=int(ticket_id), resolution=int(resolution))
