"""The register's generated pages as MkDocs files and pages, and their HTML made ahead in the render workers.

MkDocs turns every page's Markdown into HTML in its own process, one page
after the other; for a register's thousands of generated pages (which are
mostly HTML, and so slow for the Markdown parser) that is most of a full
build's time. In a full build (``mkdocs build``), the render workers that write
a page's Markdown therefore also convert it, right after, with MkDocs' own code
(``Page.render``: the same Markdown extensions, the same link checks, table of
contents, title and anchors) on their copy of the page, and send the result back
with the Markdown (``convert``). When MkDocs reaches the page, ``PreparedPage``
takes that result instead of converting again, provided the Markdown it was
made from is exactly the page's Markdown after every plugin's ``on_page_markdown``;
otherwise, and whenever the worker could not convert it, MkDocs converts the page
itself as usual. Messages the conversion logs (a link to a missing page) are
logged again by MkDocs' process, so ``--strict`` counts them.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Any

import mkdocs.structure.pages as mkdocs_pages
from markdown import Markdown
from markdown.preprocessors import HtmlBlockPreprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data

from generator.build.register import Build, BuildError
from generator.plugin import words
from generator.plugin.htmlblocks import extract


class GeneratedFile(File):
    """A generated page whose Markdown is fetched from the build only when MkDocs reads it."""

    _build: Build
    _index: int
    _search: str
    _modified: bool = True  # the preview's incremental rebuilds: whether this build writes the page
    _take: bool = False  # a full build: take the page (and its HTML made ahead) from the build for good
    _prepared: Prepared | None = None

    def is_modified(self) -> bool:
        return self._modified or not os.path.isfile(self.abs_dest_path)

    @property
    def content_string(self) -> str:
        if self._content is None:
            try:
                if self._take:
                    self._content, self._prepared = self._build.take(self._index)
                else:
                    self._content = self._build.markdown(self._index)
            except BuildError as exc:
                raise PluginError(words.not_built(words.for_build(self._build), exc)) from None
        return str(self._content)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._content = value

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._content = value.decode("utf-8")


@dataclass
class Prepared:
    """What MkDocs' ``Page.render`` made of a page in a worker: everything it sets on the page, and what it logged."""

    markdown: str  # the Markdown it was made from (after the front matter)
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri (a File is not sent)
    logs: list[tuple[str, int, str]]  # (logger, level, message)


class _Keep(logging.Handler):
    def __init__(self, records: list[tuple[str, int, str]]):
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


# Where Python-Markdown's raw-HTML pass and MkDocs' anchor pass could read the tags of a page differently (a
# declaration or processing instruction, or a character reference Python-Markdown's pass stops at), MkDocs' usual
# way is taken.
_UNUSUAL = re.compile(r"<(?:\?|!(?!--))|&#(?![0-9]|[xX][0-9a-fA-F])")


class _AnchorsHtmlBlock(HtmlBlockPreprocessor):
    def __init__(self, md: Markdown, anchors: set[str]):
        super().__init__(md)
        self.anchors = anchors

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        parser = extract(self.md, source, self.anchors)
        if parser.unsure:
            reading = mkdocs_pages._HTMLHandler()
            reading.feed(source)
            reading.close()
            self.anchors.clear()
            self.anchors.update(reading.present_anchor_ids)
        return "".join(parser.cleandoc).split("\n")


