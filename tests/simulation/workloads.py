"""Small hand-made workloads in the docs/workload-format.md format, and the project's auditor that checks them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from dispatchdesk.simulation.audit import Audit, audit_entries, parse_log
from dispatchdesk.simulation.runner import RunResult, simulate
from dispatchdesk.simulation.workload import parse_workload

HANDLE = (160.0, 130.0, 100.0, 85.0, 70.0)
BERLIN = {"lat": 52.52, "lon": 13.405}
# Metrics the simulator reports that the audit recomputes from the log alone (docs/workload-format.md §4).
RECOMPUTED = (
    "n_tickets",
    "frt_sla",
    "res_sla",
    "p1_frt_sla",
    "wait_mean_s",
    "wait_p50_s",
    "wait_p90_s",
    "wait_p99_s",
    "p_wait_gt0",
    "resolution_mean_s",
    "util_mean",
    "util_gini",
    "util_std",
    "misrouted",
    "overtime_share",
    "unserved",
    "onsite_jobs",
    "travel_mean_s",
    "window_missed",
    "assignments",
)


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


def audit(document: dict[str, Any], log: list[dict[str, Any]]) -> Audit:
    """The project's auditor on a log given as records, read back from JSON Lines as a file would be."""
    text = "\n".join(json.dumps(record) for record in log)
    return audit_entries(parse_workload(json.loads(json.dumps(document))), parse_log(text))


def replay(document: dict[str, Any], policy: str = "sla-batch") -> tuple[RunResult, Audit]:
    """Run the product's simulator, then audit the log it wrote against the workload."""
    result = simulate(parse_workload(json.loads(json.dumps(document))), policy)
    return result, audit(document, [record.as_dict() for record in result.tally.log])


def assert_audit_agrees(result: RunResult, audited: Audit) -> None:
    """No finding, the same first response and resolution for every ticket, the same metrics."""
    assert [str(f) for f in audited.findings] == []
    assert audited.tally.first_response == result.tally.first_response
    assert audited.tally.resolved == result.tally.resolved
    for key in RECOMPUTED:
        mine, theirs = result.metrics[key], audited.metrics[key]
        assert (math.isnan(mine) and math.isnan(theirs)) or mine == pytest.approx(theirs, abs=1e-9), key


def records(result: RunResult, ticket_id: str) -> list[dict[str, Any]]:
    return [r.as_dict() for r in result.tally.log if r.ticket == ticket_id]
