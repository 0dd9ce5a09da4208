"""A progress line for long runs (imports, federation): on a terminal a bar that updates in place, elsewhere a line
every tenth, so that a run of thousands of records never looks hung. Short runs print nothing."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from generator.core.i18n import SOURCE_LANGUAGE, Translator, translator

SHOW_FROM = 200  # items; shorter runs are over before a progress line would help


class Progress:
    """Call with the number of items done; ``done()`` ends the line. ``label`` is in ``t``'s language already."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, show_from: int = SHOW_FROM,
                 t: Translator | None = None) -> None:
        self.label, self.total = label, total
        self.t = t or translator(SOURCE_LANGUAGE)
        self.stream = stream or sys.stderr
        self.shown = total >= show_from
        self.live = self.shown and self.stream.isatty()
        self.started = time.perf_counter()
        self.last_tenth = 0

    def __call__(self, count: int) -> None:
        if not self.shown:
            return
        if self.live:
            width = 30
            filled = width * count // max(self.total, 1)
            self.stream.write(f"\r{self.label}: [{'#' * filled}{'.' * (width - filled)}] "
                              + self.t.gettext("{count} of {total}").format(count=count, total=self.total))
            self.stream.flush()
            return
        tenth = 10 * count // max(self.total, 1)
        if tenth > self.last_tenth:
            self.last_tenth = tenth
            print(self.t.gettext("{label}: {count} of {total} ({seconds} s)").format(
                label=self.label, count=count, total=self.total,
                seconds=self.t.decimal(time.perf_counter() - self.started, 1)), file=self.stream, flush=True)

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
