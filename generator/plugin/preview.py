"""The live preview of ``mkdocs serve`` (``make serve``, ``airegister preview``) for staff editing records.

What the plugin keeps between two rebuilds of the server, and the decisions it makes with it:

- **Only what changed is checked and rebuilt.** The checked record files are kept (``LoadCache``); on a save,
  only the saved file is read and checked again, once for all the site's languages. With ``mkdocs serve --dirty``
  (as ``make serve`` runs it), MkDocs writes only the pages marked modified: the saved record's page and every
  page whose plan names the record (``PagePlan.shows``: the home page, all systems, its department, its domains,
  the browse pages of its status, classification and so on, and the page of a record it succeeds or that succeeds
  it), before and after the change, in every language. A new, removed or renamed record, or a change of the
  schema, the configuration or the templates, rebuilds everything. The changes page, the readiness page, the
  sitemap and the search index are brought up to date by the next full build; the full build (``mkdocs build``)
  stays the one that is published.
- **A rebuild does little besides those pages.** The theme's files are listed once (``list_theme_once``); each
  system's card is rendered once and kept (``site/remember.py``); the lists of systems skip Markdown, which would
  only copy their HTML (``set_aside``); a saved file is seen at once and a rebuild that would change nothing is
  skipped (``watch.py``).
- **Errors are shown in the browser**, also when the register has them as the preview starts. When a build finds
  an error, it does not stop (MkDocs' server would then hang every request): the saved record's page and the list
  pages show every problem with its file, line, column and fix, and the next save that fixes them shows the
  record again.
- **The page reloads itself**, through a script file the Content-Security-Policy allows (MkDocs' own reload
  script is inline, which the policy blocks).
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from generator.core import layout
from generator.model.objects import Registry
from generator.model.registry import LoadCache
from generator.plugin.watch import Watch
from generator.site.render import PagePlan

SCRIPT_SOURCE = Path(__file__).resolve().parent.parent / "site" / "preview" / "airegister-preview.js"
SCRIPT_PATH = "assets/airegister-preview.js"
DIRTY_WARNING = "A 'dirty' build is being performed"
_LISTS = frozenset({layout.HOME, layout.BROWSE, layout.DEPARTMENTS, layout.DOMAINS})  # pages that show problems
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # an id that can name a page (a broken record's may be anything)
_CARDS = re.compile(r'^<ul class="air-cards"[^>]*>.*?</ul>$', re.MULTILINE | re.DOTALL)  # the cards macro's list


def _stamp(folder: Path | None) -> tuple:
    """When anything in a folder (the templates) last changed."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()))


class _WithoutDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build, and a warning stops a strict build; the preview's builds are dirty on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DIRTY_WARNING not in record.getMessage()


