"""The customer's satisfaction rating of a resolution (P2)."""

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.events import publish
from dispatchdesk.common.sanitize import clean_text, strip_bidi_controls
from dispatchdesk.tickets.events import TicketRated
from dispatchdesk.tickets.models import EventKind, Rating, Ticket
from dispatchdesk.tickets.permissions import may_rate
from dispatchdesk.tickets.ratings import rating_invitation
from dispatchdesk.tickets.services.timeline import timeline_record

MAX_COMMENT = 2000


@transaction.atomic
def ticket_rate(*, token: str, score: int, comment: str = "") -> Rating:
    """Rate the resolution the link names, once. Whoever holds the emailed link is the customer,
    as with the ticket's access key; the rating goes on the timeline and is announced (TicketRated)."""
    invitation = rating_invitation(token)
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=invitation.ticket_id)
    may_rate(ticket, invitation.resolution).require()
    text = _checked(score, comment)
    rating = Rating.objects.create(
        ticket=ticket,
        resolution=invitation.resolution,
        score=score,
        comment=text,
        agent_id=ticket.assignee_id,
        group_id=ticket.group_id,
    )
    ticket.satisfaction = score
    ticket.save(update_fields=["satisfaction"])
    timeline_record(
        ticket=ticket,
        kind=EventKind.RATING,
        actor=ticket.customer.user if ticket.customer.user_id else None,
        actor_label=ticket.customer.name,
        public=True,
        data={"rating": score, "comment": text},
    )
    publish(TicketRated(ticket, rating))
    return rating


def _checked(score: int, comment: str) -> str:
    if score not in range(1, 6):
        raise DomainError(_("Choose a rating from 1 to 5."), code="invalid_rating", status=422)
    text = strip_bidi_controls(clean_text(comment)).strip()
    if len(text) > MAX_COMMENT:
        raise DomainError(
            _("Please keep the comment under %(count)d characters.") % {"count": MAX_COMMENT},
            code="comment_too_long",
            status=422,
        )
    return text
