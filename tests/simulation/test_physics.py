"""The simulator's physics, case by case, and the project's auditor agrees with it (docs/workload-format.md §2).

The expected times are worked out by hand from the rules; the audit then recomputes the
whole log from the workload alone and must find nothing and report the same outcomes.
"""

import pytest

from tests.simulation.workloads import BERLIN, HANDLE, agent, assert_audit_agrees, records, replay, ticket, workload


def test_an_escalation_goes_to_an_l2_agent_when_stage_one_ends() -> None:
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"security": 4, "billing": 2}, tier="L2")],
        [ticket("T1", 10.0, "billing", truth={"escalation": {"skill": "security", "handle_s": [50, 40, 30, 20, 10]}})],
    )

    result, audited = replay(doc)

    first, second = records(result, "T1")
    assert (first["stage"], second["stage"], second["agent"], second["skill"]) == (1, 2, "A2", "security")
    assert second["t"] == first["end"]
    assert second["end"] == first["end"] + 20
    assert audited.tally.first_response == {0: 10.0}
    assert audited.tally.resolved == {0: second["end"]}  # resolved when the last stage ends
    assert_audit_agrees(result, audited)


def test_an_absence_with_requeue_hands_the_unfinished_share_to_the_next_agent() -> None:
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"billing": 5}, shifts=[[60.0, 100_000.0]])],
        [ticket("T1", 0.0, "billing")],
        events=[
            {"t": 40.0, "agent": "A1", "type": "offline", "requeue": True},
            {"t": 500.0, "agent": "A1", "type": "online"},
        ],
    )

    result, audited = replay(doc)

    first, second = records(result, "T1")
    assert (first["agent"], first["end"]) == ("A1", 40.0)
    assert second["agent"] == "A2"
    assert second["t"] == 60.0
    assert second["end"] == pytest.approx(60.0 + HANDLE[4] * 0.6)
    assert audited.tally.resolved == {0: second["end"]}
    assert_audit_agrees(result, audited)


def test_an_absence_without_requeue_lets_work_in_hand_finish() -> None:
    doc = workload(
        [agent("A1", {"billing": 3})],
        [ticket("T1", 0.0, "billing"), ticket("T2", 50.0, "billing")],
        events=[
            {"t": 40.0, "agent": "A1", "type": "offline", "requeue": False},
            {"t": 500.0, "agent": "A1", "type": "online"},
        ],
    )

    result, audited = replay(doc)

    assert records(result, "T1")[0]["end"] == HANDLE[2]
    assert records(result, "T2")[0]["t"] == 500.0  # nothing new while away
    assert_audit_agrees(result, audited)


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

    result, audited = replay(doc, "round-robin")  # it routes on the likeliest skill at once

    triage, work = records(result, "T1")
    assert (triage["agent"], triage["end"]) == ("A1", 300.0)
    assert (work["agent"], work["skill"], work["t"]) == ("A2", "network", 400.0)
    assert audited.tally.misrouted == 1
    assert audited.tally.first_response == {0: 400.0}  # triage is not a first response
    assert_audit_agrees(result, audited)


def test_triage_cut_short_by_an_absence_returns_the_ticket_at_once() -> None:
    wrong = {"subject": "Problem with billing", "description": "Hello, the billing is wrong."}  # truth: network
    doc = workload(
        [agent("A1", {"billing": 3}), agent("A2", {"network": 3})],
        [ticket("T0", 0.0, "network"), ticket("T1", 1.0, "network", **wrong)],
        events=[{"t": 100.0, "agent": "A1", "type": "offline"}],
    )

    result, audited = replay(doc, "round-robin")

    triage = records(result, "T1")[0]
    assert (triage["agent"], triage["end"]) == ("A1", 100.0)
    assert_audit_agrees(result, audited)


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

    result, audited = replay(doc)

    assert audited.metrics["onsite_jobs"] == 2
    assert audited.metrics["window_missed"] == 1  # T2's window closed before anyone could get there
    assert_audit_agrees(result, audited)


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

    result, audited = replay(doc)

    assert records(result, "T1")[0]["end"] == 67_000.0  # finished after the shift ended
    assert records(result, "T2")[0]["t"] == 201_600.0  # Tuesday is a holiday: Wednesday morning
    assert_audit_agrees(result, audited)


@pytest.mark.parametrize("policy", ["sla-batch", "priority-deadline", "round-robin", "least-loaded", "longest-idle"])
def test_every_policy_produces_a_log_the_audit_accepts(policy: str) -> None:
    doc = workload(
        [agent("A1", {"billing": 3, "network": 2}, capacity=2), agent("A2", {"network": 5}, tier="L2")],
        [ticket(f"T{i}", 20.0 * i, ("billing", "network")[i % 2], priority=f"P{1 + i % 4}") for i in range(12)],
        events=[{"t": 90.0, "agent": "A2", "type": "offline"}, {"t": 400.0, "agent": "A2", "type": "online"}],
    )

    result, audited = replay(doc, policy)

    assert audited.metrics["unserved"] == 0
    assert_audit_agrees(result, audited)
