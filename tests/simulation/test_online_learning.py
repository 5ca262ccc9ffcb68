"""The simulator's dispatcher learns each ticket's skill only after an agent has worked it (A2)."""

from __future__ import annotations

from dispatchdesk.dispatch.engine.learn import OnlineSkillLearner
from dispatchdesk.simulation.board import AgentLive, Board, Work
from dispatchdesk.simulation.generate import Spec, generate
from dispatchdesk.simulation.runner import simulate
from dispatchdesk.simulation.workload import parse_workload

DESK = Spec(seed=3, tickets=500, days=3, agents=24, skills=5, languages=("en", "es"), phrasing="jargon")


class Watched(OnlineSkillLearner):
    """An online learner that notes when it is told each ticket's skill, and what it was asked before."""

    def __init__(self) -> None:
        super().__init__()
        self.board: Board | None = None
        self.told: dict[int, tuple[float, str]] = {}  # ticket index -> (simulated time, skill)
        self.asked_after_told: list[str] = []
        self.repeated: set[str] = set()  # texts several tickets share (alerts): not one ticket's

    def learn(self, key: object, text: str, skill: str) -> None:
        assert self.board is not None
        assert isinstance(key, int)
        self.told.setdefault(key, (self.board.now, skill))
        super().learn(key, text, skill)

    def beliefs(self, text: str) -> dict[str, float] | None:
        if text not in self.repeated and any(text == example.text for example in self.examples):
            self.asked_after_told.append(text)
        return super().beliefs(text)

    # The observer half: it only keeps the board, to read the simulated clock.
    def arrived(self, now: float, work: Work, board: Board) -> None:
        self.board = board

    def responded(self, now: float, work: Work, agent: AgentLive) -> None:
        pass


def test_a_ticket_is_learned_only_when_its_first_stage_comes_back_from_an_agent() -> None:
    workload = parse_workload(generate(DESK))
    learner = Watched()
    texts = [f"{t.subject}\n{t.description}" for t in workload.scenario.tickets]
    learner.repeated = {text for text in texts if texts.count(text) > 1}

    result = simulate(workload, "sla-batch", observer=learner, learner=learner)

    ids = {t.index: t.id for t in workload.scenario.tickets}
    ended: dict[str, set[float]] = {}  # ticket id -> the moments its stage-1 assignments ended
    for record in result.tally.log:
        if record.stage == 1:
            ended.setdefault(record.ticket, set()).add(record.end)
    assert len(learner.told) > 400  # nearly every ticket was worked and so taught the learner
    for index, (when, skill) in learner.told.items():
        # Told at the very moment an assignment of it ended: after the work, never at arrival.
        assert when in ended[ids[index]]
        assert skill == workload.truth.stage(index, 1).skill
    assert learner.asked_after_told == []  # no ticket was read by a model that had learned it


def test_learning_online_misroutes_far_less_on_a_desk_with_its_own_words() -> None:
    workload = parse_workload(generate(DESK))

    learned = simulate(workload, "sla-batch")
    shipped = simulate(workload, "sla-batch", tagging="shipped")

    assert learned.tally.misrouted < 0.7 * shipped.tally.misrouted
