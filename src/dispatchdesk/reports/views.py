"""The manager dashboard (R1): today's figures for the desk or one group, refreshed live."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common.errors import DomainError
from dispatchdesk.reports.load import load_report, page_grids
from dispatchdesk.reports.load_form import LoadForm, defaults
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


LOAD_PAGE = "reports/load.html"


@staff_only
@require_GET
def load_page(request: AuthedRequest) -> HttpResponse:
    """Load over the week and the staffing it calls for (R5); bad input is a sentence on the form."""
    try:
        scope = dashboard_scope(user=request.user, group=request.GET.get("group", ""))
    except DomainError as error:
        return render(request, LOAD_PAGE, {"error": error.message}, status=error.status)
    form = LoadForm(defaults() | request.GET.dict(), scope=scope.scope)
    if not form.is_valid():
        return render(request, LOAD_PAGE, {"scope": scope, "form": form}, status=400)
    report = load_report(scope.scope, form.span(), form.goal())
    return render(
        request,
        LOAD_PAGE,
        {"scope": scope, "form": form, "report": report, **page_grids(report, form.cleaned_data["member"])},
    )
