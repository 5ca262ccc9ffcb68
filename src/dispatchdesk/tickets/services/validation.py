"""Input limits shared by every way text and files enter a ticket."""

import mimetypes
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.lazy import lazy_import
from dispatchdesk.common.sanitize import clean_html, plain_text_to_html, strip_bidi_controls

if TYPE_CHECKING:
    from PIL import Image
else:  # loaded by the first image attached (decision 0057)
    Image = lazy_import("PIL.Image")


class MimeFile(ContentFile[bytes]):
    """A file from an email's part, with its Content-ID when the HTML body shows it in place (cid:)."""

    def __init__(self, content: bytes, *, name: str, content_id: str = "") -> None:
        super().__init__(content, name=name)
        self.content_id = content_id


def clean_subject(subject: str) -> str:
    """One line of visible text: whitespace collapsed, bidirectional controls dropped (decision 0015)."""
    subject = " ".join(strip_bidi_controls(subject).split())
    limit: int = settings.DISPATCHDESK_MAX_SUBJECT_LENGTH
    if not subject:
        raise DomainError(_("The subject must not be empty."), code="subject_required", status=422)
    if len(subject) > limit:
        raise DomainError(
            _("The subject is longer than %(limit)d characters.") % {"limit": limit},
            code="subject_too_long",
            status=422,
        )
    return subject


def clean_body(body: str, *, is_html: bool, required: bool = True) -> str:
    limit: int = settings.DISPATCHDESK_MAX_BODY_LENGTH
    if len(body) > limit:
        raise DomainError(
            _("The text is longer than %(limit)d characters.") % {"limit": limit}, code="text_too_long", status=422
        )
    html = clean_html(body) if is_html else plain_text_to_html(body)
    if required and not html.strip():
        raise DomainError(_("The text must not be empty."), code="text_required", status=422)
    return html


def attachment_type(file: File[Any]) -> str:
    """The type we serve the file as: judged from its name, confirmed by content for images."""
    guessed, _encoding = mimetypes.guess_type(file.name or "")
    content_type = guessed or "application/octet-stream"
    allowed: list[str] = settings.DISPATCHDESK_ATTACHMENT_TYPES
    if content_type not in allowed:
        raise DomainError(
            _("Files of type %(type)s are not accepted (%(name)s).") % {"type": content_type, "name": file.name},
            code="attachment_type",
            status=422,
        )
    if content_type.startswith("image/"):
        _require_real_image(file)
    return content_type


def attachment_name(file: File[Any]) -> str:
    """The name a file is shown under: its last path part, without bidirectional controls, which
    would make "Invoice\u202egpj.pdf" show as "Invoicefdp.jpg" (decision 0015)."""
    name = strip_bidi_controls(PurePath(file.name or "").name)[:200]
    return name or "file"


def _require_real_image(file: File[Any]) -> None:
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError):  # PIL's UnidentifiedImageError is an OSError
        raise DomainError(
            _("%(name)s is not a readable image.") % {"name": file.name}, code="attachment_broken", status=422
        ) from None
    finally:
        file.seek(0)


def check_attachments(files: Sequence[File[Any]]) -> list[str]:
    """Refuse the whole batch if any file breaks a limit; return each file's content type."""
    most: int = settings.DISPATCHDESK_MAX_ATTACHMENTS_PER_MESSAGE
    largest: int = settings.DISPATCHDESK_MAX_ATTACHMENT_BYTES
    if len(files) > most:
        raise DomainError(
            _("At most %(count)d files per message.") % {"count": most}, code="too_many_attachments", status=422
        )
    for file in files:
        if file.size > largest:
            raise DomainError(
                _("%(name)s is larger than %(limit)d MB.") % {"name": file.name, "limit": largest // (1024 * 1024)},
                code="attachment_too_large",
                status=422,
            )
    return [attachment_type(file) for file in files]
