"""The customer portal's rules: the reopen window and the sign-in link's lifetime (customers.portal_settings)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.portal_settings import portal_settings_save, reopen_window_days, sign_in_link_minutes
from dispatchdesk.settings_area.forms import PortalSettingsForm
from dispatchdesk.settings_area.http import configurers_only


@configurers_only
@require_http_methods(["GET", "POST"])
def portal_settings(request: AuthedRequest) -> HttpResponse:
    initial = {"reopen_window_days": reopen_window_days(), "sign_in_link_minutes": sign_in_link_minutes()}
    form = PortalSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            portal_settings_save(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The portal's settings were saved."))
            return redirect("settings_area:portal")
    return render(request, "settings_area/portal.html", {"form": form, "section": "portal"})
