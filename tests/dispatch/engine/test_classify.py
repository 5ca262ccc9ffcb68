"""Reading a skill from text (engine.classify): learned evidence, keywords, ruled-out mentions, priors."""

import pytest

from dispatchdesk.dispatch.engine.classify import (
    KeywordRules,
    SkillModel,
    SkillTagger,
    count_features,
    features,
    posterior,
)

RULES = KeywordRules.from_lists({"billing": ["invoice", "refund"], "network": ["vpn", "access point"]})
EVEN = {"billing": 0.5, "network": 0.5}


def best(beliefs: dict[str, float]) -> str:
    return max(beliefs, key=lambda s: beliefs[s])


def test_a_keyword_makes_its_skill_likely() -> None:
    beliefs = SkillTagger(rules=RULES).beliefs("Question about my invoice", EVEN)

    assert best(beliefs) == "billing"
    assert beliefs["billing"] > 0.95


def test_a_mention_the_writer_rules_out_is_not_evidence() -> None:
    text = "The VPN drops every hour. (I already checked the invoice and that looks fine.)"

    beliefs = SkillTagger(rules=RULES).beliefs(text, EVEN)

    assert best(beliefs) == "network"
    assert "~invoice" in features(text)


def test_a_keyword_stem_matches_longer_words_and_phrases_match_whole() -> None:
    rules = KeywordRules.from_lists({"billing": ["refund"], "network": ["access point"]})

    assert rules.evidence([(["refunded", "twice"], False)]) == {"billing": 3.0}
    assert rules.evidence([(["the", "access", "point", "blinks"], False)]) == {"network": 3.0}
    assert rules.evidence([(["point", "of", "access"], False)]) == {}


def test_a_text_with_no_clue_leaves_the_prior_as_it_was() -> None:
    prior = {"billing": 0.7, "network": 0.3}

    beliefs = SkillTagger(rules=RULES).beliefs("Hello, I have an issue. Regards", prior)

    assert beliefs == pytest.approx(prior)


def test_the_model_learns_what_tells_skills_apart_within_each_source() -> None:
    # Source one writes "urgent" on everything; source two never does: that says nothing about skills.
    one = count_features([("urgent invoice problem", "billing"), ("urgent router problem", "network")] * 20)
    two = count_features([("invoice problem", "billing"), ("router problem", "network")] * 20)

    model = SkillModel.from_sources([one, two])

    assert best(posterior(model.evidence(features("router")), EVEN)) == "network"
    assert "urgent" not in model.weights
    assert "problem" not in model.weights


def test_a_source_with_one_skill_teaches_nothing() -> None:
    model = SkillModel.from_sources([count_features([("anything at all", "general")] * 5)])

    assert model.skills == ()
    assert model.evidence(features("anything")) == {}


def test_beliefs_cover_exactly_the_skills_in_the_prior() -> None:
    beliefs = posterior({"billing": 2.0, "security": 9.0}, {"billing": 0.2, "network": 0.8})

    assert set(beliefs) == {"billing", "network"}
    assert sum(beliefs.values()) == pytest.approx(1.0)
