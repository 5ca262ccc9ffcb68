"""The record types of a desk export (docs/export-format.md), in the order a file holds them:
each refers only to types before it, tickets last but one, the number counter last."""

from dataclasses import dataclass

from django.db.models import Model

from dispatchdesk.accounts.models import AgentProfile, AgentSkill, Region, Shift, Skill, SkillGroup, User
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.dispatch.models import DispatchSettings, PolicyChange, RuleSetVersion
from dispatchdesk.sla.models import (
    Calendar,
    CalendarException,
    EscalationRule,
    OpeningHours,
    Policy,
    Target,
)
from dispatchdesk.tickets.models import Category, Macro, NumberSequence, Tag, WipLimit

FORMAT = "dispatchdesk-desk"
VERSION = 1


@dataclass(frozen=True)
class Kind:
    """One record type: a model written row by row with its primary key, in key order."""

    name: str
    model: type[Model]
    many: tuple[str, ...] = ()  # many-to-many fields, written as lists of keys
    exclude: frozenset[str] = frozenset()  # columns not carried (secrets, per-database values)
    upsert: bool = False  # a row the database is created with (migrations): overwritten, not added


CONFIGURATION = (
    # Users carry their password hash, so people sign in on the new desk as before; Django's
    # permission groups are per database and unused by the desk's roles.
    Kind("user", User),
    Kind("skill", Skill),
    Kind("region", Region),
    Kind("group", SkillGroup, many=("skills",)),
    Kind("wip_limit", WipLimit),
    Kind("agent", AgentProfile, many=("groups",)),
    Kind("agent_skill", AgentSkill),
    Kind("shift", Shift),
    Kind("organisation", Organisation),
    Kind("contact", Contact),
    Kind("category", Category),
    Kind("tag", Tag),
    Kind("macro", Macro),
    Kind("calendar", Calendar),
    Kind("opening_hours", OpeningHours),
    Kind("calendar_exception", CalendarException),
    Kind("sla_policy", Policy),
    Kind("sla_target", Target),
    Kind("escalation_rule", EscalationRule),
    Kind("dispatch_settings", DispatchSettings, upsert=True),
    Kind("routing_rules", RuleSetVersion),
    Kind("policy_change", PolicyChange),
)
TICKET = "ticket"
SEQUENCE = Kind("number_sequence", NumberSequence, upsert=True)
KINDS = {kind.name: kind for kind in (*CONFIGURATION, SEQUENCE)}
