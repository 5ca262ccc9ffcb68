"""Read each ticket's skill from its text, as production intake would (docs/workload-format.md §1.6).

A learned model (`train-classifier`) and keyword rules (the shipped defaults, extended or
replaced by `--rules`) give text evidence; the prior is the desk's running demand mix,
learned from the beliefs of tickets already seen, because demand shifts over the day.
The model file keeps its training data per source workload, so the sources a workload
itself supplied are left out: a classifier never learns from the file it is scored on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dispatchdesk.dispatch.engine.classify import (
    KeywordRules,
    SkillModel,
    SkillTagger,
    clauses,
    count_features,
    posterior,
)
from dispatchdesk.simulation.workload import Scenario, TicketSpec, Workload

MODEL_FORMAT = "dispatchdesk-skill-model"
MODEL_VERSION = 1
MIX_RATE = 1 / 200  # the demand mix follows roughly the last 200 tickets
DEFAULT_MODEL = "default_model.json"
DEFAULT_RULES = "default_rules.json"
LEARNED_FLOOR = 1e-4  # a skill the learned model rules out still keeps a little belief
SIDE_SKILL_SHARE = 0.2  # an agent's other skills count this much of their capacity in the starting mix


class TaggingError(ValueError):
    """A model or rules file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    fingerprint: str
    counts: Mapping[str, Mapping[str, int]]


def ticket_text(ticket: TicketSpec) -> str:
    return f"{ticket.subject}\n{ticket.description}"


def source_from_workload(workload: Workload) -> Source:
    """Labelled history from a workload's truth: what a deployed product learns from."""
    scenario, truth = workload.scenario, workload.truth
    pairs = ((ticket_text(t), truth.stage(t.index, 1).skill) for t in scenario.tickets)
    counts = count_features(pairs)
    return Source(scenario.name, workload.raw_fingerprint, {s: dict(c) for s, c in counts.items()})


def model_document(sources: Iterable[Source]) -> dict[str, Any]:
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "sources": [{"name": s.name, "fingerprint": s.fingerprint, "counts": s.counts} for s in sources],
    }


def read_sources(path: str | Path | None) -> list[Source]:
    """The model file's sources; the shipped model when `path` is None."""
    try:
        if path is None:
            text = resources.files("dispatchdesk.simulation.data").joinpath(DEFAULT_MODEL).read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, json.JSONDecodeError) as error:
        raise TaggingError(f"cannot read the classifier {path}: {error}") from None
    if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
        raise TaggingError(f"{path} is not a {MODEL_FORMAT} file (made by train-classifier)")
    return [Source(s["name"], s["fingerprint"], s["counts"]) for s in document.get("sources", [])]


def read_rules(path: str | Path | None) -> dict[str, Any]:
    """Rules document: routing rules (engine.rules), tagging keywords per skill, engine policy settings.

    The file is either a list of routing rules or an object with any of `rules`, `keywords`,
    `keyword_weight`, `replace_default_keywords` and `policy`; keywords add to the shipped ones.
    """
    defaults = json.loads(resources.files("dispatchdesk.simulation.data").joinpath(DEFAULT_RULES).read_text("utf-8"))
    if path is None:
        return dict(defaults)
    try:
        custom = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TaggingError(f"cannot read the rules {path}: {error}") from None
    if isinstance(custom, list):
        custom = {"rules": custom}
    if not isinstance(custom, dict) or not isinstance(custom.get("keywords", {}), dict):
        raise TaggingError(f"{path}: rules are a list of routing rules or an object (rules, keywords, policy)")
    keywords = {} if custom.get("replace_default_keywords") else dict(defaults["keywords"])
    for skill, phrases in custom.get("keywords", {}).items():
        if not isinstance(phrases, list):
            raise TaggingError(f"{path}: keywords of {skill!r} must be a list of phrases")
        keywords[skill] = [*keywords.get(skill, []), *map(str, phrases)]
    return {**defaults, **custom, "keywords": keywords}


def build_tagger(
    sources: Iterable[Source], rules: Mapping[str, Any], exclude: str, skills: Iterable[str] = ()
) -> SkillTagger:
    usable = [s.counts for s in sources if s.fingerprint != exclude]
    keywords = {k: list(v) for k, v in rules.get("keywords", {}).items()}
    for skill in skills:  # a skill's own name is always a keyword for it
        keywords.setdefault(skill, []).append(skill.replace("_", " ").replace("-", " "))
    return SkillTagger(
        SkillModel.from_sources(usable),
        KeywordRules.from_lists(keywords, float(rules.get("keyword_weight", 5.0))),
    )


class DemandTagger:
    """Beliefs per ticket over the skills agents hold, with the desk's running demand mix as prior.

    The mix learns only from what earlier texts said, never from outcomes.
    """

    def __init__(self, scenario: Scenario, tagger: SkillTagger, rate: float = MIX_RATE) -> None:
        self._tagger = tagger
        self._rate = rate
        self.mix = staffing_mix(scenario)

    def beliefs(self, ticket: TicketSpec, learned: Mapping[str, float] | None = None) -> dict[str, float]:
        """`learned`: the desk's own model's probabilities, which then stand in for the shipped model."""
        text = ticket_text(ticket)
        if learned:
            found = posterior(_with_learned(self._tagger.rules.evidence(clauses(text)), learned), self.mix)
        else:
            found = self._tagger.beliefs(text, self.mix)
        keep = 1 - self._rate
        for skill in self.mix:
            self.mix[skill] = keep * self.mix[skill] + self._rate * found.get(skill, 0.0)
        return found


def _with_learned(keywords: Mapping[str, float], learned: Mapping[str, float]) -> dict[str, float]:
    """Keyword evidence plus the learned model's, as log-odds against its average skill."""
    logs = {skill: math.log(max(p, LEARNED_FLOOR)) for skill, p in learned.items()}
    mean = sum(logs.values()) / len(logs)
    out = dict(keywords)
    for skill, value in logs.items():
        out[skill] = out.get(skill, 0.0) + value - mean
    return out


def staffing_mix(scenario: Scenario) -> dict[str, float]:
    """Starting guess of the demand mix: desks are staffed for their demand."""
    weight: dict[str, float] = {}
    for agent in scenario.agents:
        for skill in agent.skills:
            weight[skill] = weight.get(skill, 0.0) + SIDE_SKILL_SHARE * agent.capacity
        if agent.team in agent.skills:
            weight[agent.team] += agent.capacity
    total = sum(weight.values())
    return {skill: weight[skill] / total for skill in sorted(weight)} if total else {}
