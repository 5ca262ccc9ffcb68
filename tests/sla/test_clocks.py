"""A ticket's SLA clocks follow its events: created, replied, paused, resumed, re-prioritised."""

from datetime import datetime

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.sla.models import Clock, Policy, TicketSla
from dispatchdesk.tickets.models import Category, Priority, Status, Ticket
from dispatchdesk.tickets.services import (
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, PAUSED, RUNNING, in_sla_state
from tests.sla.desk import at, office, open_ticket, policy

# 2026-11-20 is a Friday, the 23rd a Monday.
FRIDAY, MONDAY = 20, 23


@pytest.fixture
def standard(db: None) -> Policy:
    return policy(office())


def sla_of(ticket: Ticket) -> TicketSla:
    return TicketSla.objects.get(ticket=ticket)


def reply(ticket: Ticket, author: User, moment: datetime, body: str = "Any news?") -> None:
    with frozen_at(moment):
        ticket_reply(ticket_id=ticket.pk, author=author, body=body)


def move(ticket: Ticket, to: str, actor: User, moment: datetime) -> None:
    with frozen_at(moment):
        ticket_change_status(ticket_id=ticket.pk, to=to, actor=actor)


def test_the_first_response_clock_runs_on_business_hours_only(
    standard: Policy, carol: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(FRIDAY, 17), carol.contact, network)

    sla = sla_of(ticket)

    # 4 business hours: Friday 17-18, then Monday 09-12; at risk after 3 of them (75 %).
    assert sla.policy == standard
    assert (sla.due_clock, sla.due_at, sla.warn_at) == (Clock.FIRST_RESPONSE, at(MONDAY, 12), at(MONDAY, 11))
    assert sla.resolution_due == at(MONDAY + 1, 17)  # 18 business hours: 1 + 9 + 8


def test_an_agents_reply_meets_the_first_response_and_the_resolution_clock_is_next(
    standard: Policy, carol: User, alice: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(FRIDAY, 17), carol.contact, network)

    reply(ticket, alice, at(MONDAY, 9, 30), "Please restart it.")

    sla = sla_of(ticket)
    assert sla.first_responded_at == at(MONDAY, 9, 30)
    assert sla.first_response_due is None
    assert (sla.due_clock, sla.due_at) == (Clock.RESOLUTION, at(MONDAY + 1, 17))


def test_the_customers_answer_starts_the_next_response_clock(
    standard: Policy, carol: User, alice: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    reply(ticket, alice, at(MONDAY, 9, 10), "Please restart it.")

    reply(ticket, carol, at(MONDAY, 10), "Still offline.")
    waiting = sla_of(ticket)
    reply(ticket, alice, at(MONDAY, 11), "Sending a technician.")

    assert (waiting.due_clock, waiting.next_response_due) == (Clock.NEXT_RESPONSE, at(MONDAY, 14))
    assert sla_of(ticket).next_response_due is None


def test_awaiting_the_customer_stops_every_clock_and_the_pause_is_added_on_resume(
    standard: Policy, carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    with frozen_at(at(MONDAY, 9, 5)):
        ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    move(ticket, Status.IN_PROGRESS, alice, at(MONDAY, 9, 10))

    move(ticket, Status.AWAITING_CUSTOMER, alice, at(MONDAY, 10))
    paused = sla_of(ticket)
    reply(ticket, carol, at(MONDAY, 15), "Here is the log.")  # the customer's reply resumes the work

    assert (paused.due_at, paused.warn_at, paused.paused_since) == (None, None, at(MONDAY, 10))
    resumed = sla_of(ticket)
    assert resumed.paused_since is None
    # 5 paused business hours: first response due 13:00 becomes 18:00.
    assert resumed.first_response_due == at(MONDAY, 18)


def test_a_raised_priority_shortens_the_deadlines_from_the_start(
    standard: Policy, carol: User, bob: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    with frozen_at(at(MONDAY, 9, 10)):
        ticket_update_fields(ticket_id=ticket.pk, actor=bob, changes={"priority": Priority.URGENT})

    assert sla_of(ticket).first_response_due == at(MONDAY, 9, 30)


def test_resolving_stops_the_clocks_and_a_reopen_resumes_them(
    standard: Policy, carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    reply(ticket, alice, at(MONDAY, 9, 10), "Fixed.")
    with frozen_at(at(MONDAY, 9, 15)):
        ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    move(ticket, Status.IN_PROGRESS, alice, at(MONDAY, 9, 20))
    move(ticket, Status.RESOLVED, alice, at(MONDAY, 10))

    resolved = sla_of(ticket)
    reply(ticket, carol, at(MONDAY, 12), "It broke again.")

    assert resolved.due_at is None
    # 1 h ran before resolution, 2 h were paused while resolved; 17 h remain: Monday 12-18, Tuesday, Wednesday 9-11.
    assert sla_of(ticket).resolution_due == at(MONDAY + 2, 11)


def test_the_most_specific_policy_applies(standard: Policy, carol: User, bob: User, network: SkillGroup) -> None:
    printers = Category.objects.create(slug="printers", name="Printers")
    vip = policy(standard.calendar, "VIP", scale=0.5, customer_tier=CustomerTier.VIP)
    vip_printers = policy(
        standard.calendar, "VIP printers", scale=0.25, customer_tier=CustomerTier.VIP, category=printers
    )
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    assert sla_of(ticket).policy == standard

    carol.contact.tier = CustomerTier.VIP
    carol.contact.save()
    vip_ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    assert sla_of(vip_ticket).policy == vip
    assert sla_of(vip_ticket).first_response_due == at(MONDAY, 11)
    with frozen_at(at(MONDAY, 9)):
        printer_ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
        ticket_update_fields(ticket_id=printer_ticket.pk, actor=bob, changes={"category": printers})
    assert sla_of(printer_ticket).policy == vip_printers


def test_without_a_policy_there_is_no_deadline(carol: User, network: SkillGroup) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    sla = sla_of(ticket)
    assert (sla.policy, sla.due_at, sla.warn_at) == (None, None, None)


def test_lists_tell_on_time_at_risk_and_breached_apart_in_the_database(
    standard: Policy, carol: User, network: SkillGroup
) -> None:
    early = open_ticket(at(MONDAY, 9), carol.contact, network)  # first response due 13:00, at risk from 12:00
    later = open_ticket(at(MONDAY, 11), carol.contact, network)  # due 15:00, at risk from 14:00
    latest = open_ticket(at(MONDAY, 12, 30), carol.contact, network)  # due 16:30, at risk from 15:30

    now = at(MONDAY, 14, 30)
    states = {state: set(in_sla_state(Ticket.objects.all(), state, now=now)) for state in (BREACHED, AT_RISK, RUNNING)}

    assert states == {BREACHED: {early}, AT_RISK: {later}, RUNNING: {latest}}


def test_the_ticket_row_keeps_a_copy_of_its_clocks_for_the_lists(
    standard: Policy, carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    def copy() -> tuple[object, ...]:
        row = Ticket.objects.get(pk=ticket.pk)
        return (row.sla_due_at, row.sla_warn_at, row.sla_paused)

    def clocks() -> tuple[object, ...]:
        sla = sla_of(ticket)
        return (sla.due_at, sla.warn_at, sla.paused_since is not None)

    created = copy()
    with frozen_at(at(MONDAY, 9, 5)):
        ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    move(ticket, Status.IN_PROGRESS, alice, at(MONDAY, 9, 10))
    move(ticket, Status.AWAITING_CUSTOMER, alice, at(MONDAY, 10))
    paused = (copy(), clocks(), set(in_sla_state(Ticket.objects.all(), PAUSED, now=at(MONDAY, 11))))
    reply(ticket, carol, at(MONDAY, 15), "Here is the log.")

    assert created == (at(MONDAY, 13), at(MONDAY, 12), False)
    assert paused == ((None, None, True), (None, None, True), {ticket})
    assert copy() == clocks() == (at(MONDAY, 18), at(MONDAY, 17), False)
