"""An email ready to go: to whom, what it says (plain text and HTML, from the same paragraphs), how it
threads. The outbox adds its Message-ID and sends both parts as multipart/alternative."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, strip_tags, urlize
from django.utils.safestring import SafeString

from dispatchdesk.common.sanitize import clean_html


@dataclass(frozen=True, slots=True)
class Draft:
    to: str
    subject: str
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
    html: str = ""


@dataclass(frozen=True, slots=True)
class Quoted:
    """A message's stored (sanitised) HTML, quoted in the email: HTML in the HTML part, text in the other."""

    html: str


Paragraph = str | Quoted


def draft_from(
    *,
    to: str,
    subject: str,
    paragraphs: Sequence[Paragraph],
    link: str = "",
    link_label: str = "",
    number: int | None = None,
    reply_above: str = "",
    headers: Mapping[str, str] | None = None,
) -> Draft:
    """Both parts of one email, in the active language. `reply_above` is the marker line a reply is cut at."""
    text = [reply_above] if reply_above else []
    text += [plain(p.html) if isinstance(p, Quoted) else p for p in paragraphs]
    page = render_to_string(
        "notifications/email.html",
        {
            "language": translation.get_language(),
            "subject": subject,
            "desk_name": settings.DISPATCHDESK_DESK_NAME,
            "number": number,
            "reply_above": reply_above,
            "paragraphs": [_html_paragraph(p) for p in paragraphs],
            "link": link,
            "link_label": link_label,
        },
    )
    return Draft(to, subject[:200], "\n\n".join(text) + "\n", headers or {}, page)


def plain(body_html: str) -> str:
    """A stored message's HTML as text for the plain part."""
    return html.unescape(strip_tags(body_html.replace("</p>", "</p>\n\n").replace("<br>", "\n"))).strip()


def _html_paragraph(paragraph: Paragraph) -> SafeString:
    if isinstance(paragraph, Quoted):
        return format_html(
            '<div style="margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #d0d7de;">{}</div>',
            SafeString(clean_html(paragraph.html)),  # sanitised again: nothing unsafe reaches a mail client
        )
    return format_html('<p style="margin:0 0 16px;">{}</p>', SafeString(urlize(paragraph, autoescape=True)))
