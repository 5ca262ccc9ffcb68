"""The project's auditor (docs/workload-format.md §5) on hand-written logs, good and deliberately broken.

Each broken log differs from a good one in one record, and the audit must name that
record's fault under its kind and nothing else. Times are worked out by hand: at
proficiency 3 a billing ticket takes 100 s, at 5 it takes 70 s (tests/simulation/workloads.py).
"""

import json
from collections import Counter
from typing import Any

import pytest

from dispatchdesk.simulation.audit import Kind, LogError, parse_log
from tests.simulation.workloads import BERLIN, agent, audit, ticket, workload

HAMBURG = {"lat": 53.55, "lon": 9.99}
FIELD = {"speed_kmh": 40.0, "detour_factor": 1.3, "fixed_s": 300.0, "dispatch_lead_s": 0.0}
ESCALATES = {"escalation": {"skill": "security", "handle_s": [50, 40, 30, 20, 10]}}


def desk() -> dict[str, Any]:
    return workload(
        [
            agent("A1", {"billing": 3}),
            agent("A2", {"billing": 5, "security": 4}, tier="L2", languages=["en", "de"], capacity=2),
            agent("A3", {"network": 3}, shifts=[[0.0, 1000.0]]),
            agent("A4", {"security": 4}),
            agent("E1", {"hvac": 3}, field=True, region="Berlin", home=BERLIN),
            agent("E2", {"hvac": 3}, field=True, region="Hamburg", home=HAMBURG),
        ],
        [
            ticket("T1", 10.0, "billing"),
            ticket("T2", 20.0, "billing"),
            ticket("T3", 30.0, "billing", truth=ESCALATES),
            ticket("T4", 40.0, "billing", language="de"),
            ticket("T5", 50.0, "hvac", onsite=True, region="Berlin", location=BERLIN),
        ],
        events=[
            {"t": 500.0, "agent": "A1", "type": "offline", "requeue": True},
            {"t": 800.0, "agent": "A1", "type": "online"},
        ],
        field=FIELD,
        regions=[{"name": "Berlin", "center": BERLIN, "radius_km": 30}],
    )


def rec(
    t: float, ticket_id: str, agent_id: str, end: float | None, *, stage: int = 1, skill: str = "billing"
) -> dict[str, Any]:
    record: dict[str, Any] = {"t": t, "ticket": ticket_id, "stage": stage, "agent": agent_id, "skill": skill}
    if end is not None:
        record["end"] = end
    return record


def good_log() -> list[dict[str, Any]]:
    return [
        rec(10.0, "T1", "A1", 110.0),
        rec(20.0, "T2", "A2", 90.0),
        rec(30.0, "T3", "A2", 100.0),
        rec(50.0, "T5", "E1", 150.0, skill="hvac"),  # the engineer is already there: no travel
        rec(100.0, "T3", "A2", 120.0, stage=2, skill="security"),  # stage 2 is ready when stage 1 ends
        rec(110.0, "T4", "A2", 180.0),  # one of A2's two slots is free again
    ]


def changed(index: int, record: dict[str, Any]) -> list[dict[str, Any]]:
    log = good_log()
    log[index] = record
    return log


def kinds(log: list[dict[str, Any]]) -> Counter[Kind]:
    return audit(desk(), log).kinds()


def test_a_good_log_has_no_finding_and_yields_first_responses_and_resolutions() -> None:
    audited = audit(desk(), good_log())

    assert audited.findings == ()
    assert audited.records == 6
    assert audited.tally.first_response == {0: 10.0, 1: 20.0, 2: 30.0, 3: 110.0, 4: 50.0}
    assert audited.tally.resolved == {0: 110.0, 1: 90.0, 2: 120.0, 3: 180.0, 4: 150.0}
    assert (audited.metrics["frt_sla"], audited.metrics["res_sla"], audited.metrics["unserved"]) == (1.0, 1.0, 0)
    assert audited.metrics["onsite_jobs"] == 1


def test_the_order_of_the_records_does_not_matter() -> None:
    audited = audit(desk(), good_log()[::-1])

    assert audited.findings == ()
    assert audited.metrics == audit(desk(), good_log()).metrics


def test_a_double_assignment_is_not_waiting_and_changes_nothing() -> None:
    log = [*good_log(), rec(50.0, "T1", "A2", 120.0)]  # A1 holds T1 until 110

    audited = audit(desk(), log)

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert "double assignment" in audited.findings[0].detail
    assert audited.findings[0].line == 7
    assert audited.tally.resolved[0] == 110.0


def test_an_assignment_before_arrival_is_not_waiting() -> None:
    audited = audit(desk(), changed(0, rec(5.0, "T1", "A1", 105.0)))

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert audited.findings[0].detail == "the ticket arrives only at 10.000"


def test_stage_two_before_stage_one_has_finished_is_not_waiting() -> None:
    log = changed(4, rec(60.0, "T3", "A2", 80.0, stage=2, skill="security"))

    audited = audit(desk(), log)

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert audited.findings[0].detail == "stage 1 has not finished yet"
    assert 2 not in audited.tally.resolved  # stage 2 never ran


@pytest.mark.parametrize(
    ("record", "detail"),
    [
        (rec(50.0, "T1", "A2", None, stage=2), "the ticket has no stage 2"),  # T1 does not escalate
        (rec(50.0, "T3", "A2", None, stage=3, skill="security"), "the ticket has no stage 3"),
    ],
)
def test_a_stage_the_ticket_does_not_have_is_not_waiting(record: dict[str, Any], detail: str) -> None:
    audited = audit(desk(), [*good_log(), record])

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert audited.findings[0].detail == detail


