"""demo.health's figures on a small desk worked out by hand (office hours Mon-Fri 09:00-18:00, Berlin).

Targets for Normal: first response 240, resolution 1080 business minutes; Urgent: 30 and 240.
"""

from datetime import datetime

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.demo.health import Attainment, desk_health
from dispatchdesk.sla.models import Policy
from dispatchdesk.tickets.models import Priority, Status, Ticket
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)
from tests.sla.desk import at, office, open_ticket, policy

# 2026-11-02 is a Monday; the desk is looked at on Friday the 6th at noon.
NOW = at(6, 12)


@pytest.fixture
def standard(db: None) -> Policy:
    return policy(office())


def reply(ticket: Ticket, author: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_reply(ticket_id=ticket.pk, author=author, body="Looking into it.")


def move(ticket: Ticket, to: str, actor: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_change_status(ticket_id=ticket.pk, to=to, actor=actor)


@pytest.fixture
def desk(standard: Policy, carol: User, alice: User, bob: User, network: SkillGroup) -> dict[str, Ticket]:
    customer = carol.contact
    tickets = {name: open_ticket(at(*when), customer, network) for name, when in _ARRIVALS.items()}
    # In time both ways: answered after 120 minutes, resolved after 480 + 60.
    reply(tickets["quick"], alice, at(2, 12))
    move(tickets["quick"], Status.RESOLVED, alice, at(3, 10))
    # Answered after 60 + 240 = 300 > 240 minutes, and open past its resolution target since Thursday.
    reply(tickets["late"], alice, at(3, 13))
    # Answered at exactly 240 minutes as Normal; raised to Urgent afterwards, which its resolution misses.
    reply(tickets["raised"], alice, at(3, 13))
    with frozen_at(at(3, 14)):
        ticket_update_fields(ticket_id=tickets["raised"].pk, actor=alice, changes={"priority": Priority.URGENT})
    # Waiting for the customer from Monday 10:00 to Wednesday 09:00 does not count: 60 + 480 = 540.
    paused = tickets["paused"]
    with frozen_at(at(2, 9, 10)):
        ticket_assign(ticket_id=paused.pk, agent_id=alice.pk, actor=bob)
        ticket_accept(ticket_id=paused.pk, actor=alice)
    reply(paused, alice, at(2, 9, 30))
    move(paused, Status.AWAITING_CUSTOMER, alice, at(2, 10))
    with frozen_at(at(4, 9)):
        ticket_reply(ticket_id=paused.pk, author=carol, body="Here is the log.")
    move(paused, Status.RESOLVED, alice, at(4, 17))
    return tickets


_ARRIVALS = {
    "quick": (2, 10),
    "late": (2, 17),
    "raised": (3, 9),
    "paused": (2, 9),
    "fresh": (6, 11, 30),  # neither answered nor overdue: not counted yet
}


def test_attainment_counts_what_was_met_missed_or_is_overdue(desk: dict[str, Ticket]) -> None:
    health = desk_health(now=NOW)

    assert health.first_response == Attainment(met=3, counted=4)  # quick, raised, paused; late missed
    assert health.resolution == Attainment(met=2, counted=4)  # quick, paused; late and raised overdue
    assert health.first_response.share == 0.75


def test_the_backlog_and_its_states(desk: dict[str, Ticket]) -> None:
    health = desk_health(now=NOW)

    assert health.arrivals == 5
    assert health.open == 3
    assert health.by_status == {Status.NEW: 3}
    assert (health.breached, health.at_risk) == (2, 0)  # late and raised; fresh is running
    assert health.unassigned == 3
    assert health.oldest_unassigned == NOW - at(2, 17)
    assert health.vip_unassigned == 0
    assert health.backlog_days == pytest.approx(3 / (5 / 30))


def test_only_the_period_counts(desk: dict[str, Ticket]) -> None:
    health = desk_health(now=NOW, days=4)  # since Monday noon: late, raised and fresh

    assert health.arrivals == 3
    assert health.first_response == Attainment(met=1, counted=2)
    assert health.resolution == Attainment(met=0, counted=2)
    assert health.backlog_days == pytest.approx(3 / (3 / 4))
