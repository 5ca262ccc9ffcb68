"""The dispatcher never sees a ticket's truth: only the physics reads it, after an assignment."""

import copy
import dataclasses
from typing import Any

from dispatchdesk.simulation.workload import Scenario, TicketSpec, parse_workload
from tests.simulation.workloads import agent, assert_audit_agrees, replay, ticket, workload

SKILLS = {"billing": 3, "network": 3, "security": 3}


def busy_desk() -> dict[str, Any]:
    """Agents who all hold every skill equally well: no assignment can be a misroute."""
    crew = [agent(f"A{i}", dict(SKILLS), capacity=1 + i % 2) for i in range(3)]
    texts = ("billing", "network", "security")
    work = [
        ticket(f"T{i:02d}", 15.0 * i, texts[i % 3], priority=f"P{1 + i % 4}", truth={"handle_s": [300 - i] * 5})
        for i in range(30)
    ]
    return workload(crew, work)


def contradict(document: dict[str, Any]) -> dict[str, Any]:
    """The same workload with every ticket's true skill and category unlike what its text says."""
    changed = copy.deepcopy(document)
    rotate = {"billing": "network", "network": "security", "security": "billing"}
    for item in changed["tickets"]:
        item["truth"]["skill"] = item["truth"]["category"] = rotate[item["truth"]["skill"]]
        item["truth"]["text_style"] = "misleading"
    return changed


def test_the_dispatchers_view_of_a_ticket_has_no_truth_in_it() -> None:
    document = busy_desk()
    document["tickets"][0]["truth"]["skill"] = "secret_skill_zz"
    document["tickets"][0]["truth"]["handle_s"] = [12345.678] * 5

    scenario = parse_workload(document).scenario

    assert {f.name for f in dataclasses.fields(TicketSpec)}.isdisjoint({"truth", "handle_s", "escalation", "skill"})
    assert "truth" not in {f.name for f in dataclasses.fields(Scenario)}
    assert "secret_skill_zz" not in repr(scenario)
    assert "12345.678" not in repr(scenario)


def test_truth_that_contradicts_the_text_changes_no_decision() -> None:
    honest, misleading = busy_desk(), contradict(busy_desk())

    for policy in ("sla-batch", "priority-deadline", "longest-idle"):
        first, _ = replay(honest, policy)
        second, audited = replay(misleading, policy)

        assert [r.as_dict() for r in first.tally.log] == [r.as_dict() for r in second.tally.log]
        assert_audit_agrees(second, audited)


def test_only_a_triage_tells_the_dispatcher_the_real_skill() -> None:
    document = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"network": 3})],
        [ticket("T1", 0.0, "network", subject="Invoice is wrong", description="The invoice is wrong.")],
    )

    result, audited = replay(document, "round-robin")

    routed = [r.skill for r in result.tally.log]
    assert routed == ["billing", "network"]  # first the text's skill, then what the triage found
    assert audited.tally.misrouted == 1
    assert_audit_agrees(result, audited)