@dataclass
class Preview:
    serving: bool = False
    cache: LoadCache = field(default_factory=LoadCache)
    epoch: int = 0  # this build's time, as the server counts it (milliseconds of time.monotonic)
    failure: object | None = None  # the InvalidRegister of this build, when the register has errors
    seen: dict[str, tuple[dict[str, tuple], tuple]] = field(default_factory=dict)  # language -> (files, context)
    pages_by_file: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # language -> record file -> pages
    lists: dict[str, set[str]] = field(default_factory=dict)  # language -> pages that belong to no record
    stale: set[str] | None = None  # pages to write in this build; None: all of them
    changed: set[str] = field(default_factory=set)  # record files changed since this language's last build
    showing: dict[str, set[str]] = field(default_factory=dict)  # language -> pages that show the problems now
    _keys: dict[str, str] = field(default_factory=dict)  # a record file's path as given -> resolved
    _aside: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> placeholder -> the HTML it stands for
    watch: Watch = field(default_factory=Watch)  # the server's watching of the register (watch.py)
    cards: dict = field(default_factory=dict)  # the cards' HTML, kept between rebuilds (site/remember.py)

    def build_options(self) -> dict[str, Any]:
        """The preview's part of the build options: the checked files and the rendered cards it keeps, and, after its
        first build, no worker processes (only the pages of the edit are rendered)."""
        if not self.serving:
            return {}
        return {"cache": self.cache, "cards": self.cards, "workers": 0 if self.seen else None}

    def start(self, command: str) -> None:
        self.serving = command == "serve"
        if self.serving:
            logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyWarning())

    def begin(self) -> None:
        self.epoch = round(time.monotonic() * 1000)
        self.failure = None

    def compare(self, language: str, templates_dir: Path | None, theme: Any = None) -> None:
        """After loading: which record files changed since the last build of ``language`` (``stale`` None: all)."""
        if theme is not None:
            list_theme_once(theme)
        files = {self.key(key): entry[0] for key, entry in self.cache.entries.items()}
        context = (self.cache.context, _stamp(templates_dir))
        before, before_context = self.seen.get(language, ({}, None))
        self.seen[language] = (files, context)
        if language not in self.pages_by_file or before_context != context or set(before) != set(files):
            self.stale, self.changed = None, set(files)
        else:
            self.stale, self.changed = set(), {key for key, stamp in files.items() if before.get(key) != stamp}

    def remember(self, language: str, plans: Iterable[PagePlan], registry: Registry, theme: Any = None) -> None:
        """The pages of a good build, by record file: its own page and every page that names it (the lists that show
        it, a record it succeeds or that succeeds it), as each page's plan says. With ``stale`` a set, it becomes the
        pages to write: those of the changed records, before and after the change; the theme's sitemap and 404 page
        stay as the last full build wrote them."""
        if self.stale is not None and theme is not None:
            theme.static_templates.difference_update(STATIC_PAGES)
        by_file: dict[str, set[str]] = {}
        every: set[str] = set()  # pages that show all systems (the home page's figures, the list of all systems)
        naming: dict[str, set[str]] = {}  # system id -> the pages that name it
        for plan in plans:
            if plan.source_file is not None:
                by_file.setdefault(self.key(plan.source_file), set()).add(plan.src)
            if plan.shows is None:
                every.add(plan.src)
            else:
                for system_id in plan.shows:
                    naming.setdefault(system_id, set()).add(plan.src)
        for system in registry:
            by_file.setdefault(self.key(system.path), set()).update(every, naming.get(system.id, ()))
        before = self.pages_by_file.get(language, {})
        self.pages_by_file[language] = by_file
        self.lists[language] = _LISTS & every
        shown = self.showing.pop(language, set())
        if self.stale is not None:
            self.stale |= shown  # pages that showed the problems show the records again
            for key in self.changed:
                self.stale |= before.get(key, set()) | by_file.get(key, set())

    def worth_telling(self, warnings: list, first: bool) -> list:
        """The warnings to write in the terminal: all of them, except in the preview's rebuilds, where only the
        changed files' warnings are new, and where the other languages' builds would only repeat them."""
        if not self.serving or (first and self.stale is None):
            return warnings
        return [problem for problem in warnings if first and self.key(problem.file) in self.changed]

    def key(self, path: Path | str) -> str:
        """A record file's absolute path as text (resolved once: the preview asks for it at every save)."""
        text = str(path)
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = str(Path(text).resolve())
        return found

    @property
    def incremental(self) -> bool:
        """Whether this build writes only some pages (then the search index is not rebuilt from them)."""
        return self.serving and self.failure is None and self.stale is not None

    def needs(self, src: str) -> bool:
        return self.stale is None or src in self.stale

    def problem_targets(self, language: str, nav_pages: list[str], failure: Any = None) -> list[str]:
        """The pages that show the errors: the changed records' pages and the list pages; before the first good
        build (the register had errors when the preview started), the home and list pages, the pages of the site's
        menu and the pages of the records that have errors."""
        first = language not in self.lists
        pages = set(nav_pages) | _LISTS if first else set(self.lists[language])
        for key in self.changed:
            pages |= self.pages_by_file.get(language, {}).get(key, set())
        if first and failure is not None:
            for problem in failure.result.errors:
                document = failure.result.documents.get(problem.file)
                record_id = document.data.get("id") if document is not None and isinstance(document.data, dict) else None
                if isinstance(record_id, str) and _SAFE_ID.fullmatch(record_id):
                    pages.add(layout.system_page(record_id))
        self.showing.setdefault(language, set()).update(pages)
        return sorted(pages)

    def set_aside(self, markdown: str, page: str) -> str:
        """A generated page's Markdown with each list of systems (raw HTML, hundreds of cards at 1,000 records) set
        aside for a placeholder word: Markdown copies raw HTML unchanged, but reading it takes most of the time a
        list page takes to convert. ``put_back`` puts the lists back, so the page is the same as without this."""
        kept: dict[str, str] = {}

        def keep(match: re.Match) -> str:
            token = f"airaside{secrets.token_hex(8)}"
            kept[token] = match.group(0)
            return token

        markdown = _CARDS.sub(keep, markdown)
        if kept:
            self._aside[page] = kept
        return markdown

    def put_back(self, html: str, page: str) -> str:
        """The page's HTML with the lists ``set_aside`` took out in their places (a block of its own becomes a
        paragraph holding the placeholder; one inside a block of HTML stays as it was)."""
        for token, block in self._aside.pop(page, {}).items():
            html = html.replace(f"<p>{token}</p>", block, 1) if f"<p>{token}</p>" in html else html.replace(token, block, 1)
        return html

    def tag(self, html: str, base: str) -> str:
        """The page with the reload script and this build's epoch (before ``</head>``, so the policy covers them)."""
        if not self.serving or "</head>" not in html:
            return html
        tags = (f'<meta name="airegister-preview" content="{self.epoch}">'
                f'<script src="{base}{SCRIPT_PATH}" defer></script>')
        return html.replace("</head>", tags + "</head>", 1)


_THEME_FILES: dict[tuple, list[str]] = {}  # the theme's static files, listed once per process (see list_theme_once)
STATIC_PAGES = ("sitemap.xml", "404.html")  # the theme's pages an edit of a record does not change


def list_theme_once(theme: Any) -> None:
    """List the theme's files once, not at every rebuild of the preview.

    MkDocs lists every file of the theme at each build, to copy its static files (Material has thousands of icons:
    about a quarter of a second). Under the preview the list is kept; it is made again when a folder of the theme
    changes (a file added to a city's ``custom_dir``)."""
    make = theme.get_env
    if getattr(make, "lists_once", False):
        return

    def get_env() -> Any:
        env = make()
        plain = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None or filter_func is None:
                return plain(extensions, filter_func)
            key = (getattr(filter_func, "__code__", filter_func), *((d, _mtime(d)) for d in theme.dirs))
            if key not in _THEME_FILES:
                _THEME_FILES[key] = plain(filter_func=filter_func)
            return list(_THEME_FILES[key])

        env.list_templates = list_templates
        return env

    get_env.lists_once = True  # type: ignore[attr-defined]
    theme.get_env = get_env


def _mtime(folder: str) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def nav_pages(nav: object) -> list[str]:
    """The Markdown files the site's menu (``nav`` in mkdocs.yml) names."""
    found: list[str] = []
    if isinstance(nav, str):
        if nav.endswith(".md"):
            found.append(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found += nav_pages(value)
    elif isinstance(nav, list):
        for value in nav:
            found += nav_pages(value)
    return found
