"""The signed-in user's own settings."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.forms import DomainErrorForm


def language_choices() -> list[tuple[str, str]]:
    return [("", str(_("As my browser says"))), *((code, str(name)) for code, name in settings.LANGUAGES)]


class PreferencesForm(DomainErrorForm):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    email_notifications = forms.BooleanField(label=_("Send me each notification by email too"), required=False)

    error_fields = {"invalid_language": "language"}
