"""Customer text is never stored or rendered as raw HTML: everything passes through nh3."""

import html

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "u",
    "ul",
}


def clean_html(raw: str) -> str:
    """Keep a small safe subset of formatting; links get rel=noopener and no scripts survive."""
    return nh3.clean(raw, tags=ALLOWED_TAGS, link_rel="noopener noreferrer nofollow")


def plain_text_to_html(text: str) -> str:
    """Turn typed text into paragraphs, escaping anything that looks like markup."""
    escaped = html.escape(text)
    paragraphs = [p.replace("\n", "<br>") for p in escaped.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())
