"""Where each generated page lives, and the relative URL from one page to another.

Pages are identified by their source path (``systems/parking-scan-car.md``), the
way MkDocs names files. With directory URLs (the MkDocs default) that page is
served at ``systems/parking-scan-car/``; without, at
``systems/parking-scan-car.html``. Links inside the generated HTML blocks must
be final URLs, because the site engine does not rewrite links in raw HTML.
"""
from __future__ import annotations

import posixpath
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
ASSETS = "assets/airegister"


def system_page(system_id: str) -> str:
    return f"systems/{system_id}.md"


def department_page(department_id: str) -> str:
    return f"departments/{department_id}.md"


def domain_page(domain: str) -> str:
    return f"domains/{domain}.md"


@dataclass(frozen=True)
class Layout:
    use_directory_urls: bool = True

    def url(self, src: str) -> str:
        """The site-relative URL of a page or file (no leading slash)."""
        if not src.endswith(".md"):
            return src
        stem = src[: -len(".md")]
        name = posixpath.basename(stem)
        folder = posixpath.dirname(stem)
        if self.use_directory_urls:
            if name in ("index", "README"):
                return f"{folder}/" if folder else ""
            return f"{stem}/"
        return f"{stem}.html"

    def relative(self, from_src: str, to_src: str) -> str:
        """The URL of ``to_src`` relative to the page ``from_src``."""
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
