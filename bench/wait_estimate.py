"""How far the "expected wait to first response" of S5 is from the wait that followed, on replayed workloads.

Each sample workload is replayed by the product's simulator. When a ticket arrives, a watcher
(a `simulation.simulator.Observer`) counts the simulated queue into the `QueueSnapshot` the
live desk builds from its database and asks `dispatchdesk.sla.wait.estimate_wait`; after the
replay each estimate is compared with that ticket's simulated wait (arrival to first
response). A naive baseline is measured beside it: the group's median wait over the same
recent hours, with the 10th-90th percentile of those waits as its range.

The ticket's group is the skill intake reads from its text (the shipped classifier and
keyword rules, as the dispatcher reads it) within its pool (desk, or field work of one
region); the group's agents are those holding that skill. Tickets arriving during the
warm-up are estimated (they feed the history) but not scored.

Two dispatch orders are replayed, because "ahead" means "served first": `priority-deadline`
serves the queue in engine.queue order (priority, aged, then deadline and age), the order live
dispatch and "next ticket" use; `sla-batch`, the simulator's default, lets engine.batch put
work whose response target can still be met first, earliest deadline first.

Beside the four shared samples it measures desks made by `dispatchdesk generate-workload` from
the seeds in GENERATED (other sizes, skill counts and languages than the samples; seeds never
used while the estimator was being tuned). They are written to var/workloads/ the first time and
reused after; they are not committed.

Run: .venv/bin/python bench/wait_estimate.py [--scenarios DIR] [--no-generated] [--policy NAME ...] [--no-write]
"""

from __future__ import annotations

import argparse
import bisect
import json
import statistics
import sys
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, percentile, write_result

from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY
from dispatchdesk.simulation.board import AgentLive, Board, Pool, Work, agent_pool, ticket_pool
from dispatchdesk.simulation.generate import Spec, generate, workload_name
from dispatchdesk.simulation.routing import TicketReader
from dispatchdesk.simulation.runner import simulate
from dispatchdesk.simulation.tagging import DemandTagger, build_tagger, read_rules, read_sources
from dispatchdesk.simulation.workload import AgentSpec, Scenario, Workload, load_workload
from dispatchdesk.sla.wait import HISTORY_S, Estimate, QueueSnapshot, Similar, estimate_wait, lesson

Group = tuple[Pool, str]  # (desk or a field region, skill)
VAR = Path(__file__).resolve().parent.parent / "var" / "workloads"
GENERATED = (
    Spec(seed=101, tickets=5_000, days=7, agents=45, skills=8, languages=("en", "de")),
    Spec(seed=202, tickets=20_000, days=14, agents=160, skills=20, languages=("en", "de", "fr")),
    Spec(seed=303, tickets=50_000, days=14, agents=420, skills=35, languages=("en", "de", "fr", "es", "ja")),
    Spec(seed=404, tickets=10_000, days=7, agents=90, skills=12, languages=("en", "es", "pt", "fr")),
)
FAR_FUTURE = 1e18
ORDERS = {
    "priority-deadline": "live queue order (priority, then deadline and age)",
    "sla-batch": "the simulator's SLA optimiser (response still possible first, earliest deadline first)",
}
EXPERIENCE = 200  # answered tickets remembered per band of figures, as sla.promises reads them live
NAIVE_NO_HISTORY_S = 300.0  # the baseline's guess for a group that has answered nobody lately
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Guess:
    """What was said to the customer at arrival: the estimate and the naive baseline (seconds)."""

    arrival: float
    estimate: Estimate | None
    naive: float
    naive_low: float
    naive_high: float


