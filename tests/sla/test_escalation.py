"""At risk and breached: each fires once per clock, runs the escalation rules, and lands in the timeline."""

import pytest

from dispatchdesk.accounts.models import Presence, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.sla.escalation import sla_check
from dispatchdesk.sla.models import EscalationRule, Policy, TicketSla, Trigger
from dispatchdesk.sla.sweep import sla_sweep
from dispatchdesk.tickets.models import EventKind, Priority, Status, Ticket
from dispatchdesk.tickets.services import ticket_assign
from tests.conftest import Capture
from tests.sla.desk import at, office, open_ticket, policy

pytestmark = pytest.mark.usefixtures("immediate_tasks")

MONDAY = 23  # 2026-11-23; a P3 ticket opened at 09:00 is at risk from 12:00 and breached at 13:00


@pytest.fixture
def standard(db: None) -> Policy:
    return policy(office())


def check(ticket: Ticket, hour: int, minute: int = 0) -> str | None:
    with frozen_at(at(MONDAY, hour, minute)):
        return sla_check(ticket_id=ticket.pk)


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.timeline.values_list("kind", flat=True))


def test_at_risk_then_breached_each_fire_once(standard: Policy, carol: User, network: SkillGroup) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    fired = [check(ticket, 11), check(ticket, 12), check(ticket, 12, 30), check(ticket, 13), check(ticket, 14)]

    assert fired == [None, Trigger.AT_RISK, None, Trigger.BREACHED, None]
    assert kinds(ticket).count(EventKind.SLA_WARNING) == 1
    assert kinds(ticket).count(EventKind.SLA_BREACH) == 1
    assert TicketSla.objects.get(ticket=ticket).breaches == 1


def test_a_check_found_late_fires_the_breach_without_a_warning_first(
    standard: Policy, carol: User, network: SkillGroup
) -> None:
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)

    assert [check(ticket, 16), check(ticket, 16)] == [Trigger.BREACHED, None]
    assert EventKind.SLA_WARNING not in kinds(ticket)


@pytest.mark.usefixtures("dave")  # the manager
def test_the_rules_notify_assignee_lead_and_managers_and_raise_the_priority(
    standard: Policy, carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    network.lead = bob
    network.save()
    EscalationRule.objects.create(name="Warn the agent", trigger=Trigger.AT_RISK, notify_assignee=True)
    EscalationRule.objects.create(
        name="Breach", trigger=Trigger.BREACHED, notify_lead=True, notify_managers=True, raise_priority=True
    )
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    with frozen_at(at(MONDAY, 9, 5)):
        ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    Notification.objects.all().delete()  # the assignment's own

    check(ticket, 12)
    check(ticket, 13)

    told = set(Notification.objects.values_list("recipient__username", "kind"))
    assert told == {("alice", Kind.SLA_AT_RISK), ("bob", Kind.SLA_BREACHED), ("dave", Kind.SLA_BREACHED)}
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.HIGH
    assert EventKind.PRIORITY in kinds(ticket)
    # The raised priority moved the deadline (P2: 1 h), but this clock has fired: nothing fires again.
    assert check(ticket, 15) is None


@pytest.mark.usefixtures("standard")
def test_reassign_takes_the_ticket_back_and_dispatches_it_again(
    carol: User,
    alice: User,
    bob: User,
    network: SkillGroup,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    EscalationRule.objects.create(name="Reassign", trigger=Trigger.BREACHED, reassign=True)
    ticket = open_ticket(at(MONDAY, 9), carol.contact, network)
    with frozen_at(at(MONDAY, 9, 5)):
        ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    alice.agent.presence = Presence.OFFLINE
    alice.agent.save()

    with django_capture_on_commit_callbacks(execute=True):  # dispatch runs once the check has committed
        check(ticket, 13)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee_id) == (Status.NEW, None)  # nobody else is online: queued
    assert ticket.decisions.exists()


def test_the_sweep_catches_what_timers_missed_and_only_once(standard: Policy, carol: User, network: SkillGroup) -> None:
    late = open_ticket(at(MONDAY, 9), carol.contact, network)
    on_time = open_ticket(at(MONDAY, 12), carol.contact, network)

    first, second = sla_sweep(now=at(MONDAY, 13, 30)), sla_sweep(now=at(MONDAY, 13, 30))

    assert (first, second) == (1, 0)
    assert EventKind.SLA_BREACH in kinds(late)
    assert not {EventKind.SLA_WARNING, EventKind.SLA_BREACH} & set(kinds(on_time))
