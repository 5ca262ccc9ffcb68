"""The engine's hard rules in words (the engine itself speaks in rule names, and no Django)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
