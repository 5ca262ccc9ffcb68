"""The learned classifier (A2): switch, confidence threshold, training now, and each version's accuracy."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.services.classify import classifier_configure, classifier_train
from dispatchdesk.settings_area.forms import ClassifierForm
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.settings_area.selectors import classifier_settings, classifier_versions


@configurers_only
@require_http_methods(["GET", "POST"])
def classifier(request: AuthedRequest) -> HttpResponse:
    current = classifier_settings()
    initial = {"enabled": current.enabled, "threshold_percent": round(100 * current.threshold)}
    form = ClassifierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            classifier_configure(
                actor=request.user,
                enabled=form.cleaned_data["enabled"],
                threshold=form.cleaned_data["threshold_percent"] / 100,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Classifier settings saved."))
            return redirect("settings_area:classifier")
    versions = classifier_versions()
    in_use = next((v for v in versions if v.usable), None)
    context = {"form": form, "versions": versions, "in_use": in_use, "settings": current, "section": "classifier"}
    return render(request, "settings_area/classifier.html", context)


@configurers_only
@require_POST
def classifier_train_now(request: AuthedRequest) -> HttpResponse:
    """Train on the desk's resolved tickets now (the worker does it daily)."""
    try:
        version = classifier_train(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if version.usable:
            messages.success(request, _("Version %(number)d trained and in use.") % {"number": version.number})
        else:
            messages.warning(
                request,
                _("Version %(number)d is not switched on: %(reason)s")
                % {"number": version.number, "reason": version.reason},
            )
    return redirect("settings_area:classifier")
