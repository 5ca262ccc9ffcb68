"""The customer's ticket lookup form."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_NUMBER_DIGITS = 12


class LookupForm(forms.Form):
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
