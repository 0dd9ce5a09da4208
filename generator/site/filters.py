"""Filters of the page templates that need no template context: they turn a value into a piece of a page (a
sentence with its placeholders filled, front matter, a mailto:, tel: or query address), escaping what they put in.
``render.environment`` installs them under the names in ``FILTERS``."""
from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.model.links import pick_link
from generator.model.richtext import plain


def fill(pattern: str, **values: Any) -> Markup:
    """A translated sentence with placeholders (``since {date}``) filled with ready HTML: the words are escaped."""
    out = Markup.escape(pattern)
    for name, value in values.items():
        out = Markup(str(out).replace("{" + name + "}", str(Markup.escape(value))))
    return out


def front_matter(value: str) -> Markup:
    # Front matter is YAML; a JSON string is valid YAML. MkDocs and the theme insert titles
    # into HTML without escaping, so the text is HTML-escaped first.
    return Markup(json.dumps(str(plain(value)), ensure_ascii=False))


def mailto(address: str, subject: str = "") -> str:
    query = "?subject=" + urllib.parse.quote(subject) if subject else ""
    return f"mailto:{address}{query}"


def tel(number: str) -> str:
    """A phone number as a tel: address (+358 9 123 4567 -> +35891234567)."""
    return "".join(c for c in str(number) if c.isdigit() or c == "+")


def query(params: dict[str, str]) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


@dataclass(frozen=True)
class LocalLink:
    """A link's address for a page's language. ``hreflang``: the language of the target, when the record gives one
    address per language; ``other``: that language when the page's language has no address of its own (a fallback)."""

    url: str
    hreflang: str | None
    other: str | None


def local_link(value: Any, language: str, *fallbacks: str) -> LocalLink:
    """The address of a link (one address, or one per language) for a page in ``language``."""
    url, lang = pick_link(value, language, *fallbacks)
    return LocalLink(url or "", lang, lang if lang and lang != language else None)


FILTERS = {"fill": fill, "front_matter": front_matter, "mailto": mailto, "tel": tel, "query": query}
