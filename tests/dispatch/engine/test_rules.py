"""Routing rules: ordered conditions → actions; later rules refine, manual fields always win."""

import re

import pytest

from dispatchdesk.dispatch.engine.rules import RuleInput, evaluate, rule_from_dict, rules_from_list

RULES = rules_from_list(
    [
        {
            "name": "vpn",
            "when": {"keywords": ["vpn", "tunnel"]},
            "then": {"required_skills": ["vpn"], "group": "network", "tags": ["vpn"]},
        },
        {"name": "vip", "when": {"customer_tiers": ["vip"]}, "then": {"priority": 2, "tags": ["vip"]}},
        {"name": "outage", "when": {"pattern": r"\bdown\b|outage"}, "then": {"priority": 1}},
        {"name": "alerts", "when": {"channels": ["alert"]}, "then": {"group": "monitoring"}, "stop": True},
        {"name": "never", "when": {"channels": ["alert"]}, "then": {"group": "unreachable"}},
    ]
)


def test_keywords_match_whole_words_in_any_case() -> None:
    outcome = evaluate(RULES, RuleInput(subject="VPN keeps dropping", body=""))

    assert outcome.matched == ("vpn",)
    assert outcome.changes["required_skills"] == ("vpn",)
    assert outcome.changes["group"] == "network"


def test_a_keyword_inside_another_word_does_not_match() -> None:
    assert evaluate(RULES, RuleInput(subject="vpnclient.exe question", body="")).matched == ()


def test_later_rules_override_single_values_and_add_tags() -> None:
    outcome = evaluate(RULES, RuleInput(subject="VPN is down", body="", customer_tier="vip"))

    assert outcome.changes["priority"] == 1
    assert outcome.changes["tags"] == ("vpn", "vip")


def test_stop_ends_evaluation() -> None:
    outcome = evaluate(RULES, RuleInput(subject="disk 91%", body="", channel="alert"))

    assert outcome.changes["group"] == "monitoring"
    assert "never" not in outcome.matched


def test_manual_fields_are_never_overwritten() -> None:
    outcome = evaluate(RULES, RuleInput(subject="VPN outage", body=""), manual={"priority", "group"})

    assert "priority" not in outcome.changes
    assert "group" not in outcome.changes
    assert outcome.changes["required_skills"] == ("vpn",)


def test_an_invalid_pattern_is_refused_when_the_rule_is_built() -> None:
    with pytest.raises(re.error):
        rule_from_dict({"when": {"pattern": "(unclosed"}})
