"""One call to replay a workload under a named policy, and the assignment log it writes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from dispatchdesk.dispatch.engine.learn import OnlineSkillLearner
from dispatchdesk.dispatch.engine.policy import DEFAULT_POLICY, Policy
from dispatchdesk.simulation import metrics
from dispatchdesk.simulation.board import Dispatcher
from dispatchdesk.simulation.dispatchers.baselines import LeastLoaded, LongestIdle, RoundRobin
from dispatchdesk.simulation.dispatchers.ranked import PriorityDeadline
from dispatchdesk.simulation.dispatchers.sla import SlaBatchDispatcher
from dispatchdesk.simulation.routing import RoutingRules, TicketReader
from dispatchdesk.simulation.simulator import Observer, Progress, Simulator, Tally
from dispatchdesk.simulation.tagging import DemandTagger, TaggingError, build_tagger, read_rules, read_sources
from dispatchdesk.simulation.workload import Workload

DEFAULT_POLICY_NAME = "sla-batch"
# How a ticket's text is read: learned online from the desk's worked tickets (the shipped model and
# keywords until then), the shipped model with the keywords, or the keywords alone.
TAGGINGS = ("learned", "shipped", "keywords")
DEFAULT_TAGGING = "learned"
Factory = Callable[[Policy, TicketReader], Dispatcher]
POLICIES: dict[str, Factory] = {
    "sla-batch": SlaBatchDispatcher,
    "priority-deadline": PriorityDeadline,
    "round-robin": RoundRobin,
    "least-loaded": LeastLoaded,
    "longest-idle": LongestIdle,
}


@dataclass(frozen=True, slots=True)
class RunResult:
    policy: str
    tally: Tally
    metrics: dict[str, Any]
    seconds: float


def simulate(
    workload: Workload,
    policy_name: str = DEFAULT_POLICY_NAME,
    *,
    rules_path: str | Path | None = None,
    classifier_path: str | Path | None = None,
    progress: Progress | None = None,
    observer: Observer | None = None,
    tagging: str = DEFAULT_TAGGING,
    learner: OnlineSkillLearner | None = None,
) -> RunResult:
    """Replay `workload` through the dispatch engine; raises ValueError on unusable input.

    `observer` is told of every arrival and first response (see `simulator.Observer`).
    `tagging` is how the text is read (TAGGINGS): by default the dispatcher learns online from
    each ticket once its real skill is known, as the live desk's classifier learns from its history
    (`learner` to watch it; a new one otherwise).
    """
    if tagging not in TAGGINGS:
        raise ValueError(f"unknown tagging {tagging!r}; choose from {', '.join(TAGGINGS)}")
    if policy_name not in POLICIES:
        raise ValueError(f"unknown policy {policy_name!r}; choose from {', '.join(POLICIES)}")
    started = time.perf_counter()
    rules = read_rules(rules_path)
    scenario = workload.scenario
    skills = sorted({s for a in scenario.agents for s in a.skills})
    sources = [] if tagging == "keywords" else read_sources(classifier_path)
    tagger = build_tagger(sources, rules, workload.raw_fingerprint, skills)
    policy = policy_from_rules(rules.get("policy") or {}, scenario.misroute_triage_s)
    learner = (learner or OnlineSkillLearner()) if tagging == "learned" else None
    reader = TicketReader(DemandTagger(scenario, tagger), routing_rules(rules.get("rules") or []), learner)
    dispatcher = POLICIES[policy_name](policy, reader)
    simulator = Simulator(workload, dispatcher, progress, observer, feedback=reader)
    tally = simulator.run()
    result = metrics.compute(scenario, tally, simulator.availability)
    return RunResult(policy_name, tally, result, time.perf_counter() - started)


def policy_from_rules(settings: Mapping[str, Any], misroute_cost_s: float) -> Policy:
    """The engine policy, with any settings the rules file gives (unknown names are refused)."""
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TaggingError(f"rules.policy has unknown settings: {', '.join(unknown)}")
    try:
        return replace(DEFAULT_POLICY, misroute_cost_s=misroute_cost_s, **settings)
    except (TypeError, ValueError) as error:
        raise TaggingError(f"rules.policy: {error}") from None


def routing_rules(items: Any) -> RoutingRules:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise TaggingError("rules.rules must be a list of routing rules ({name, when, then})")
    try:
        return RoutingRules.from_document(items)
    except (TypeError, ValueError, re.error) as error:
        raise TaggingError(f"rules.rules: {error}") from None


def write_log(tally: Tally, path: str | Path) -> None:
    """JSON Lines, one record per assignment, in the order they were made (docs/workload-format.md §3)."""
    with Path(path).open("w", encoding="utf-8") as out:
        for record in tally.log:
            out.write(json.dumps(record.as_dict()) + "\n")
