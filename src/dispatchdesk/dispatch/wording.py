"""The engine's rules and reasons in words: the engine itself speaks in names and numbers, and no Django."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.durations import duration

# What a refused agent is told about themselves ("You …"): claims and "next ticket".
YOU = {
    "unavailable": _("You are not available now: you are offline or away, or off shift without overtime."),
    "at_capacity": _("You already hold as many tickets as your capacity allows."),
    "missing_skill": _("You lack a skill this ticket needs."),
    "no_likely_skill": _("You hold none of the skills this ticket probably needs."),
    "language": _("You do not speak the ticket's language."),
    "tier": _("The ticket needs a higher support tier than yours."),
    "field_mismatch": _("Field engineers take only on-site jobs, and desk agents none."),
    "region": _("The job is in another region than yours."),
}

# What a dispatcher is told about the agent they chose ("Alice: …").
NAMED = {
    "unavailable": _("%(agent)s is not available now (offline or away, or off shift without overtime)."),
    "at_capacity": _("%(agent)s already holds as many tickets as their capacity allows."),
    "missing_skill": _("%(agent)s lacks a skill this ticket needs."),
    "no_likely_skill": _("%(agent)s holds none of the skills this ticket probably needs."),
    "language": _("%(agent)s does not speak the ticket's language."),
    "tier": _("The ticket needs a higher support tier than %(agent)s works at."),
    "field_mismatch": _("%(agent)s cannot take it: field engineers take only on-site jobs, desk agents none."),
    "region": _("%(agent)s works in another region than the job's."),
}

# Short labels for counts ("3 not available, 2 at capacity") on a decision's explanation.
LABELS = {
    "unavailable": pgettext_lazy("hard rule", "not available"),
    "at_capacity": pgettext_lazy("hard rule", "at capacity"),
    "missing_skill": pgettext_lazy("hard rule", "missing a skill"),
    "no_likely_skill": pgettext_lazy("hard rule", "no likely skill"),
    "language": pgettext_lazy("hard rule", "other language"),
    "tier": pgettext_lazy("hard rule", "lower tier"),
    "field_mismatch": pgettext_lazy("hard rule", "field or desk"),
    "region": pgettext_lazy("hard rule", "other region"),
}


def refusal_for_you(rule: str) -> str:
    return str(YOU.get(rule, rule))


def refusal_for(rule: str, agent: object) -> str:
    template = NAMED.get(rule)
    return str(template) % {"agent": agent} if template else f"{agent}: {rule}"


def rule_label(rule: str) -> str:
    return str(LABELS.get(rule, rule))


# A candidate's reasons (engine.types.Factor: name, points, detail) as a dispatcher reads them.
FACTORS = {
    "proficiency": _("proficiency %(detail)s"),
    "spare capacity": _("%(detail)s tickets in hand"),
    "idle time": _("idle for %(detail)s"),
    "expected finish": _("done in about %(detail)s"),
    "same region": _("same region (%(detail)s)"),
    "first language": _("speaks the customer's language first"),
    "knows the customer": _("helped this customer lately"),
    "in the ticket's group": _("in the ticket's group"),
    "skill match": _("skill: %(detail)s"),
    "urgency": _("urgency: %(detail)s"),
    "expected busy": _("busy for about %(detail)s"),
}
URGENCY = {
    "response": _("first response still in time"),
    "resolution": _("resolution still in time"),
    "late": _("both targets missed"),
}
MINUTES = re.compile(r"^(\d+) min$")
LATE = re.compile(r"^(response late|late), waiting ([\d.]+) times its target$")
LEVEL = re.compile(r"^(\d+(?:\.\d+)?)/(\d+)$")
LIKELY = re.compile(r"^(\d+)% likely \((.+)\)$")


def factor_words(factor: Mapping[str, Any]) -> str:
    """One stored reason in the reader's language: names translated, minutes as a duration."""
    return _factor_words(str(factor.get("name", "")), str(factor.get("detail", "")), get_language())


