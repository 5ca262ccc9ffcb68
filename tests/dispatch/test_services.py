"""Dispatch services against the real database: the four modes, claims, pulls, declines, presence."""

import pytest

from dispatchdesk.accounts.models import AgentSkill, DispatchMode, Presence, Skill, SkillGroup, Tier, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import DispatchDecision, Outcome, RuleSetVersion
from dispatchdesk.dispatch.services import (
    agent_set_presence,
    dispatch_confirm,
    dispatch_ticket,
    ticket_claim,
    ticket_decline,
    ticket_pull_next,
)
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, EventKind, Status
from tests.dispatch.conftest import Submit
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory


def online_agent(group: SkillGroup, skill: Skill, level: int, **profile: object) -> User:
    agent = AgentFactory(groups=[group], **{"presence": Presence.ONLINE, **profile})
    AgentSkill.objects.create(agent=agent, skill=skill, proficiency=level)
    return agent.user


def test_automatic_mode_assigns_the_best_agent_and_explains_why(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    online_agent(group, vpn, 2)
    expert = online_agent(group, vpn, 5)

    ticket = submit(group)

    assert ticket.assignee == expert
    assert ticket.status == Status.PENDING_ACCEPTANCE
    decision = DispatchDecision.objects.get(ticket=ticket)
    assert decision.outcome == Outcome.ASSIGNED
    assert decision.candidates[0]["agent_id"] == expert.pk
    assert any(f["name"] == "proficiency" for f in decision.candidates[0]["factors"])
    assert ticket.timeline.get(kind=EventKind.ASSIGNED).data["reasons"]


def test_with_nobody_free_the_ticket_waits_in_the_queue(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    online_agent(group, vpn, 5, presence=Presence.OFFLINE)

    ticket = submit(group)

    assert ticket.status == Status.NEW
    assert DispatchDecision.objects.get(ticket=ticket).outcome == Outcome.QUEUED


def test_review_mode_proposes_and_a_dispatcher_confirms(submit: Submit, vpn: Skill, bob: User) -> None:
    group = SkillGroupFactory(mode=DispatchMode.REVIEW)
    best = online_agent(group, vpn, 5)
    ticket = submit(group)
    assert ticket.status == Status.NEW
    assert DispatchDecision.objects.get(ticket=ticket).outcome == Outcome.PROPOSED

    decision = dispatch_confirm(ticket_id=ticket.pk, agent_id=best.pk, actor=bob)

    assert decision.outcome == Outcome.CONFIRMED
    ticket.refresh_from_db()
    assert ticket.assignee == best


def test_overriding_the_proposal_needs_a_reason(submit: Submit, vpn: Skill, bob: User) -> None:
    group = SkillGroupFactory(mode=DispatchMode.REVIEW)
    online_agent(group, vpn, 5)
    second = online_agent(group, vpn, 1)
    ticket = submit(group)

    with pytest.raises(DomainError, match="why"):
        dispatch_confirm(ticket_id=ticket.pk, agent_id=second.pk, actor=bob)
    decision = dispatch_confirm(ticket_id=ticket.pk, agent_id=second.pk, actor=bob, reason="knows the site")

    assert decision.outcome == Outcome.OVERRIDDEN
    assert decision.reason == "knows the site"


def test_an_agent_cannot_confirm_proposals(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.REVIEW)
    member = online_agent(group, vpn, 5)
    ticket = submit(group)

    with pytest.raises(DomainError) as refused:
        dispatch_confirm(ticket_id=ticket.pk, agent_id=member.pk, actor=member)

    assert refused.value.status == 403


def test_queue_mode_waits_for_a_claim_and_only_the_first_claim_wins(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.QUEUE)
    first, second = online_agent(group, vpn, 3), online_agent(group, vpn, 3)
    ticket = submit(group)
    assert ticket.status == Status.NEW

    ticket_claim(ticket_id=ticket.pk, agent=first)
    with pytest.raises(DomainError, match="already taken"):
        ticket_claim(ticket_id=ticket.pk, agent=second)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (first, Status.IN_PROGRESS)


def test_a_claim_by_an_agent_without_the_skill_is_refused(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.QUEUE)
    unskilled = AgentFactory(presence=Presence.ONLINE, groups=[group]).user
    ticket = submit(group)

    with pytest.raises(DomainError, match="lack a skill"):
        ticket_claim(ticket_id=ticket.pk, agent=unskilled)

    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_next_ticket_pulls_the_most_urgent_one_the_agent_may_take(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.QUEUE)
    agent = online_agent(group, vpn, 3)
    submit(group, priority=4)
    urgent = submit(group, priority=1)

    pulled = ticket_pull_next(agent=agent)

    assert pulled == urgent
    assert pulled is not None
    assert pulled.status == Status.IN_PROGRESS


def test_hybrid_groups_dispatch_l1_automatically_and_l2_for_review(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.HYBRID)
    online_agent(group, vpn, 4, tier=Tier.L2)

    first_line = submit(group)
    second_line = submit(group, tier=Tier.L2)

    assert DispatchDecision.objects.get(ticket=first_line).outcome == Outcome.ASSIGNED
    assert DispatchDecision.objects.get(ticket=second_line).outcome == Outcome.PROPOSED


def test_a_declined_ticket_goes_to_someone_else(submit: Submit, vpn: Skill, django_capture_on_commit_callbacks) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    expert, other = online_agent(group, vpn, 5), online_agent(group, vpn, 2)
    ticket = submit(group)
    assert ticket.assignee == expert

    with django_capture_on_commit_callbacks(execute=True):
        ticket_decline(ticket_id=ticket.pk, agent=expert, reason="on leave tomorrow")

    ticket.refresh_from_db()
    assert ticket.assignee == other


def test_going_offline_returns_unaccepted_work(submit: Submit, vpn: Skill, django_capture_on_commit_callbacks) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    leaving = online_agent(group, vpn, 5)
    ticket = submit(group)
    staying = online_agent(group, vpn, 1)

    with django_capture_on_commit_callbacks(execute=True):
        agent_set_presence(agent=leaving, presence=Presence.OFFLINE)

    ticket.refresh_from_db()
    assert ticket.assignee == staying
    assert DispatchDecision.objects.filter(ticket=ticket, outcome=Outcome.RETURNED).exists()


def test_coming_online_pulls_queued_work(submit: Submit, vpn: Skill, django_capture_on_commit_callbacks) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    late = online_agent(group, vpn, 3, presence=Presence.OFFLINE)
    ticket = submit(group)
    assert ticket.status == Status.NEW

    with django_capture_on_commit_callbacks(execute=True):
        agent_set_presence(agent=late, presence=Presence.ONLINE)

    ticket.refresh_from_db()
    assert ticket.assignee == late


def test_routing_rules_set_fields_and_the_decision_records_the_version(vpn: Skill, network: SkillGroup) -> None:
    network.mode = DispatchMode.QUEUE
    network.save()
    RuleSetVersion.objects.create(
        number=3,
        rules=[
            {
                "name": "vpn",
                "when": {"keywords": ["vpn"]},
                "then": {"group": "network", "required_skills": ["vpn"], "priority": 2},
            }
        ],
    )

    ticket = ticket_submit(
        customer=ContactFactory(), subject="Our VPN is slow", description="Since today", channel=Channel.WEB
    )

    assert ticket.group == network
    assert ticket.priority == 2
    assert list(ticket.required_skills.all()) == [vpn]
    assert DispatchDecision.objects.get(ticket=ticket).rule_version == 3


def test_a_manual_field_beats_the_rule(vpn: Skill, network: SkillGroup) -> None:
    RuleSetVersion.objects.create(
        number=1, rules=[{"name": "p1", "when": {"keywords": ["vpn"]}, "then": {"priority": 1}}]
    )

    ticket = ticket_submit(
        customer=ContactFactory(),
        subject="VPN",
        description="x",
        fields={"priority": 4, "group": network},
        channel=Channel.WEB,
    )

    assert ticket.priority == 4


def test_dispatching_a_ticket_that_is_no_longer_queued_does_nothing(submit: Submit, vpn: Skill) -> None:
    group = SkillGroupFactory(mode=DispatchMode.AUTOMATIC)
    online_agent(group, vpn, 3)
    ticket = submit(group)
    decisions = DispatchDecision.objects.count()

    assert dispatch_ticket(ticket_id=ticket.pk) is None
    assert DispatchDecision.objects.count() == decisions
