"""Resolved tickets and articles made through the real services, for the knowledge tests."""

from django.conf import settings

from dispatchdesk.accounts.models import User
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.knowledge.models import Article, Visibility
from dispatchdesk.knowledge.services import article_save
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status, ticket_reply


def resolved_ticket(customer: User, agent: User, *, subject: str, description: str, resolution: str) -> Ticket:
    """Asked by `customer`, answered by `agent` with `resolution`, then resolved."""
    ticket = ticket_import(
        customer=customer.contact,
        subject=subject,
        description=description,
        actor=customer,
        fields={"group": agent.agent.groups.first()},
        channel=Channel.WEB,
    )
    ticket_assign(ticket_id=ticket.pk, agent_id=agent.pk, actor=agent)
    ticket_accept(ticket_id=ticket.pk, actor=agent)
    ticket_reply(ticket_id=ticket.pk, author=agent, body=resolution)
    return ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=agent)


def article(
    author: User,
    *,
    title: str,
    body: str,
    language: str = settings.LANGUAGE_CODE,
    public: bool = True,
    published: bool = True,
    article_id: int | None = None,
) -> Article:
    return article_save(
        actor=author,
        article_id=article_id,
        language=language,
        title=title,
        body=body,
        category=None,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
        published=published,
    )
