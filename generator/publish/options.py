"""The choices of one open-data build, shared by every file it writes."""
from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass, field

from generator.core.layout import Layout
from generator.load.history import History
from generator.publish.identity import PLACEHOLDER_BASE


@dataclass(frozen=True)
class OpenDataOptions:
    layout: Layout = Layout()  # the pages' URL style and the site's public address
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    source_commit: str | None = None
    history: History | None = None
    language: str | None = None  # the language of texts in the linked data (None: the register's default)

    @property
    def site_url(self) -> str | None:
        return self.layout.site_url

    def url(self, path: str) -> str:
        """The address of a page (``systems/x.md``) or file: absolute when the site's address is known, else
        relative to the site root; a page's address follows the site's URL style (see ``core.layout``)."""
        return self.layout.address(path)

    def iri(self, path: str) -> str:
        """The absolute address of a page or file, for linked data and the feed: under the site's address, else
        under the placeholder ``https://site-url-not-set.invalid/`` (see ``identity.py``)."""
        return urllib.parse.urljoin(self.site_url.rstrip("/") + "/" if self.site_url else PLACEHOLDER_BASE,
                                    self.layout.url(path))
