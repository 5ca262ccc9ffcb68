"""SLA attainment on the public sample workloads, scored by the evaluation kit's referee, against its reference figures.

Every sample is replayed with the product's policy and the simple baselines; skills are
read from the ticket text with the shipped classifier, which leaves out what it learned
from the workload being replayed (leave one out). Each log is scored by the referee
(`../shared/sim/score.py`, or DISPATCHDESK_SHARED), never by the product's own metrics.

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
# The evaluation kit's best reference figure per workload (share of first responses within target)
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
    gaps = ["| workload | reference (evaluation kit) | product (sla-batch) | gap |", "|---|---|---|---|"]
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
staff for hours some of those miss their targets in turn; field_service and priority_storms have almost no late
work and do not change. On erlang_single (51 identical agents, a 20 s target) share and tail pull hardest against
each other: every aging form tried (linear, quadratic, a step, a cap just under fresh work about to miss) traded
along one line, measured on 2026-12-02 with the referee (aging_weight: share in time, wait p99):

| aging_weight | erlang_single | multiskill_chain |
|---|---|---|
| 0 (before aging) | 94.1%, 431 s | 86.4% (P1 71.0%), 23,568 s |
| 0.06 | 94.0%, 434 s | 83.4% (P1 64.2%), 8,512 s |
| 0.10 | 93.2%, 361 s | |
| 0.16 (the default) | 91.6%, 251 s | 79.7% (P1 62.9%), 3,998 s |
| 0.17 | 91.5%, 239 s | 78.0% |
| 0.20 | 90.7%, 218 s | |

No form tried kept erlang_single's share at 94.1% with its p99 within 1.5 times first-come's (253 s); nor did
serving the newest late ticket first (a fresh miss before an old one, no aging: 94.1% at 415 s, and multiskill_chain
85.9% at 33,456 s). The default is
the smallest weight tried that keeps every sample's p99 within that bound, so that nobody is starved; it gives up
share to do so (erlang_single 2.5 points, still far above first-come's 78.2%; multiskill_chain 6.7 points, still
above the best reference figure below). A desk that prefers the share can lower `aging_weight` (a Policy setting;
a simulation's rules file sets it under `policy`) after comparing on its own history.

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
