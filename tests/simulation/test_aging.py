"""Queue aging in the simulator: aged work reaches the agents (WaitingIndex) and is served before fresh work."""

from dispatchdesk.dispatch.engine.batch import aged_overdue
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY
from dispatchdesk.simulation.board import Work
from dispatchdesk.simulation.dispatchers.waiting import WaitingIndex
from dispatchdesk.simulation.workload import TicketSpec
from tests.simulation.workloads import agent, assert_audit_agrees, records, replay, ticket, workload


def work(key: int, arrival: float, response_s: float, resolution_s: float) -> Work:
    spec = TicketSpec(
        key, f"T{key}", arrival, "chat", "P3", "en", None, False, None, None, "C1", False, "billing", "billing"
    )
    return Work(key, spec, 1, arrival, arrival + response_s, arrival + resolution_s, known_skill="billing")


def test_overdue_work_is_read_most_aged_first_whatever_its_target() -> None:
    index = WaitingIndex(aged_overdue=10)
    old_long_target = work(1, 0.0, 300.0, 28_800.0)  # aged at 300 + 10 x 300 = 3300
    new_short_target = work(2, 3000.0, 30.0, 3600.0)  # aged at 3030 + 10 x 30 = 3330, resolution due sooner
    for item in (old_long_target, new_short_target):
        index.add(item, None)
    key = next(iter(index.buckets))

    assert index.top(key, 3100.0, (0, 0, 1)) == [old_long_target]
    assert index.top(key, 3100.0, (0, 1, 0)) == [new_short_target]  # earliest resolution deadline first
    assert index.top(key, 3100.0, (0, 0, 2)) == [old_long_target, new_short_target]


def test_a_ticket_left_behind_by_a_stream_of_fresh_work_is_answered_once_it_has_aged() -> None:
    # One agent, off line until t=100, so T0 misses its 60 s response target; from then on a fresh
    # ticket arrives every 100 s, exactly as fast as the agent answers them, so there is always
    # in-time work to prefer. Aging lets T0 through after ~aged_overdue lengths of its target.
    stream = [ticket(f"T{i}", 100.0 * i, "billing") for i in range(1, 80)]
    document = workload(
        [agent("A1", {"billing": 3}, shifts=[[100.0, 100_000.0]])], [ticket("T0", 0.0, "billing"), *stream]
    )
    targets = {p: {"first_response_s": 60.0, "resolution_s": 100_000.0} for p in ("P1", "P2", "P3", "P4")}
    document["sla_policy"]["targets"] = targets

    result, audited = replay(document)

    answered = records(result, "T0")[0]["t"]
    aged = 60.0 * (1 + aged_overdue(DEFAULT_POLICY))
    assert aged <= answered < 7900.0  # before the stream ends, but not before it had aged
    assert_audit_agrees(result, audited)
