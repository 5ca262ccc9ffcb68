"""Serving stored attachments to agents and, through the access key, to customers."""

from typing import Protocol

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


class StoredFile(Protocol):
    """A kept upload: a ticket's attachment, or a knowledge-base article's file."""

    @property
    def file(self) -> FieldFile: ...
    @property
    def filename(self) -> str: ...
    @property
    def content_type(self) -> str: ...
    @property
    def is_image(self) -> bool: ...


def attachment_response(attachment: StoredFile) -> FileResponse:
    """Images inline, everything else as a download; never sniffed, never run as a page."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened directly gets no scripts, forms or plugins, whatever its type claims.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
