"""A Content-Security-Policy for every page, as a ``<meta>`` tag (static hosts such as GitHub Pages cannot send headers).

The policy allows scripts, styles, images, fonts and connections from the
site itself only. The theme puts a few small scripts inline; each is allowed by
the SHA-256 hash of its exact text, computed per page (one of them differs by
page depth), so no ``unsafe-inline`` and no ``unsafe-eval`` is needed.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            values = dict(attrs)
            executable = (values.get("type") or "").strip().lower() in _EXECUTABLE_TYPES
            self._current = [] if "src" not in values and executable else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def policy_for(html: str) -> str:
    """The policy text for one page."""
    parser = _InlineScripts()
    parser.feed(html)
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                     for s in parser.scripts})
    script_src = " ".join(["'self'", *hashes])
    return ("default-src 'self'; "
            f"script-src {script_src}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


_HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.I)


def add_policy(html: str) -> str:
    """``html`` with the policy as the first element of ``<head>`` (after the charset), so it covers everything after it."""
    match = _HEAD.search(html)
    if match is None:
        return html
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[:match.end()] + meta + html[match.end():]
