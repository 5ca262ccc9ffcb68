"""Small hand-made workloads in the SIMULATION.md format, and the referee that scores them."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dispatchdesk.simulation.runner import RunResult, simulate
from dispatchdesk.simulation.workload import parse_workload

# The evaluation kit sits beside the repository (as in CI); DISPATCHDESK_SHARED may point elsewhere.
SHARED = Path(os.environ.get("DISPATCHDESK_SHARED", Path(__file__).resolve().parents[3] / "shared"))
REFEREE = SHARED / "sim"
HANDLE = (160.0, 130.0, 100.0, 85.0, 70.0)
BERLIN = {"lat": 52.52, "lon": 13.405}


def referee() -> ModuleType:
    """The evaluation kit's score.py: CI always has it, so its absence is a failure, never a skip."""
    if not (REFEREE / "score.py").is_file():
        pytest.fail(f"the referee {REFEREE / 'score.py'} is missing; tests need the shared evaluation kit")
    if str(REFEREE) not in sys.path:
        sys.path.insert(0, str(REFEREE))
    return importlib.import_module("score")


def agent(agent_id: str, skills: dict[str, int], **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": agent_id,
        "name": agent_id,
        "tier": "L1",
        "team": next(iter(skills)),
        "skills": skills,
        "languages": ["en"],
        "region": None,
        "home": None,
        "field": False,
        "capacity": 1,
        "shifts": [[0, 100_000.0]],
    }
    values.update(extra)
    return values


def ticket(ticket_id: str, arrival: float, skill: str, **extra: Any) -> dict[str, Any]:
    """A ticket whose text names its skill, unless `subject`/`description` say otherwise."""
    truth = {"skill": skill, "category": skill, "text_style": "strong", "handle_s": list(HANDLE), "escalation": None}
    truth.update(extra.pop("truth", {}))
    values: dict[str, Any] = {
        "id": ticket_id,
        "arrival": arrival,
        "channel": "email",
        "priority": "P3",
        "language": "en",
        "region": None,
        "onsite": False,
        "location": None,
        "window": None,
        "customer": {"id": "C1", "tier": "standard"},
        "subject": f"Problem with {skill}",
        "description": f"Hello, we have a problem with the {skill}. Thanks",
        "truth": truth,
    }
    values.update(extra)
    return values


def workload(agents: list[dict[str, Any]], tickets: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    skills = sorted({s for a in agents for s in a["skills"]} | {t["truth"]["skill"] for t in tickets})
    targets = {p: {"first_response_s": 600.0, "resolution_s": 7200.0} for p in ("P1", "P2", "P3", "P4")}
    values: dict[str, Any] = {
        "schema_version": "1.0",
        "meta": {"name": "hand_made", "epoch": "2025-01-06T00:00:00Z", "horizon_s": 20_000.0, "warmup_s": 0.0},
        "sla_policy": {"clock": "calendar", "targets": targets},
        "misroute_triage_s": 300,
        "field": None,
        "regions": [],
        "skill_catalog": {s: {"mean_handle_s": 100.0, "cv": 0.8} for s in skills},
        "agents": agents,
        "events": [],
        "tickets": sorted(tickets, key=lambda t: t["arrival"]),
    }
    values.update(extra)
    return values


def replay(document: dict[str, Any], policy: str = "sla-batch") -> tuple[RunResult, dict[str, Any]]:
    """Run the product's simulator, then score its log with the referee."""
    result = simulate(parse_workload(json.loads(json.dumps(document))), policy)
    log = [record.as_dict() for record in result.tally.log]
    scored: dict[str, Any] = referee().score(document, json.loads(json.dumps(log)))
    return result, scored


def records(result: RunResult, ticket_id: str) -> list[dict[str, Any]]:
    return [r.as_dict() for r in result.tally.log if r.ticket == ticket_id]
