"""The signed-in user's preferences, and the language switch that remembers itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from dispatchdesk.accounts.forms import PreferencesForm
from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.services import user_set_language, user_set_preferences
from dispatchdesk.common.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    user = request.user
    initial = {"language": user.language, "email_notifications": user.email_notifications}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_preferences(
                user=user,
                language=form.cleaned_data["language"],
                email_notifications=form.cleaned_data["email_notifications"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switch (cookie and redirect); a signed-in user's choice is also kept as their language."""
    if isinstance(request.user, User):
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)
