"""A message's body with its email's inline images in place (decision 0028). The body keeps the
email's `cid:` references; each page turns them into the attachment route its reader may use
(the agents' route, or the customer's through the ticket's access key), as the file list does."""

from __future__ import annotations

import html
import re

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from dispatchdesk.tickets.models import Attachment, Message

register = template.Library()
CID_SOURCE = re.compile(r'src="cid:([^"]+)"')


@register.simple_tag
def message_body(message: Message, portal_key: str = "") -> SafeString:
    """The stored (sanitised) body, its cid: images pointing at the message's attachments."""
    by_id = {file.content_id: file for file in message.attachments.all() if file.content_id}

    def source(found: re.Match[str]) -> str:
        file = by_id.get(html.unescape(found.group(1)))
        return f'src="{attachment_href(file, portal_key)}"' if file is not None else ""  # not ours: no source

    return SafeString(CID_SOURCE.sub(source, message.body))  # stored sanitised (common.sanitize)


@register.filter
def listed_attachments(message: Message) -> list[Attachment]:
    """The files shown under the text: all but the inline images the body already shows."""
    shown = {html.unescape(cid) for cid in CID_SOURCE.findall(message.body)}
    return [file for file in message.attachments.all() if not file.content_id or file.content_id not in shown]


def attachment_href(file: Attachment, portal_key: str) -> str:
    if portal_key:
        return reverse("portal:attachment", args=[portal_key, file.token])
    return reverse("workstation:attachment", args=[file.token])
