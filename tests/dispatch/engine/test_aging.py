"""Queue aging in batch assignment (D7): late work gains urgency with its wait, relative to its own target."""

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatchdesk.dispatch.engine.batch import (
    LATE,
    RESOLUTION,
    Desk,
    aged_overdue,
    assign_batch,
    next_change,
    offer,
    overdue,
    urgency,
)
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY, Policy
from dispatchdesk.dispatch.engine.types import TicketFacts
from tests.dispatch.engine.builders import NOW, SKILLS, make_agent, make_ticket

DESK = Desk(dict.fromkeys(SKILLS, 600.0))
AGED = aged_overdue(DEFAULT_POLICY)  # lengths of its target a late ticket waits before it ranks with in-time work


def seconds(n: float) -> datetime:
    return NOW + timedelta(seconds=n)


def late_ticket(target_s: float, waited: float, **extra: Any) -> TicketFacts:
    """A ticket with a first-response target of `target_s` that has waited `waited` times that long."""
    created = NOW - timedelta(seconds=waited * target_s)
    values: dict[str, Any] = {
        "id": "late",
        "created_at": created,
        "sla_due": created + timedelta(seconds=target_s),
        "resolution_due": NOW + timedelta(days=2),
    }
    values.update(extra)
    return make_ticket(**values)


def test_a_late_ticket_that_has_waited_long_enough_outranks_a_fresh_one() -> None:
    fresh = make_ticket(id="fresh", sla_due=seconds(10), resolution_due=seconds(3600))
    agent = make_agent(capacity=1)

    briefly = assign_batch([late_ticket(60, 3), fresh], [agent], DEFAULT_POLICY, NOW, DESK)
    for_ages = assign_batch([late_ticket(60, AGED + 30), fresh], [agent], DEFAULT_POLICY, NOW, DESK)

    assert [o.ticket_id for o in briefly] == ["fresh"]
    assert [o.ticket_id for o in for_ages] == ["late"]


def test_without_aging_late_work_stays_behind_in_time_work() -> None:
    fresh = make_ticket(id="fresh", sla_due=seconds(600), resolution_due=seconds(3600))
    no_aging = replace(DEFAULT_POLICY, aging_weight=0)

    chosen = assign_batch([late_ticket(60, 1000), fresh], [make_agent(capacity=1)], no_aging, NOW, DESK)

    assert [o.ticket_id for o in chosen] == ["fresh"]
    assert aged_overdue(no_aging) == float("inf")


@pytest.mark.parametrize("target_s", [20.0, 4 * 3600.0])
def test_aging_counts_in_lengths_of_the_tickets_own_target(target_s: float) -> None:
    ticket = late_ticket(target_s, 3)

    found = urgency(ticket, DEFAULT_POLICY, NOW)

    assert overdue(ticket, NOW) == pytest.approx(2)
    assert found.reason == RESOLUTION
    assert found.detail == "response late, waiting 3 times its target"
    in_time = urgency(late_ticket(target_s, 1), DEFAULT_POLICY, NOW)  # due this very moment, not yet aged
    assert found.bonus - in_time.bonus == pytest.approx(2 * DEFAULT_POLICY.aging_weight, abs=1e-3)


def test_a_ticket_past_both_deadlines_ages_from_its_response_target_and_says_so() -> None:
    ticket = late_ticket(600, 12, resolution_due=seconds(-60))

    found = urgency(ticket, DEFAULT_POLICY, NOW)

    assert found.reason == LATE
    assert found.bonus == pytest.approx(DEFAULT_POLICY.late_weight + 11 * DEFAULT_POLICY.aging_weight)
    assert found.detail == "late, waiting 12 times its target"
    chosen = offer(ticket, make_agent(), DEFAULT_POLICY, NOW, DESK)
    assert chosen is not None
    assert ("urgency", "late, waiting 12 times its target") in [(f.name, f.detail) for f in chosen.factors]


def test_answered_work_ages_from_its_resolution_target() -> None:
    created = NOW - timedelta(hours=3)
    answered = make_ticket(created_at=created, sla_due=None, resolution_due=created + timedelta(hours=1))

    assert overdue(answered, NOW) == pytest.approx(2)
    assert overdue(make_ticket(sla_due=None, resolution_due=None), NOW) == 0


def test_work_still_in_time_does_not_age() -> None:
    ticket = make_ticket(created_at=NOW - timedelta(hours=5), sla_due=seconds(1), resolution_due=seconds(3600))

    assert overdue(ticket, NOW) == 0
    assert urgency(ticket, DEFAULT_POLICY, NOW).detail == "response"


@given(
    target_s=st.floats(1, 10 * 86400),
    first=st.floats(0, 500),
    more=st.floats(0, 500),
    resolution_left=st.none() | st.floats(-86400, 86400),
)
def test_aging_never_lowers_a_late_tickets_urgency_while_its_class_stays(
    target_s: float, first: float, more: float, resolution_left: float | None
) -> None:
    created = NOW - timedelta(seconds=(1 + first) * target_s)
    resolution_due = None if resolution_left is None else NOW + timedelta(seconds=resolution_left)
    ticket = make_ticket(
        created_at=created, sla_due=created + timedelta(seconds=target_s), resolution_due=resolution_due
    )
    later = NOW + timedelta(seconds=more * target_s)

    before, after = urgency(ticket, DEFAULT_POLICY, NOW), urgency(ticket, DEFAULT_POLICY, later)

    assert overdue(ticket, later) >= overdue(ticket, NOW)
    if before.reason == after.reason:
        assert after.bonus >= before.bonus - 1e-9


@given(target_s=st.floats(1, 10 * 86400), fresh_left=st.floats(0.001, 10 * 86400))
def test_a_late_ticket_eventually_outranks_any_fresh_ticket(target_s: float, fresh_left: float) -> None:
    fresh = urgency(make_ticket(sla_due=seconds(fresh_left)), DEFAULT_POLICY, NOW)
    top = DEFAULT_POLICY.response_weight + 1  # no in-time ticket is worth more than this
    past_both = late_ticket(target_s, 1 + (top - DEFAULT_POLICY.late_weight) / DEFAULT_POLICY.aging_weight + 1)

    aged = urgency(replace(past_both, resolution_due=NOW - timedelta(seconds=1)), DEFAULT_POLICY, NOW)

    assert aged.bonus > top >= fresh.bonus


def test_aged_work_is_no_longer_held_back_for_urgent_newcomers() -> None:
    desk = Desk(dict.fromkeys(SKILLS, 600.0), free_holders={(None, "network"): 1})
    agent = make_agent(capacity=1)  # the last free slot of the skill

    assert offer(late_ticket(60, 3), agent, DEFAULT_POLICY, NOW, desk) is None
    assert offer(late_ticket(60, 2 + AGED), agent, DEFAULT_POLICY, NOW, desk) is not None


def test_the_moment_aging_releases_held_back_work_is_a_change() -> None:
    created = NOW - timedelta(minutes=2)
    due = created + timedelta(minutes=1)
    ticket = make_ticket(created_at=created, sla_due=due, resolution_due=seconds(86400))

    assert next_change(ticket, DEFAULT_POLICY, NOW) == due + timedelta(seconds=AGED * 60)


def test_a_negative_aging_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="aging_weight must not be negative"):
        Policy(aging_weight=-0.1)
