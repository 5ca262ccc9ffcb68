"""Keyword builders and hypothesis strategies for engine tests (no database, no Django)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SKILLS = ("network", "vpn", "billing", "software", "security")
REGIONS = ("berlin", "munich", None)


def make_ticket(**overrides: Any) -> TicketFacts:
    values: dict[str, Any] = {"id": 1, "priority": 3, "created_at": NOW, "required_skills": frozenset({"network"})}
    values.update(overrides)
    if isinstance(values["required_skills"], set):
        values["required_skills"] = frozenset(values["required_skills"])
    return TicketFacts(**values)


def make_agent(**overrides: Any) -> AgentState:
    values: dict[str, Any] = {"id": 7, "skills": {"network": 3}, "capacity": 3, "load": 0, "available": True}
    values.update(overrides)
    return AgentState(**values)


@st.composite
def ticket_facts(draw: st.DrawFn, ticket_id: int | None = None) -> TicketFacts:
    onsite = draw(st.booleans())
    return TicketFacts(
        id=ticket_id if ticket_id is not None else draw(st.integers(1, 10_000)),
        priority=draw(st.integers(1, 4)),
        created_at=NOW - timedelta(minutes=draw(st.integers(0, 3000))),
        required_skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=2))),
        tier=draw(st.sampled_from(("L1", "L2"))),
        language=draw(st.sampled_from(("en", "de", "fr"))),
        region=draw(st.sampled_from(REGIONS)),
        onsite=onsite,
        customer_id=draw(st.integers(1, 20)),
        sla_due=draw(st.none() | st.builds(lambda m: NOW + timedelta(minutes=m), st.integers(-600, 3000))),
        expected_handle_s=draw(st.none() | st.floats(60, 20_000)),
    )


@st.composite
def agent_states(draw: st.DrawFn) -> AgentState:
    capacity = draw(st.integers(1, 8))
    return AgentState(
        id=draw(st.integers(1, 100_000)),
        skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=4)),
        capacity=capacity,
        load=draw(st.integers(0, capacity)),
        available=draw(st.booleans()),
        groups=frozenset(draw(st.sets(st.sampled_from(("network", "billing")), max_size=2))),
        tier=draw(st.sampled_from(("L1", "L2"))),
        languages=tuple(draw(st.lists(st.sampled_from(("en", "de", "fr")), min_size=1, max_size=3, unique=True))),
        region=draw(st.sampled_from(REGIONS)),
        field=draw(st.booleans()),
        last_assigned_at=draw(st.none() | st.builds(lambda m: NOW - timedelta(minutes=m), st.integers(0, 600))),
        recent_customers=frozenset(draw(st.sets(st.integers(1, 20), max_size=3))),
    )
