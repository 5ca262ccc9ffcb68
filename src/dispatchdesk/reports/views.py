"""The manager dashboard (R1): today's figures for the desk or one group, refreshed live."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common.errors import DomainError
from dispatchdesk.reports.selectors import dashboard, dashboard_scope

PAGE = "reports/dashboard.html"


@staff_only
@require_GET
@vary_on_headers("HX-Request")
def dashboard_page(request: AuthedRequest) -> HttpResponse:
    """The page, or its figures alone for a live refresh (htmx); a bad `group` gets its sentence, never a 500."""
    try:
        scope = dashboard_scope(user=request.user, group=request.GET.get("group", ""))
    except DomainError as error:
        return render(request, PAGE, {"error": error.message}, status=error.status)
    template = f"{PAGE}#figures" if request.htmx else PAGE
    return render(request, template, {"scope": scope, "board": dashboard(scope)})
