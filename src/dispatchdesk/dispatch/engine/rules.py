"""Tagging and routing rules (T5, D9): ordered conditions → actions, evaluated without Django.

A rule set is a list of `Rule`s, tried in order. Every matching rule contributes its actions;
a later rule overrides an earlier one's single-valued actions (priority, group, …) and adds to
its tags and skills. `stop` ends evaluation after a match. Fields an agent set by hand are never
touched (manual wins).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SINGLE_VALUED = ("category", "priority", "group", "tier", "mode")


@dataclass(frozen=True, slots=True)
class RuleInput:
    """What rules may look at: the ticket as it arrived, never hidden truth."""

    subject: str
    body: str
    channel: str = ""
    category: str | None = None
    product: str | None = None
    customer_tier: str = "standard"
    priority: int = 3
    region: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Conditions:
    """All given conditions must hold; an empty condition matches anything."""

    channels: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()  # any of them, as whole words, case-insensitive
    pattern: str = ""  # a regular expression searched in subject and body
    categories: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    customer_tiers: frozenset[str] = frozenset()
    priorities: frozenset[int] = frozenset()
    regions: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Actions:
    category: str | None = None
    tags: tuple[str, ...] = ()
    priority: int | None = None
    required_skills: tuple[str, ...] = ()
    group: str | None = None
    tier: str | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    when: Conditions
    then: Actions
    stop: bool = False
    _compiled: tuple[re.Pattern[str] | None, re.Pattern[str] | None] = field(
        default=(None, None), repr=False, compare=False
    )

    def __post_init__(self) -> None:
        keywords = _keyword_regex(self.when.keywords)
        pattern = re.compile(self.when.pattern, re.IGNORECASE) if self.when.pattern else None
        object.__setattr__(self, "_compiled", (keywords, pattern))

    def matches(self, item: RuleInput) -> bool:
        when = self.when
        plain = (
            (when.channels, item.channel),
            (when.categories, item.category),
            (when.products, item.product),
            (when.customer_tiers, item.customer_tier),
            (when.priorities, item.priority),
            (when.regions, item.region),
            (when.languages, item.language),
        )
        if any(allowed and value not in allowed for allowed, value in plain):
            return False
        text = f"{item.subject}\n{item.body}"
        keywords, pattern = self._compiled
        if keywords is not None and not keywords.search(text):
            return False
        return pattern is None or pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """What the matching rules decided, and which rules they were (for the explanation)."""

    changes: Mapping[str, Any]
    matched: tuple[str, ...]


def evaluate(rules: Sequence[Rule], item: RuleInput, *, manual: Iterable[str] = ()) -> RuleOutcome:
    locked = set(manual)
    changes: dict[str, Any] = {}
    tags: list[str] = []
    skills: list[str] = []
    matched: list[str] = []
    for rule in rules:
        if not rule.matches(item):
            continue
        matched.append(rule.name)
        for name in SINGLE_VALUED:
            value = getattr(rule.then, name)
            if value is not None and name not in locked:
                changes[name] = value
        tags += [t for t in rule.then.tags if t not in tags]
        skills += [s for s in rule.then.required_skills if s not in skills]
        if rule.stop:
            break
    if tags and "tags" not in locked:
        changes["tags"] = tuple(tags)
    if skills and "required_skills" not in locked:
        changes["required_skills"] = tuple(skills)
    return RuleOutcome(changes, tuple(matched))


def rule_from_dict(data: Mapping[str, Any]) -> Rule:
    """Build a rule from its stored JSON form (rule-set versions, simulator --rules files)."""
    when, then = data.get("when", {}), data.get("then", {})
    conditions = Conditions(
        channels=frozenset(when.get("channels", ())),
        keywords=tuple(when.get("keywords", ())),
        pattern=when.get("pattern", ""),
        categories=frozenset(when.get("categories", ())),
        products=frozenset(when.get("products", ())),
        customer_tiers=frozenset(when.get("customer_tiers", ())),
        priorities=frozenset(int(p) for p in when.get("priorities", ())),
        regions=frozenset(when.get("regions", ())),
        languages=frozenset(when.get("languages", ())),
    )
    actions = Actions(
        category=then.get("category"),
        tags=tuple(then.get("tags", ())),
        priority=then.get("priority"),
        required_skills=tuple(then.get("required_skills", ())),
        group=then.get("group"),
        tier=then.get("tier"),
        mode=then.get("mode"),
    )
    return Rule(name=str(data.get("name", "")), when=conditions, then=actions, stop=bool(data.get("stop", False)))


def rules_from_list(items: Iterable[Mapping[str, Any]]) -> list[Rule]:
    return [rule_from_dict(item) for item in items]


def _keyword_regex(keywords: Sequence[str]) -> re.Pattern[str] | None:
    words = [re.escape(k.strip()) for k in keywords if k.strip()]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
