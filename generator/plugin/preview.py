"""The live preview of ``mkdocs serve`` (``make serve``, ``airegister preview``) for staff editing records.

What the plugin keeps between two rebuilds of the server, and the decisions it makes with it:

- **Only what changed is checked and rebuilt.** The checked record files are kept (``LoadCache``); on a save,
  only the saved file is read and checked again. With ``mkdocs serve --dirty`` (as ``make serve`` runs it),
  MkDocs writes only the pages marked modified: the saved record's page and the pages that list it (home, all
  systems, its department, its domains and its categories, before and after the change). A new, removed or renamed record, or a
  change of the schema, the configuration or the templates, rebuilds everything. Other pages that mention the
  record (the changes page, readiness, a record that names it as its successor) and the search index are brought
  up to date by the next full build; the full build (``mkdocs build``) stays the one that is published.
- **Errors are shown in the browser.** When a save leaves an error, the build does not stop (MkDocs' server
  would then hang every request): the saved record's page and the list pages show every problem with its
  file, line, column and fix, and the next save that fixes them shows the record again.
- **The page reloads itself**, through a script file the Content-Security-Policy allows (MkDocs' own reload
  script is inline, which the policy blocks).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from generator.core import layout
from generator.model.objects import Registry
from generator.model.registry import LoadCache
from generator.site.facets import category_page
from generator.site.render import PagePlan

SCRIPT_SOURCE = Path(__file__).resolve().parent.parent / "site" / "preview" / "airegister-preview.js"
SCRIPT_PATH = "assets/airegister-preview.js"
DIRTY_WARNING = "A 'dirty' build is being performed"


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

    def start(self, command: str) -> None:
        self.serving = command == "serve"
        if self.serving:
            logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyWarning())

    def begin(self) -> None:
        self.epoch = round(time.monotonic() * 1000)
        self.failure = None

    def compare(self, language: str, templates_dir: Path | None) -> None:
        """After loading: which record files changed since the last build of ``language`` (``stale`` None: all)."""
        files = {str(Path(key).resolve()): entry[0] for key, entry in self.cache.entries.items()}
        context = (self.cache.context, _stamp(templates_dir))
        before, before_context = self.seen.get(language, ({}, None))
        self.seen[language] = (files, context)
        if language not in self.pages_by_file or before_context != context or set(before) != set(files):
            self.stale, self.changed = None, set(files)
        else:
            self.stale, self.changed = set(), {key for key, stamp in files.items() if before.get(key) != stamp}

    def remember(self, language: str, plans: Iterable[PagePlan], registry: Registry) -> None:
        """The pages of a good build, by record file: its own page and the pages that list it. With ``stale`` a set,
        it becomes the pages to write: those of the changed records, before and after the change."""
        planned = {plan.src for plan in plans}
        by_file: dict[str, set[str]] = {}
        for plan in plans:
            if plan.source_file is not None:
                by_file.setdefault(str(plan.source_file), set()).add(plan.src)
        for system in registry:
            lists = {layout.HOME, layout.BROWSE, layout.DEPARTMENTS, layout.DOMAINS,
                     layout.department_page(system.department_id), *map(layout.domain_page, system.domains),
                     *map(category_page, system.categories)}
            by_file.setdefault(str(system.path), set()).update(lists & planned)
        before = self.pages_by_file.get(language, {})
        self.pages_by_file[language] = by_file
        self.lists[language] = {layout.HOME, layout.BROWSE, layout.DEPARTMENTS, layout.DOMAINS} & planned
        shown = self.showing.pop(language, set())
        if self.stale is not None:
            self.stale |= shown  # pages that showed the problems show the records again
            for key in self.changed:
                self.stale |= before.get(key, set()) | by_file.get(key, set())

    @property
    def incremental(self) -> bool:
        """Whether this build writes only some pages (then the search index is not rebuilt from them)."""
        return self.serving and self.failure is None and self.stale is not None

    def needs(self, src: str) -> bool:
        return self.stale is None or src in self.stale

    def problem_targets(self, language: str, nav_pages: list[str]) -> list[str]:
        """The pages that show the errors: the changed records' pages and the list pages; before the first good
        build, the pages of the site's menu."""
        pages = set(self.lists[language]) if language in self.lists else set(nav_pages)
        for key in self.changed:
            pages |= self.pages_by_file.get(language, {}).get(key, set())
        self.showing.setdefault(language, set()).update(pages)
        return sorted(pages)

    def tag(self, html: str, base: str) -> str:
        """The page with the reload script and this build's epoch (before ``</head>``, so the policy covers them)."""
        if not self.serving or "</head>" not in html:
            return html
        tags = (f'<meta name="airegister-preview" content="{self.epoch}">'
                f'<script src="{base}{SCRIPT_PATH}" defer></script>')
        return html.replace("</head>", tags + "</head>", 1)


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
