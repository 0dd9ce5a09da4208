"""The search box and the searchable part of each finished HTML page.

The site engine's theme writes the page around the register's content; these
two steps add what the search needs to that finished page: the attributes that
make the content (the theme's ``<article>``) the page's searchable text, in its
group of results, and the header's search box (rendered from the template
``search-box.html.j2``, which a city can override) at the end of the header.
"""
from __future__ import annotations

import html
import re

_ARTICLE = re.compile(r"<article\b(?P<attributes>[^>]*)>")
_HEADER_BAR = '<nav class="md-header__inner'
_NAV = re.compile(r"<(/?)nav\b")


def mark_body(page: str, attributes: dict[str, str]) -> str:
    """``page`` with ``attributes`` on its first ``<article>`` (the theme's content), if it has one."""
    match = _ARTICLE.search(page)
    if match is None or "data-pagefind-body" in match.group("attributes"):
        return page
    added = "".join(f' {name}="{html.escape(value)}"' if value else f" {name}" for name, value in attributes.items())
    return page[:match.end() - 1] + added + page[match.end() - 1:]


def add_box(page: str, box: str) -> str:
    """``page`` with the search box as the last item of the header's bar (the theme's ``<nav class="md-header__inner">``)."""
    start = page.find(_HEADER_BAR)
    if start < 0:
        return page
    depth = 0
    for match in _NAV.finditer(page, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page[:match.start()] + box + page[match.start():]
    return page
