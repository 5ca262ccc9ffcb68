"""Escalation to L2: the agent is released, the ticket moves to the specialists and is dispatched again."""

from typing import Any

import pytest
from django.db.models import Count, Q

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, DispatchMode, Presence, Skill, SkillGroup, Tier, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services import ticket_escalate
from dispatchdesk.tickets.models import ACTIVE_STATUSES, EventKind, Status, Ticket, TimelineEvent
from dispatchdesk.tickets.services import ticket_accept, ticket_change_status
from tests.dispatch.conftest import Submit
from tests.factories import AgentFactory, SkillFactory, SkillGroupFactory


@pytest.fixture
def first_line(db: None) -> SkillGroup:
    return SkillGroupFactory(slug="first-line", mode=DispatchMode.AUTOMATIC)


@pytest.fixture
def specialists(db: None) -> SkillGroup:
    return SkillGroupFactory(slug="specialists", tier=Tier.L2, mode=DispatchMode.HYBRID)


def online_agent(groups: list[SkillGroup], skills: dict[Skill, int], **profile: Any) -> User:
    agent = AgentFactory(groups=groups, **{"presence": Presence.ONLINE, **profile})
    for skill, level in skills.items():
        AgentSkill.objects.create(agent=agent, skill=skill, proficiency=level)
    return agent.user


def loads_differing_from_a_recount() -> dict[int, tuple[int, int]]:
    active = Count("user__assigned_tickets", filter=Q(user__assigned_tickets__status__in=ACTIVE_STATUSES))
    profiles = AgentProfile.objects.annotate(recount=active)
    return {p.user_id: (p.load, p.recount) for p in profiles if p.load != p.recount}


def load_of(user: User) -> int:
    return AgentProfile.objects.get(user=user).load


def snapshot(ticket: Ticket) -> tuple[object, ...]:
    """Everything a refused escalation must leave as it was."""
    row = Ticket.objects.values().get(pk=ticket.pk)
    return (
        row,
        TimelineEvent.objects.filter(ticket=ticket).count(),
        DispatchDecision.objects.filter(ticket=ticket).count(),
        tuple(AgentProfile.objects.order_by("pk").values_list("load", flat=True)),
    )


def test_the_assignee_escalates_to_the_l2_group_which_reviews_it_for_an_l2_agent(
    submit: Submit, vpn: Skill, first_line: SkillGroup, specialists: SkillGroup, django_capture_on_commit_callbacks: Any
) -> None:
    agent = online_agent([first_line], {vpn: 4})
    expert = online_agent([specialists], {vpn: 5}, tier=Tier.L2)
    ticket = submit(first_line)
    assert ticket.assignee == agent
    ticket_accept(ticket_id=ticket.pk, actor=agent)
    assert load_of(agent) == 1

    with django_capture_on_commit_callbacks(execute=True):
        escalated = ticket_escalate(ticket_id=ticket.pk, actor=agent, reason="Needs core router access")

    assert (escalated.tier, escalated.group, escalated.status, escalated.assignee) == (
        Tier.L2,
        specialists,
        Status.NEW,
        None,
    )
    assert load_of(agent) == 0
    assert loads_differing_from_a_recount() == {}
    event = escalated.timeline.get(kind=EventKind.ESCALATION)
    assert event.actor == agent
    assert not event.public
    assert event.data == {
        "from_tier": "L1",
        "to_tier": "L2",
        "from_group": first_line.name,
        "to_group": specialists.name,
        "released_agent_id": agent.pk,
        "reason": "Needs core router access",
    }
    status = escalated.timeline.filter(kind=EventKind.STATUS).latest("id")
    assert (status.data["from"], status.data["to"]) == (Status.IN_PROGRESS, Status.NEW)
    proposal = DispatchDecision.objects.filter(ticket=ticket).latest("id")
    assert (proposal.outcome, proposal.mode) == (Outcome.PROPOSED, DispatchMode.REVIEW)
    assert [c["agent_id"] for c in proposal.candidates] == [expert.pk]


def test_unaccepted_work_escalates_too_and_frees_the_agents_slot(
    submit: Submit, vpn: Skill, first_line: SkillGroup, specialists: SkillGroup
) -> None:
    agent = online_agent([first_line], {vpn: 4})
    online_agent([specialists], {vpn: 5}, tier=Tier.L2)
    ticket = submit(first_line)
    assert (ticket.status, load_of(agent)) == (Status.PENDING_ACCEPTANCE, 1)

    escalated = ticket_escalate(ticket_id=ticket.pk, actor=agent, reason="Out of my depth")

    assert (escalated.status, escalated.tier, escalated.group) == (Status.NEW, Tier.L2, specialists)
    assert load_of(agent) == 0
    assert loads_differing_from_a_recount() == {}


def test_the_l2_group_is_the_one_whose_members_hold_the_required_skill(
    submit: Submit, vpn: Skill, first_line: SkillGroup
) -> None:
    printers = SkillFactory(slug="printers")
    agent = online_agent([first_line], {vpn: 3})
    print_experts = SkillGroupFactory(slug="a-print-experts", tier=Tier.L2, mode=DispatchMode.QUEUE)
    network_experts = SkillGroupFactory(slug="b-network-experts", tier=Tier.L2, mode=DispatchMode.QUEUE)
    online_agent([print_experts], {printers: 5}, tier=Tier.L2, presence=Presence.OFFLINE)
    online_agent([network_experts], {vpn: 5}, tier=Tier.L2, presence=Presence.OFFLINE)
    ticket = submit(first_line)
    assert ticket.assignee == agent

    escalated = ticket_escalate(ticket_id=ticket.pk, actor=agent, reason="Tunnel config")

    assert escalated.group == network_experts
    assert DispatchDecision.objects.filter(ticket=ticket).latest("id").outcome == Outcome.QUEUED


