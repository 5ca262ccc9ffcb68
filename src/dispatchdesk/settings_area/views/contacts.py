"""Contacts from a CSV file (X3): administrators check it with a dry run, then import it, all or none."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.csv_import import contacts_import
from dispatchdesk.customers.sync import Outcome, RowsRefusedError
from dispatchdesk.settings_area.forms import ContactImportForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.tickets.permissions import may_sync_contacts

TEMPLATE = "settings_area/contact_import.html"


@configurers_only
@require_http_methods(["GET", "POST"])
def contact_import(request: AuthedRequest) -> HttpResponse:
    answer = may_sync_contacts(request.user)
    if not answer:
        raise PermissionDenied(answer.message)
    form = ContactImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "section": "contacts"}
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            outcome = contacts_import(actor=request.user, data=form.cleaned_data["file"].read(), dry_run=dry_run)
        except RowsRefusedError as refused:
            form.add_error(None, refused.message)
            context["row_errors"] = refused.errors
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if dry_run:
                context["checked"] = outcome
            else:
                messages.success(request, _summary(outcome))
                return redirect("settings_area:contact_import")
    return render(request, TEMPLATE, context)


def _summary(outcome: Outcome) -> str:
    return _("%(created)s contacts created, %(updated)s updated.") % {
        "created": outcome.created,
        "updated": outcome.updated,
    }
