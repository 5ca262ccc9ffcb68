"""Reading skills from text: the shipped keywords, added rules, the learned model and the demand mix."""

import json
from pathlib import Path
from typing import Any

import pytest

from dispatchdesk.simulation.tagging import (
    DemandTagger,
    TaggingError,
    build_tagger,
    read_rules,
    read_sources,
    source_from_workload,
)
from dispatchdesk.simulation.workload import parse_workload
from tests.simulation.workloads import agent, ticket, workload

DESK = [agent("A1", {"billing": 3}), agent("A2", {"network": 3})]


def liar_workload() -> dict[str, Any]:
    """History in which every text about invoices was really a network problem."""
    lies = [
        ticket(f"T{i}", float(i), "network", subject="Invoice question", description="Hello, about my invoice.")
        for i in range(40)
    ] + [ticket(f"U{i}", 100.0 + i, "billing", subject="Outage", description="The outage again.") for i in range(40)]
    return workload(DESK, lies)


def best(beliefs: dict[str, float]) -> str:
    return max(beliefs, key=lambda s: beliefs[s])


def test_a_workload_never_learns_from_its_own_truth() -> None:
    liar = parse_workload(liar_workload())
    sources = [source_from_workload(liar)]
    prior = {"billing": 0.5, "network": 0.5}
    text = "Invoice question\nHello, about my invoice."

    fooled = build_tagger(sources, {"keywords": {}}, exclude="another workload").beliefs(text, prior)
    honest = build_tagger(sources, {"keywords": {}}, exclude=liar.raw_fingerprint).beliefs(text, prior)

    assert best(fooled) == "network"
    assert honest == prior  # nothing learned, no keyword: the prior stands


def test_shipped_keywords_read_the_common_skills() -> None:
    tagger = build_tagger([], read_rules(None), exclude="")
    prior = {"billing": 0.5, "network": 0.5}

    assert best(tagger.beliefs("My invoice was charged twice", prior)) == "billing"
    assert best(tagger.beliefs("The VPN connection drops", prior)) == "network"


def test_a_rules_file_adds_keywords_to_the_shipped_ones(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"keywords": {"network": ["flux capacitor"]}, "policy": {"min_match": 0.4}}))

    rules = read_rules(path)

    assert "flux capacitor" in rules["keywords"]["network"]
    assert "vpn" in rules["keywords"]["network"]
    assert rules["policy"] == {"min_match": 0.4}


def test_a_rules_file_may_replace_the_shipped_keywords(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"replace_default_keywords": True, "keywords": {"network": ["wire"]}}))

    assert read_rules(path)["keywords"] == {"network": ["wire"]}


@pytest.mark.parametrize("content", ['{"keywords": ["vpn"]}', '{"keywords": {"network": "vpn"}}', "42", "{oops"])
def test_malformed_rules_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(content)

    with pytest.raises(TaggingError):
        read_rules(path)


def test_a_file_that_is_no_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"format": "something else"}))

    with pytest.raises(TaggingError, match="train-classifier"):
        read_sources(path)


def test_the_demand_mix_follows_what_the_texts_ask_for() -> None:
    scenario = parse_workload(workload(DESK, [ticket("T1", 0.0, "billing")])).scenario
    tagger = DemandTagger(scenario, build_tagger([], read_rules(None), exclude=""), rate=0.05)
    invoice = parse_workload(workload(DESK, [ticket("T1", 0.0, "billing")])).scenario.tickets[0]
    start = tagger.mix["billing"]

    for _ in range(30):
        tagger.beliefs(invoice)

    assert start == pytest.approx(0.5)
    assert tagger.mix["billing"] > 0.85
