"""The form renderer writes selects and inputs in Python with exactly the markup of Django's templates."""

from datetime import date
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from dispatchdesk.accounts.models import User
from dispatchdesk.common.form_renderer import FormRenderer
from dispatchdesk.workstation.bulk import BulkForm
from dispatchdesk.workstation.filters import InboxFilterForm
from dispatchdesk.workstation.forms import DeclineForm, MessageForm, NewTicketForm, TicketFilterForm

CHOICES: list[Any] = [
    ("", "---------"),
    ("a&b", "Fish & <chips>"),
    (2, gettext_lazy("Urgent")),
    (3, 30000),
    ("safe", mark_safe("<b>bold</b>")),
    ("Group “x”", [("x1", "One"), ("x2", "Two")]),
]
WIDGETS: list[tuple[forms.Widget, object]] = [
    (forms.Select(choices=CHOICES, attrs={"class": "form-select", "disabled": True, "data-x": False}), "a&b"),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=[]), ""),
    (forms.SelectMultiple(choices=CHOICES, attrs={"class": "form-select"}), ["x2", 2]),
    (forms.NullBooleanSelect(), True),
    (forms.TextInput(attrs={"class": "form-control", "placeholder": "Name “quoted” <x>"}), 'a "value" & <tag>'),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(attrs={"data-safe": mark_safe("<i>")}), mark_safe("<em>")),
    (forms.NumberInput(attrs={"min": 1, "step": 0.5}), 12345),
    (forms.EmailInput(attrs={"required": True}), "x@example.com"),
    (forms.DateInput(attrs={"type": "date"}), date(2026, 12, 4)),
    (forms.HiddenInput(), 7),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), True),
    (forms.CheckboxInput(), False),
    (forms.FileInput(), None),
    (forms.URLInput(), "https://example.com/?a=1&b=2"),
    (forms.Textarea(attrs={"rows": 3, "class": "form-control"}), "Line one\n<b>two</b> & three"),
    (forms.Textarea(), None),
    (forms.Textarea(), ""),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_widget_renders_as_django_renders_it(widget: forms.Widget, value: object, language: str) -> None:
    from django.utils import translation

    with translation.override(language):
        fast = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
        django = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert fast == django


def test_a_select_is_written_without_its_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    original = DjangoTemplates.render

    def counting(self: DjangoTemplates, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        rendered.append(template_name)
        return str(original(self, template_name, context, request))

    monkeypatch.setattr(DjangoTemplates, "render", counting)
    html = forms.Select(choices=CHOICES).render("field", "a&b", renderer=FormRenderer())
    assert "selected" in html
    assert rendered == []
    forms.ClearableFileInput().render("field", None, renderer=FormRenderer())
    assert rendered == ["django/forms/widgets/clearable_file_input.html"]  # the rest still through Django's templates


@pytest.mark.django_db
def test_the_agent_pages_forms_render_as_before(bob: User) -> None:
    """The filter, bulk and new-ticket forms, bound with choices from the database and with errors."""
    bound = {"status": "new", "priority": "2", "order": "due", "per": "50", "open": "on", "q": "<printer>"}
    shown = [
        TicketFilterForm(bound),
        TicketFilterForm(),
        InboxFilterForm(bound),
        BulkForm(actor=bob),
        BulkForm({"action": "nonsense"}, actor=bob),
        NewTicketForm(),
        MessageForm(prefix="reply"),
        MessageForm({"note-body": "<b>Checked</b> the line"}, prefix="note"),
        DeclineForm(prefix="decline"),
    ]
    for form in shown:
        form.is_valid()
        for field in form:
            fast = field.as_widget()
            form.renderer = DjangoTemplates()
            django = field.as_widget()
            form.renderer = FormRenderer()
            assert fast == django, field.name
