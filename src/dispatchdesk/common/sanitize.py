"""Customer text is never stored or rendered as raw HTML: everything passes through nh3.

Nor does it keep Unicode's bidirectional controls, which make "Invoice\u202efdp.exe" display as
"Invoiceexe.pdf" (docs/decisions/0015-bidi-controls.md), and text people type loses its control
characters where it enters (docs/decisions/0018-control-characters.md).
"""

import html
import re
from typing import Any

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "img",  # only an email's own inline images (cid:), never a remote one
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "u",
    "ul",
}

# The explicit embeddings and overrides (U+202A-U+202E), the isolates (U+2066-U+2069) and the
# marks (U+200E, U+200F, U+061C): invisible characters that reorder how the text around them shows.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_WITHOUT_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """The text as typed, less its bidirectional controls: what it says is what it shows."""
    return text.translate(_WITHOUT_BIDI_CONTROLS)


# C0 controls but tab and newline, DEL, and the C1 controls. A NUL cannot be stored on PostgreSQL
# (a 500), and the rest are invisible in pages yet reach logs, email headers and exports as they are.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Typed text less its control characters; line breaks become "\\n" (a lone "\\r" too)."""
    return _CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_texts(value: Any) -> Any:
    """`clean_text` on every string in a parsed JSON value or query (dicts and lists walked through)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: clean_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_texts(item) for item in value]
    return value


URL_SCHEMES = nh3.ALLOWED_URL_SCHEMES | {"cid"}
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def clean_html(raw: str) -> str:
    """Keep a small safe subset of formatting; links get rel=noopener and no scripts survive."""
    # nh3 turns character references (&#x202e;) into characters, so the controls are stripped after it.
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        link_rel="noopener noreferrer nofollow",
        url_schemes=URL_SCHEMES,
        attribute_filter=_inline_images_only,
    )
    return strip_bidi_controls(_IMAGE_WITHOUT_SOURCE.sub("", cleaned))


def _inline_images_only(tag: str, attribute: str, value: str) -> str | None:
    """An image's source may only be the email's own part (cid:): a remote one would tell its sender who read it."""
    if tag == "img" and attribute == "src" and not value.lower().startswith("cid:"):
        return None
    return value


def plain_text_to_html(text: str) -> str:
    """Turn typed text into paragraphs, escaping anything that looks like markup."""
    # Text needs only &, < and > escaped; quotes stay as typed, as clean_html writes them, so that
    # sanitising stored HTML again (an imported desk) changes nothing.
    escaped = html.escape(strip_bidi_controls(text), quote=False)
    paragraphs = [p.replace("\n", "<br>") for p in escaped.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def html_to_text(body_html: str) -> str:
    """Stored message HTML as plain text for an email or a chat line: paragraphs and line breaks kept."""
    return html.unescape(strip_tags(body_html.replace("</p>", "</p>\n\n").replace("<br>", "\n"))).strip()
