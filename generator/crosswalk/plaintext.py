"""Record texts as plain text, for standards whose text fields hold no markup (Eurocities 0.3.1).

A record text is written in the register's Markdown subset and may hold HTML. Here every HTML tag is removed (the
contents of ``script`` and ``style`` with it, character references read), and the Markdown marks go: emphasis
and code marks are dropped, a link becomes its text with the address in brackets. Paragraphs stay apart by an
empty line, and list items stay on lines of their own, starting with "- ".
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from generator.crosswalk import plain

_DROPPED = {"script", "style", "template", "iframe", "object"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre"}


class _Strip(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _DROPPED:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def without_html(text: str) -> str:
    """The text with every HTML tag removed (and what script or style elements hold)."""
    if "<" not in text and "&" not in text:
        return text
    reader = _Strip()
    reader.feed(text)
    reader.close()
    return "".join(reader.parts) if "<" in text else html.unescape(text)


def plain_text(markdown: str) -> str:
    """A record text as plain text: no HTML, no Markdown marks; paragraphs and list items kept apart."""
    text = plain(without_html(markdown))
    text = re.sub(r"^\s*[*+]\s+", "- ", text, flags=re.M)  # one list mark
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