@dataclass(slots=True)
class WaitWatcher:
    """A simulation observer: a snapshot and an estimate at each arrival, the desk's history on each answer.

    The snapshot counts what dispatch's eligibility allows: the agents of the ticket's group who
    speak its language, and the waiting work of the group those on shift could take instead.
    """

    scenario: Scenario
    reader: TicketReader
    deadline_first: bool  # sla-batch serves work whose response can still be in time first, by deadline
    guesses: dict[int, Guess] = field(default_factory=dict)
    _group_of: dict[int, Group] = field(default_factory=dict)  # ticket index -> group read at arrival
    _recent: dict[Group, deque[tuple[float, float]]] = field(default_factory=dict)  # (answered at, wait)
    _arrivals: dict[Group, deque[tuple[float, int]]] = field(default_factory=dict)  # (arrived at, priority)
    _answers: dict[int, deque[tuple[float, None]]] = field(default_factory=dict)  # agent -> first responses
    _members: dict[tuple[Group, str], list[int]] = field(default_factory=dict)  # (group, language) -> agents
    _experience: dict[Similar, deque[float]] = field(default_factory=dict)  # lessons by band

    def arrived(self, now: float, work: Work, board: Board) -> None:
        ticket = work.ticket
        beliefs = self.reader.beliefs(ticket)
        skill = min(beliefs, key=lambda s: (-beliefs[s], s)) if beliefs else ""
        group = (ticket_pool(ticket), skill)
        self._group_of[ticket.index] = group
        recent = _trim(self._recent.setdefault(group, deque()), now - HISTORY_S)
        arrivals = _trim(self._arrivals.setdefault(group, deque()), now - HISTORY_S)
        priority = self.reader.priority(ticket)
        waits = sorted(wait for _, wait in recent)
        members = [board.agents[i] for i in self._members_of(group, ticket.language)]
        on_shift = [agent for agent in members if agent.online]
        languages = {lang for agent in on_shift for lang in agent.spec.languages} or {ticket.language}
        answers = sum(len(_trim(self._answers.get(a.spec.index, deque()), now - HISTORY_S)) for a in on_shift)
        snapshot = QueueSnapshot(
            ahead=self._ahead(now, work, group, languages, board),
            free_slots=sum(agent.free_slots for agent in on_shift),
            agents_on_shift=len(on_shift),
            recent_first_responses=answers,
            recent_more_urgent=sum(1 for _, p in arrivals if p < priority),
            recent_median_pickup_s=statistics.median(waits) if waits else None,
            window_s=HISTORY_S,
            next_shift_in_s=None if on_shift else _next_shift_in(now, [a.spec for a in members]),
            appointment_in_s=max(ticket.window[0] - now, 0.0) if ticket.onsite and ticket.window else None,
        )
        naive = statistics.median(waits) if waits else NAIVE_NO_HISTORY_S
        low, high = (percentile(waits, 0.1), percentile(waits, 0.9)) if waits else (naive / 3, naive * 3)
        self.guesses[ticket.index] = Guess(now, estimate_wait(snapshot, self._waits_in), naive, low, high)
        arrivals.append((now, priority))

    def responded(self, now: float, work: Work, agent: AgentLive) -> None:
        index = work.ticket.index
        wait = now - work.ticket.arrival
        self._recent.setdefault(self._group_of[index], deque()).append((now, wait))
        self._answers.setdefault(agent.spec.index, deque()).append((now, None))
        estimate = self.guesses[index].estimate
        if estimate is None:
            return
        taught = lesson(estimate.basis, estimate.figure, wait)
        for band in estimate.similar:
            self._experience.setdefault(band, deque(maxlen=EXPERIENCE)).append(taught)

    def _waits_in(self, band: Similar) -> Sequence[float]:
        return self._experience.get(band, ())

    def _members_of(self, group: Group, language: str) -> list[int]:
        """The agents dispatch may give the group's tickets in `language` (stage 1: any tier)."""
        key = (group, language)
        if key not in self._members:
            pool, skill = group
            self._members[key] = [
                a.index
                for a in self.scenario.agents
                if skill in a.skills and agent_pool(a) == pool and language in a.languages
            ]
        return self._members[key]

    def _ahead(self, now: float, new: Work, group: Group, languages: set[str], board: Board) -> int:
        """Waiting work of the group, in a language its eligible agents on shift speak, served first."""
        if self.deadline_first:  # engine.batch: response-class work, earliest deadline first
            return sum(
                1
                for work in board.waiting.values()
                if work is not new
                and not work.responded
                and now < work.frt_due < new.frt_due
                and work.ticket.language in languages
                and self._group(work) == group
            )
        mine = self._urgency(now, new)  # engine.queue.urgency_key, the live queue order
        return sum(
            1
            for work in board.waiting.values()
            if work is not new
            and work.ticket.language in languages
            and self._group(work) == group
            and self._urgency(now, work) < mine
        )

    def _group(self, work: Work) -> Group | None:
        if work.known_skill is not None:
            return (ticket_pool(work.ticket), work.known_skill)
        return self._group_of.get(work.ticket.index)

    def _urgency(self, now: float, work: Work) -> tuple[float, float, float]:
        """engine.queue.urgency_key on the board's work: aged priority, first-response deadline, arrival."""
        ticket = work.ticket
        waited_h = max(now - ticket.arrival, 0.0) / 3600
        due = FAR_FUTURE if work.responded else work.frt_due
        return (self.reader.priority(ticket) - DEFAULT_POLICY.aging_per_hour * waited_h, due, ticket.arrival)


