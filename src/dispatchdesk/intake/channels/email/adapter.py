"""Raw email → `IncomingEmail`: who wrote, what they said (quoted history and signature trimmed), which
of our tickets it answers, its files, and whether a machine sent it. Parsing only; no database."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses

from django.utils.html import strip_tags

from dispatchdesk.intake.channels.email.marker import marker_pattern
from dispatchdesk.tickets.services.validation import MimeFile

# Our Message-IDs (notifications.customer_mail.new_message_id): <ticket-10001@…> or <ticket-10001.3fa2…@…>.
OUR_MESSAGE_ID = re.compile(r"<ticket-(\d+)(?:\.[0-9a-f]+)?@([^>\s]+)>")
SUBJECT_NUMBER = re.compile(r"\[#(\d+)\]")
# Where a reply's quoted history or signature starts, in plain text (Thunderbird, Gmail, Outlook in English
# and German, sig dash). Gmail wraps a long "On … wrote:" line once.
TEXT_CUTS = re.compile(
    r"^(?:-- ?$|On [^\n]{0,200}(?:\n[^\n]{0,100})? wrote:$|Am .{0,200} schrieb .{0,100}:$|-----Original Message-----|-----Ursprüngliche Nachricht-----|_{20,}$"
    r"|(?:From|Von): .+$\n^(?:Sent|Gesendet): )",
    re.MULTILINE,
)
# The same in HTML: Gmail's and Thunderbird's quote wrappers (one class among others), Apple Mail's
# cited blockquote, Outlook's reply header (on the web: its ids; on the desktop: the grey rule above
# "From: … Sent: …") and signature.
HTML_CUTS = re.compile(
    r'<(?:div|span)[^>]*class="(?:[^"]*\s)?(?:gmail_quote|gmail_signature|gmail_signature_prefix|moz-cite-prefix'
    r'|moz-signature)[\s"]|<blockquote[^>]*type="cite"'
    r'|<div[^>]*id="(?:divRplyFwdMsg|appendonsend|Signature|mail-editor-reference-message-container)"'
    r"|<div[^>]*style=['\"]border:none;\s*border-top:solid #[0-9a-f]{6} 1\.0pt",
    re.IGNORECASE,
)


class UnreadableEmailError(ValueError):
    """The source cannot be read as an email: it is quarantined, never dropped."""


@dataclass(frozen=True)
class IncomingEmail:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    body: str
    is_html: bool
    files: list[MimeFile] = field(default_factory=list)  # content_id set on the inline images
    references: list[str] = field(default_factory=list)  # In-Reply-To first, then References
    automatic: bool = False  # Auto-Submitted, bulk or list mail: never answered (RFC 3834)
    bounce_of: list[str] = field(default_factory=list)  # a DSN: the Message-IDs of the email that bounced


def message_id_of(raw: bytes) -> str:
    """The email's Message-ID, else a digest of its source, so the same email is recognised when redelivered."""
    found = re.search(rb"^Message-ID:[ \t]*(<[^>\r\n]{1,250}>)", raw, re.IGNORECASE | re.MULTILINE)
    return found.group(1).decode("ascii", "replace") if found else f"<sha256-{hashlib.sha256(raw).hexdigest()}>"


def parse(raw: bytes) -> IncomingEmail:
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)  # noqa: S101 - policy.default makes EmailMessage
        sender_name, sender = _sender(message)
        body, is_html = _body(message)
        return IncomingEmail(
            message_id=message_id_of(raw),
            sender=sender,
            sender_name=sender_name or sender.partition("@")[0],
            subject=" ".join(str(message.get("Subject", "")).split())[:200],
            body=body,
            is_html=is_html,
            files=_files(message),
            references=_references(message),
            automatic=_automatic(message),
            bounce_of=_bounced(message),
        )
    except (LookupError, ValueError, TypeError, AttributeError) as error:
        raise UnreadableEmailError(str(error) or type(error).__name__) from error


def ticket_numbers(references: list[str], subject: str, *, domain: str) -> list[int]:
    """The tickets an email answers, most certain first: our Message-IDs it refers to, then "[#10001]" in the subject."""
    found = [int(m.group(1)) for ref in references if (m := OUR_MESSAGE_ID.fullmatch(ref)) and m.group(2) == domain]
    return found + [int(m) for m in SUBJECT_NUMBER.findall(subject)]


def trimmed(body: str, *, is_html: bool) -> str:
    """The new text of a reply, without the history it quotes or the signature; the full email stays in its source."""
    body = _above_marker(body.replace("\r\n", "\n"), is_html=is_html)
    cut = (HTML_CUTS if is_html else TEXT_CUTS).search(body)
    kept = body[: cut.start()] if cut and cut.start() > 0 else body
    if not is_html:
        kept = "\n".join(line for line in kept.splitlines() if not line.startswith(">"))
    return kept.strip() or body.strip()


def _above_marker(body: str, *, is_html: bool) -> str:
    """What was written above our "reply above this line" marker, when something was."""
    found = marker_pattern().search(body)
    if found is None:
        return body
    start = found.start() if is_html else body.rfind("\n", 0, found.start()) + 1  # the quoted line's start
    above = body[:start]
    return above if (strip_tags(above) if is_html else above).strip() else body


def _sender(message: EmailMessage) -> tuple[str, str]:
    addresses = getaddresses([str(message.get("Reply-To") or message.get("From") or "")])
    name, address = addresses[0] if addresses else ("", "")
    if "@" not in address:
        raise UnreadableEmailError("no sender address")
    return name.strip(), address.strip().lower()


def _body(message: EmailMessage) -> tuple[str, bool]:
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        return "", False
    content = part.get_content()
    if not isinstance(content, str):
        raise UnreadableEmailError("the text part is not text")
    return trimmed(content, is_html=part.get_content_subtype() == "html"), part.get_content_subtype() == "html"


def _files(message: EmailMessage) -> list[MimeFile]:
    """Attachments and inline images (Gmail's cid: pictures) as files; the text parts are the body.
    An image keeps its Content-ID, so the body's cid: reference shows it in place."""
    files = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        name = part.get_filename()
        inline_image = part.get_content_maintype() == "image" and part.get("Content-ID")
        if not name and not inline_image:
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            content_id = str(part.get("Content-ID", "")).strip().strip("<>")[:200] if inline_image else ""
            files.append(MimeFile(payload, name=name or _image_name(part), content_id=content_id))
    return files


def _image_name(part: Message) -> str:
    return f"{str(part.get('Content-ID', 'image')).strip('<>').partition('@')[0]}.{part.get_content_subtype()}"


def _references(message: EmailMessage) -> list[str]:
    text = f"{message.get('In-Reply-To', '')} {message.get('References', '')}"
    return re.findall(r"<[^<>\s]+>", text)


def _automatic(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto != "no" or precedence in {"bulk", "list", "junk"} or "List-Id" in message or "List-Unsubscribe" in message
    )


def _bounced(message: EmailMessage) -> list[str]:
    """A delivery status notification (RFC 3464): the Message-IDs of the email it returns."""
    if message.get_content_type() != "multipart/report" or message.get_param("report-type") != "delivery-status":
        return []
    for part in message.walk():
        if part.get_content_type() in {"message/rfc822", "text/rfc822-headers"}:
            returned = part.get_payload(0) if part.is_multipart() else None
            headers = str(returned) if returned is not None else str(part.get_payload())
            return re.findall(
                r"<[^<>\s]+>", " ".join(re.findall(r"(?im)^(?:Message-ID|In-Reply-To|References):.*$", headers))
            )
    return ["<unknown-bounce>"]
