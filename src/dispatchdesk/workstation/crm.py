"""The CRM panel on the ticket page: loaded by htmx after the page, so a slow CRM never slows the page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.customers.crm import crm_enabled, crm_lookup
from dispatchdesk.workstation.views import visible_ticket_or_404


@staff_only
@require_GET
def crm_panel(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    ticket = visible_ticket_or_404(request.user, ticket_id)
    record = crm_lookup(ticket.customer) if crm_enabled() else None
    return render(request, "workstation/crm_panel.html", {"ticket": ticket, "record": record})
