"""`dispatchdesk simulate` and `dispatchdesk train-classifier` from the command line."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dispatchdesk.simulation.audit import audit_file
from dispatchdesk.simulation.report import ProgressBar
from dispatchdesk.simulation.workload import load_workload
from tests.simulation.test_determinism import mixed_desk


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(mixed_desk(seed=3)))
    return path


def run(*args: Any, **options: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_simulate_writes_a_log_the_audit_accepts_and_prints_the_metrics(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"

    output = run("simulate", str(desk_file), log=str(log))

    assert "first response within target" in output
    assert "sla-batch" in output
    audited = audit_file(load_workload(desk_file), log)
    assert audited.metrics["n_tickets"] == 150
    assert audited.records == len(log.read_text().splitlines())
    assert (audited.hard_violations, audited.not_waiting, audited.physics_mismatch) == (0, 0, 0)
    assert "audit of" not in output


def test_with_audit_every_log_written_is_audited_and_passes(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"

    output = run("simulate", str(desk_file), log=str(log), compare="round-robin", audit=True)

    assert f"audit of {log}:" in output
    assert f"audit of {tmp_path / 'out.round-robin.jsonl'}:" in output
    assert output.count("  hard-rule violations: 0\n") == 2
    assert output.count("  physics mismatches: 0\n") == 2
    assert output.count("OK: every assignment keeps the rules") == 2


def broken_copy(log: Path, tmp_path: Path) -> Path:
    """The log with its first record's end moved by a minute and its second record given twice."""
    records = [json.loads(line) for line in log.read_text().splitlines()]
    records[0]["end"] += 60.0
    records.append(records[1])
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(json.dumps(r) + "\n" for r in records))
    return broken


def test_audit_only_checks_an_existing_log_and_fails_with_status_3_on_problems(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"
    run("simulate", str(desk_file), log=str(log))
    broken = broken_copy(log, tmp_path)
    out = StringIO()

    with pytest.raises(CommandError, match="The audit found problems in") as failure:
        call_command("simulate", str(desk_file), audit_only=str(broken), stdout=out, stderr=StringIO())

    assert failure.value.returncode == 3
    shown = out.getvalue()
    assert "  not waiting: 1\n" in shown
    assert "  physics mismatches: 1\n" in shown
    assert "line 1: " in shown
    assert "physics_mismatch: the log says it ends at" in shown
    assert "not_waiting: the stage is already assigned (double assignment)" in shown
    assert shown.rstrip().endswith("FAILED")
    assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == ["broken.jsonl", "out.jsonl"]  # nothing replayed


def test_audit_only_passes_a_good_log_without_replaying(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"
    run("simulate", str(desk_file), log=str(log))

    output = run("simulate", str(desk_file), audit_only=str(log))

    assert "OK: every assignment keeps the rules" in output
    assert "first response within target" not in output


def test_a_log_that_is_not_json_lines_cannot_be_audited(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"
    log.write_text('{"t": 1.0, "ticket": "T000", "agent": "A0"}\nnot json\n')

    with pytest.raises(CommandError, match="Cannot audit the log: line 2 is not JSON") as failure:
        run("simulate", str(desk_file), audit_only=str(log))

    assert failure.value.returncode == 1


def test_either_a_log_to_write_or_a_log_to_audit_is_needed(desk_file: Path) -> None:
    with pytest.raises(CommandError, match="one of the arguments --log --audit-only is required"):
        run("simulate", str(desk_file))


def test_compare_prints_policies_side_by_side_with_a_log_each(desk_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "out.jsonl"

    output = run("simulate", str(desk_file), log=str(log), compare="round-robin,longest-idle")

    header = output.splitlines()[0].split()
    assert header[-3:] == ["sla-batch", "round-robin", "longest-idle"]
    assert sorted(p.name for p in tmp_path.glob("out*.jsonl")) == [
        "out.jsonl",
        "out.longest-idle.jsonl",
        "out.round-robin.jsonl",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"policy": "coin-toss"}, "Unknown policy coin-toss"),
        ({"compare": "sla-batch,nope"}, "Unknown policy nope"),
        ({"rules": "/nonexistent/rules.json"}, "cannot read the rules"),
        ({"classifier": "/nonexistent/model.json"}, "cannot read the classifier"),
    ],
)
def test_bad_options_are_refused_and_write_no_log(
    desk_file: Path, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    log = tmp_path / "out.jsonl"

    with pytest.raises(CommandError, match=message):
        run("simulate", str(desk_file), log=str(log), **options)

    assert list(tmp_path.glob("*.jsonl")) == []


@pytest.mark.parametrize(
    ("policy", "message"),
    [({"warp_speed": 9}, "unknown settings: warp_speed"), ({"min_match": 2}, "min_match must lie between 0 and 1")],
)
def test_bad_policy_settings_in_a_rules_file_are_refused(
    desk_file: Path, tmp_path: Path, policy: dict[str, float], message: str
) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"policy": policy}))
    log = tmp_path / "out.jsonl"

    with pytest.raises(CommandError, match=message):
        run("simulate", str(desk_file), log=str(log), rules=str(rules))

    assert not log.exists()


def test_a_broken_workload_is_refused_with_the_reason_and_writes_no_log(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"schema_version": "9.9"}))
    log = tmp_path / "out.jsonl"

    with pytest.raises(CommandError, match=r"schema_version must be '1\.0'"):
        run("simulate", str(broken), log=str(log))

    assert not log.exists()


def test_routing_rules_in_a_rules_file_steer_the_replay(desk_file: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "all to billing", "when": {}, "then": {"required_skills": ["billing"]}}]))
    log = tmp_path / "out.jsonl"

    run("simulate", str(desk_file), log=str(log), rules=str(rules), policy="round-robin")

    first_tries: dict[str, str] = {}
    for line in log.read_text().splitlines():
        record = json.loads(line)
        first_tries.setdefault(record["ticket"], record["skill"])
    assert set(first_tries.values()) == {"billing"}


def test_a_trained_classifier_is_written_and_used(desk_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps(mixed_desk(seed=4)))
    model = tmp_path / "model.json"

    summary = run("train-classifier", str(desk_file), str(other), out=str(model))
    run("simulate", str(desk_file), log=str(tmp_path / "out.jsonl"), classifier=str(model))

    document = json.loads(model.read_text())
    assert document["format"] == "dispatchdesk-skill-model"
    assert [s["name"] for s in document["sources"]] == ["hand_made", "hand_made"]
    assert "tagged right when learning from the others" in summary


def test_training_needs_the_truth_and_writes_nothing_without_it(desk_file: Path, tmp_path: Path) -> None:
    document = json.loads(desk_file.read_text())
    del document["tickets"][0]["truth"]
    blind = tmp_path / "blind.json"
    blind.write_text(json.dumps(document))
    model = tmp_path / "model.json"

    with pytest.raises(CommandError, match="needs its truth"):
        run("train-classifier", str(blind), out=str(model))

    assert not model.exists()


def test_the_progress_bar_stays_quiet_on_short_runs_and_fills_on_long_ones() -> None:
    quiet: list[str] = []
    shown: list[str] = []
    short = ProgressBar("replay", quiet.append, delay_s=3600)
    long = ProgressBar("replay", shown.append, delay_s=0)

    for bar in (short, long):
        bar(0.5)
        bar.close()

    assert quiet == []
    assert shown[0].startswith("\rreplay [###############...............]")
    assert shown[-1] == "\n"
