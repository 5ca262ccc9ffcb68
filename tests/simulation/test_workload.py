"""Reading a workload: the format of docs/workload-format.md §1, and clear refusals of what cannot be simulated."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dispatchdesk.simulation.workload import WorkloadError, load_workload, parse_workload
from tests.simulation.workloads import agent, ticket, workload


def valid() -> dict[str, Any]:
    return workload(
        [agent("A1", {"billing": 4}, languages=["en", "de"], capacity=2)],
        [ticket("T1", 5.0, "billing", truth={"escalation": {"skill": "security", "handle_s": [5, 4, 3, 2, 1]}})],
    )


def broken(change: str) -> dict[str, Any]:
    document = copy.deepcopy(valid())
    exec(change, {"d": document})  # noqa: S102 - a one-line edit of test data
    return document


def test_a_valid_workload_is_read_into_the_dispatchers_view_and_the_hidden_truth() -> None:
    loaded = parse_workload(valid())

    ticket_spec = loaded.scenario.tickets[0]
    assert (ticket_spec.id, ticket_spec.priority_level, ticket_spec.language) == ("T1", 3, "en")
    assert loaded.scenario.agents[0].languages == ("en", "de")
    assert loaded.truth.stage(0, 2).skill == "security"
    assert loaded.truth.has_stage(0, 2)
    assert not loaded.truth.has_stage(0, 3)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("d['schema_version'] = '2.0'", "schema_version must be"),
        ("d['tickets'][0]['priority'] = 'P9'", "priority must be one of"),
        ("del d['tickets'][0]['truth']", "needs its truth"),
        ("d['tickets'][0]['truth']['handle_s'] = [1, 2]", "handle_s needs five values"),
        ("d['agents'].append(dict(d['agents'][0]))", "agent ids must be unique"),
        ("d['agents'][0]['skills'] = {'billing': 7}", "proficiency must be 1..5"),
        ("d['agents'][0]['capacity'] = 0", "capacity must be at least 1"),
        ("d['events'] = [{'t': 1, 'agent': 'ghost', 'type': 'offline'}]", "unknown agent 'ghost'"),
        ("d['events'] = [{'t': 1, 'agent': 'A1', 'type': 'nap'}]", "offline or online"),
        ("d['tickets'][0]['onsite'] = True", "needs a location"),
        ("d['meta']['epoch'] = '2025-01-07T00:00:00Z'", "Monday 00:00"),
        ("del d['meta']['horizon_s']", "malformed workload"),
        ("d['sla_policy']['targets'].pop('P3')", "targets lacks"),
    ],
)
def test_an_unusable_workload_is_refused_with_the_reason(change: str, message: str) -> None:
    with pytest.raises(WorkloadError, match=message):
        parse_workload(broken(change))


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text("{not json")

    with pytest.raises(WorkloadError, match="not valid JSON"):
        load_workload(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkloadError, match="cannot read"):
        load_workload(tmp_path / "absent.json")


def test_the_fingerprint_tells_workloads_apart_and_ignores_truth() -> None:
    same = copy.deepcopy(valid())
    same["tickets"][0]["truth"]["skill"] = "network"
    other = broken("d['tickets'][0]['subject'] = 'Something else'")

    assert parse_workload(valid()).raw_fingerprint == parse_workload(json.loads(json.dumps(same))).raw_fingerprint
    assert parse_workload(valid()).raw_fingerprint != parse_workload(other).raw_fingerprint
