"""The sweep returns stale or stranded unaccepted work and offers queued work again."""

from datetime import timedelta

import pytest
import time_machine

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, DispatchMode, Presence, Skill, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services.sweep import dispatch_sweep
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Status, Ticket
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory


@pytest.fixture
def group(db: None) -> SkillGroup:
    return SkillGroupFactory(mode=DispatchMode.AUTOMATIC)


@pytest.fixture
def skill(db: None) -> Skill:
    return Skill.objects.create(slug="printers", name="Printers")


def agent(group: SkillGroup, skill: Skill, presence: str = Presence.ONLINE) -> User:
    profile = AgentFactory(presence=presence, groups=[group])
    AgentSkill.objects.create(agent=profile, skill=skill, proficiency=3)
    return profile.user


def submit(group: SkillGroup, skill: Skill) -> Ticket:
    return ticket_submit(
        customer=ContactFactory(),
        subject="Printer jam",
        description="x",
        fields={"group": group, "required_skills": [skill]},
        channel=Channel.WEB,
    )


def test_unaccepted_work_past_the_timeout_returns_to_the_queue(group: SkillGroup, skill: Skill) -> None:
    slow = agent(group, skill)
    ticket = submit(group, skill)
    assert ticket.assignee == slow

    with time_machine.travel(clock.now() + timedelta(minutes=16), tick=False):
        report = dispatch_sweep()

    assert report.timed_out == 1
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert DispatchDecision.objects.filter(ticket=ticket, outcome=Outcome.TIMED_OUT, agent=slow).exists()


def test_timed_out_work_goes_to_someone_else(group: SkillGroup, skill: Skill) -> None:
    slow = agent(group, skill)
    ticket = submit(group, skill)
    other = agent(group, skill)

    with time_machine.travel(clock.now() + timedelta(minutes=16), tick=False):
        dispatch_sweep()

    ticket.refresh_from_db()
    assert ticket.assignee == other != slow


def test_fresh_unaccepted_work_stays_with_its_agent(group: SkillGroup, skill: Skill) -> None:
    holder = agent(group, skill)
    ticket = submit(group, skill)

    assert dispatch_sweep().timed_out == 0
    ticket.refresh_from_db()
    assert ticket.assignee == holder


def test_work_held_by_an_agent_who_went_offline_is_returned(group: SkillGroup, skill: Skill) -> None:
    holder = agent(group, skill)
    ticket = submit(group, skill)
    AgentProfile.objects.filter(user=holder).update(presence=Presence.OFFLINE)

    assert dispatch_sweep().unavailable == 1
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_queued_work_is_placed_once_someone_is_free(group: SkillGroup, skill: Skill) -> None:
    late = agent(group, skill, presence=Presence.OFFLINE)
    ticket = submit(group, skill)
    AgentProfile.objects.filter(user=late).update(presence=Presence.ONLINE)

    assert dispatch_sweep().dispatched == 1
    ticket.refresh_from_db()
    assert ticket.assignee == late


def test_a_second_sweep_changes_nothing(group: SkillGroup, skill: Skill) -> None:
    agent(group, skill)
    submit(group, skill)
    dispatch_sweep()
    decisions = DispatchDecision.objects.count()

    report = dispatch_sweep()

    assert (report.timed_out, report.unavailable, report.dispatched) == (0, 0, 0)
    assert DispatchDecision.objects.count() == decisions


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, as in production
def test_the_worker_runs_the_sweep_task_from_the_database_queue(group: SkillGroup, skill: Skill) -> None:
    from django.core.management import call_command

    from dispatchdesk.dispatch.tasks import run_dispatch_sweep

    late = agent(group, skill, presence=Presence.OFFLINE)
    ticket = submit(group, skill)
    AgentProfile.objects.filter(user=late).update(presence=Presence.ONLINE)

    result = run_dispatch_sweep.enqueue()
    call_command("worker", batch=True, verbosity=0)

    result.refresh()
    assert result.return_value == {"timed_out": 0, "unavailable": 0, "dispatched": 1}
    ticket.refresh_from_db()
    assert ticket.assignee == late


@pytest.mark.usefixtures("immediate_tasks")
def test_a_freed_slot_pulls_the_most_urgent_queued_ticket(
    group: SkillGroup, skill: Skill, django_capture_on_commit_callbacks
) -> None:
    from dispatchdesk.tickets.services import ticket_accept, ticket_change_status

    solo = agent(group, skill)
    AgentProfile.objects.filter(user=solo).update(capacity=1)
    first = submit(group, skill)
    waiting_low, waiting_urgent = (
        submit(group, skill),
        ticket_submit(
            customer=ContactFactory(),
            subject="Printer on fire",
            description="x",
            priority=1,
            fields={"group": group, "required_skills": [skill]},
            channel=Channel.WEB,
        ),
    )
    assert (waiting_low.status, waiting_urgent.status) == (Status.NEW, Status.NEW)
    ticket_accept(ticket_id=first.pk, actor=solo)

    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket_id=first.pk, to=Status.RESOLVED, actor=solo)

    waiting_urgent.refresh_from_db()
    waiting_low.refresh_from_db()
    assert waiting_urgent.assignee == solo
    assert waiting_low.status == Status.NEW
