"""An observer sees every arrival and every first response of a replay, and changes nothing."""

from __future__ import annotations

from dispatchdesk.simulation.board import AgentLive, Board, Work
from dispatchdesk.simulation.runner import simulate
from dispatchdesk.simulation.workload import parse_workload
from tests.simulation.test_determinism import mixed_desk


class Recorder:
    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str, int]] = []  # (when, ticket, waiting work on the board then)
        self.responses: dict[int, float] = {}

    def arrived(self, now: float, work: Work, board: Board) -> None:
        assert work.key in board.waiting  # the new ticket is already in the queue it is shown
        self.arrivals.append((now, work.ticket.id, len(board.waiting)))

    def responded(self, now: float, work: Work, agent: AgentLive) -> None:
        assert work.ticket.index not in self.responses  # a first response happens once
        assert work.ticket.language in agent.spec.languages
        self.responses[work.ticket.index] = now


def test_the_observer_sees_each_arrival_once_and_each_first_response_when_it_happens() -> None:
    document = mixed_desk(seed=5)
    recorder = Recorder()

    result = simulate(parse_workload(document), "priority-deadline", observer=recorder)

    assert [(t, ticket) for t, ticket, _ in recorder.arrivals] == [(t["arrival"], t["id"]) for t in document["tickets"]]
    assert max(waiting for _, _, waiting in recorder.arrivals) > 1  # a queue formed, so the board was live
    assert recorder.responses == result.tally.first_response
    assert len(recorder.responses) == len(document["tickets"])


def test_watching_a_replay_does_not_change_it() -> None:
    document = mixed_desk(seed=5)

    plain = simulate(parse_workload(document), "sla-batch")
    watched = simulate(parse_workload(document), "sla-batch", observer=Recorder())

    assert watched.tally.log == plain.tally.log
    assert watched.metrics == plain.metrics
