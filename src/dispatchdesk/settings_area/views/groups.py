"""Skill groups: name, tier, dispatch mode and policy, lead, members; new groups too."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import DispatchPolicy, SkillGroup, Tier
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services import group_configure
from dispatchdesk.settings_area.forms import GroupForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import groups_for_settings


@configurers_only
@require_GET
def group_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "settings_area/groups.html", {"groups": groups_for_settings(), "section": "groups"})


@configurers_only
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, group_id: int | None = None) -> HttpResponse:
    """One form for a new group (no `group_id`) and for changing one."""
    group = get_object_or_404(groups_for_settings(), pk=group_id) if group_id is not None else None
    form = GroupForm(request.POST or None, initial=_initial(group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = group_configure(
                actor=request.user,
                group_id=group_id,
                name=data["name"],
                tier=data["tier"],
                mode=data["mode"],
                policy=data["policy"],
                lead_id=data["lead"].pk if data["lead"] else None,
                member_ids=[agent.pk for agent in data["members"]],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Group %(group)s saved.") % {"group": saved})
            return redirect("settings_area:groups")
    return render(request, "settings_area/group.html", {"form": form, "group": group, "section": "groups"})


def _initial(group: SkillGroup | None) -> dict[str, Any]:
    if group is None:
        return {"tier": Tier.L1, "mode": "automatic", "policy": DispatchPolicy.PRIORITY_DEADLINE}
    return {
        "name": group.name,
        "tier": group.tier,
        "mode": group.mode,
        "policy": group.policy,
        "lead": group.lead_id,
        "members": list(group.members.all()),
    }
