"""Changing the roster from the settings area: agents' skills, groups, tier, capacity and shifts; groups.

Managers and administrators only (`may_configure`). Each service locks the rows it changes, and a
refusal raises before anything is written. Dispatch sees the change at once: every save here moves
the roster revision (accounts.signals), which drops each process's copy.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import (
    AgentProfile,
    AgentSkill,
    DispatchMode,
    Region,
    Shift,
    Skill,
    SkillGroup,
    Tier,
    User,
    Weekday,
)
from dispatchdesk.accounts.permissions import may_configure
from dispatchdesk.common.errors import DomainError

MAX_CAPACITY = 100  # the database's agent_capacity_1_to_100


@dataclass(frozen=True, slots=True)
class ShiftSpec:
    weekday: int
    starts: time
    ends: time


def _invalid(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, status=422)


@transaction.atomic
def agent_update(
    *,
    actor: User,
    agent_id: int,
    tier: str,
    region_id: int | None,
    capacity: int,
    may_work_overtime: bool,
    group_ids: Collection[int],
) -> AgentProfile:
    """An agent's tier, region (whose time zone their shifts are in), capacity, overtime and groups."""
    may_configure(actor).require()
    agent = AgentProfile.objects.select_for_update().get(pk=agent_id)
    if tier not in Tier.values:
        raise _invalid(_("Unknown tier."), "invalid_tier")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise _invalid(_("Capacity must be between 1 and 100."), "invalid_capacity")
    if capacity < agent.load:
        raise DomainError(
            _("%(agent)s has %(load)d open tickets in hand; the capacity cannot be lower than that.")
            % {"agent": agent, "load": agent.load},
            code="capacity_below_load",
        )
    region = Region.objects.get(pk=region_id) if region_id is not None else None
    groups = list(SkillGroup.objects.filter(pk__in=group_ids))
    if len(groups) != len(set(group_ids)):
        raise _invalid(_("Unknown group."), "unknown_group")
    agent.tier, agent.region, agent.capacity, agent.may_work_overtime = tier, region, capacity, may_work_overtime
    agent.save(update_fields=["tier", "region", "capacity", "may_work_overtime"])
    agent.groups.set(groups)
    return agent


@transaction.atomic
def agent_set_skill(*, actor: User, agent_id: int, skill_id: int, proficiency: int) -> AgentSkill:
    """Give the agent a skill, or change how well they hold it (1 novice … 5 expert)."""
    may_configure(actor).require()
    if not 1 <= proficiency <= 5:  # noqa: PLR2004 - the scale's ends
        raise _invalid(_("Proficiency goes from 1 (novice) to 5 (expert)."), "invalid_proficiency")
    agent = AgentProfile.objects.select_for_update().get(pk=agent_id)
    skill = Skill.objects.get(pk=skill_id)
    held, _created = AgentSkill.objects.update_or_create(
        agent=agent, skill=skill, defaults={"proficiency": proficiency}
    )
    return held


@transaction.atomic
def agent_remove_skill(*, actor: User, agent_id: int, skill_id: int) -> None:
    may_configure(actor).require()
    agent = AgentProfile.objects.select_for_update().get(pk=agent_id)
    deleted, _rows = AgentSkill.objects.filter(agent=agent, skill_id=skill_id).delete()
    if not deleted:
        raise DomainError(_("The agent does not have this skill."), code="skill_not_held", status=404)


@transaction.atomic
def agent_set_shifts(*, actor: User, agent_id: int, shifts: Sequence[ShiftSpec]) -> list[Shift]:
    """Replace the agent's weekly shifts; none at all means presence alone decides when they work."""
    may_configure(actor).require()
    _check_shifts(shifts)
    agent = AgentProfile.objects.select_for_update().get(pk=agent_id)
    agent.shifts.all().delete()
    # One by one, not bulk_create: each save moves the roster revision (accounts.signals).
    return [Shift.objects.create(agent=agent, weekday=s.weekday, starts=s.starts, ends=s.ends) for s in shifts]


def _check_shifts(shifts: Sequence[ShiftSpec]) -> None:
    ordered = sorted(shifts, key=lambda s: (s.weekday, s.starts))
    for shift in ordered:
        if shift.weekday not in Weekday.values:
            raise _invalid(_("Unknown weekday."), "invalid_shift")
        if shift.ends <= shift.starts:
            raise _invalid(
                _("A shift on %(day)s ends before it starts.") % {"day": Weekday(shift.weekday).label},
                "invalid_shift",
            )
    for earlier, later in pairwise(ordered):
        if earlier.weekday == later.weekday and later.starts < earlier.ends:
            raise _invalid(_("Two shifts on %(day)s overlap.") % {"day": Weekday(later.weekday).label}, "invalid_shift")


@transaction.atomic
def group_save(
    *,
    actor: User,
    group_id: int | None,
    name: str,
    tier: str,
    mode: str,
    lead_id: int | None,
    member_ids: Collection[int],
) -> SkillGroup:
    """Create a group (`group_id` None) or change one: its name, tier, dispatch mode, lead and members.

    The dispatch policy is not set here: it is switched on record by dispatch.services.policy_publish.
    """
    may_configure(actor).require()
    name = name.strip()
    if not name:
        raise _invalid(_("A group needs a name."), "invalid_name")
    if mode not in DispatchMode.values or tier not in Tier.values:
        raise _invalid(_("Unknown dispatch mode or tier."), "invalid_mode")
    group = _group_for_update(group_id, name)
    members = list(AgentProfile.objects.filter(pk__in=member_ids))
    if len(members) != len(set(member_ids)):
        raise _invalid(_("Unknown agent."), "unknown_agent")
    group.name, group.tier, group.mode = name, tier, mode
    group.lead = User.objects.get(pk=lead_id) if lead_id is not None else None
    group.save()
    group.members.set(members)
    return group


def _group_for_update(group_id: int | None, name: str) -> SkillGroup:
    clash = SkillGroup.objects.filter(name__iexact=name).exclude(pk=group_id or 0)
    if clash.exists():
        raise DomainError(_("Another group is already called %(name)s.") % {"name": name}, code="duplicate_name")
    if group_id is not None:
        return SkillGroup.objects.select_for_update().get(pk=group_id)
    slug = slugify(name)[:50]
    if not slug or SkillGroup.objects.filter(slug=slug).exists():
        raise DomainError(
            _("A group's name must give a new key; %(name)s does not.") % {"name": name}, code="duplicate_name"
        )
    return SkillGroup(slug=slug)
