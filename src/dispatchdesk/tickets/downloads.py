"""Serving stored attachments to agents and, through the access key, to customers."""

from django.http import FileResponse, Http404

from dispatchdesk.tickets.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
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