def _trim(recent: deque[tuple[float, T]], since: float) -> deque[tuple[float, T]]:
    while recent and recent[0][0] < since:
        recent.popleft()
    return recent


def _next_shift_in(now: float, agents: Sequence[AgentSpec]) -> float | None:
    starts = sorted(start for agent in agents for start, _ in agent.shifts)
    i = bisect.bisect_right(starts, now)
    return starts[i] - now if i < len(starts) else None


def generated_workloads() -> list[Path]:
    """GENERATED as files under var/workloads/ (written once; the same seed gives the same file)."""
    VAR.mkdir(parents=True, exist_ok=True)
    paths = [VAR / f"{workload_name(spec)}.json" for spec in GENERATED]
    for spec, path in zip(GENERATED, paths, strict=True):
        if not path.exists():
            path.write_text(json.dumps(generate(spec)), encoding="utf-8")
    return paths


def bench_reader(workload: Workload) -> TicketReader:
    """A reader built as the runner builds the dispatcher's (shipped model, leave-one-out, default rules)."""
    scenario = workload.scenario
    rules = read_rules(None)
    skills = sorted({s for a in scenario.agents for s in a.skills})
    tagger = build_tagger(read_sources(None), rules, workload.raw_fingerprint, skills)
    return TicketReader(DemandTagger(scenario, tagger))


@dataclass(frozen=True, slots=True)
class Errors:
    n: int
    mae_min: float
    p90_min: float
    bias_min: float
    inside: float
    width_min: float  # median width of the range shown (high - low): coverage is cheap with wide ranges


def errors(pairs: Sequence[tuple[float, float, float, float]]) -> Errors:
    """(estimate, low, high, actual) in seconds -> error summary in minutes."""
    absolute = [abs(e - a) / 60 for e, _, _, a in pairs]
    signed = [(e - a) / 60 for e, _, _, a in pairs]
    inside = sum(1 for _, lo, hi, a in pairs if lo <= a <= hi) / len(pairs)
    width = statistics.median((hi - lo) / 60 for _, lo, hi, _ in pairs)
    return Errors(
        len(pairs), statistics.median(absolute), percentile(absolute, 0.9), statistics.median(signed), inside, width
    )


def measure(path: Path, policy: str) -> tuple[list[str], dict[str, int]]:
    workload = load_workload(path)
    watcher = WaitWatcher(workload.scenario, bench_reader(workload), deadline_first=policy == "sla-batch")
    result = simulate(workload, policy, observer=watcher)
    answered = result.tally.first_response
    ours: dict[str, list[tuple[float, float, float, float]]] = {}
    naive: list[tuple[float, float, float, float]] = []
    counts = {"scored": 0, "unserved": 0, "no_estimate": 0}
    for index, guess in watcher.guesses.items():
        if guess.arrival < workload.scenario.warmup_s:
            continue
        counts["scored"] += 1
        if index not in answered:
            counts["unserved"] += 1
            continue
        actual = answered[index] - guess.arrival
        naive.append((guess.naive, guess.naive_low, guess.naive_high, actual))
        if guess.estimate is None:
            counts["no_estimate"] += 1
            continue
        e = guess.estimate
        ours.setdefault("all", []).append((e.seconds, e.low, e.high, actual))
        ours.setdefault(e.basis, []).append((e.seconds, e.low, e.high, actual))
    rows = [_row(path.stem, "estimator", "all", errors(ours["all"]))]
    rows += [_row(path.stem, "estimator", basis, errors(p)) for basis, p in sorted(ours.items()) if basis != "all"]
    rows.append(_row(path.stem, "naive: recent median", "all", errors(naive)))
    return rows, counts


