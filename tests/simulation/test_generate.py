"""`dispatchdesk generate-workload`: valid workloads the simulator replays within the rules, the same per seed."""

import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dispatchdesk.simulation.audit import audit_file
from dispatchdesk.simulation.generate import DAY, Spec, generate
from dispatchdesk.simulation.runner import simulate, write_log
from dispatchdesk.simulation.workload import parse_workload

SMALL = Spec(seed=5, tickets=600, days=7, agents=24, skills=6, languages=("en", "de", "fr", "es"))


def test_a_generated_workload_replays_with_no_violations_and_no_physics_mismatch(tmp_path: Path) -> None:
    workload = parse_workload(generate(SMALL))
    log = tmp_path / "out.jsonl"

    result = simulate(workload, "priority-deadline")
    write_log(result.tally, log)
    audited = audit_file(workload, log)

    assert (audited.hard_violations, audited.not_waiting, audited.physics_mismatch) == (0, 0, 0)
    assert audited.metrics["n_tickets"] > 500
    # a small desk with four languages lacks a speaker for a few skill-language pairs
    assert result.metrics["unserved"] < 0.05 * SMALL.tickets


def test_the_same_seed_gives_the_same_workload_and_another_seed_another() -> None:
    assert json.dumps(generate(SMALL)) == json.dumps(generate(SMALL))
    other = Spec(seed=6, tickets=600, days=7, agents=24, skills=6, languages=("en", "de", "fr", "es"))
    assert generate(other)["tickets"] != generate(SMALL)["tickets"]


def test_arrivals_peak_in_business_hours_and_fall_at_weekends() -> None:
    tickets = generate(SMALL)["tickets"]
    per_day = Counter(int(t["arrival"] // DAY) for t in tickets)
    weekday, weekend = min(per_day[d] for d in range(5)), max(per_day[d] for d in (5, 6))
    europe_morning = sum(1 for t in tickets if 9 <= (t["arrival"] % DAY) / 3600 < 11)  # 10-12 in Europe
    europe_night = sum(1 for t in tickets if 1 <= (t["arrival"] % DAY) / 3600 < 3)  # 2-4 in Europe, 9-11 in Asia

    assert weekday > 2 * weekend
    assert europe_morning > 2 * europe_night


def test_sizes_skills_languages_and_shifts_follow_the_arguments() -> None:
    document = generate(SMALL)
    tickets, agents = document["tickets"], document["agents"]

    assert len(tickets) == 600
    assert len(agents) == 24
    assert {t["language"] for t in tickets} == {"en", "de", "fr", "es"}
    assert {t["truth"]["skill"] for t in tickets} == set(document["skill_catalog"])
    assert len(document["skill_catalog"]) == 6
    assert {t["priority"] for t in tickets} == {"P1", "P2", "P3", "P4"}
    assert all("en" in a["languages"] and len(a["skills"]) >= 2 for a in agents)
    starts_utc_h = {round(a["shifts"][1][0] % DAY / 3600, 1) for a in agents}
    assert len(starts_utc_h) >= 6  # three shifts at each of several time zones


def test_the_command_writes_the_file_and_refuses_bad_arguments(tmp_path: Path) -> None:
    out = tmp_path / "w.json"
    call_command(
        "generate-workload", seed=3, tickets=50, agents=6, skills=3, languages="en,de", out=str(out), stdout=StringIO()
    )

    assert parse_workload(json.loads(out.read_text())).scenario.meta["seed"] == 3
    with pytest.raises(CommandError, match="skills"):
        call_command("generate-workload", skills=0, out=str(out), stdout=StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("generate-workload", out=str(tmp_path / "missing" / "w.json"), stdout=StringIO())
