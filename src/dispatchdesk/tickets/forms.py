"""Form parts for writing into a ticket, shared by the agent and customer pages."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; size and type limits are the service's (one rule for every channel)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


ATTACHMENT_ERRORS = dict.fromkeys(
    ["attachment_type", "attachment_too_large", "attachment_broken", "too_many_attachments"], "attachments"
)
TEXT_ERRORS = dict.fromkeys(["text_required", "text_too_long"], "body")