def _row(workload: str, method: str, basis: str, e: Errors) -> str:
    return (
        f"| {workload} | {method} | {basis} | {e.n:,} | {e.mae_min:,.2f} | {e.p90_min:,.1f} "
        f"| {e.bias_min:+,.2f} | {e.inside:.0%} | {e.width_min:,.1f} |"
    )


HEADER = [
    "| workload | method | basis | n | median abs error (min) | p90 abs error (min) | median bias (min) "
    "| actual inside range | median range width (min) |",
    "|---|---|---|---|---|---|---|---|---|",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=Path, default=SHARED / "scenarios")
    parser.add_argument("--no-generated", action="store_true", help="only the workloads in --scenarios")
    parser.add_argument("--policy", nargs="+", choices=sorted(ORDERS), default=list(ORDERS))
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks alone")
    args = parser.parse_args()
    paths = sorted(args.scenarios.glob("*.json")) + ([] if args.no_generated else generated_workloads())
    rows: list[str] = []
    counts_notes: list[str] = []
    for policy in args.policy:
        rows += ["", f"## Dispatch order: {ORDERS[policy]} (`{policy}`)", "", *HEADER]
        print(*rows[-5:], sep="\n")
        for path in paths:
            found, counts = measure(path, policy)
            rows += found
            print("\n".join(found), flush=True)
            counts_notes.append(
                f"- {path.stem}, {policy}: {counts['scored']:,} tickets scored, {counts['unserved']:,} never answered "
                f"(left out), {counts['no_estimate']:,} without an estimate (nobody on shift, no shift planned)"
            )
    if not args.no_write:
        notes = NOTES.format(counts="\n".join(counts_notes))
        print("wrote", write_result("wait-estimate", TITLE, rows[1:], notes))


TITLE = "Expected wait to first response (S5): measured error on replayed workloads"
NOTES = """
How it is measured (bench/wait_estimate.py; the method is docs/sla-wait-estimate.md): each workload (the format is
docs/workload-format.md) is replayed by the product's simulator; at each ticket's arrival the simulated queue is
counted into the `QueueSnapshot` the live desk builds (the agents of the ticket's group who speak its language, the
waiting work those on shift could take instead), and `estimate_wait` answers with the experience the desk has so far
(waits of answered tickets by the band of their first figure); the estimate is then compared with the simulated wait
from arrival to first response. Errors are in minutes; bias is estimate minus actual (positive: the estimate
promised longer than it took); "inside range" is the share of actual waits within the shown [low, high], and the
last column is how wide that range was (median), since a wider range holds more. "naive: recent median" is the
group's median wait over the last 4 hours, with the 10th-90th percentile of those waits as its range (5 minutes with
no history). Tickets are grouped by the skill read from their text; warm-up arrivals are not scored.

The four shared samples are followed by desks made with `dispatchdesk generate-workload` from the seeds in
bench/wait_estimate.py (GENERATED): 5,000 to 50,000 tickets, 8 to 35 skills, 2 to 5 languages, three sites in
different time zones. Their seeds were not used while the estimator was tuned (seeds 7, 11 and 23 were).

{counts}

Reading the figures:
- With the live queue order (the first table) the estimator beats the naive recent median on median error, p90
  error and coverage on every workload; where both medians are 0.00 (erlang_single and the 50,000-ticket desk, on
  which most tickets find a free agent) it is a tie at zero. The coverage is not bought with width: the median width
  of its range (last column) is narrower than the naive range's on every workload; the 5th-95th percentile of
  similar tickets' waits is wide only for the few whose figure falls among long waits.
- field_service books on-site work in appointment windows: the engineer is dispatched around the window's start, so
  the estimate there is the window (basis appointment), which the naive median cannot know.
- Under `sla-batch` (the second table) the order is not the queue's: work whose response target is already lost
  waits behind fresh work until a lull. Live dispatch serves the queue in engine.queue order, so the first table is
  the one that applies. Under sla-batch the estimator is ahead or tied on every workload and figure (ties:
  erlang_single's median and p90, priority_storms' p90, the 50,000-ticket desk's median), but its ranges are
  wider than the naive ones on multiskill_chain and the four generated desks.
"""


if __name__ == "__main__":
    main()
