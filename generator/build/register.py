"""``build_register``: the one path from a register folder to its pages and open data.

Both ``airegister render`` and the MkDocs plugin build through it, so they
publish the same pages, at the same addresses, with the same open data. Every
choice is made once, in ``BuildOptions``: the build time (``SOURCE_DATE_EPOCH``),
the site's address and URL style, the language, the template folder; the
history is read once, here. For large registers the pages are rendered ahead in
worker processes, and the same pool then builds the open data, so a site
engine can start on the first pages while the rest are still being made.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from generator.core.errors import Problem
from generator.core.i18n import L_, Translator, interface_language, translator
from generator.core.layout import Layout
from generator.core.parallel import workers_for
from generator.core.schema import SchemaError, Schemas, load_schemas
from generator.crosswalk import all_standards
from generator.load.history import History, read_history
from generator.model.objects import Registry
from generator.model.registry import LoadCache, LoadResult, load_registry, schema_dir_for
from generator.publish.opendata import (OpenDataOptions, assemble_open_data, build_open_data_part, open_data_parts,
                                        planned_paths)
from generator.publish.redirects import redirect_pages
from generator.site.job import Finish, RenderError, RenderJob
from generator.site.render import PagePlan, RenderedPage, RenderOptions, start_render

RENDER_AHEAD_FROM = 10  # records; with fewer, a worker process costs more to start than it saves


def build_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """The time the site is built as: SOURCE_DATE_EPOCH (as MkDocs honours it), else now.

    The date shown for 'overdue' and 'generated at' must follow the real date, so the
    last commit's time is not used; set SOURCE_DATE_EPOCH for a byte-for-byte reproducible build.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class BuildOptions:
    """Every choice of one build, made once: both the pages and the open data follow them."""

    schema_dir: Path | None = None  # None: schema/ beside the register, else the built-in schema
    templates_dir: Path | None = None  # templates that replace built-in ones of the same name
    language: str | None = None  # None: the register's default language
    title: str | None = None  # None: the title in register.yaml
    site_url: str | None = None  # the public address, for open data, linked data and exports; None: site-relative
    use_directory_urls: bool = True  # systems/<id>/ (True) or systems/<id>.html (False), as MkDocs' setting
    links_from_source: bool = False  # links in the pages' HTML relative to the Markdown file (for Zensical)
    language_prefix: str = ""  # the folder of this language's pages in a site with several languages ("sv/")
    docs_dir: Path | None = None  # hand-written pages; the open-data page links each export's page found there
    generated_at: dt.datetime = field(default_factory=build_time)
    workers: int | None = None  # None: decided from the register's size (0: everything in this process)
    engine_waits: bool = False  # the site engine gives its own work on each page to the workers too, and waits for them
    cache: LoadCache | None = field(default=None, compare=False)  # the preview: re-check only the files that changed
    cards: dict | None = field(default=None, compare=False)  # the preview: the cards' HTML kept between its builds

    @property
    def layout(self) -> Layout:
        return Layout(self.use_directory_urls, self.site_url or None, self.links_from_source, self.language_prefix)


class BuildError(Exception):
    """The register cannot be built: broken schema files or templates. The message says why, in plain words."""


class InvalidRegister(BuildError):
    """The register has errors; ``result`` holds every problem, as ``airegister validate`` reports them."""

    def __init__(self, result: LoadResult):
        super().__init__(f"the register has {len(result.errors)} error(s)")
        self.result = result

    def lines(self, t: Translator | None = None) -> list[str]:
        """Each error with its location, and how to fix it, in the language of ``t`` (by default the one the command
        line would speak: the environment's wish, else the register's default language)."""
        t = t or translator(interface_language(None, self.result.default_language))
        lines = []
        for problem in self.result.errors:
            lines.append(problem.headline(t))
            if problem.hint:
                lines.append("    " + t.gettext("how to fix: {hint}").format(hint=problem.told(t).hint))
        return lines


