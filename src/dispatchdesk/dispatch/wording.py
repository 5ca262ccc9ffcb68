"""The engine's rules and reasons in words: the engine itself speaks in names and numbers, and no Django."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


def factor_words(factor: Mapping[str, Any]) -> str:
    """One stored reason in the reader's language: names translated, minutes as a duration."""
    name, detail = str(factor.get("name", "")), str(factor.get("detail", ""))
    template = FACTORS.get(name)
    if template is None:
        return f"{name} {detail}".strip()
    return str(template) % {"detail": _DETAILS.get(name, str)(detail)}


def _minutes(detail: str) -> str:
    found = MINUTES.match(detail)
    return duration(int(found.group(1)) * 60) if found else detail


def _load(detail: str) -> str:
    held, _slash, capacity = detail.partition("/")
    return str(_("%(held)s of %(capacity)s")) % {"held": held, "capacity": capacity} if capacity else detail


def _urgency(detail: str) -> str:
    late = LATE.match(detail)
    if late:
        times = late.group(2)
        if late.group(1) == "response late":
            return str(_("first response late, waited %(times)s times its target")) % {"times": times}
        return str(_("late, waited %(times)s times its target")) % {"times": times}
    return str(URGENCY.get(detail, detail))


_DETAILS: dict[str, Callable[[str], str]] = {
    "idle time": _minutes,
    "expected finish": _minutes,
    "expected busy": _minutes,
    "spare capacity": _load,
    "urgency": _urgency,
}