class _OneReading:
    """Stands in for MkDocs' ``_RawHTMLPreprocessor`` while a worker converts a page: instead of reading the page's
    HTML a second time for its anchor ids, the ids are noted by Python-Markdown's own raw-HTML pass, which reads the
    same lines right after (MkDocs registers its pass just before it). Where another preprocessor would run between
    the two, or the raw-HTML pass is not Python-Markdown's plain one, MkDocs' own pass is used as usual."""

    original: Any = mkdocs_pages._RawHTMLPreprocessor

    def __init__(self) -> None:
        self._anchors: set[str] = set()
        self._fallback: Any = None  # MkDocs' own pass, where this one cannot stand in for it

    @property
    def present_anchor_ids(self) -> set[str]:
        return self._fallback.present_anchor_ids if self._fallback is not None else self._anchors

    def _register(self, md: Markdown) -> None:
        priorities = {item.name: item.priority for item in md.preprocessors._priority}
        html_block = md.preprocessors["html_block"] if "html_block" in md.preprocessors else None
        between = [name for name, priority in priorities.items()
                   if name != "html_block" and priorities.get("html_block", 21) <= priority <= 21]
        if type(html_block) is not HtmlBlockPreprocessor or between:
            self._fallback = self.original()
            self._fallback._register(md)
            return
        md.preprocessors.register(_AnchorsHtmlBlock(md, self._anchors), "html_block", priorities["html_block"])


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """MkDocs' ``Page.render``, reading the page's HTML once instead of twice where that gives the same anchors."""
    if _UNUSUAL.search(page.markdown or ""):
        Page.render(page, config, files)
        return
    mkdocs_pages._RawHTMLPreprocessor = _OneReading
    try:
        Page.render(page, config, files)
    finally:
        mkdocs_pages._RawHTMLPreprocessor = _OneReading.original


def convert(state: tuple[MkDocsConfig, Files, list[File], int], index: int, source: str) -> Prepared | None:
    """In a render worker: MkDocs' own conversion of the ``index``-th generated page, from its Markdown ``source``
    (front matter included), on the worker's copy of the page (MkDocs' process is not touched)."""
    config, files, generated, engine = state
    page = generated[index].page
    if page is None:
        return None
    markdown, meta = get_data(source)
    page.markdown, page.meta = markdown, meta
    records: list[tuple[str, int, str]] = []
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [_Keep(records)], False
    config._current_page = page
    try:
        _render(page, config, files)
    finally:
        logger.handlers, logger.propagate = saved
        config._current_page = None
    links = None
    if page.links_to_anchors is not None:
        links = {file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()}
    assert page.content is not None
    prepared = Prepared(markdown, page.content, page.toc, page._title_from_render, set(page.present_anchor_ids or ()),
                        links, records)
    if os.getpid() != engine:  # a worker's copy of the page is not needed again: each worker would keep every page
        page.markdown, page.content, page.toc, page.meta = None, None, TableOfContents([]), {}
        page.present_anchor_ids = page.links_to_anchors = None
    return prepared


class PreparedPage(Page):
    """A generated page of a full build: its HTML was made ahead by a render worker (see ``convert``)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        file = self.file
        prepared = file._prepared if isinstance(file, GeneratedFile) else None
        if isinstance(file, GeneratedFile):
            file._prepared = None
        if prepared is None or prepared.markdown != self.markdown:  # not made, or changed by a plugin since
            super().render(config, files)
            return
        file._content = None  # the Markdown is on the page now: a large build keeps it once, not twice
        for name, level, message in prepared.logs:
            logging.getLogger(name).log(level, message)
        self.content, self.toc, self._title_from_render = prepared.content, prepared.toc, prepared.title
        self.present_anchor_ids = prepared.anchors
        if prepared.links_to_anchors is not None:
            found = ((files.get_file_from_path(src), anchors) for src, anchors in prepared.links_to_anchors.items())
            self.links_to_anchors = {target: anchors for target, anchors in found if target is not None}


def prepare(files: Files, config: MkDocsConfig, build: Build, generated: list[File]) -> None:
    """Have the build's workers convert its pages ahead (``generated[i]`` is the file of the build's ``i``-th page)
    and MkDocs take their HTML. Called once the navigation is made, so the workers know every page."""
    for file in generated:
        if isinstance(file, GeneratedFile) and file.page is not None and type(file.page) is Page:
            file.page.__class__ = PreparedPage
            file._take = True
    build.start((convert, (config, files, generated, os.getpid())))
