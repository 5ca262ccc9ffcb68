"""The fixture desk: six tickets on Friday 20 and Monday 23 November 2026 (Berlin), figures read Monday 16:00.

Policy "Standard" on a Mon-Fri 09:00-18:00 Berlin calendar (tests/sla/desk.py): first response /
resolution targets in business minutes — P1 30 / 240, P2 60 / 480, P3 240 / 1080.

    T1 network P3  created Fri 17:00, answered Mon 09:30, resolved Mon 11:00
    T2 network P3  created Mon 09:00, answered Mon 10:00, in progress (Alice)
    T3 network P2  created Mon 09:00, answered Mon 11:00 (target 60 min: missed), resolved Mon 12:00
    T4 network P3  created Mon 10:00, answered Mon 10:30, resolved Mon 11:00, reopened by Carol Mon 12:00
                   (her answer starts the next-response clock: 240 min, at risk 15:00, due 16:00)
    T5 software P1 created Mon 09:00, never answered: both deadlines (09:30, 13:00) passed
    T6 network P3  created Mon 13:00, never answered: first response due 17:00, at risk from 16:00
    Carol rates T1 4 and T3 2 at 13:00.
"""

from dataclasses import dataclass
from datetime import datetime

from dispatchdesk.accounts.models import Presence, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.tickets.models import Priority, Status, Ticket
from dispatchdesk.tickets.ratings import rating_token
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status, ticket_reply
from dispatchdesk.tickets.services.rating import ticket_rate
from tests.sla.desk import at, office, open_ticket, policy

FRIDAY, MONDAY = 20, 23
READ_AT = at(MONDAY, 16)


@dataclass
class Desk:
    tickets: dict[str, Ticket]


def reply(ticket: Ticket, author: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_reply(ticket_id=ticket.pk, author=author, body="On it.")


def take(ticket: Ticket, agent: User, lead: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_assign(ticket_id=ticket.pk, agent_id=agent.pk, actor=lead)
        ticket_accept(ticket_id=ticket.pk, actor=agent)


def resolve(ticket: Ticket, agent: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_change_status(ticket_id=ticket.pk, to=Status.RESOLVED, actor=agent)


def rate(ticket: Ticket, score: int, moment: datetime) -> None:
    with frozen_at(moment):
        ticket.refresh_from_db()
        ticket_rate(token=rating_token(ticket), score=score)


def build_desk(*, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    policy(office())
    customer = carol.contact
    t1 = open_ticket(at(FRIDAY, 17), customer, network)
    t2 = open_ticket(at(MONDAY, 9), customer, network)
    t3 = open_ticket(at(MONDAY, 9), customer, network, priority=Priority.HIGH)
    t5 = open_ticket(at(MONDAY, 9), customer, software, priority=Priority.URGENT)
    t4 = open_ticket(at(MONDAY, 10), customer, network)
    t6 = open_ticket(at(MONDAY, 13), customer, network)

    take(t1, alice, bob, at(MONDAY, 9, 15))
    reply(t1, alice, at(MONDAY, 9, 30))
    resolve(t1, alice, at(MONDAY, 11))

    take(t2, alice, bob, at(MONDAY, 9, 5))
    reply(t2, alice, at(MONDAY, 10))

    take(t3, alice, bob, at(MONDAY, 10, 30))
    reply(t3, alice, at(MONDAY, 11))
    resolve(t3, alice, at(MONDAY, 12))

    take(t4, alice, bob, at(MONDAY, 10, 15))
    reply(t4, alice, at(MONDAY, 10, 30))
    resolve(t4, alice, at(MONDAY, 11))
    reply(t4, carol, at(MONDAY, 12))  # the customer answers: resolved work reopens

    rate(t1, 4, at(MONDAY, 13))  # satisfied
    rate(t3, 2, at(MONDAY, 13))  # not satisfied

    alice.agent.presence = Presence.ONLINE
    alice.agent.save(update_fields=["presence"])
    return Desk({"T1": t1, "T2": t2, "T3": t3, "T4": t4, "T5": t5, "T6": t6})
