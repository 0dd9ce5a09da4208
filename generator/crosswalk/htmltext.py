"""HTML <-> the register's Markdown subset, for standards whose texts are HTML (such as the Dutch Algorithm Register).

Both directions go through one simple model of a text: a list of blocks, each a
paragraph or a list, each holding runs of inline text that may be a link, bold
or emphasised.

- ``to_html`` renders a record's Markdown with ``richtext.rich`` (the same
  renderer as the website, so the result is safe) and writes it again with only
  the tags a standard allows: paragraphs, lists and, if allowed, links.
  ``to_html`` can also fit the text into a maximum number of characters,
  keeping whole paragraphs and list items as long as they fit.
- ``to_markdown`` reads HTML from another register (any tags, any nesting) and
  writes the Markdown subset of the schema: paragraphs, ``- `` and ``1. ``
  lists, ``**bold**``, ``*emphasis*`` and ``[links](https://...)``. Raw HTML
  never survives: the website would show it as text.
- ``to_text`` gives the plain text of HTML, for comparisons and short fields.
- ``unwrap`` joins the hard-wrapped lines of a Markdown text, for exports
  whose texts are read as plain text.

Only Python's ``html.parser`` is used.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.core.links import ALLOWED_SCHEMES, link_scheme
from generator.model.richtext import rich

_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = {"p", "div", "blockquote", "section", "article", "header", "footer", "main", "aside", "pre", "table",
               "tr", "dl", "dt", "dd", "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template", "head", "title", "noscript"}
_STRONG = {"strong", "b"}
_EMPHASIS = {"em", "i"}
_CELLS = {"td", "th"}


@dataclass
class Run:
    """A piece of inline text with its formatting."""

    text: str
    href: str | None = None
    strong: bool = False
    em: bool = False

    def same_style(self, other: "Run") -> bool:
        return (self.href, self.strong, self.em) == (other.href, other.strong, other.em)


@dataclass
class Block:
    """A paragraph (``p``, one item) or a list (``ul`` or ``ol``, one item per list item)."""

    kind: str
    items: list[list[Run]] = field(default_factory=list)


# --- reading HTML ----------------------------------------------------------------------------------

class _Reader(HTMLParser):
    """Any HTML fragment -> blocks. Nested lists are flattened into their outer list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._runs: list[Run] = []
        self._lists: list[str] = []  # open list kinds, outermost first
        self._list: Block | None = None  # the block of the outermost open list
        self._skip = 0
        self._strong = 0
        self._em = 0
        self._href: str | None = None

    def _add(self, text: str) -> None:
        if not text:
            return
        run = Run(text, self._href, self._strong > 0, self._em > 0)
        if self._runs and self._runs[-1].same_style(run):
            self._runs[-1].text += text
        else:
            self._runs.append(run)

    def _flush(self) -> None:
        """End the current paragraph, or the current list item inside a list."""
        runs = _tidy(self._runs)
        self._runs = []
        if not runs:
            return
        if self._list is not None:
            self._list.items.append(runs)
        else:
            self.blocks.append(Block("p", [runs]))

    def _soft_break(self) -> None:
        """A block boundary: a new paragraph, or a space inside a list item."""
        if self._list is not None:
            self._add(" ")
        else:
            self._flush()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in ("ul", "ol"):
            self._flush()  # the paragraph before the list, or the text of the item holding a nested list
            if self._list is None:
                self._list = Block(tag)
                self.blocks.append(self._list)
            self._lists.append(tag)
        elif tag == "li":
            self._flush()
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._soft_break()
            if tag in _HEADINGS:
                self._strong += 1
        elif tag in _CELLS:
            self._add(" ")
        elif tag == "a":
            target = (dict(attrs).get("href") or "").strip()
            self._href = target if target and link_scheme(target) in ALLOWED_SCHEMES else None
        elif tag in _STRONG:
            self._strong += 1
        elif tag in _EMPHASIS:
            self._em += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self._list = None
        elif tag == "li":
            self._flush()
        elif tag in _BLOCK_TAGS:
            if tag in _HEADINGS:
                self._strong = max(0, self._strong - 1)
            self._soft_break()
        elif tag == "a":
            self._href = None
        elif tag in _STRONG:
            self._strong = max(0, self._strong - 1)
        elif tag in _EMPHASIS:
            self._em = max(0, self._em - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._add(data)

    def finish(self) -> list[Block]:
        self.close()
        self._flush()
        return [block for block in self.blocks if block.items]


def _tidy(runs: list[Run]) -> list[Run]:
    """Runs with white space collapsed and trimmed at both ends; empty runs dropped."""
    out: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if out and (out[-1].text.endswith(" ") or not out[-1].text) and text.startswith(" "):
            text = text[1:]
        if not out and text.startswith(" "):
            text = text.lstrip()
        if text:
            out.append(Run(text, run.href, run.strong, run.em))
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[-1].text = out[-1].text.rstrip()
    return [run for run in out if run.text]


def blocks_of(fragment: str) -> list[Block]:
    """The blocks of an HTML fragment."""
    reader = _Reader()
    reader.feed(fragment)
    return reader.finish()


def to_text(fragment: str) -> str:
    """The plain text of an HTML fragment: blocks and list items separated by single spaces."""
    parts = ["".join(run.text for run in item) for block in blocks_of(fragment) for item in block.items]
    return " ".join(part for part in parts if part)


# --- writing HTML ----------------------------------------------------------------------------------

def _run_html(run: Run, links: bool) -> str:
    text = html.escape(run.text, quote=False)
    if links and run.href:
        return f'<a href="{html.escape(run.href, quote=True)}">{text}</a>'
    if run.href and run.href.rstrip("/") != run.text.rstrip("/"):
        return f"{text} ({html.escape(run.href, quote=False)})"  # keep the address when links are not allowed
    return text


def _item_html(runs: list[Run], links: bool) -> str:
    return "".join(_run_html(run, links) for run in runs)


def _block_html(block: Block, links: bool) -> str:
    if block.kind == "p":
        return f"<p>{_item_html(block.items[0], links)}</p>"
    return f"<{block.kind}>" + "".join(f"<li>{_item_html(item, links)}</li>" for item in block.items) + f"</{block.kind}>"


def _cut_runs(runs: list[Run], room: int, links: bool) -> list[Run] | None:
    """The longest start of ``runs``, cut after a word and ending in an ellipsis, whose HTML fits in ``room``."""
    words = [(i, m.end()) for i, run in enumerate(runs) for m in re.finditer(r"\S+", run.text)]
    for count in range(len(words) - 1, 0, -1):
        index, end = words[count - 1]
        cut = [Run(r.text, r.href, r.strong, r.em) for r in runs[: index + 1]]
        cut[-1].text = cut[-1].text[:end].rstrip(" ,.;:") + "…"
        if len(_item_html(cut, links)) <= room:
            return cut
    return None


def _render_units(units: list[tuple[int, str, list[Run]]], links: bool) -> str:
    """Paragraphs and list items (tagged with their block number) back as HTML, one list per block."""
    blocks: list[Block] = []
    last = None
    for number, kind, runs in units:
        if number != last:
            blocks.append(Block(kind))
            last = number
        blocks[-1].items.append(runs)
    return "".join(_block_html(b, links) for b in blocks)


def fit_blocks(blocks: list[Block], limit: int | None, links: bool) -> tuple[str, bool]:
    """The HTML of ``blocks`` in at most ``limit`` characters, and whether anything was cut.

    Whole paragraphs and list items are kept while they fit; the next one is
    cut after a word and ends in an ellipsis, so readers see that text is missing.
    """
    whole = "".join(_block_html(b, links) for b in blocks)
    if limit is None or len(whole) <= limit:
        return whole, False
    units = [(n, b.kind, item) for n, b in enumerate(blocks) for item in b.items]
    fitting = 0
    while fitting < len(units) and len(_render_units(units[: fitting + 1], links)) <= limit:
        fitting += 1
    for keep in range(min(fitting, len(units) - 1), -1, -1):
        number, kind, runs = units[keep]
        frame = len(_render_units(units[:keep] + [(number, kind, [])], links))
        cut = _cut_runs(runs, limit - frame, links)
        if cut:
            return _render_units(units[:keep] + [(number, kind, cut)], links), True
    return _render_units(units[:fitting], links), True


def markdown_blocks(markdown: str) -> list[Block]:
    """The blocks of a record text written in the Markdown subset."""
    return blocks_of(str(rich(markdown))) if markdown.strip() else []


def to_html(markdown: str, links: bool = True, limit: int | None = None) -> tuple[str, bool]:
    """A record text as HTML with paragraphs, lists and (if ``links``) links, cut to ``limit`` characters.

    Returns the HTML and whether it had to be shortened.
    """
    return fit_blocks(markdown_blocks(markdown), limit, links)


# --- writing Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*\[\]])")
_LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_BLOCK_START = re.compile(r"^(\d+)([.)])(\s)|^([-+#>])(\s|$)")


def _escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LOOSE_UNDERSCORE.sub(r"\\_", text)


def _link_target(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _run_markdown(run: Run) -> str:
    core = run.text.strip()
    if not core:
        return run.text
    lead = run.text[: len(run.text) - len(run.text.lstrip())]
    trail = run.text[len(run.text.rstrip()):]
    body = _escape(core)
    if run.em:
        body = f"*{body}*"
    if run.strong:
        body = f"**{body}**"
    if run.href:
        body = f"[{body}]({_link_target(run.href)})"
    return lead + body + trail


def _item_markdown(runs: list[Run]) -> str:
    text = "".join(_run_markdown(run) for run in runs)
    return _BLOCK_START.sub(lambda m: (f"{m.group(1)}\\{m.group(2)}{m.group(3)}" if m.group(1)
                                       else f"\\{m.group(4)}{m.group(5)}"), text)


def blocks_markdown(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if block.kind == "p":
            parts.append(_item_markdown(block.items[0]))
        elif block.kind == "ol":
            parts.append("\n".join(f"{n}. {_item_markdown(item)}" for n, item in enumerate(block.items, 1)))
        else:
            parts.append("\n".join(f"- {_item_markdown(item)}" for item in block.items))
    return "\n\n".join(parts)


def to_markdown(fragment: str) -> str:
    """HTML from another register as the Markdown subset of the schema (no HTML left)."""
    return blocks_markdown(blocks_of(fragment))


def looks_like_html(text: str) -> bool:
    """Whether a text contains HTML tags (rather than plain text or Markdown)."""
    return bool(re.search(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>", text))


_LIST_ITEM = re.compile(r"(?:[-+*]|\d+[.)])\s+")


def unwrap(markdown: str) -> str:
    """Markdown with the line breaks inside paragraphs and list items removed (lists stay lists).

    Records are often written with lines wrapped at a fixed width; a plain-text
    export reads better with one line per paragraph and per list item.
    """
    out = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if _LIST_ITEM.match(lines[0]):
            items: list[str] = []
            for line in lines:
                if _LIST_ITEM.match(line) or not items:
                    items.append(line)
                else:
                    items[-1] += " " + line
            out.append("\n".join(items))
        else:
            out.append(" ".join(lines))
    return "\n\n".join(out)
