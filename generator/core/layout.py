"""Where each page lives and its address: the one place page paths and URLs are made.

Pages are identified by their source path (``systems/parking-scan-car.md``), the
way MkDocs names files. With directory URLs (the MkDocs default) that page is
served at ``systems/parking-scan-car/``; without, at
``systems/parking-scan-car.html``. Links inside the generated HTML blocks must
be final URLs, because MkDocs does not rewrite links in raw HTML; for an engine
that does (Zensical), ``links_from_source`` writes them relative to the Markdown
file instead, and the engine turns them into URLs.

The pages link to each other with ``Layout.relative``; the open data, the
linked data, the feed and the exports name pages with ``Layout.address``, so a
page is listed at the same address it is built at, whatever the URL style.
"""
from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass

HOME = "index.md"
BROWSE = "systems/index.md"
DEPARTMENTS = "departments/index.md"
DOMAINS = "domains/index.md"
ABOUT = "about.md"
FIELD_REFERENCE = "reference/fields.md"
CHANGES = "changes.md"
READINESS = "readiness.md"
OPEN_DATA = "data/index.md"
ACCESSIBILITY = "accessibility.md"
PRIVACY = "privacy.md"
SHARED = "shared.md"  # the systems several organisations run (registers of several organisations only)
ASSETS = "assets/airegister"


def system_page(system_id: str) -> str:
    return f"systems/{system_id}.md"


def department_page(department_id: str) -> str:
    return f"departments/{department_id}.md"


def domain_page(domain: str) -> str:
    return f"domains/{domain}.md"


def facet_page(facet: str, value_slug: str) -> str:
    """The plain page listing the systems with one value of a browse filter (browse/status/in-use.md)."""
    return f"browse/{facet}/{value_slug}.md"


@dataclass(frozen=True)
class Layout:
    """The URL style of one build (``use_directory_urls``, as in MkDocs) and the site's public address."""

    use_directory_urls: bool = True
    site_url: str | None = None  # such as https://lakeholm.example/ai-register/ (None: addresses relative to the site)
    # Links in raw HTML relative to the Markdown file instead of the page's address: for engines that rewrite
    # them as they rewrite Markdown links (Zensical does; MkDocs leaves raw HTML alone).
    links_from_source: bool = False
    # The folder of this build's language in a site with several languages ("sv/"); pages are there, while the
    # stylesheet, open data and schema are shared at the site's root.
    language_prefix: str = ""

    def url(self, src: str) -> str:
        """The site-relative URL of a page or file (no leading slash)."""
        if not src.endswith(".md"):
            return src
        return self.language_prefix + self._page_url(src)

    def _page_url(self, src: str) -> str:
        stem = src[: -len(".md")]
        name = posixpath.basename(stem)
        folder = posixpath.dirname(stem)
        if self.use_directory_urls:
            if name in ("index", "README"):
                return f"{folder}/" if folder else ""
            return f"{stem}/"
        return f"{stem}.html"

    def address(self, src: str) -> str:
        """The public address of a page or file: absolute when the site's address is known, else site-relative."""
        url = self.url(src)
        return urllib.parse.urljoin(self.site_url.rstrip("/") + "/", url) if self.site_url else url

    def relative(self, from_src: str, to_src: str) -> str:
        """The URL of ``to_src`` relative to the page ``from_src``."""
        if self.links_from_source:
            return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
        target = self.url(to_src)
        here = self.url(from_src)
        base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
        if base in ("", "/"):
            base = ""
        start = base.rstrip("/") or "."
        relative = posixpath.relpath(target or ".", start) if target else posixpath.relpath(".", start)
        if target.endswith("/") or target == "":
            relative = relative.rstrip("/") + "/"
            if relative == "./":
                relative = "./"
        return relative
