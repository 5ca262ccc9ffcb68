"""The event loop checks every proposed assignment against the hard rules before the physics runs."""

import pytest

from dispatchdesk.simulation.board import Board, Decision, Work
from dispatchdesk.simulation.simulator import HardRuleError, Simulator
from dispatchdesk.simulation.workload import parse_workload
from tests.simulation.workloads import agent, ticket, workload


class Reckless:
    """A fake dispatcher that gives every new ticket to the first agent, whoever that is."""

    name = "reckless"

    def __init__(self, skill: str) -> None:
        self.skill = skill

    def start(self, board: Board) -> None:
        self.board = board

    def wakeup(self, now: float) -> float | None:
        return None

    def dispatch(self, now: float, board: Board, new_work: list[Work], new_free: set[int]) -> list[Decision]:
        return [Decision(work, board.agents[0], self.skill) for work in new_work]


def test_an_assignment_to_an_agent_without_the_routed_skill_is_stopped_and_never_logged() -> None:
    document = workload([agent("A1", {"billing": 3})], [ticket("T1", 5.0, "billing")])
    simulator = Simulator(parse_workload(document), Reckless("network"))

    with pytest.raises(HardRuleError, match="lacks the routed skill"):
        simulator.run()

    assert simulator.tally.log == []


def test_an_assignment_beyond_capacity_or_off_shift_is_stopped() -> None:
    document = workload(
        [agent("A1", {"billing": 3}, shifts=[[0.0, 10.0]])],
        [ticket("T1", 1.0, "billing"), ticket("T2", 2.0, "billing"), ticket("T3", 20.0, "billing")],
    )
    simulator = Simulator(parse_workload(document), Reckless("billing"))

    with pytest.raises(HardRuleError, match="no free slot"):
        simulator.run()

    assert [r.ticket for r in simulator.tally.log] == ["T1"]
