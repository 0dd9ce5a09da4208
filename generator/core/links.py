"""Which links may appear in the register: the scheme allowlist, applied the way a browser reads a link."""
from __future__ import annotations

import html
import re
import urllib.parse

ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def link_scheme(url: str) -> str | None:
    """The scheme of a link as a browser would see it (after decoding entities and escapes), or None if relative."""
    cleaned = html.unescape(html.unescape(url))
    cleaned = urllib.parse.unquote(cleaned)
    cleaned = "".join(ch for ch in cleaned if ch.isprintable() and not ch.isspace())
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


_PLAIN_ALLOWED = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f&%]*")


def is_allowed_link(url: str) -> bool:
    """True for full https/http/mailto links only."""
    if _PLAIN_ALLOWED.fullmatch(url):  # the common case, with nothing that could hide another scheme
        return True
    return link_scheme(url) in ALLOWED_SCHEMES
