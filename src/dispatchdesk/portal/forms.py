"""The customer's forms: look a ticket up, open a new request."""

from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.forms import CleanTextForm, DomainErrorForm
from dispatchdesk.tickets.forms import ATTACHMENT_ERRORS, TEXT_ERRORS, MultipleFileField
from dispatchdesk.tickets.models import Category, Priority

MAX_NUMBER_DIGITS = 12
CUSTOMER_PRIORITIES = [
    (Priority.LOW, _("Low: a question, no hurry")),
    (Priority.NORMAL, _("Normal: something does not work as it should")),
    (Priority.HIGH, _("High: I cannot work")),
    (Priority.URGENT, _("Urgent: the business is stopped")),
]


class LookupForm(CleanTextForm):
    number = forms.CharField(
        label=_("Ticket number"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )

    def clean_number(self) -> int:
        # Customers copy numbers as "#10042" or "10 042" from emails: accept both.
        raw = "".join(self.cleaned_data["number"].replace("#", "").split())
        if not raw.isdigit() or len(raw) > MAX_NUMBER_DIGITS:
            raise forms.ValidationError(_("Enter the ticket number from your confirmation, e.g. 10042."))
        return int(raw)


class NewRequestForm(DomainErrorForm):
    """A signed-in customer's new request; limits and sanitising are the services' (one rule for every channel)."""

    subject = forms.CharField(label=_("Subject"), max_length=settings.DISPATCHDESK_MAX_SUBJECT_LENGTH)
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("I am not sure"),
    )
    body = forms.CharField(label=_("Describe what happened"), widget=forms.Textarea(attrs={"rows": 6}), strip=True)
    priority = forms.TypedChoiceField(
        label=_("How urgent is it?"), choices=CUSTOMER_PRIORITIES, coerce=int, initial=Priority.NORMAL
    )
    attachments = MultipleFileField(label=_("Attachments"))

    error_fields = ATTACHMENT_ERRORS | TEXT_ERRORS | {"subject_required": "subject", "subject_too_long": "subject"}


class WebRequestForm(DomainErrorForm):
    """A visitor's request (intake.channels.web_form). `website` is a honeypot: hidden from people, filled by bots."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"))
    subject = forms.CharField(label=_("Subject"), max_length=settings.DISPATCHDESK_MAX_SUBJECT_LENGTH)
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("I am not sure"),
    )
    body = forms.CharField(label=_("Describe what happened"), widget=forms.Textarea(attrs={"rows": 6}), strip=True)
    attachments = MultipleFileField(label=_("Attachments"))
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    error_fields = (
        ATTACHMENT_ERRORS
        | TEXT_ERRORS
        | {"subject_required": "subject", "subject_too_long": "subject", "invalid_input": "name"}
    )

    @property
    def from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ReplyForm(DomainErrorForm):
    """The customer's answer on their ticket's page; on resolved work it reopens the ticket."""

    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}), strip=True)
    attachments = MultipleFileField(label=_("Attachments"))

    error_fields = ATTACHMENT_ERRORS | TEXT_ERRORS


class SignInForm(CleanTextForm):
    email = forms.EmailField(
        label=_("Your email address"),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )


SCORES = [
    (5, _("5: Excellent")),
    (4, _("4: Good")),
    (3, _("3: Okay")),
    (2, _("2: Poor")),
    (1, _("1: Very poor")),
]


class RatingForm(DomainErrorForm):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with our answer?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
    )

    error_fields = {"invalid_rating": "score", "comment_too_long": "comment"}


def _zones() -> list[tuple[str, str]]:
    return [("", str(_("The support desk's time zone"))), *((zone, zone) for zone in sorted(available_timezones()))]


class PreferencesForm(DomainErrorForm):
    """The customer's own settings: where the portal shows times."""

    time_zone = forms.ChoiceField(label=_("Time zone"), required=False, choices=_zones)
    error_fields = {"invalid_time_zone": "time_zone"}