def test_a_resolved_ticket_cannot_be_assigned_again() -> None:
    audited = audit(desk(), [*good_log(), rec(200.0, "T2", "A1", 300.0)])

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert audited.findings[0].detail == "the ticket is already resolved"


@pytest.mark.parametrize(
    ("index", "record", "kind"),
    [
        (0, rec(10.0, "T1", "A1", 110.0, skill="network"), Kind.SKILL),  # routed on a skill A1 lacks
        (5, rec(110.0, "T4", "A1", 410.0), Kind.LANGUAGE),  # T4 is German; A1 triages it and hands it back
        (4, rec(100.0, "T3", "A4", 120.0, stage=2, skill="security"), Kind.TIER),  # A4 is L1
        (0, rec(10.0, "T1", "E2", 310.0, skill="hvac"), Kind.FIELD),  # desk work to a field engineer
        (3, rec(50.0, "T5", "E2", None, skill="hvac"), Kind.REGION),  # a Hamburg engineer in Berlin
    ],
)
def test_an_unqualified_agent_is_a_violation_of_that_rule(index: int, record: dict[str, Any], kind: Kind) -> None:
    audited = audit(desk(), changed(index, record))

    assert audited.kinds() == {kind: 1}
    assert audited.violations == {str(kind): 1}
    assert audited.hard_violations == 1


def test_an_agent_off_line_is_a_violation() -> None:
    during_absence = changed(1, rec(600.0, "T2", "A1", 700.0))  # A1 is away from 500 to 800
    after_shift = changed(1, rec(1500.0, "T2", "A3", 1800.0, skill="network"))  # A3's shift ends at 1000

    for log in (during_absence, after_shift):
        assert kinds(log) == {Kind.OFFLINE: 1}


def test_a_second_ticket_on_a_single_slot_is_over_capacity_but_still_counted() -> None:
    audited = audit(desk(), changed(1, rec(20.0, "T2", "A1", 120.0)))  # A1 holds T1 until 110

    assert audited.kinds() == {Kind.CAPACITY: 1}
    assert audited.findings[0].detail == "A1 has all 1 slot(s) busy"
    assert audited.tally.resolved[1] == 120.0


def test_a_wrong_end_is_a_physics_mismatch_and_a_rounded_one_is_not() -> None:
    assert kinds(changed(0, rec(10.0, "T1", "A1", 111.0))) == {Kind.MISMATCH: 1}
    assert kinds(changed(0, rec(10.0, "T1", "A1", 110.001))) == {}


def test_an_absence_with_requeue_hands_back_the_unfinished_share() -> None:
    log = [rec(450.0, "T1", "A1", 500.0), rec(500.0, "T1", "A2", 535.0)]  # half of 100 s done, half of 70 s left

    audited = audit(desk(), log)

    assert audited.findings == ()
    assert audited.tally.resolved[0] == 535.0


def test_a_simulator_that_ignores_the_absence_is_caught_and_the_audit_keeps_its_own_books() -> None:
    log = [rec(450.0, "T1", "A1", 550.0), rec(500.0, "T1", "A2", 535.0)]

    audited = audit(desk(), log)

    assert audited.kinds() == {Kind.MISMATCH: 1}
    assert audited.findings[0].line == 1


def test_a_misroute_costs_the_triage_and_is_not_a_first_response() -> None:
    log = [rec(10.0, "T1", "A3", 310.0, skill="network"), rec(310.0, "T1", "A1", 410.0)]

    audited = audit(desk(), log)

    assert audited.findings == ()
    assert audited.tally.misrouted == 1
    assert audited.tally.first_response == {0: 310.0}


def test_taking_a_misrouted_ticket_again_during_its_triage_is_not_waiting() -> None:
    log = [rec(10.0, "T1", "A3", 310.0, skill="network"), rec(200.0, "T1", "A1", 300.0)]

    audited = audit(desk(), log)

    assert audited.kinds() == {Kind.NOT_WAITING: 1}
    assert audited.findings[0].detail == "the stage is already assigned (double assignment)"


def test_unknown_tickets_and_agents_are_reported() -> None:
    log = [*good_log(), rec(300.0, "T99", "A1", None), rec(300.0, "T1", "A99", None)]

    assert kinds(log) == {Kind.UNKNOWN_ID: 2}


def test_a_record_without_skill_is_routed_on_the_true_skill_and_without_end_is_not_timed() -> None:
    log = good_log()
    for record in log:
        del record["skill"], record["end"]

    assert kinds(log) == {}


def test_a_json_array_is_read_like_json_lines() -> None:
    text = json.dumps(good_log())

    entries = parse_log(text)

    assert [(e.line, e.ticket, e.end) for e in entries[:2]] == [(1, "T1", 110.0), (2, "T2", 90.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"t": 1, "ticket": "T1", "agent": "A1"}\n\n{"t": 2, "ticket": "T2"}\n', "record 3 lacks 'agent'"),
        ('{"t": 1, "ticket": "T1", "agent": "A1"}\n{"t": 2,\n', "line 2 is not JSON"),
        ('{"t": "soon", "ticket": "T1", "agent": "A1"}', "t must be a number of seconds"),
        ('{"t": 1, "ticket": "T1", "agent": "A1", "stage": 1.5}', "stage must be a whole number"),
        ("[1, 2]", "record 1 is not a JSON object"),
    ],
)
def test_a_log_that_is_not_assignment_records_is_refused_with_where(text: str, message: str) -> None:
    with pytest.raises(LogError, match=message):
        parse_log(text)
