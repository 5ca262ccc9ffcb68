"""Text -> skill beliefs: a naive Bayes model learned from labelled history, plus keyword rules.

Both speak in log-odds against "a ticket of no particular skill", so they add up: a
skill the model never saw in training still gets its keywords' evidence, and a text with
no clue leaves every skill at its prior. Mentions the writer rules out ("I already
checked the VPN and that looks fine") are marked and never count as evidence for it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d_]+")
CLAUSE = re.compile(r"[.!?;:()\[\]\n]+")
# Phrases by which a writer rules a thing out: the clause they sit in is not a symptom.
RULED_OUT = (
    "already checked",
    "already tested",
    "looks fine",
    "look fine",
    "works fine",
    "is fine",
    "are fine",
    "ruled out",
    "not the problem",
    "not the issue",
    "bereits geprüft",
    "schon geprüft",
    "in ordnung",
    "déjà vérifié",
)
NEGATED = "~"
DEFAULT_ALPHA = 0.5
TOKEN_CAP = 4.0  # nats: one word never outweighs a handful of others
STEM = 5  # letters: a keyword this long also matches longer words (deliver -> delivery)
MAX_KEYWORD_HITS = 2  # more keywords of one skill add no more certainty
MIN_SKILLS = 2
NOISE_FLOOR = 0.3  # nats: weaker associations are treated as chance


def clauses(text: str) -> list[tuple[list[str], bool]]:
    """Lower-cased words per clause, and whether the clause rules its subject out."""
    out = []
    for clause in CLAUSE.split(text.lower()):
        words = WORD.findall(clause)
        if words:
            out.append((words, any(cue in clause for cue in RULED_OUT)))
    return out


def features(text: str) -> list[str]:
    """Words and word pairs; those of ruled-out clauses are prefixed so they stay apart."""
    found: list[str] = []
    for words, negated in clauses(text):
        mark = NEGATED if negated else ""
        found.extend(mark + w for w in words)
        found.extend(f"{mark}{a} {b}" for a, b in itertools.pairwise(words))
    return found


@dataclass(frozen=True, slots=True)
class SkillModel:
    """Per feature, its log-likelihood ratio for each skill against the skill-balanced mix."""

    skills: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    temperature: float = 1.0

    @classmethod
    def from_sources(
        cls, sources: Iterable[Mapping[str, Mapping[str, int]]], alpha: float = DEFAULT_ALPHA
    ) -> SkillModel:
        """Learn from feature counts per skill, one mapping per source (workload, team, period).

        Each feature's weight contrasts a skill with the *other skills of the same source*,
        then averages over sources: wording that differs between sources (one desk writes
        "no rush" more often) cancels out, and only what tells skills apart is kept.
        """
        sums: dict[str, dict[str, float]] = {}
        docs: dict[str, float] = {}
        for counts in sources:
            if len(counts) < MIN_SKILLS:  # a single skill cannot be told apart from anything
                continue
            for skill, ratios in _contrast(counts, alpha).items():
                total = float(sum(counts[skill].values()))
                docs[skill] = docs.get(skill, 0.0) + total
                into = sums.setdefault(skill, {})
                for feature, r in ratios.items():
                    into[feature] = into.get(feature, 0.0) + r * total
        skills = tuple(sorted(sums))
        vocabulary = sorted({f for into in sums.values() for f in into})
        weights: dict[str, tuple[float, ...]] = {}
        for feature in vocabulary:
            weight = tuple(_shrink(sums[s].get(feature, 0.0) / docs[s]) for s in skills)
            if any(weight):
                weights[feature] = weight
        return cls(skills, weights)

    def evidence(self, feats: Iterable[str]) -> dict[str, float]:
        """Summed log-odds per known skill (0 for a text with no known feature)."""
        totals = [0.0] * len(self.skills)
        for feature in feats:
            ratios = self.weights.get(feature)
            if ratios is not None:
                for i, r in enumerate(ratios):
                    totals[i] += r
        return {s: totals[i] / self.temperature for i, s in enumerate(self.skills)}


def _contrast(counts: Mapping[str, Mapping[str, int]], alpha: float) -> dict[str, dict[str, float]]:
    skills = sorted(counts)
    vocabulary = {f for per_skill in counts.values() for f in per_skill}
    size = len(vocabulary)
    totals = {s: sum(counts[s].values()) + alpha * size for s in skills}
    out: dict[str, dict[str, float]] = {s: {} for s in skills}
    for feature in vocabulary:
        probs = {s: (counts[s].get(feature, 0) + alpha) / totals[s] for s in skills}
        background = sum(probs.values()) / len(probs)
        for s in skills:
            out[s][feature] = math.log(probs[s] / background)
    return out


def _shrink(ratio: float) -> float:
    """Soft threshold: weak, noisy associations (names, greetings) count for nothing."""
    magnitude = min(abs(ratio), TOKEN_CAP) - NOISE_FLOOR
    return 0.0 if magnitude <= 0 else math.copysign(magnitude, ratio)


def count_features(examples: Iterable[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Feature counts per skill from (text, skill) pairs: the whole of naive Bayes training."""
    counts: dict[str, Counter[str]] = {}
    for text, skill in examples:
        counts.setdefault(skill, Counter()).update(features(text))
    return counts


