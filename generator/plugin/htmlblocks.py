"""Python-Markdown's raw-HTML pass over a generated page, reading its tags faster, with the same result.

A register's generated pages are mostly HTML (about 1,200 tags a page), and
Python-Markdown reads all of it with the standard library's ``HTMLParser``
(``markdown.htmlparser.HTMLExtractor``) before it converts the few Markdown
lines between; for thousands of pages that is the largest part of a build.
``PageExtractor`` is that same extractor: every tag still goes to its own
``handle_*`` methods, which decide what is raw HTML. Only the reading of the
most common tags is quicker: a start tag written plainly (``<name attr="value">``,
values in double quotes) or a plain end tag is recognised with one regular
expression, where ``HTMLParser`` takes several steps; anything else (comments,
declarations, references, a tag written any other way, the inside of a script)
is read by ``HTMLParser``'s own code, as before.

``goahead`` is the standard library's loop (Python 3.11) with those two
shortcuts added, so it is used only when the standard library and
Python-Markdown are the versions it was written against (``FAST``: their code
is compared); otherwise the extractor reads the page as Python-Markdown does.
The page's anchors (every ``id``, and ``name`` of an ``<a>``) are noted on the
way, for MkDocs (see ``pages.py``).
"""
from __future__ import annotations

import hashlib
import inspect
import re
from html import unescape
from typing import Sequence

from markdown import Markdown
from markdown import htmlparser as mdparser
from markdown.htmlparser import HTMLExtractor

stdlib = mdparser.htmlparser  # Python-Markdown's own copy of html.parser, with its changes (entities, "</>", ...)

# A start tag as templates write it: a name, then attributes separated by spaces, each a name with, or without, a
# value in double quotes; and a plain end tag. Both are read exactly as HTMLParser reads them (tested).
_START = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)[ \n]*(/?)>')
_ATTRIBUTE = re.compile(r'[ \n]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')
_END = re.compile(r"</([a-zA-Z][-.a-zA-Z0-9:_]*)[ \n]*>")
# Inside a raw block, the next tag or reference: a plain start tag (1 name, 2 attributes, 3 "/"), a plain end tag (4),
# a reference ending in ";" (whose text goes to the block as written), or (5) anything else, which ends the shortcut.
_TOKEN = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)[ \n]*(/?)>'
                    r"|</([a-zA-Z][-.a-zA-Z0-9:_]*)[ \n]*>"
                    r"|&(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"
                    r"|([<&])")
_MAY_NAME_ANCHOR = re.compile(r"[ \n](?:id|name)(?:[= \n]|$)", re.IGNORECASE)


def _code_of(*functions: object) -> str:
    try:
        return hashlib.sha256("".join(inspect.getsource(f) for f in functions).encode("utf-8")).hexdigest()
    except (OSError, TypeError):
        return ""


# The code the shortcuts stand in for, as it was when they were written (CPython 3.11, Python-Markdown 3.11).
_KNOWN = "d11d7c28975ea553995acedb7c4d9401e164ef96b37bd1b3d68d195db464e8b8"
_BASE = mdparser._HTMLParser.__bases__[0]  # the copy's HTMLParser, before Python-Markdown's changes
_CODE = _code_of(_BASE.goahead, _BASE.parse_endtag, _BASE.check_for_whole_start_tag, _BASE.updatepos,
                 HTMLExtractor.parse_starttag, mdparser._HTMLParser.parse_endtag) + "|" + "|".join(
    pattern.pattern for pattern in (stdlib.locatestarttagend_tolerant, stdlib.tagfind_tolerant, stdlib.attrfind_tolerant,
                                    stdlib.endtagfind, stdlib.interesting_normal, stdlib.starttagopen, stdlib.charref,
                                    stdlib.entityref, stdlib.incomplete))
FAST = hashlib.sha256(_CODE.encode("utf-8")).hexdigest() == _KNOWN


