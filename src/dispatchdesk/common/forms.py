"""Form bases shared by every page: typed text without control characters, Bootstrap classes, and a
service's refusal shown where it belongs."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import clean_text


class CleanTextForm(forms.Form):
    """Every submitted value loses its control characters before any field sees it
    (docs/decisions/0018-control-characters.md): a NUL is not refused but dropped, like the rest."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = _without_control_characters(self.data)


def _without_control_characters(data: Mapping[str, Any]) -> MultiValueDict[str, Any]:
    cleaned: MultiValueDict[str, Any] = MultiValueDict()
    for key, values in data.lists() if isinstance(data, MultiValueDict) else _as_lists(data):
        cleaned.setlist(key, [clean_text(value) if isinstance(value, str) else value for value in values])
    return cleaned


def _as_lists(data: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    # A plain dict (tests, code) gives a multiple choice as a list, anything else as one value.
    return [(key, list(value) if isinstance(value, list | tuple) else [value]) for key, value in data.items()]


class BootstrapForm(CleanTextForm):
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
