"""SLA attainment on the public sample workloads, scored by the referee, against SIMULATION.md's figures.

Every sample is replayed with the product's policy and the simple baselines; skills are
read from the ticket text with the shipped classifier, which leaves out what it learned
from the workload being replayed (leave one out). Each log is scored by the referee
(`/work/shared/sim/score.py`), never by the product's own metrics.

Run: .venv/bin/python bench/simulate_samples.py [--scenarios DIR] [--referee DIR]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, write_result

from dispatchdesk.dispatch.engine.batch import aged_overdue
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY
from dispatchdesk.simulation.runner import simulate, write_log
from dispatchdesk.simulation.workload import load_workload

POLICIES = ("sla-batch", "priority-deadline", "round-robin", "least-loaded", "longest-idle")
FIRST_COME = ("round-robin", "least-loaded", "longest-idle")
WAIT_GOAL = 1.5  # sla-batch's wait p99 at most this many times the best first-come policy's
# SIMULATION.md: best reference figure per workload (share of first responses within target)
REFERENCE = {
    "multiskill_chain": (0.667, "priority + deadline, best expected finish, true skill"),
    "priority_storms": (1.0, "priority + deadline (P1 100%)"),
    "field_service": (0.990, "priority + deadline, best expected finish"),
    "erlang_single": (0.80, "Erlang C, any work-conserving first-come policy"),
}


def referee(folder: Path) -> ModuleType:
    if not (folder / "score.py").exists():
        raise SystemExit(f"the referee is missing: {folder / 'score.py'}")
    sys.path.insert(0, str(folder))
    return importlib.import_module("score")


def run_one(score: ModuleType, path: Path, policy: str, tmp: Path) -> dict[str, Any]:
    workload = load_workload(path)
    result = simulate(workload, policy)
    log = tmp / f"{path.stem}.{policy}.jsonl"
    write_log(result.tally, log)
    scenario = __import__("json").loads(path.read_text())
    measured: dict[str, Any] = score.score(scenario, score.load_log(str(log)))
    measured["seconds"] = result.seconds
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=Path, default=SHARED / "scenarios")
    parser.add_argument("--referee", type=Path, default=SHARED / "sim")
    args = parser.parse_args()
    score = referee(args.referee)
    rows = [
        "| workload | policy | frt_sla | P1 frt_sla | res_sla | wait p90 s | wait p99 s | misrouted | hard violations "
        "| physics mismatch | replay s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    gaps = ["| workload | reference (SIMULATION.md) | product (sla-batch) | gap |", "|---|---|---|---|"]
    waits = [
        "| workload | sla-batch frt_sla | P1 frt_sla | sla-batch wait p99 s | best first-come wait p99 s | ratio "
        f"(goal <= {WAIT_GOAL}) |",
        "|---|---|---|---|---|---|",
    ]
    broken = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(args.scenarios.glob("*.json")):
            measured: dict[str, dict[str, Any]] = {}
            for policy in POLICIES:
                m = measured[policy] = run_one(score, path, policy, Path(tmp))
                broken += m["hard_violations"] + m["physics_mismatch"]
                rows.append(_row(path.stem, policy, m))
                print(rows[-1], flush=True)
                if policy == POLICIES[0] and path.stem in REFERENCE:
                    figure, what = REFERENCE[path.stem]
                    gaps.append(
                        f"| {path.stem} | {figure:.1%} ({what}) | {m['frt_sla']:.1%} | {100 * (m['frt_sla'] - figure):+.1f} pts |"
                    )
            waits.append(_wait_row(path.stem, measured))
    print("\n".join(gaps))
    print("\n".join(waits))
    notes = f"""
Skills are read from the text (shipped classifier, leave-one-out, plus keyword rules); "misrouted" counts
assignments to an agent without the ticket's real skill (300 s triage each). The referee recomputes all physics
from the log: hard violations and physics mismatches must be 0 (found: {broken}).

