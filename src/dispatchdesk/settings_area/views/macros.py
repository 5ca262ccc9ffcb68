"""Macros (canned replies): shared or personal, in a language, with placeholders filled per ticket."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.settings_area.forms import MacroForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import macros_for_settings
from dispatchdesk.tickets.models import Macro
from dispatchdesk.tickets.services.macros import macro_delete, macro_save


@configurers_only
@require_GET
def macro_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "settings_area/macros.html", {"macros": macros_for_settings(), "section": "macros"})


@configurers_only
@require_http_methods(["GET", "POST"])
def macro_edit(request: AuthedRequest, macro_id: int | None = None) -> HttpResponse:
    macro = get_object_or_404(Macro, pk=macro_id) if macro_id else None
    initial = (
        {"name": macro.name, "language": macro.language, "owner": macro.owner_id, "body": macro.body}
        if macro
        else {"language": request.LANGUAGE_CODE}
    )
    form = MacroForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = macro_save(
                actor=request.user,
                macro_id=macro_id,
                name=data["name"],
                body=data["body"],
                language=data["language"],
                owner_id=data["owner"].pk if data["owner"] else None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Macro %(macro)s saved.") % {"macro": saved})
            return redirect("settings_area:macros")
    return render(request, "settings_area/macro.html", {"form": form, "macro": macro, "section": "macros"})


@configurers_only
@require_POST
def macro_remove(request: AuthedRequest, macro_id: int) -> HttpResponse:
    macro = get_object_or_404(Macro, pk=macro_id)
    macro_delete(actor=request.user, macro_id=macro.pk)
    messages.success(request, _("Macro %(macro)s deleted.") % {"macro": macro})
    return redirect("settings_area:macros")
