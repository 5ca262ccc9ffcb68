"""Same workload, same policy: the same log, record for record and byte for byte."""

import random
from pathlib import Path
from typing import Any

import pytest

from dispatchdesk.simulation.runner import POLICIES, simulate, write_log
from dispatchdesk.simulation.workload import parse_workload
from tests.simulation.workloads import agent, ticket, workload

SKILLS = ("billing", "network", "account")


def mixed_desk(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - a seeded test workload, not a secret
    crew = [
        agent(
            f"A{i}",
            dict(zip(rng.sample(SKILLS, 2), (rng.randint(1, 5), rng.randint(1, 5)), strict=True)),
            capacity=rng.randint(1, 3),
        )
        for i in range(6)
    ]
    work = []
    for i in range(150):
        skill = rng.choice(SKILLS)
        vague = rng.random() < 0.2
        text = {"subject": "Need help", "description": "I have an issue."} if vague else {}
        handle = sorted((rng.uniform(30, 600) for _ in range(5)), reverse=True)
        work.append(
            ticket(
                f"T{i:03d}",
                i * rng.uniform(5, 25),
                skill,
                priority=rng.choice(("P1", "P2", "P3", "P4")),
                truth={"handle_s": handle},
                **text,
            )
        )
    events = [{"t": 900.0, "agent": "A2", "type": "offline"}, {"t": 1500.0, "agent": "A2", "type": "online"}]
    return workload(crew, sorted(work, key=lambda t: t["arrival"]), events=events)


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_the_same_input_gives_the_same_log(policy: str, tmp_path: Path) -> None:
    document = mixed_desk(seed=11)

    first = simulate(parse_workload(document), policy)
    second = simulate(parse_workload(document), policy)
    write_log(first.tally, tmp_path / "first.jsonl")
    write_log(second.tally, tmp_path / "second.jsonl")

    assert len(first.tally.log) > 150
    assert (tmp_path / "first.jsonl").read_bytes() == (tmp_path / "second.jsonl").read_bytes()
    assert first.metrics == second.metrics
