"""Record text -> safe HTML: plain text is escaped; long texts may use a small Markdown subset.

Everything in a record is untrusted. This is the only module that turns record
text into HTML, and the only one that imports ``markdown`` and ``nh3``:

- plain text is HTML-escaped;
- long texts ("markdown" fields) allow paragraphs, lists, *emphasis*,
  **bold**, `code` and links; headings, images, tables and raw HTML are shown
  as plain text, and the result is cleaned with an allowlist sanitiser that
  keeps only ``https:``, ``http:`` and ``mailto:`` links;
- ``{`` and ``}`` are written as character references, so text such as
  ``{{ ... }}`` or ``{: onclick=... }`` can never be read as template or
  attribute syntax by a later stage (a macros plugin, attr_list).

The output is meant for raw HTML blocks in the generated Markdown pages, where
Markdown extensions of the site (snippets, attr_list) do not run.
"""
from __future__ import annotations

import re
import threading

import markdown
import nh3
from markupsafe import Markup, escape

from generator.core.links import ALLOWED_SCHEMES

_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "code", "a", "blockquote"}
_ATTRIBUTES = {"a": {"href"}}
# characters that make Markdown do something other than plain paragraphs
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&\\]|^\s*(?:[-+]\s|\d+[.)]\s|#|>|\s{4})", re.M)
_local = threading.local()


def _braces(html: str) -> str:
    return html.replace("{", "&#123;").replace("}", "&#125;")


def plain(text: str) -> Markup:
    """Inline text: escaped, with braces neutralised."""
    escaped = escape(text)
    if "{" in escaped or "}" in escaped:
        return Markup(_braces(str(escaped)))
    return escaped


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=[], output_format="html")
        # Raw HTML is shown as text, and the subset has no headings, rules, tables or images.
        converter.preprocessors.deregister("html_block")
        for name in ("hashheader", "setextheader", "hr"):
            converter.parser.blockprocessors.deregister(name)
        for name in ("html", "image_link", "image_reference", "short_image_ref"):
            converter.inlinePatterns.deregister(name)
        _local.converter = converter
    return converter


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "\n".join(f"<p>{escape(block)}</p>" for block in blocks)


def rich(text: str) -> Markup:
    """A long text: the Markdown subset rendered and sanitised."""
    if not _MARKDOWN_SYNTAX.search(text):
        return Markup(_braces(_paragraphs(text)))  # most texts are plain paragraphs: skip the parser
    converter = _converter()
    html = converter.reset().convert(text)
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(_braces(cleaned))


def first_paragraph(text: str) -> str:
    """The first paragraph of a long text (as text), for summaries."""
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u00c0-\u00de0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of a long text (as text, without a list mark), for a one-line summary."""
    paragraph = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", first_paragraph(text))
    return _SENTENCE_END.split(" ".join(paragraph.split()), maxsplit=1)[0]
