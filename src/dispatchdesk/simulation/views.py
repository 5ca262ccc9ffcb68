"""The what-if page (D10): replay the desk's own history under several policies and compare them.

Managers and administrators only: to everyone else the page does not exist (404), like
the agent pages to customers. The page reads and replays; it never writes.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common.errors import DomainError
from dispatchdesk.simulation.compare import Comparison, compare_policies
from dispatchdesk.simulation.forms import CompareForm
from dispatchdesk.tickets.permissions import may_manage_policies


@staff_only
@require_http_methods(["GET", "POST"])
def compare(request: AuthedRequest) -> HttpResponse:
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
    return render(request, "simulation/compare.html", {"form": form, "comparison": comparison})
