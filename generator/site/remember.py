"""Cards rendered once: the live preview keeps the HTML of each system's card between its rebuilds.

At 1,000 records, the pages a save rewrites (the domains, the department, the browse pages of the record's status,
classification and so on) list a few thousand cards; all but the saved record's are the same as at the last
rebuild. The ``cards`` macro asks ``remembered`` for each card: the card is rendered only when no card with the
same content was rendered for a page in the same folder (its links are relative), in the same language and address
style, from the same templates. ``mkdocs build`` and ``airegister render`` keep nothing (``memo`` is None), so they
render every card as before; the HTML is the same either way.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any, Callable

TEMPLATES = Path(__file__).resolve().parent / "templates"  # the built-in templates (render.py reads them)
KEPT_AT_MOST = 200_000  # cards; beyond this (a long session of edits at national scale), start again


def _stamp(folder: Path | None) -> tuple:
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*.j2")))


class Remembered:
    """The templates' ``remembered(macro, card, level, page_src)``: ``macro(card, level)``, kept in ``memo``."""

    def __init__(self, memo: dict | None, language: str, layout: Any, templates_dir: Path | None):
        self.memo = memo
        self.salt = (language, repr(layout), _stamp(templates_dir), _stamp(TEMPLATES)) if memo is not None else ()

    def __call__(self, macro: Callable[..., Any], card: Any, level: int, page_src: str) -> Any:
        if self.memo is None:
            return macro(card, level)
        key = (self.salt, posixpath.dirname(page_src), level, repr(card))
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= KEPT_AT_MOST:
                self.memo.clear()
            found = self.memo[key] = macro(card, level)
        return found
