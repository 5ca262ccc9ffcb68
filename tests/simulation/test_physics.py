"""The simulator's physics agrees with the referee's, case by case (SIMULATION.md §2)."""

import math
from typing import Any

import pytest

from tests.simulation.workloads import BERLIN, HANDLE, agent, records, replay, ticket, workload

AGREEING = ("frt_sla", "res_sla", "misrouted", "unserved", "onsite_jobs", "window_missed", "util_mean", "util_gini")


def assert_agrees(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    assert theirs["hard_violations"] == 0, theirs["violations"]
    assert theirs["physics_mismatch"] == 0
    for key in (*AGREEING, "wait_mean_s", "travel_mean_s", "resolution_mean_s"):
        a, b = mine[key], theirs[key]
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-9), key


def test_an_escalation_goes_to_an_l2_agent_when_stage_one_ends() -> None:
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"security": 4, "billing": 2}, tier="L2")],
        [ticket("T1", 10.0, "billing", truth={"escalation": {"skill": "security", "handle_s": [50, 40, 30, 20, 10]}})],
    )

    result, scored = replay(doc)

    first, second = records(result, "T1")
    assert (first["stage"], second["stage"], second["agent"], second["skill"]) == (1, 2, "A2", "security")
    assert second["t"] == first["end"]
    assert second["end"] == first["end"] + 20
    assert_agrees(result.metrics, scored)


def test_an_absence_with_requeue_hands_the_unfinished_share_to_the_next_agent() -> None:
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"billing": 5}, shifts=[[60.0, 100_000.0]])],
        [ticket("T1", 0.0, "billing")],
        events=[
            {"t": 40.0, "agent": "A1", "type": "offline", "requeue": True},
            {"t": 500.0, "agent": "A1", "type": "online"},
        ],
    )

    result, scored = replay(doc)

    first, second = records(result, "T1")
    assert (first["agent"], first["end"]) == ("A1", 40.0)
    assert second["agent"] == "A2"
    assert second["t"] == 60.0
    assert second["end"] == pytest.approx(60.0 + HANDLE[4] * 0.6)
    assert_agrees(result.metrics, scored)


def test_an_absence_without_requeue_lets_work_in_hand_finish() -> None:
    doc = workload(
        [agent("A1", {"billing": 3})],
        [ticket("T1", 0.0, "billing"), ticket("T2", 50.0, "billing")],
        events=[
            {"t": 40.0, "agent": "A1", "type": "offline", "requeue": False},
            {"t": 500.0, "agent": "A1", "type": "online"},
        ],
    )

    result, scored = replay(doc)

    assert records(result, "T1")[0]["end"] == HANDLE[2]
    assert records(result, "T2")[0]["t"] == 500.0  # nothing new while away
    assert_agrees(result.metrics, scored)


def test_a_misrouted_ticket_costs_the_triage_and_then_reaches_the_right_skill() -> None:
    wrong = {"subject": "Problem with billing", "description": "Hello, the billing is wrong."}  # truth: network
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"network": 3}, shifts=[[400.0, 100_000.0]])],
        [ticket("T1", 0.0, "network", **wrong)],
        sla_policy={
            "clock": "calendar",
            "targets": {p: {"first_response_s": 30, "resolution_s": 7200} for p in ("P1", "P2", "P3", "P4")},
        },
    )

    result, scored = replay(doc, "round-robin")  # it routes on the likeliest skill at once

    triage, work = records(result, "T1")
    assert (triage["agent"], triage["end"]) == ("A1", 300.0)
    assert (work["agent"], work["skill"], work["t"]) == ("A2", "network", 400.0)
    assert scored["misrouted"] == 1
    assert_agrees(result.metrics, scored)


def test_triage_cut_short_by_an_absence_returns_the_ticket_at_once() -> None:
    wrong = {"subject": "Problem with billing", "description": "Hello, the billing is wrong."}  # truth: network
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"network": 3})],
        [ticket("T0", 0.0, "network"), ticket("T1", 1.0, "network", **wrong)],
        events=[{"t": 100.0, "agent": "A1", "type": "offline"}],
    )

    result, scored = replay(doc, "round-robin")

    triage = records(result, "T1")[0]
    assert (triage["agent"], triage["end"]) == ("A1", 100.0)
    assert_agrees(result.metrics, scored)


def test_field_work_travels_waits_for_its_window_and_moves_the_engineer() -> None:
    field = {"speed_kmh": 40.0, "detour_factor": 1.3, "fixed_s": 300.0, "dispatch_lead_s": 5400.0}
    engineer = agent("E1", {"hvac": 3}, field=True, region="Berlin", home=BERLIN, capacity=2)
    near = {"lat": 52.53, "lon": 13.41}
    far = {"lat": 52.40, "lon": 13.20}
    jobs = [
        ticket("T1", 0.0, "hvac", onsite=True, region="Berlin", location=near, window=[3600.0, 18000.0]),
        ticket("T2", 10.0, "hvac", onsite=True, region="Berlin", location=far, window=[0.0, 100.0]),
    ]
    doc = workload([engineer], jobs, field=field, regions=[{"name": "Berlin", "center": BERLIN, "radius_km": 30}])

    result, scored = replay(doc)

    assert scored["onsite_jobs"] == 2
    assert scored["window_missed"] == 1  # T2's window closed before anyone could get there
    assert_agrees(result.metrics, scored)


def test_business_hours_clock_and_graceful_shift_end() -> None:
    business = {
        "clock": "business",
        "business_hours": {"timezone": "UTC", "weekdays": [0, 1, 2, 3, 4], "start_h": 8, "end_h": 18, "holidays": [1]},
        "targets": {p: {"first_response_s": 3600, "resolution_s": 36000} for p in ("P1", "P2", "P3", "P4")},
    }
    long_job = {"truth": {"handle_s": [9000, 8000, 7000, 6000, 5000]}}
    doc = workload(
        [agent("A1", {"billing": 3}, shifts=[[28_800.0, 64_800.0], [201_600.0, 237_600.0]])],
        [ticket("T1", 60_000.0, "billing", **long_job), ticket("T2", 70_000.0, "billing")],
        sla_policy=business,
        meta={"name": "office", "epoch": "2025-01-06T00:00:00Z", "horizon_s": 300_000.0, "warmup_s": 0.0},
    )

    result, scored = replay(doc)

    assert records(result, "T1")[0]["end"] == 67_000.0  # finished after the shift ended
    assert records(result, "T2")[0]["t"] == 201_600.0  # Tuesday is a holiday: Wednesday morning
    assert_agrees(result.metrics, scored)


@pytest.mark.parametrize("policy", ["sla-batch", "priority-deadline", "round-robin", "least-loaded", "longest-idle"])
def test_every_policy_produces_a_log_the_referee_accepts(policy: str) -> None:
    doc = workload(
        [agent("A1", {"billing": 3, "network": 2}, capacity=2), agent("A2", {"network": 5}, tier="L2")],
        [ticket(f"T{i}", 20.0 * i, ("billing", "network")[i % 2], priority=f"P{1 + i % 4}") for i in range(12)],
        events=[{"t": 90.0, "agent": "A2", "type": "offline"}, {"t": 400.0, "agent": "A2", "type": "online"}],
    )

    result, scored = replay(doc, policy)

    assert scored["unserved"] == 0
    assert_agrees(result.metrics, scored)