class Build:
    """A register being built: its checked model, the plan of every page, each page's Markdown when asked
    for, and the open data. Close it (or use it in a ``with`` block) to stop the worker processes."""

    def __init__(self, root: Path, result: LoadResult, schemas: Schemas, history: History | None,
                 options: BuildOptions, data_paths: tuple[str, ...], job: RenderJob, data_options: OpenDataOptions):
        assert result.registry is not None
        self.root, self.result, self.schemas, self.history = root, result, schemas, history
        self.registry: Registry = result.registry
        self.options, self.layout, self.data_paths = options, options.layout, data_paths
        self._job, self._data_options = job, data_options

    @property
    def warnings(self) -> list[Problem]:
        return self.result.warnings

    @property
    def plans(self) -> list[PagePlan]:
        """Every page, in a stable order, known before any page's text is ready."""
        return self._job.plans

    def markdown(self, index: int) -> str:
        """The Markdown of the ``index``-th page; raises ``BuildError`` when a template fails."""
        try:
            return self._job.markdown(index)
        except RenderError as exc:
            raise BuildError(L_("the register's pages could not be generated: {problem}", problem=str(exc))) from None

    def start(self, finish: Finish | None = None) -> None:
        """Start the workers of a build made with ``start=False`` (see ``RenderJob.start`` for ``finish``)."""
        self._job.start(finish)

    def take(self, index: int) -> tuple[str, Any]:
        """The Markdown of the ``index``-th page and what ``finish`` made of it, handed over for good (see
        ``RenderJob.take``); raises ``BuildError`` when a template fails."""
        try:
            return self._job.take(index)
        except RenderError as exc:
            raise BuildError(L_("the register's pages could not be generated: {problem}", problem=str(exc))) from None

    def partial(self, template: str, **context: Any) -> str:
        """An HTML fragment from a template of this build, in its language (the header's search box)."""
        try:
            return self._job.partial(template, **context)
        except RenderError as exc:
            raise BuildError(L_("the register's pages could not be generated: {problem}", problem=str(exc))) from None

    def pages(self) -> list[RenderedPage]:
        """Every page, rendered."""
        return [RenderedPage(plan.src, self.markdown(index), plan.in_nav, plan.source_file)
                for index, plan in enumerate(self.plans)]

    def open_data(self) -> dict[str, bytes]:
        """Every open-data file by site path (the exports included), with SHA256SUMS last."""
        parts = [self._job.extra(job) for job in range(1, len(open_data_parts()) + 1)]
        return assemble_open_data(self.registry, self.schemas, self._data_options, parts)

    def redirects(self) -> dict[str, bytes]:
        """The pages at the old addresses of renamed records, in this build's language folder, by site path."""
        language = self.options.language or self.registry.register.default_language
        return redirect_pages(self.registry, self.history, self.layout, language)

    def close(self) -> None:
        self._job.close()

    def __enter__(self) -> Build:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _open_data_in_worker(job: tuple[Registry, Schemas, OpenDataOptions, str], _index: int) -> Any:
    """One part of the open data (the base files, or one export) as extra work for the render job's workers (see
    ``core.parallel.Pending``): the parts are built side by side, each by whichever worker is free."""
    registry, schemas, options, part = job
    return build_open_data_part(registry, schemas, options, part)


def build_register(root: Path, options: BuildOptions | None = None, start: bool = True) -> Build:
    """Load and check the register at ``root``, then start rendering its pages and building its open data
    (with ``start=False``: when ``Build.start`` is called or a page is first asked for).

    Raises ``InvalidRegister`` when a record or the configuration has errors (nothing is rendered then)
    and ``BuildError`` when the schema files or templates are broken.
    """
    options = options or BuildOptions()
    schema_dir = options.schema_dir or schema_dir_for(root.resolve())
    try:
        schemas = load_schemas(schema_dir)
    except SchemaError as exc:
        raise BuildError(L_("the schema files are broken: {problem}", problem=str(exc))) from None
    result = load_registry(root, schema_dir, cache=options.cache)
    if not result.ok or result.registry is None:
        raise InvalidRegister(result)
    registry = result.registry
    history = read_history(root)
    layout = options.layout
    data_options = OpenDataOptions(layout=layout, generated_at=options.generated_at,
                                   source_commit=history.head if history else None, history=history)
    data_paths = planned_paths(schemas, history)
    docs_dir = options.docs_dir
    render_options = RenderOptions(
        language=options.language, templates_dir=options.templates_dir, layout=layout, title=options.title,
        today=options.generated_at.date(), history=history, data_paths=data_paths, memo=options.cards,
        documented_exports=frozenset(key for key in all_standards()
                                     if docs_dir is not None and (docs_dir / f"exports-{key}.md").is_file()))
    # For large registers, worker processes render the pages and then build the open data, while the caller
    # (MkDocs) works on the pages already done; one core stays free for it, unless the caller hands its own work on
    # each page to the workers as well (``engine_waits``, see plugin/pages.py). Decided once, before the pool starts.
    workers = options.workers if options.workers is not None else \
        workers_for(len(registry), leave_free=0 if options.engine_waits else 1, worth_from=RENDER_AHEAD_FROM)
    try:
        job = start_render(registry, schemas, render_options, workers=workers,
                           also=[(_open_data_in_worker, (registry, schemas, data_options, part), 1)
                                 for part in open_data_parts()], start=start)
    except RenderError as exc:
        raise BuildError(L_("the register's pages could not be generated: {problem}", problem=str(exc))) from None
    return Build(root, result, schemas, history, options, data_paths, job, data_options)