class PageExtractor(HTMLExtractor):
    """Python-Markdown's ``HTMLExtractor``, noting every anchor in ``anchors``; ``unsure`` is set where MkDocs'
    own reading of the page could find other anchors (see ``pages.py``). Use ``extract``."""

    def __init__(self, md: Markdown, anchors: set[str], fast: bool = True):
        self.anchors = anchors
        self.unsure = False
        self.fast = fast
        super().__init__(md)

    def _note(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.anchors.add(value)  # type: ignore[arg-type]

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str]]) -> None:
        self._note(tag, attrs)
        super().handle_starttag(tag, attrs)
        if tag in self.CDATA_CONTENT_ELEMENTS and not self.inraw:  # Python-Markdown reads its content as HTML
            self.unsure = True

    def handle_startendtag(self, tag: str, attrs: Sequence[tuple[str, str]]) -> None:
        self._note(tag, attrs)
        super().handle_startendtag(tag, attrs)

    def parse_comment(self, i: int, report: bool = True) -> int:
        end = super().parse_comment(i, report)
        if end == i + 1:  # never closed: MkDocs' reading skips to the next ">"
            self.unsure = True
        return end

    def _start(self, i: int) -> int:
        """``parse_starttag`` for a plainly written start tag; -1 for any other (``HTMLParser`` reads it)."""
        rawdata = self.rawdata
        match = _START.match(rawdata, i)
        if match is None:
            return -1
        endpos = match.end()
        self._HTMLExtractor__starttag_text = rawdata[i:endpos]
        self.lasttag = tag = match.group(1).lower()
        attrs = self._values(match.group(2)) if match.group(2) else []
        if match.group(3):
            self.handle_startendtag(tag, attrs)
        else:
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
            self.handle_starttag(tag, attrs)
        return endpos

    @staticmethod
    def _values(text: str) -> list[tuple[str, str | None]]:
        attrs: list[tuple[str, str | None]] = []
        for found in _ATTRIBUTE.finditer(text):
            value = found.group(2)
            if value is not None and "&" in value:
                value = unescape(value)
            attrs.append((found.group(1).lower(), value))
        return attrs

    def _inside(self, i: int) -> int:
        """Within a raw block (``inraw``), read on from ``i`` while every tag and reference only adds its text to the
        block, as the ``handle_*`` methods would: plain tags and references, up to (not including) the end tag that
        closes the block, a script or style element, or anything else. Returns where the usual reading goes on."""
        rawdata, stack, empty, cdata = self.rawdata, self.stack, self.empty_tags, self.CDATA_CONTENT_ELEMENTS
        stop = i
        for token in _TOKEN.finditer(rawdata, i):
            name, attributes, closing, end_name = token.group(1, 2, 3, 4)
            if name is not None:
                tag = name.lower()
                if tag in cdata:
                    break
                if attributes and _MAY_NAME_ANCHOR.search(attributes):
                    self._note(tag, self._values(attributes))
                self.lasttag = tag
                if not closing and tag not in empty:
                    stack.append(tag)
            elif end_name is not None:
                tag = end_name.lower()
                if tag in stack:
                    last = len(stack) - 1 - stack[::-1].index(tag)
                    if last == 0:
                        break  # it closes the block: read as usual
                    del stack[last:]
            elif token.group(5) is not None:
                break
            stop = token.end()
        if stop > i:
            self._cache.append(rawdata[i:stop])
            self.updatepos(i, stop)
        return stop

    def goahead(self, end: bool) -> None:  # noqa: C901 - the standard library's loop, kept as it is
        if not (FAST and self.fast) or self.convert_charrefs:
            super().goahead(end)
            return
        rawdata = self.rawdata
        i = 0
        n = len(rawdata)
        while i < n:
            if self.inraw and not self.intail and self.cdata_elem is None:
                i = self._inside(i)
                if i == n:
                    break
            match = self.interesting.search(rawdata, i)  # < or &
            if match:
                j = match.start()
            else:
                if self.cdata_elem:
                    break
                j = n
            if i < j:
                self.handle_data(rawdata[i:j])
            i = self.updatepos(i, j)
            if i == n:
                break
            startswith = rawdata.startswith
            if startswith('<', i):
                if stdlib.starttagopen.match(rawdata, i):  # < + letter
                    k = self._start(i)
                    if k < 0:
                        k = self.parse_starttag(i)
                elif startswith("</", i):
                    found = _END.match(rawdata, i) if self.cdata_elem is None else None
                    if found is not None:
                        self.handle_endtag(found.group(1).lower())
                        self.clear_cdata_mode()
                        k = found.end()
                    else:
                        k = self.parse_endtag(i)
                elif startswith("<!--", i):
                    k = self.parse_comment(i)
                elif startswith("<?", i):
                    k = self.parse_pi(i)
                elif startswith("<!", i):
                    k = self.parse_html_declaration(i)
                elif (i + 1) < n:
                    self.handle_data("<")
                    k = i + 1
                else:
                    break
                if k < 0:
                    if not end:
                        break
                    k = rawdata.find('>', i + 1)
                    if k < 0:
                        k = rawdata.find('<', i + 1)
                        if k < 0:
                            k = i + 1
                    else:
                        k += 1
                    self.handle_data(rawdata[i:k])
                i = self.updatepos(i, k)
            elif startswith("&#", i):
                match = stdlib.charref.match(rawdata, i)
                if match:
                    name = match.group()[2:-1]
                    self.handle_charref(name)
                    k = match.end()
                    if not startswith(';', k - 1):
                        k = k - 1
                    i = self.updatepos(i, k)
                    continue
                else:
                    if ";" in rawdata[i:]:  # bail by consuming &#
                        self.handle_data(rawdata[i:i + 2])
                        i = self.updatepos(i, i + 2)
                    break
            elif startswith('&', i):
                match = stdlib.entityref.match(rawdata, i)
                if match:
                    name = match.group(1)
                    self.handle_entityref(name)
                    k = match.end()
                    if not startswith(';', k - 1):
                        k = k - 1
                    i = self.updatepos(i, k)
                    continue
                match = stdlib.incomplete.match(rawdata, i)
                if match:
                    # match.group() will contain at least 2 chars
                    if end and match.group() == rawdata[i:]:
                        k = match.end()
                        if k <= i:
                            k = n
                        i = self.updatepos(i, i + 1)
                    # incomplete
                    break
                elif (i + 1) < n:
                    # not the end of the buffer, and can't be confused
                    # with some other construct
                    self.handle_data("&")
                    i = self.updatepos(i, i + 1)
                else:
                    break
            else:
                assert 0, "interesting.search() lied"
        # end while
        if end and i < n and not self.cdata_elem:
            self.handle_data(rawdata[i:n])
            i = self.updatepos(i, n)
        self.rawdata = rawdata[i:]


def extract(md: Markdown, source: str, anchors: set[str]) -> PageExtractor:
    """Python-Markdown's raw-HTML pass over ``source`` (the parser, fed and closed: its ``cleandoc`` is the text with
    the raw HTML set aside in ``md.htmlStash``), noting the anchors in ``anchors``.

    Where the first reading stops before the end of the text (a reference or tag it cannot finish),
    ``HTMLExtractor`` goes on in a way that depends on every step it took so far (its positions are then counted in
    the rest of the text only); the page is then read again from the start without the shortcuts.
    """
    stash = md.htmlStash
    counter, stored = stash.html_counter, len(stash.rawHtmlBlocks)
    parser = PageExtractor(md, anchors)
    parser.feed(source)
    if parser.rawdata and FAST:
        del stash.rawHtmlBlocks[stored:]
        stash.html_counter = counter
        anchors.clear()
        parser = PageExtractor(md, anchors, fast=False)
        parser.feed(source)
    parser.close()
    return parser
