"""The signed-in user's preferences, the language switch that remembers itself, and the sign-in
page's answer while too many failures lock a username out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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


def locked_out(request: HttpRequest, credentials: dict[str, str] | None) -> HttpResponse:
    """The sign-in page again, saying why even the right password is refused now (django-axes calls
    this, settings.AXES_LOCKOUT_CALLABLE): too many failures for this username from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed attempts to sign in. Please wait %(minutes)d minute and try again.",
        "Too many failed attempts to sign in. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_out": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
