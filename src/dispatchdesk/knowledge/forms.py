"""The article editor's form (agents' knowledge pages); the rules are knowledge.services'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common.forms import DomainErrorForm
from dispatchdesk.knowledge.models import Visibility
from dispatchdesk.tickets.forms import ATTACHMENT_ERRORS, TEXT_ERRORS, MultipleFileField
from dispatchdesk.tickets.models import Category


class ArticleForm(DomainErrorForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=True,
        help_text=_("HTML is kept where it is safe: headings, lists, links, emphasis."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name"), required=False, empty_label=_("None")
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.INTERNAL)
    published = forms.BooleanField(label=_("Published"), required=False)
    attachments = MultipleFileField(label=_("Add files"))

    error_fields = (
        ATTACHMENT_ERRORS
        | TEXT_ERRORS
        | {
            "title_required": "title",
            "title_too_long": "title",
            "unknown_language": "language",
            "unknown_visibility": "visibility",
            "may_not_publish": "published",
        }
    )


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