def test_without_a_suitable_l2_group_the_ticket_stays_and_goes_to_an_l2_agent_of_its_group(
    submit: Submit, vpn: Skill, first_line: SkillGroup
) -> None:
    agent = online_agent([first_line], {vpn: 5})
    senior = online_agent([first_line], {vpn: 2}, tier=Tier.L2)
    ticket = submit(first_line)
    assert ticket.assignee == agent  # the better first-line match

    escalated = ticket_escalate(ticket_id=ticket.pk, actor=agent, reason="Needs a senior")

    assert (escalated.group, escalated.tier) == (first_line, Tier.L2)
    assert (escalated.assignee, escalated.status) == (senior, Status.PENDING_ACCEPTANCE)
    assert escalated.timeline.get(kind=EventKind.ESCALATION).data["to_group"] == first_line.name
    assert loads_differing_from_a_recount() == {}


def test_a_dispatcher_escalates_queued_work_without_a_status_change(
    submit: Submit, vpn: Skill, specialists: SkillGroup, bob: User
) -> None:
    queue = SkillGroupFactory(slug="queue", mode=DispatchMode.QUEUE)
    ticket = submit(queue)
    assert ticket.status == Status.NEW

    escalated = ticket_escalate(ticket_id=ticket.pk, actor=bob, reason="VIP, straight to L2")

    assert (escalated.status, escalated.tier) == (Status.NEW, Tier.L2)
    assert not escalated.timeline.filter(kind=EventKind.STATUS).exists()
    assert escalated.timeline.get(kind=EventKind.ESCALATION).data["released_agent_id"] is None


def test_the_group_lead_may_escalate_a_members_ticket(
    submit: Submit, vpn: Skill, first_line: SkillGroup, specialists: SkillGroup
) -> None:
    online_agent([first_line], {vpn: 4})
    lead = online_agent([first_line], {}, presence=Presence.OFFLINE)
    first_line.lead = lead
    first_line.save()
    ticket = submit(first_line)

    escalated = ticket_escalate(ticket_id=ticket.pk, actor=lead, reason="Known L2 issue")

    assert escalated.tier == Tier.L2


# --- refusals: each one changes nothing ------------------------------------------------------


@pytest.fixture
def assigned(submit: Submit, vpn: Skill, first_line: SkillGroup, specialists: SkillGroup) -> Ticket:
    online_agent([first_line], {vpn: 4})
    online_agent([specialists], {vpn: 5}, tier=Tier.L2)
    ticket = submit(first_line)
    assert ticket.assignee is not None
    return ticket


def test_an_l2_ticket_cannot_be_escalated_again(assigned: Ticket) -> None:
    assert assigned.assignee is not None
    escalated = ticket_escalate(ticket_id=assigned.pk, actor=assigned.assignee, reason="first time")
    before = snapshot(escalated)

    with pytest.raises(DomainError, match="already with L2") as refused:
        ticket_escalate(ticket_id=assigned.pk, actor=assigned.assignee, reason="again")

    assert (refused.value.status, refused.value.code) == (409, "already_escalated")
    assert snapshot(escalated) == before


@pytest.mark.parametrize("status", [Status.CLOSED, Status.RESOLVED, Status.AWAITING_CUSTOMER])
def test_finished_or_waiting_work_cannot_be_escalated(assigned: Ticket, bob: User, status: Status) -> None:
    assert assigned.assignee is not None
    ticket_accept(ticket_id=assigned.pk, actor=assigned.assignee)
    if status == Status.CLOSED:
        ticket_change_status(ticket_id=assigned.pk, to=Status.RESOLVED, actor=bob)
    ticket_change_status(ticket_id=assigned.pk, to=status, actor=bob)
    before = snapshot(assigned)

    with pytest.raises(DomainError, match="cannot be escalated") as refused:
        ticket_escalate(ticket_id=assigned.pk, actor=bob, reason="too late")

    assert (refused.value.status, refused.value.code) == (409, "not_escalatable")
    assert snapshot(assigned) == before
    assert loads_differing_from_a_recount() == {}


def test_another_member_of_the_group_may_not_escalate(assigned: Ticket, vpn: Skill, first_line: SkillGroup) -> None:
    colleague = online_agent([first_line], {vpn: 1})
    before = snapshot(assigned)

    with pytest.raises(DomainError, match="Only the assigned agent") as refused:
        ticket_escalate(ticket_id=assigned.pk, actor=colleague, reason="I think it is L2")

    assert refused.value.status == 403
    assert snapshot(assigned) == before


def test_an_escalation_needs_a_reason(assigned: Ticket) -> None:
    assert assigned.assignee is not None
    before = snapshot(assigned)

    with pytest.raises(DomainError, match="why") as refused:
        ticket_escalate(ticket_id=assigned.pk, actor=assigned.assignee, reason="   ")

    assert refused.value.status == 422
    assert snapshot(assigned) == before


def test_the_desk_itself_escalates_without_an_actor(assigned: Ticket) -> None:
    escalated = ticket_escalate(ticket_id=assigned.pk, actor=None, reason="SLA breached")

    assert (escalated.tier, escalated.status) == (Tier.L2, Status.NEW)
    event = escalated.timeline.get(kind=EventKind.ESCALATION)
    assert (event.actor, event.data["reason"]) == (None, "SLA breached")
    assert loads_differing_from_a_recount() == {}
