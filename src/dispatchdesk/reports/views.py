"""The manager dashboard (R1) and the reports (R2-R6): thin views over reports.selectors and the framework."""

from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common.errors import DomainError
from dispatchdesk.reports import catalogue  # noqa: F401 - registers the reports
from dispatchdesk.reports.export import csv_response, xlsx_response
from dispatchdesk.reports.framework import REPORTS, Report
from dispatchdesk.reports.query import ReportForm, report_form
from dispatchdesk.reports.selectors import dashboard, dashboard_scope
from dispatchdesk.tickets.permissions import may_view_reports

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


@staff_only
@require_GET
def reports_index(request: AuthedRequest) -> HttpResponse:
    allowed = may_view_reports(request.user)
    if not allowed:
        return render(request, "reports/index.html", {"error": allowed.message}, status=403)
    return render(request, "reports/index.html", {"reports": REPORTS.values()})


@staff_only
@require_GET
def report_page(request: AuthedRequest, slug: str) -> HttpResponse:
    """The report for the query in the address; bad input shows on the form (400), never a 500."""
    report, form, refused = _parse(request, slug)
    if refused is not None:
        return refused
    context = {"report": report, "reports": REPORTS.values(), "form": form}
    if not form.is_valid():
        return render(request, report.template, context, status=400)
    query = form.query()
    return render(request, report.template, context | {"query": query, "data": report.build(query)})


@staff_only
@require_GET
def report_csv(request: AuthedRequest, slug: str) -> HttpResponseBase:
    """One table of the report (`?table=`, the first by default), streamed."""
    report, form, refused = _parse(request, slug)
    if refused is not None:
        return refused
    if not form.is_valid():
        return render(request, report.template, {"report": report, "form": form}, status=400)
    query = form.query()
    data = report.build(query)
    table = data.table(request.GET.get("table", "")) if request.GET.get("table") else data.tables[0]
    if table is None:
        message = _("This report has no table called “%(name)s”.") % {"name": request.GET["table"]}
        return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
    return csv_response(table, f"{report.slug}-{table.key}-{query.start}-{query.end}")


@staff_only
@require_GET
def report_xlsx(request: AuthedRequest, slug: str) -> HttpResponseBase:
    """Every table of the report, one sheet each."""
    report, form, refused = _parse(request, slug)
    if refused is not None:
        return refused
    if not form.is_valid():
        return render(request, report.template, {"report": report, "form": form}, status=400)
    query = form.query()
    return xlsx_response(report.build(query), f"{report.slug}-{query.start}-{query.end}")


def _parse(request: AuthedRequest, slug: str) -> tuple[Report, ReportForm, HttpResponse | None]:
    report = REPORTS.get(slug)
    if report is None:
        raise Http404
    try:
        form = report_form(user=request.user, params=request.GET)
    except DomainError as error:
        refused = render(request, "reports/index.html", {"error": error.message}, status=error.status)
        return report, ReportForm(user=request.user), refused
    return report, form, None
