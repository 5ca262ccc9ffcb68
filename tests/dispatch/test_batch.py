"""Live batch dispatch (a group's policy "sla-batch"): the engine's offers, applied under the usual locks."""

from datetime import timedelta

import pytest

from dispatchdesk.accounts.models import (
    AgentProfile,
    AgentSkill,
    DispatchMode,
    DispatchPolicy,
    Presence,
    Skill,
    SkillGroup,
    User,
)
from dispatchdesk.common import clock
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services import ticket_decline
from dispatchdesk.dispatch.services.sweep import dispatch_sweep
from dispatchdesk.sla.models import Calendar
from dispatchdesk.tickets.models import Priority, Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_change_status
from tests.conftest import Capture
from tests.dispatch.conftest import Submit
from tests.factories import AgentFactory, SkillGroupFactory
from tests.sla.desk import policy


@pytest.fixture
def batched(db: None) -> SkillGroup:
    return SkillGroupFactory(mode=DispatchMode.AUTOMATIC, policy=DispatchPolicy.SLA_BATCH)


@pytest.fixture
def around_the_clock(db: None) -> None:
    """Deadlines from a 24/7 calendar: P1 answered within 30 minutes, P4 within 9 hours."""
    policy(Calendar.objects.create(name="24/7", time_zone="UTC", always_open=True))


def agent(group: SkillGroup, skill: Skill, level: int, **profile: object) -> User:
    made = AgentFactory(groups=[group], **{"presence": Presence.ONLINE, **profile})
    AgentSkill.objects.create(agent=made, skill=skill, proficiency=level)
    return made.user


def test_a_new_ticket_goes_to_the_best_offer_and_the_decision_says_so(
    submit: Submit, vpn: Skill, batched: SkillGroup
) -> None:
    agent(batched, vpn, 2)
    expert = agent(batched, vpn, 5)

    ticket = submit(batched)

    assert ticket.assignee == expert  # the faster agent is busy for less time: the better offer
    decision = DispatchDecision.objects.get(ticket=ticket)
    assert (decision.outcome, decision.policy) == (Outcome.ASSIGNED, DispatchPolicy.SLA_BATCH)
    assert [c["agent_id"] for c in decision.candidates][:1] == [expert.pk]
    assert {f["name"] for f in decision.candidates[0]["factors"]} >= {"skill match", "urgency"}


@pytest.mark.usefixtures("around_the_clock", "immediate_tasks")
def test_a_freed_slot_takes_the_earliest_deadline_not_the_oldest_ticket(
    submit: Submit, vpn: Skill, batched: SkillGroup, django_capture_on_commit_callbacks: Capture
) -> None:
    only = agent(batched, vpn, 3, capacity=1)
    now = clock.now()
    with frozen_at(now):
        busy = submit(batched)
        ticket_accept(ticket_id=busy.pk, actor=only)
    with frozen_at(now + timedelta(minutes=1)):
        older = submit(batched, priority=Priority.LOW)  # due in 9 hours
    with frozen_at(now + timedelta(minutes=2)):
        urgent = submit(batched, priority=Priority.URGENT)  # due in 30 minutes
    assert (older.status, urgent.status) == (Status.NEW, Status.NEW)

    with frozen_at(now + timedelta(minutes=3)), django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket_id=busy.pk, to=Status.RESOLVED, actor=only)

    urgent.refresh_from_db()
    older.refresh_from_db()
    assert (urgent.assignee, older.assignee) == (only, None)
    assert DispatchDecision.objects.filter(ticket=urgent, outcome=Outcome.ASSIGNED, policy="sla-batch").exists()


def test_the_sweep_matches_a_batch_groups_queue_with_the_agents_who_came_online(
    submit: Submit, vpn: Skill, batched: SkillGroup
) -> None:
    first = agent(batched, vpn, 4, presence=Presence.OFFLINE, capacity=1)
    second = agent(batched, vpn, 2, presence=Presence.OFFLINE, capacity=1)
    waiting = [submit(batched), submit(batched)]
    AgentProfile.objects.update(presence=Presence.ONLINE)  # as a shift starts: no request dispatches

    report = dispatch_sweep()

    owners = {t.pk: Ticket.objects.get(pk=t.pk).assignee for t in waiting}
    assert report.dispatched == 2
    assert set(owners.values()) == {first, second}


def test_who_declined_a_ticket_is_not_given_it_again_by_the_batch(
    submit: Submit, vpn: Skill, batched: SkillGroup
) -> None:
    picky = agent(batched, vpn, 5)
    ticket = submit(batched)
    assert ticket.assignee == picky

    ticket_decline(ticket_id=ticket.pk, agent=picky, reason="Not my area")  # dispatch after commit: not here
    dispatch_sweep()

    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.assignee_id is None
