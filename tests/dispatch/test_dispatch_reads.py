"""What dispatch reads about agents: as many queries for fifty agents as for five, and still all
that ranking uses (here: who recently helped this customer, and the names stored with a decision)."""

import re
from collections.abc import Callable
from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatchdesk.accounts.models import (
    AgentProfile,
    AgentSkill,
    DispatchMode,
    Presence,
    Shift,
    Skill,
    SkillGroup,
    User,
)
from dispatchdesk.accounts.signals import roster_changed
from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import DispatchDecision
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Status, Ticket
from dispatchdesk.tickets.services.fields import TicketFields
from tests.factories import AgentFactory, ContactFactory, SkillFactory, SkillGroupFactory, TicketFactory

TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"')


@pytest.fixture
def desk(db: None) -> SkillGroup:
    return SkillGroupFactory(mode=DispatchMode.AUTOMATIC)


def online_agent(group: SkillGroup, skill: Skill) -> User:
    """Online and held to their shifts (no overtime), so a shift elsewhere in the week takes them off work."""
    profile = AgentFactory(presence=Presence.ONLINE, groups=[group], capacity=10, may_work_overtime=False)
    AgentSkill.objects.create(agent=profile, skill=skill, proficiency=3)
    return profile.user


def submit(group: SkillGroup, skill: Skill, customer: Contact) -> Ticket:
    fields: TicketFields = {"group": group, "required_skills": [skill]}
    return ticket_submit(customer=customer, subject="VPN down", description="x", fields=fields, channel=Channel.WEB)


def queries_to_submit(group: SkillGroup, skill: Skill) -> int:
    customer = ContactFactory()
    with CaptureQueriesContext(connection) as queries:
        ticket = submit(group, skill, customer)
    assert ticket.status == Status.PENDING_ACCEPTANCE
    return len(queries)


def test_dispatch_reads_fifty_agents_in_as_many_queries_as_five(desk: SkillGroup, vpn: Skill) -> None:
    for _ in range(5):
        online_agent(desk, vpn)
    submit(desk, vpn, ContactFactory())  # the first ticket also creates the number sequence
    with_five = queries_to_submit(desk, vpn)
    for _ in range(45):
        online_agent(desk, vpn)
    submit(desk, vpn, ContactFactory())  # the roster moved: this one reads skills, groups and shifts again

    with_fifty = queries_to_submit(desk, vpn)

    assert with_fifty == with_five


def test_skills_groups_and_shifts_are_read_again_only_after_the_roster_changed(desk: SkillGroup, vpn: Skill) -> None:
    agent = online_agent(desk, vpn)
    submit(desk, vpn, ContactFactory())
    steady = tables_read_to_submit(desk, vpn)
    agent.agent.groups.add(SkillGroupFactory())

    after_a_change = tables_read_to_submit(desk, vpn)

    standing = {"accounts_agentskill", "accounts_agentprofile_groups", "accounts_shift"}
    assert not standing & steady
    assert standing <= after_a_change


def skill_taken_away(agent: AgentProfile, group: SkillGroup) -> None:
    AgentSkill.objects.filter(agent=agent).delete()


def skill_swapped_in_bulk(agent: AgentProfile, group: SkillGroup) -> None:
    AgentSkill.objects.filter(agent=agent).update(skill=SkillFactory())
    roster_changed()  # a bulk write sends no signal: its caller says so


def left_the_group(agent: AgentProfile, group: SkillGroup) -> None:
    agent.groups.remove(group)


def removed_from_the_group(agent: AgentProfile, group: SkillGroup) -> None:
    group.members.remove(agent)


def given_a_shift_on_another_day(agent: AgentProfile, group: SkillGroup) -> None:
    other_day = (clock.now().weekday() + 3) % 7
    Shift.objects.create(agent=agent, weekday=other_day, starts=time(0), ends=time(23, 59))


@pytest.mark.parametrize("change", [skill_taken_away, skill_swapped_in_bulk, given_a_shift_on_another_day])
def test_losing_a_skill_or_being_off_shift_applies_to_the_very_next_ticket(
    desk: SkillGroup, vpn: Skill, change: Callable[[AgentProfile, SkillGroup], None]
) -> None:
    agent = online_agent(desk, vpn)
    assert submit(desk, vpn, ContactFactory()).assignee == agent  # what this process now keeps

    change(agent.agent, desk)

    assert submit(desk, vpn, ContactFactory()).assignee is None


@pytest.mark.parametrize("change", [left_the_group, removed_from_the_group])
def test_leaving_the_group_applies_to_the_very_next_ticket(
    desk: SkillGroup, vpn: Skill, change: Callable[[AgentProfile, SkillGroup], None]
) -> None:
    agent = online_agent(desk, vpn)
    assert "in the ticket's group" in best_candidates_factors(submit(desk, vpn, ContactFactory()))

    change(agent.agent, desk)

    assert "in the ticket's group" not in best_candidates_factors(submit(desk, vpn, ContactFactory()))


def best_candidates_factors(ticket: Ticket) -> list[str]:
    best = DispatchDecision.objects.get(ticket=ticket).candidates[0]
    return [factor["name"] for factor in best["factors"]]


def tables_read_to_submit(group: SkillGroup, skill: Skill) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        submit(group, skill, ContactFactory())
    return {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}


def test_an_agent_who_recently_helped_the_customer_is_preferred_and_named(desk: SkillGroup, vpn: Skill) -> None:
    online_agent(desk, vpn)
    helper = online_agent(desk, vpn)  # the later id: without the bonus, the tie would go to the other
    customer = ContactFactory()
    TicketFactory(customer=customer, assignee=helper, status=Status.RESOLVED)

    ticket = submit(desk, vpn, customer)

    assert ticket.assignee == helper
    best = DispatchDecision.objects.get(ticket=ticket).candidates[0]
    assert (best["agent_id"], best["agent"]) == (helper.pk, str(helper))  # stored by name
    assert "knows the customer" in [factor["name"] for factor in best["factors"]]


def test_having_helped_another_customer_earns_no_bonus(desk: SkillGroup, vpn: Skill) -> None:
    first = online_agent(desk, vpn)
    helper = online_agent(desk, vpn)
    TicketFactory(customer=ContactFactory(), assignee=helper, status=Status.RESOLVED)

    ticket = submit(desk, vpn, ContactFactory())

    assert ticket.assignee == first
    candidates = DispatchDecision.objects.get(ticket=ticket).candidates
    assert all(f["name"] != "knows the customer" for c in candidates for f in c["factors"])