The price of sla-batch's gain: it serves work whose target can still be met before work whose target is already
lost. Left at that, on a desk short of staff for hours (multiskill_chain's rotating demand) a ticket that missed
its first-response target waited behind fresh ones until its resolution deadline drew near: a wait p99 of 23,568 s
there, 3.7 times the best first-come policy's (86.4% of first responses in time, P1 71.0%; measured 2026-11-25,
before aging). Queue aging (D7) bounds that wait: a ticket past its deadline gains `aging_weight` =
{DEFAULT_POLICY.aging_weight:g} urgency for every length of its own target it is overdue, so a 20-second and a 4-hour
target age alike, and after {aged_overdue(DEFAULT_POLICY):.0f} lengths it ranks with work that can still be in time and
is no longer held back to keep an agent free for urgent newcomers. Dispatchers see it in the offer's reasons
("response late, waiting {1 + aged_overdue(DEFAULT_POLICY):.0f} times its target"). The 99th percentile wait beside
the share, against the best of round robin, least loaded and longest idle in the same run:

{chr(10).join(waits)}

What aging costs: a late ticket served sooner takes an agent a fresh ticket was waiting for, and on a desk short of
staff for hours some of those miss their targets in turn. When aging came (2026-12-02), multiskill_chain's wait p99
fell from 23,568 s to 8,512 s and its share from 86.4% to 83.4% (P1 from 71.0% to 64.2%); field_service and
priority_storms have almost no late work and did not change. On erlang_single (51 identical agents, a 20 s target)
share and tail pull against each other harder: the mean wait is the same under every work-conserving order
(17.6 s), so the fewer tickets miss the target, the longer those few wait; at 94% in time they wait about 260 s on
average, already more than 1.5 times first-come's 99th percentile of 169 s (253 s). Every aging form tried
(linear, quadratic, a step, a cap just under fresh work about to miss) traded along the same line: about 92% in
time at 253 s. The default leaves that tail about as it was (431 s before, 434 s now; 94.1% then 94.0%); a larger `aging_weight` (a
Policy setting, which a simulation's rules file can set under `policy`) buys the tail with share: 0.10 gives 361 s
at 93.2%, 0.17 gives 239 s at 91.5%, but 0.17 also takes multiskill_chain to 78.0%.

## Gap to the reference figures

{chr(10).join(gaps)}
"""
    print("wrote", write_result("simulator-sla", "Simulator: SLA attainment on the sample workloads", rows, notes))
    if broken:
        raise SystemExit(f"{broken} hard violations or physics mismatches")


def _wait_row(name: str, measured: dict[str, dict[str, Any]]) -> str:
    ours = measured[POLICIES[0]]
    best = min(FIRST_COME, key=lambda policy: measured[policy]["wait_p99_s"])
    best_p99 = measured[best]["wait_p99_s"]
    p1 = "-" if ours["p1_frt_sla"] != ours["p1_frt_sla"] else f"{ours['p1_frt_sla']:.1%}"
    ratio = ours["wait_p99_s"] / best_p99 if best_p99 > 0 else float("inf")
    return (
        f"| {name} | {ours['frt_sla']:.1%} | {p1} | {ours['wait_p99_s']:,.0f} | {best_p99:,.0f} ({best}) "
        f"| {ratio:.2f}{'' if ratio <= WAIT_GOAL else ' (over)'} |"
    )


def _row(name: str, policy: str, m: dict[str, Any]) -> str:
    p1 = "-" if m["p1_frt_sla"] != m["p1_frt_sla"] else f"{m['p1_frt_sla']:.1%}"
    return (
        f"| {name} | {policy} | {m['frt_sla']:.1%} | {p1} | {m['res_sla']:.1%} | {m['wait_p90_s']:,.0f} "
        f"| {m['wait_p99_s']:,.0f} | {m['misrouted']} "
        f"| {m['hard_violations']} | {m['physics_mismatch']} | {m['seconds']:.1f} |"
    )


if __name__ == "__main__":
    main()
