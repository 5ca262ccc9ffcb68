"""The line above which a customer types their answer to our email (I2): written at the top of every
customer email that may be answered by email, and where an answer is cut on import, in any language
we write it in. The quoted history under it then needs no guessing."""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

REPLY_ABOVE = _("## Please type your reply above this line ##")


@cache
def marker_pattern() -> re.Pattern[str]:
    """The marker in each of our languages, as it looks in a reply's text or HTML: wrapped anywhere,
    spaces as &nbsp;, letters beyond ASCII possibly as character references."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(str(REPLY_ABOVE))
    return re.compile("|".join(_loose(text) for text in sorted(texts)), re.IGNORECASE)


def _loose(text: str) -> str:
    parts = []
    for char in text:
        if char.isspace():
            parts.append(r"(?:\s|&nbsp;|&#160;|>)+")  # wrapped, and quoted ("> ") on the next line
        elif char.isascii():
            parts.append(re.escape(char))
        else:
            parts.append(f"(?:{re.escape(char)}|&[#\\w]+;)")
    return "".join(parts)
