"""What dispatch reads about agents: as many queries for fifty agents as for five, and still all
that ranking uses (here: who recently helped this customer, and the names stored with a decision)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatchdesk.accounts.models import AgentSkill, DispatchMode, Presence, Skill, SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.models import DispatchDecision
from dispatchdesk.dispatch.services import ticket_submit
from dispatchdesk.tickets.models import Status, Ticket
from tests.factories import AgentFactory, ContactFactory, SkillGroupFactory, TicketFactory


@pytest.fixture
def desk(db: None) -> SkillGroup:
    return SkillGroupFactory(mode=DispatchMode.AUTOMATIC)


def online_agent(group: SkillGroup, skill: Skill) -> User:
    profile = AgentFactory(presence=Presence.ONLINE, groups=[group], capacity=10)
    AgentSkill.objects.create(agent=profile, skill=skill, proficiency=3)
    return profile.user


def submit(group: SkillGroup, skill: Skill, customer: Contact) -> Ticket:
    fields = {"group": group, "required_skills": [skill]}
    return ticket_submit(customer=customer, subject="VPN down", description="x", fields=fields)


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

    with_fifty = queries_to_submit(desk, vpn)

    assert with_fifty == with_five


def test_an_agent_who_recently_helped_the_customer_is_preferred_and_named(desk: SkillGroup, vpn: Skill) -> None:
    online_agent(desk, vpn)
    helper = online_agent(desk, vpn)  # the later id: without the bonus, the tie would go to the other
    customer = ContactFactory()
    TicketFactory(customer=customer, assignee=helper, status=Status.RESOLVED)

    ticket = submit(desk, vpn, customer)

    assert ticket.assignee == helper
    best = DispatchDecision.objects.get(ticket=ticket).candidates[0]
    assert (best["agent_id"], best["agent"]) == (helper.pk, helper.username)
    assert "knows the customer" in [factor["name"] for factor in best["factors"]]


def test_having_helped_another_customer_earns_no_bonus(desk: SkillGroup, vpn: Skill) -> None:
    first = online_agent(desk, vpn)
    helper = online_agent(desk, vpn)
    TicketFactory(customer=ContactFactory(), assignee=helper, status=Status.RESOLVED)

    ticket = submit(desk, vpn, ContactFactory())

    assert ticket.assignee == first
    candidates = DispatchDecision.objects.get(ticket=ticket).candidates
    assert all(f["name"] != "knows the customer" for c in candidates for f in c["factors"])
