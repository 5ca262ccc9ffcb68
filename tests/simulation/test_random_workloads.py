"""Random small workloads: no assignment ever breaks a hard rule, and the audit recomputes our physics.

Each log is audited (docs/workload-format.md §5): no violation, nothing assigned that was
not waiting, no physics mismatch, and the simulator's first responses, resolutions and
metrics equal the ones the audit derives from the log alone. The agent-side rules are
also checked here straight from the workload's JSON, without the project's parsing.
"""

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.simulation.workloads import BERLIN, assert_audit_agrees, replay, workload

SKILLS = ("billing", "network", "security")
FIELD = {"speed_kmh": 40.0, "detour_factor": 1.3, "fixed_s": 300.0, "dispatch_lead_s": 1800.0}
TEXTS = {
    "strong": "Problem with {skill}|Hello, we have a problem with the {skill}.",
    "vague": "Need help|Hello, I have an issue and need someone to look at it.",
    "misleading": "Problem with {other}|Hello, the {other} is broken. Thanks",
}


@st.composite
def agents(draw: st.DrawFn, index: int) -> dict[str, Any]:
    field = draw(st.booleans()) and index > 0
    start = draw(st.floats(0, 1500))
    shifts = [[start, start + draw(st.floats(200, 4000))]]
    if draw(st.booleans()):
        shifts.append([shifts[0][1] + draw(st.floats(0, 500)), 9000.0])
    return {
        "id": f"A{index}",
        "name": f"A{index}",
        "tier": draw(st.sampled_from(("L1", "L2"))),
        "team": "any",
        "skills": draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), min_size=1, max_size=2)),
        "languages": draw(st.sampled_from((["en"], ["de"], ["en", "de"]))),
        "region": "Berlin" if field else None,
        "home": BERLIN if field else None,
        "field": field,
        "capacity": draw(st.integers(1, 3)),
        "shifts": shifts,
    }


@st.composite
def tickets(draw: st.DrawFn, index: int) -> dict[str, Any]:
    skill, other = draw(st.permutations(SKILLS))[:2]
    style = draw(st.sampled_from(sorted(TEXTS)))
    subject, description = TEXTS[style].format(skill=skill, other=other).split("|")
    onsite = draw(st.integers(0, 4)) == 0
    arrival = draw(st.floats(0, 3000))
    window_start = arrival + draw(st.floats(0, 3000))
    handle = sorted(draw(st.lists(st.floats(5, 900), min_size=5, max_size=5)), reverse=True)
    escalation = None
    if draw(st.integers(0, 3)) == 0:
        escalation = {"skill": draw(st.sampled_from(SKILLS)), "handle_s": handle[::-1]}
    return {
        "id": f"T{index:03d}",
        "arrival": arrival,
        "channel": "email",
        "priority": draw(st.sampled_from(("P1", "P2", "P3", "P4"))),
        "language": draw(st.sampled_from(("en", "en", "de"))),
        "region": "Berlin" if onsite else None,
        "onsite": onsite,
        "location": {"lat": 52.52 + draw(st.floats(-0.2, 0.2)), "lon": 13.4 + draw(st.floats(-0.2, 0.2))}
        if onsite
        else None,
        "window": [window_start, window_start + 7200.0] if onsite else None,
        "customer": {"id": f"C{draw(st.integers(1, 4))}", "tier": "standard"},
        "subject": subject,
        "description": description,
        "truth": {"skill": skill, "category": skill, "text_style": style, "handle_s": handle, "escalation": escalation},
    }


@st.composite
def events(draw: st.DrawFn, agent_count: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        who, start = f"A{draw(st.integers(0, agent_count - 1))}", draw(st.floats(0, 4000))
        out.append({"t": start, "agent": who, "type": "offline", "requeue": draw(st.booleans())})
        if draw(st.booleans()):
            out.append({"t": start + draw(st.floats(1, 2000)), "agent": who, "type": "online"})
    return sorted(out, key=lambda e: e["t"])


@st.composite
def workloads(draw: st.DrawFn) -> dict[str, Any]:
    n_agents = draw(st.integers(1, 5))
    crew = [draw(agents(i)) for i in range(n_agents)]
    work = [draw(tickets(i)) for i in range(draw(st.integers(1, 12)))]
    targets = {
        p: {"first_response_s": draw(st.floats(10, 900)), "resolution_s": 3600.0} for p in ("P1", "P2", "P3", "P4")
    }
    return workload(
        crew, work, events=draw(events(n_agents)), field=FIELD, sla_policy={"clock": "calendar", "targets": targets}
    )


def qualified(agent: dict[str, Any], ticket: dict[str, Any], skill: str, stage: int) -> bool:
    """docs/workload-format.md §2.2, read from the JSON as written."""
    return (
        skill in agent["skills"]
        and ticket["language"] in agent["languages"]
        and (stage == 1 or agent["tier"] == "L2")
        and agent["field"] == ticket["onsite"]
        and (not ticket["onsite"] or agent["region"] == ticket["region"])
    )


def broken_rules(document: dict[str, Any], log: list[dict[str, Any]]) -> list[str]:
    """Qualification and capacity, record by record (on-line time is left to the audit)."""
    crew = {a["id"]: a for a in document["agents"]}
    work = {t["id"]: t for t in document["tickets"]}
    running: dict[str, list[float]] = defaultdict(list)
    broken = []
    for record in log:
        agent, now = crew[record["agent"]], record["t"]
        running[agent["id"]] = [end for end in running[agent["id"]] if end > now + 2e-3]
        if not qualified(agent, work[record["ticket"]], record["skill"], record["stage"]):
            broken.append(f"unqualified {record}")
        if len(running[agent["id"]]) >= agent["capacity"]:
            broken.append(f"over capacity {record}")
        running[agent["id"]].append(record["end"])
    return broken


@pytest.mark.parametrize("policy", ["sla-batch", "priority-deadline", "round-robin"])
@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=workloads())
def test_no_assignment_breaks_a_hard_rule_and_the_audit_agrees(policy: str, document: dict[str, Any]) -> None:
    result, audited = replay(document, policy)

    assert broken_rules(document, [r.as_dict() for r in result.tally.log]) == []
    assert audited.records == len(result.tally.log)
    assert_audit_agrees(result, audited)
