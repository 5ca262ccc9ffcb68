"""Form bases shared by every page: Bootstrap classes, and a service's refusal shown where it belongs."""

from typing import Any

from django import forms

from dispatchdesk.common.errors import DomainError


class BootstrapForm(forms.Form):
    """Gives every widget its Bootstrap class, so templates can render fields as they are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def add_error(self, field: str | None, error: Any) -> None:
        # Every field error passes through here (full_clean too): mark the widget for Bootstrap.
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields and "is-invalid" not in self.fields[name].widget.attrs.get("class", ""):
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DomainErrorForm(BootstrapForm):
    """A form that can show a service's refusal next to the field it concerns."""

    # DomainError code -> field the message belongs to; others become form-wide errors.
    error_fields: dict[str, str] = {}

    def add_domain_error(self, error: DomainError) -> None:
        self.add_error(self.error_fields.get(error.code), error.message)
