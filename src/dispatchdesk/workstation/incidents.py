"""Agents' incident pages (A4): the open and past incidents, one incident with its tickets, a ticket
linked by number, one reply to every linked customer, and the resolution that resolves them."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.incidents.models import Incident
from dispatchdesk.incidents.selectors import incident_tickets, incidents_listed
from dispatchdesk.incidents.services import incident_link, incident_reply
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_lead_incidents
from dispatchdesk.tickets.selectors import ticket_by_number_visible_to


class LinkForm(DomainErrorForm):
    number = forms.IntegerField(label=gettext_lazy("Ticket number"), min_value=1)


class IncidentReplyForm(DomainErrorForm):
    body = forms.CharField(
        label=gettext_lazy("Reply to every linked customer"), widget=forms.Textarea(attrs={"rows": 4})
    )
    resolve = forms.BooleanField(label=gettext_lazy("Resolve the incident and its tickets"), required=False)

    error_fields = {"text_required": "body"}


def _incident_or_404(incident_id: int) -> Incident:
    try:
        return incidents_listed().get(pk=incident_id)
    except Incident.DoesNotExist:
        raise Http404 from None


@staff_only
@require_GET
def incidents(request: AuthedRequest) -> HttpResponse:
    return render(request, "workstation/incidents.html", {"incidents": incidents_listed()[:100]})


def _page(request: AuthedRequest, incident: Incident, **forms_given: forms.Form) -> HttpResponse:
    context = {
        "incident": incident,
        "tickets": incident_tickets(request.user, incident),
        "may_lead": may_lead_incidents(request.user),
        "link_form": LinkForm(prefix="link"),
        "reply_form": IncidentReplyForm(prefix="reply"),
    } | forms_given
    return render(request, "workstation/incident.html", context)


@staff_only
@require_GET
def incident(request: AuthedRequest, incident_id: int) -> HttpResponse:
    return _page(request, _incident_or_404(incident_id))


@staff_only
@require_POST
def link(request: AuthedRequest, incident_id: int) -> HttpResponse:
    found = _incident_or_404(incident_id)
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            ticket = ticket_by_number_visible_to(user=request.user, number=form.cleaned_data["number"])
            incident_link(incident_id=found.pk, ticket=ticket, actor=request.user)
        except Ticket.DoesNotExist:
            form.add_error("number", _("You have no ticket with this number."))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The ticket is linked to the incident."))
            return redirect("workstation:incident", incident_id=found.pk)
    return _page(request, found, link_form=form)


@staff_only
@require_POST
def reply(request: AuthedRequest, incident_id: int) -> HttpResponse:
    found = _incident_or_404(incident_id)
    form = IncidentReplyForm(request.POST, prefix="reply")
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = incident_reply(
                incident_id=found.pk, actor=request.user, body=data["body"], resolve=data["resolve"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("%(answered)d customers were answered, %(resolved)d tickets resolved, %(skipped)d left as they were.")
                % {"answered": outcome.answered, "resolved": outcome.resolved, "skipped": outcome.skipped},
            )
            return redirect("workstation:incident", incident_id=found.pk)
    return _page(request, found, reply_form=form)
