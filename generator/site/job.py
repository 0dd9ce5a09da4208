"""Pages being rendered, ahead in worker processes for large registers, and handed over one by one.

``site.render`` plans the pages and renders each from its template; a
``RenderJob`` runs that rendering (and any more work for the same workers, such
as the open data) through ``core.parallel.Pending`` and gives each page's
Markdown when it is asked for. The renderer is anything with ``recipes`` (each
page's plan first), ``render(index)`` and ``partial(template, **context)``.
"""
from __future__ import annotations

from typing import Any, Callable

from generator.core.parallel import Pending


class RenderError(Exception):
    """Pages cannot be generated (a broken template override, or two pages at one address)."""


def _render(renderer: Any, index: int) -> str | RenderError:
    return renderer.render(index)


Finish = tuple[Callable[[Any, int, str], Any], Any]  # (function, state): more work on each page, see RenderJob.start


def _render_finished(shared: tuple[Any, Finish], index: int) -> tuple[str, Any] | RenderError:
    renderer, (function, state) = shared
    markdown = renderer.render(index)
    if isinstance(markdown, RenderError):
        return markdown
    try:
        finished = function(state, index, markdown)
    except Exception:  # noqa: BLE001 - the caller then does that work itself, and reports the error as it would
        finished = None
    return markdown, finished


class RenderJob:
    """Pages being generated: every page's plan at once, each page's Markdown when it is asked for.

    For large registers the Markdown is rendered ahead in worker processes
    (see ``parallel.Pending``), so a site engine can start on the first pages
    while later ones are still being rendered. ``also`` adds more work for the
    same workers, such as the open data: fetch its results with ``extra``.
    The workers start at once, or (``start=False``) when ``start`` is called
    or a page is first asked for.
    """

    def __init__(self, renderer: Any, workers: int, also: list[tuple[Callable[[Any, int], Any], Any, int]] = (),
                 start: bool = True):
        self.plans = [plan for plan, _, _ in renderer.recipes]
        self.renderer = renderer
        self._workers, self._also = workers, list(also)
        self._finish: Finish | None = None
        self._pending: Pending | None = None
        if start:
            self.start()

    def start(self, finish: Finish | None = None) -> None:
        """Start rendering (once). ``finish``, a (function, state) pair, adds work on each page in the same worker
        right after it is rendered: ``function(state, index, markdown)``, whose result ``take`` returns with the
        page (None when it raised: the caller then does that work itself). ``state`` reaches the workers through
        fork, and the result is sent back, so it must be picklable."""
        if self._pending is not None:
            return
        self._finish = finish
        count = len(self.plans)
        first = (_render, self.renderer, count) if finish is None else (_render_finished, (self.renderer, finish), count)
        self._pending = Pending([first, *self._also], self._workers)

    def _page(self, index: int) -> Any:
        if self._pending is None:
            self.start()
        assert self._pending is not None
        result = self._pending.get(0, index)
        if isinstance(result, RenderError):
            raise result
        return result

    def markdown(self, index: int) -> str:
        result = self._page(index)
        return result[0] if self._finish is not None else result

    def take(self, index: int) -> tuple[str, Any]:
        """The page's Markdown and the result of ``finish`` (None without one), handed over for good: the job then
        lets go of them, so that a large register's pages are not all kept twice (asked for again, the page is
        rendered anew)."""
        result = self._page(index)
        assert self._pending is not None
        self._pending.forget(0, index)
        return result if self._finish is not None else (result, None)

    def extra(self, job: int, index: int = 0) -> Any:
        """A result of the ``job``-th extra piece of work given as ``also`` (counting from 1)."""
        if self._pending is None:
            self.start()
        assert self._pending is not None
        return self._pending.get(job, index)

    def partial(self, template: str, **context: Any) -> str:
        """An HTML fragment from a template of this build (such as the header's search box), in its language."""
        return self.renderer.partial(template, **context)

    def close(self) -> None:
        if self._pending is not None:
            self._pending.close()
