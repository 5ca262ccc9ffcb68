"""The what-if page (D10): replay the desk's own history under several policies and compare them.

Managers and administrators only: to everyone else the page does not exist (404), like
the agent pages to customers. Replaying never writes; publishing switches groups' dispatch
policy through dispatch.services.policy_publish, on record.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.accounts.models import DispatchPolicy
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services import policy_publish
from dispatchdesk.simulation.compare import Comparison, compare_policies
from dispatchdesk.simulation.forms import CompareForm, PublishForm, automatic_groups
from dispatchdesk.tickets.permissions import may_manage_policies


@staff_only
@require_http_methods(["GET", "POST"])
def compare(request: AuthedRequest) -> HttpResponse:
    """Replay the chosen days under each policy; the winner can then be switched on (publish)."""
    if not may_manage_policies(request.user):
        raise Http404
    form = CompareForm(request.POST if request.method == "POST" else None)
    comparison: Comparison | None = None
    if form.is_valid():
        try:
            comparison = compare_policies(
                since=form.cleaned_data["since"],
                until=form.cleaned_data["until"],
                policies=form.cleaned_data["policies"],
                rules=form.cleaned_data["rules"],
            )
        except DomainError as error:
            form.add_domain_error(error)
    return render(
        request, "simulation/compare.html", {"form": form, "comparison": comparison} | _publishing(comparison, form)
    )


@staff_only
@require_POST
def publish(request: AuthedRequest) -> HttpResponse:
    """Switch the chosen groups to the policy that won; the change is on record (PolicyChange)."""
    if not may_manage_policies(request.user):
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            changes = policy_publish(
                actor=request.user,
                policy=form.cleaned_data["policy"],
                group_ids=[group.pk for group in form.cleaned_data["groups"]],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            policy = DispatchPolicy(form.cleaned_data["policy"])
            done = ngettext(
                "%(count)d group now dispatches with %(policy)s.",
                "%(count)d groups now dispatch with %(policy)s.",
                len(changes),
            )
            messages.success(request, done % {"count": len(changes), "policy": policy.value})
            return redirect("simulation:compare")
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))
    return redirect("simulation:compare")


def _publishing(comparison: Comparison | None, form: CompareForm) -> dict[str, Any]:
    """The publish form for the winner of a comparison, with the evidence as its comment."""
    winner = comparison.winner if comparison else None
    if comparison is None or winner is None:
        return {}
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    comment = _("What-if %(since)s to %(until)s: %(policy)s met %(share)s of first-response targets.") % {
        "since": since,
        "until": until,
        "policy": winner.policy,
        "share": f"{winner.metrics['frt_sla']:.0%}",
    }
    initial = {"policy": winner.policy, "groups": automatic_groups(), "comment": comment}
    return {"winner": winner, "publish_form": PublishForm(initial=initial)}
