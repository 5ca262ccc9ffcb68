"""Global batch assignment (engine.batch): what an assignment is worth, and who gets what."""

from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.dispatch.engine.batch import Desk, assign_batch, likely_agents, next_change, offer
from dispatchdesk.dispatch.engine.eligibility import eligible_fast, is_eligible
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY
from dispatchdesk.dispatch.engine.travel import TravelModel
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts
from tests.dispatch.engine.builders import NOW, SKILLS, agent_states, make_agent, make_ticket, ticket_facts

DESK = Desk(dict.fromkeys(SKILLS, 600.0))
BERLIN, NEAR = (52.52, 13.405), (52.45, 13.30)


def soon(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def test_a_ticket_that_can_still_be_answered_in_time_comes_before_a_late_one() -> None:
    in_time = make_ticket(id="fresh", sla_due=soon(5), resolution_due=soon(600))
    late = make_ticket(id="late", created_at=NOW - timedelta(hours=2), sla_due=soon(-60), resolution_due=soon(-1))

    chosen = assign_batch([late, in_time], [make_agent(capacity=1)], DEFAULT_POLICY, NOW, DESK)

    assert [o.ticket_id for o in chosen] == ["fresh"]


def test_the_closer_deadline_comes_first() -> None:
    relaxed = make_ticket(id="relaxed", sla_due=soon(50))
    pressed = make_ticket(id="pressed", sla_due=soon(1))

    chosen = assign_batch([relaxed, pressed], [make_agent(capacity=1)], DEFAULT_POLICY, NOW, DESK)

    assert [o.ticket_id for o in chosen] == ["pressed"]


def test_the_agent_who_finishes_sooner_gets_the_ticket() -> None:
    ticket = make_ticket(sla_due=soon(5))
    novice, expert = make_agent(id="novice", skills={"network": 1}), make_agent(id="expert", skills={"network": 5})

    chosen = assign_batch([ticket], [novice, expert], DEFAULT_POLICY, NOW, DESK)

    assert chosen[0].agent_id == "expert"
    assert chosen[0].busy_s == 600.0 * 0.7


def test_an_unsure_ticket_goes_to_the_agent_who_holds_more_of_its_likely_skills() -> None:
    unsure = make_ticket(
        required_skills=set(), skill_beliefs={"billing": 0.4, "vpn": 0.35, "network": 0.25}, sla_due=soon(5)
    )
    narrow = make_agent(id="narrow", skills={"billing": 3})
    broad = make_agent(id="broad", skills={"billing": 3, "vpn": 3})

    chosen = assign_batch([unsure], [narrow, broad], DEFAULT_POLICY, NOW, DESK)

    assert (chosen[0].agent_id, chosen[0].skill) == ("broad", "billing")
    assert chosen[0].match == 0.75


def test_a_long_shot_waits_while_a_response_can_still_be_in_time_but_not_once_it_is_late() -> None:
    beliefs = {"billing": 0.1, "network": 0.9}
    agent = make_agent(skills={"billing": 3})
    hopeful = make_ticket(required_skills=set(), skill_beliefs=beliefs, sla_due=soon(5), resolution_due=soon(600))
    late = make_ticket(required_skills=set(), skill_beliefs=beliefs, sla_due=soon(-1), resolution_due=soon(600))

    assert offer(hopeful, agent, DEFAULT_POLICY, NOW, DESK) is None
    assert offer(late, agent, DEFAULT_POLICY, NOW, DESK) is not None


def test_the_batch_serves_both_tickets_where_greedy_choice_would_strand_one() -> None:
    # Greedy would give the expert the more urgent billing ticket and leave the network ticket to nobody.
    billing = make_ticket(id="billing", required_skills={"billing"}, sla_due=soon(1))
    network = make_ticket(id="network", required_skills={"network"}, sla_due=soon(2))
    expert = make_agent(id="expert", skills={"billing": 5, "network": 5}, capacity=1)
    clerk = make_agent(id="clerk", skills={"billing": 2}, capacity=1)

    chosen = assign_batch([billing, network], [expert, clerk], DEFAULT_POLICY, NOW, DESK)

    assert {(o.ticket_id, o.agent_id) for o in chosen} == {("billing", "clerk"), ("network", "expert")}


def test_field_work_waits_until_its_window_is_near_unless_its_response_target_is_close() -> None:
    desk = Desk({"network": 4500.0}, TravelModel())
    engineer = make_agent(field=True, region="berlin", location=BERLIN)
    tomorrow = make_ticket(
        onsite=True, region="berlin", location=NEAR, window=(soon(8 * 60), soon(12 * 60)), sla_due=soon(20 * 60)
    )
    pressing = make_ticket(onsite=True, region="berlin", location=NEAR, window=(soon(60), soon(300)), sla_due=soon(10))
    emergency = make_ticket(onsite=True, region="berlin", location=NEAR, window=(soon(0), soon(240)), sla_due=soon(30))

    assert offer(tomorrow, engineer, DEFAULT_POLICY, NOW, desk) is None
    assert offer(pressing, engineer, DEFAULT_POLICY, NOW, desk) is not None
    assert offer(tomorrow, engineer, DEFAULT_POLICY, soon(8 * 60 - 40), desk) is not None
    found = offer(emergency, engineer, DEFAULT_POLICY, NOW, desk)
    assert found is not None
    assert found.busy_s > 4500 * 1.0  # the work plus the drive there


def test_the_last_free_slot_of_a_skill_is_kept_for_urgent_work() -> None:
    desk = Desk({"network": 600.0}, free_holders={(None, "network"): 1})
    relaxed = make_ticket(sla_due=soon(10 * 60))
    urgent = make_ticket(sla_due=soon(10))

    last_slot = make_agent(capacity=1)

    assert offer(relaxed, last_slot, DEFAULT_POLICY, NOW, desk) is None
    assert offer(urgent, last_slot, DEFAULT_POLICY, NOW, desk) is not None


def test_an_agent_with_several_free_slots_is_not_held_back() -> None:
    """Giving one ticket to an agent with slots to spare still leaves them free for urgent work: on a desk
    whose agents hold several tickets, holding back made tickets wait for hours beside idle agents."""
    desk = Desk({"network": 600.0}, free_holders={(None, "network"): 1})
    relaxed = make_ticket(sla_due=soon(10 * 60))

    assert offer(relaxed, make_agent(capacity=4, load=2), DEFAULT_POLICY, NOW, desk) is not None
    assert offer(relaxed, make_agent(capacity=4, load=3), DEFAULT_POLICY, NOW, desk) is None  # the last slot


def test_nobody_is_held_back_where_no_urgent_work_can_arrive() -> None:
    desk = Desk({"network": 600.0}, free_holders={(None, "network"): 1}, shortest_target_s=8 * 3600)

    assert offer(make_ticket(sla_due=soon(10 * 60)), make_agent(), DEFAULT_POLICY, NOW, desk) is not None


def test_a_routing_rules_group_draws_the_ticket_to_that_team() -> None:
    ticket = make_ticket(group="berlin-team", sla_due=soon(5))
    outsider, member = make_agent(id="outsider"), make_agent(id="member", groups=frozenset({"berlin-team"}))

    chosen = assign_batch([ticket], [outsider, member], DEFAULT_POLICY, NOW, DESK)

    assert chosen[0].agent_id == "member"


def test_the_next_change_is_the_next_deadline_or_reserve_threshold() -> None:
    ticket = make_ticket(sla_due=soon(10), resolution_due=soon(600))
    no_aging = replace(DEFAULT_POLICY, aging_weight=0)  # aging adds a moment of its own (test_aging)

    assert next_change(ticket, no_aging, NOW) == soon(10)
    assert next_change(ticket, no_aging, soon(11)) == soon(600 - 120)
    assert next_change(ticket, no_aging, soon(601)) is None


@given(
    tickets=st.lists(ticket_facts(), max_size=6, unique_by=lambda t: t.id),
    agents=st.lists(agent_states(), max_size=6, unique_by=lambda a: a.id),
)
def test_the_batch_only_pairs_eligible_agents_within_their_free_slots(
    tickets: list[TicketFacts], agents: list[AgentState]
) -> None:
    chosen = assign_batch(tickets, agents, DEFAULT_POLICY, NOW, DESK)

    by_id = {a.id: a for a in agents}
    facts = {t.id: t for t in tickets}
    assert len({o.ticket_id for o in chosen}) == len(chosen)
    for o in chosen:
        assert is_eligible(facts[o.ticket_id], by_id[o.agent_id])
        assert o.skill in by_id[o.agent_id].skills
    for agent in agents:
        assert sum(o.agent_id == agent.id for o in chosen) <= agent.free_slots


@given(
    ticket=ticket_facts(),
    agent=agent_states(),
    beliefs=st.none() | st.dictionaries(st.sampled_from(SKILLS), st.floats(0, 1), max_size=3),
)
def test_the_fast_eligibility_check_says_what_the_hard_rules_say(
    ticket: TicketFacts, agent: AgentState, beliefs: dict[str, float] | None
) -> None:
    ticket = replace(ticket, skill_beliefs=beliefs)

    assert eligible_fast(ticket, agent) == is_eligible(ticket, agent)


def test_the_likeliest_agents_are_each_skills_strongest_free_holders() -> None:
    strong = [make_agent(id=i, skills={"vpn": 5}) for i in range(3)]
    weak = make_agent(id=10, skills={"vpn": 1})
    busy = make_agent(id=11, skills={"vpn": 5}, load=3)
    away = make_agent(id=12, skills={"vpn": 5}, available=False)
    billing = make_agent(id=13, skills={"billing": 2})
    tickets = [make_ticket(required_skills={"vpn"}), make_ticket(id=2, required_skills={"billing"})]

    chosen = likely_agents(tickets, [weak, busy, away, billing, *strong], per_skill=3)

    assert sorted(a.id for a in chosen) == [0, 1, 2, 13]  # the weak holder is left out, not the only billing one


def test_a_ticket_without_skills_lets_every_free_agent_be_weighed() -> None:
    agents = [make_agent(id=i, skills={"vpn": 1 + i % 5}) for i in range(20)]

    chosen = likely_agents([make_ticket(required_skills=set())], agents, per_skill=2)

    assert len(chosen) == 20