# A dispatcher's list of 400 agents words ~800 reasons, most of them alike ("proficiency 3.0/5"): each
# is worded once per language. Nothing but the reason's text and the language goes in.
@lru_cache(maxsize=4096)
def _factor_words(name: str, detail: str, _language: str | None) -> str:
    template = FACTORS.get(name)
    if template is None:
        return f"{name} {detail}".strip()
    return str(template) % {"detail": _DETAILS.get(name, str)(detail)}


def _minutes(detail: str, *, after_preposition: bool = False) -> str:
    found = MINUTES.match(detail)
    return duration(int(found.group(1)) * 60, after_preposition=after_preposition) if found else detail


def _minutes_after_preposition(detail: str) -> str:
    """For "idle for …", "done in about …": German declines the unit there ("seit 2 Tagen")."""
    return _minutes(detail, after_preposition=True)


def _level(detail: str) -> str:
    """ "3.0/5" with the reader's decimal mark ("3,0/5")."""
    found = LEVEL.match(detail)
    return f"{number_format(float(found.group(1)), decimal_pos=1)}/{found.group(2)}" if found else detail


def _likely(detail: str) -> str:
    found = LIKELY.match(detail)
    if found is None:
        return detail
    return str(_("%(skill)s, %(share)s%% likely")) % {"skill": found.group(2), "share": found.group(1)}


def _load(detail: str) -> str:
    held, _slash, capacity = detail.partition("/")
    return str(_("%(held)s of %(capacity)s")) % {"held": held, "capacity": capacity} if capacity else detail


def _urgency(detail: str) -> str:
    late = LATE.match(detail)
    if late:
        times = number_format(float(late.group(2)), decimal_pos=1)
        if late.group(1) == "response late":
            return str(_("first response late, waited %(times)s times its target")) % {"times": times}
        return str(_("late, waited %(times)s times its target")) % {"times": times}
    return str(URGENCY.get(detail, detail))


_DETAILS: dict[str, Callable[[str], str]] = {
    "proficiency": _level,
    "skill match": _likely,
    "idle time": _minutes_after_preposition,
    "expected finish": _minutes_after_preposition,
    "expected busy": _minutes,
    "spare capacity": _load,
    "urgency": _urgency,
}


# Reasons the desk itself stores with a decision or a status change, as stable English codes; a
# person's own reason ("knows the site") is shown as written. Older rows hold the outcome's label.
NO_AGENT_FREE = "no eligible agent is free"
AGENT_UNAVAILABLE = "agent unavailable"
NOT_ACCEPTED_IN_TIME = "not accepted in time"
SLA_AT_RISK, SLA_BREACHED = "SLA at_risk", "SLA breached"  # sla.escalation writes them
SYSTEM_REASONS = {
    NO_AGENT_FREE: _("No eligible agent was free, so the ticket waits in the queue."),
    AGENT_UNAVAILABLE: _("The agent went offline or away before accepting, so the ticket went back to the queue."),
    NOT_ACCEPTED_IN_TIME: _("The agent did not accept in time, so the ticket went back to the queue."),
    SLA_AT_RISK: _("The SLA target is at risk, so an escalation rule acted."),
    SLA_BREACHED: _("The SLA target was missed, so an escalation rule acted."),
    "Not accepted in time": _("The agent did not accept in time, so the ticket went back to the queue."),
    "Returned to the queue": _(
        "The agent went offline or away before accepting, so the ticket went back to the queue."
    ),
    "SLA At risk": _("The SLA target is at risk, so an escalation rule acted."),
    "SLA Breached": _("The SLA target was missed, so an escalation rule acted."),
}


def reason_words(reason: str) -> str:
    """A stored reason in the reader's language: the desk's own as a sentence, a person's as written."""
    return str(SYSTEM_REASONS.get(reason, reason))