Entry = tuple[str, int]  # (skill, keyword number): a keyword counts once however often it appears


@dataclass(frozen=True, slots=True)
class KeywordRules:
    """Admin-maintained keywords per skill; each keyword found adds `weight` nats (two at most count).

    A keyword of STEM letters or more also matches longer words (deliver -> delivery); a
    phrase matches whole words in a row. Words of ruled-out clauses never match.
    """

    keywords: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    weight: float = 3.0
    _exact: dict[str, list[Entry]] = field(init=False, repr=False, compare=False)
    _stems: dict[str, list[Entry]] = field(init=False, repr=False, compare=False)
    _phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(init=False, repr=False, compare=False)
    _stem_lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[str, list[Entry]] = {}
        stems: dict[str, list[Entry]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        number = 0
        for skill, keywords in self.keywords.items():
            for keyword in keywords:
                number += 1
                entry = (skill, number)
                if len(keyword) > 1:
                    phrases.setdefault(keyword[0], []).append((keyword, entry))
                elif len(keyword[0]) >= STEM:
                    stems.setdefault(keyword[0], []).append(entry)
                else:
                    exact.setdefault(keyword[0], []).append(entry)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_stems", stems)
        object.__setattr__(self, "_phrases", phrases)
        object.__setattr__(self, "_stem_lengths", tuple(sorted({len(stem) for stem in stems})))

    @classmethod
    def from_lists(cls, lists: Mapping[str, Iterable[str]], weight: float = 3.0) -> KeywordRules:
        parsed = {skill: tuple(tuple(WORD.findall(p.lower())) for p in phrases) for skill, phrases in lists.items()}
        return cls({s: tuple(p for p in phrases if p) for s, phrases in parsed.items()}, weight)

    def evidence(self, parts: list[tuple[list[str], bool]]) -> dict[str, float]:
        found: set[Entry] = set()
        for words, negated in parts:
            if not negated:
                self._scan(words, found)
        hits: dict[str, int] = {}
        for skill, _ in found:
            hits[skill] = hits.get(skill, 0) + 1
        return {skill: self.weight * min(n, MAX_KEYWORD_HITS) for skill, n in hits.items()}

    def _scan(self, words: list[str], found: set[Entry]) -> None:
        for i, word in enumerate(words):
            found.update(self._exact.get(word, ()))
            for length in self._stem_lengths:
                if length > len(word):
                    break
                found.update(self._stems.get(word[:length], ()))
            for phrase, entry in self._phrases.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found.add(entry)


@dataclass(frozen=True, slots=True)
class SkillTagger:
    model: SkillModel = field(default_factory=lambda: SkillModel((), {}))
    rules: KeywordRules = field(default_factory=KeywordRules)

    def log_odds(self, text: str) -> dict[str, float]:
        """Evidence per skill from the text alone (skills without evidence are absent or 0)."""
        parts = clauses(text)
        feats = [f for words, neg in parts for f in _feats(words, neg)]
        scores = self.model.evidence(feats)
        for skill, bonus in self.rules.evidence(parts).items():
            scores[skill] = scores.get(skill, 0.0) + bonus
        return scores

    def beliefs(self, text: str, prior: Mapping[str, float]) -> dict[str, float]:
        """Probability of each skill in `prior` (which also fixes the skills in play)."""
        return posterior(self.log_odds(text), prior)


def _feats(words: list[str], negated: bool) -> list[str]:
    mark = NEGATED if negated else ""
    return [mark + w for w in words] + [f"{mark}{a} {b}" for a, b in itertools.pairwise(words)]


def posterior(log_odds: Mapping[str, float], prior: Mapping[str, float]) -> dict[str, float]:
    """Combine prior shares with text evidence (softmax); only skills in `prior` take part."""
    logits = {s: math.log(max(p, 1e-9)) + log_odds.get(s, 0.0) for s, p in prior.items() if p > 0}
    if not logits:
        return {}
    top = max(logits.values())
    weights = {s: math.exp(v - top) for s, v in logits.items()}
    total = sum(weights.values())
    return {s: w / total for s, w in weights.items()}
