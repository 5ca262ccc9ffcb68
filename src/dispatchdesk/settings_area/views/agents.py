"""Agents: skills with proficiency, groups, tier, region and time zone, shifts, overtime, capacity."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import AgentProfile
from dispatchdesk.accounts.services import (
    ShiftSpec,
    agent_remove_skill,
    agent_set_shifts,
    agent_set_skill,
    agent_update,
)
from dispatchdesk.common.errors import DomainError
from dispatchdesk.settings_area.forms import AgentForm, SkillForm, WeeklyForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import agents_for_settings, shifts_by_day, week_summary


@configurers_only
@require_GET
def agent_list(request: AuthedRequest) -> HttpResponse:
    rows = [(agent, week_summary(shifts_by_day(agent.shifts.all()))) for agent in agents_for_settings()]
    return render(request, "settings_area/agents.html", {"rows": rows, "section": "agents"})


@configurers_only
@require_http_methods(["GET", "POST"])
def agent_edit(request: AuthedRequest, agent_id: int) -> HttpResponse:
    """Tier, region, capacity, overtime and groups."""
    agent = _agent(agent_id)
    form = AgentForm(request.POST or None, prefix="profile", initial=_profile_initial(agent))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agent_update(
                actor=request.user,
                agent_id=agent.pk,
                tier=data["tier"],
                region_id=data["region"].pk if data["region"] else None,
                capacity=data["capacity"],
                may_work_overtime=data["may_work_overtime"],
                group_ids=[group.pk for group in data["groups"]],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, agent, _("%(agent)s: saved.") % {"agent": agent})
    return _agent_page(request, agent, profile_form=form)


@configurers_only
@require_POST
def agent_skill(request: AuthedRequest, agent_id: int) -> HttpResponse:
    """Give the agent a skill, or change its proficiency (the same form does both)."""
    agent = _agent(agent_id)
    form = SkillForm(request.POST, prefix="skill")
    if form.is_valid():
        skill, level = form.cleaned_data["skill"], form.cleaned_data["proficiency"]
        try:
            agent_set_skill(actor=request.user, agent_id=agent.pk, skill_id=skill.pk, proficiency=level)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            done = _("%(agent)s: %(skill)s at level %(level)d.") % {"agent": agent, "skill": skill, "level": level}
            return _saved(request, agent, done)
    return _agent_page(request, agent, skill_form=form)


@configurers_only
@require_POST
def agent_skill_remove(request: AuthedRequest, agent_id: int, skill_id: int) -> HttpResponse:
    agent = _agent(agent_id)
    held = get_object_or_404(agent.skills.select_related("skill"), skill_id=skill_id)
    agent_remove_skill(actor=request.user, agent_id=agent.pk, skill_id=skill_id)
    return _saved(request, agent, _("%(agent)s no longer has %(skill)s.") % {"agent": agent, "skill": held.skill})


@configurers_only
@require_POST
def agent_shifts(request: AuthedRequest, agent_id: int) -> HttpResponse:
    agent = _agent(agent_id)
    form = WeeklyForm(request.POST, prefix="shifts")
    if form.is_valid():
        shifts = [ShiftSpec(day, starts, ends) for day, windows in form.weekly().items() for starts, ends in windows]
        try:
            agent_set_shifts(actor=request.user, agent_id=agent.pk, shifts=shifts)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, agent, _("%(agent)s: shifts saved.") % {"agent": agent})
    return _agent_page(request, agent, shifts_form=form)


def _agent(agent_id: int) -> AgentProfile:
    return get_object_or_404(agents_for_settings(), pk=agent_id)


def _profile_initial(agent: AgentProfile) -> dict[str, Any]:
    return {
        "tier": agent.tier,
        "region": agent.region_id,
        "capacity": agent.capacity,
        "may_work_overtime": agent.may_work_overtime,
        "groups": list(agent.groups.all()),
    }


def _agent_page(
    request: AuthedRequest,
    agent: AgentProfile,
    *,
    profile_form: AgentForm | None = None,
    skill_form: SkillForm | None = None,
    shifts_form: WeeklyForm | None = None,
) -> HttpResponse:
    """The agent's page; a refused form comes back bound, with its error, the others as saved."""
    context = {
        "agent": agent,
        "section": "agents",
        "profile_form": profile_form or AgentForm(prefix="profile", initial=_profile_initial(agent)),
        "skill_form": skill_form or SkillForm(prefix="skill"),
        "shifts_form": shifts_form or WeeklyForm(prefix="shifts", initial=shifts_by_day(agent.shifts.all())),
        "proficiencies": range(1, 6),
    }
    return render(request, "settings_area/agent.html", context)


def _saved(request: AuthedRequest, agent: AgentProfile, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("settings_area:agent", agent_id=agent.pk)
