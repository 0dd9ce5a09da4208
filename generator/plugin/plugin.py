"""The ``airegister`` MkDocs plugin: a thin adapter over the engine.

It loads and checks the register through ``registry.load_registry`` (so an
invalid register stops the build with the same messages as ``airegister
validate``), renders the pages through ``render.render_site``, and adds them
to the site as generated files. System, department and domain pages are kept
out of the navigation: a navigation with thousands of entries makes MkDocs
builds quadratic.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.crosswalk import all_standards
from generator.site.csp import add_policy
from generator.core.errors import Severity
from generator.load.history import History, read_history
from generator.publish.opendata import OpenDataOptions, build_in_worker, planned_paths
from generator.model.registry import load_registry, schema_dir_for
from generator.core.parallel import workers_for
from generator.site.render import RenderError, RenderJob, RenderOptions, asset_files, start_render
from generator.core.schema import SchemaError, load_schemas
from generator.plugin.config import RegisterConfig

log = get_plugin_logger("airegister")
RENDER_AHEAD_FROM = 10  # records; with fewer, a worker process costs more to start than it saves


class _GeneratedPage(File):
    """A generated page whose Markdown is fetched from the render job only when MkDocs reads it."""

    _job: RenderJob
    _index: int

    @property
    def content_string(self) -> str:
        if self._content is None:
            try:
                self._content = self._job.markdown(self._index)
            except RenderError as exc:
                raise PluginError(f"The register's pages could not be generated: {exc}") from None
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


class RegisterPlugin(BasePlugin[RegisterConfig]):
    def __init__(self) -> None:
        self.job: RenderJob | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load, check and render the register before MkDocs collects files, so an invalid register writes nothing."""
        if not self.config.enabled:
            return None
        registry_dir = Path(self.config.registry)
        schema_dir = Path(self.config.schema) if self.config.schema else schema_dir_for(registry_dir.resolve())
        try:
            schemas = load_schemas(schema_dir)
        except SchemaError as exc:
            raise PluginError(f"The schema files are broken: {exc}") from None
        result = load_registry(registry_dir, schema_dir)
        for problem in result.warnings:
            log.info(problem.headline())
        if not result.ok or result.registry is None:
            lines = []
            for problem in result.problems:
                if problem.severity is Severity.ERROR:
                    lines.append(problem.headline())
                    if problem.hint:
                        lines.append(f"    how to fix: {problem.hint}")
            raise PluginError("The register has errors; nothing was built.\n" + "\n".join(lines)
                              + f"\n{len(result.errors)} error(s). Run 'airegister validate' for the full report.")
        history = read_history(registry_dir)
        site_url = config.site_url or None
        data_options = OpenDataOptions(site_url=site_url, generated_at=_build_time(history),
                                       source_commit=history.head if history else None, history=history)
        self._close_jobs()
        # For large registers, worker processes render the pages and build the open data while MkDocs builds
        # the pages already done; one core stays free for MkDocs itself. Decided once, before any pool starts.
        workers = workers_for(len(result.registry.systems), leave_free=1, worth_from=RENDER_AHEAD_FROM)
        docs_dir = Path(config.docs_dir)
        options = RenderOptions(
            language=self.config.language,
            templates_dir=Path(self.config.templates) if self.config.templates else None,
            use_directory_urls=config.use_directory_urls,
            title=self.config.title,
            today=data_options.generated_at.date(),
            site_url=site_url,
            history=history,
            data_paths=planned_paths(schemas, history),
            documented_exports=frozenset(key for key in all_standards() if (docs_dir / f"exports-{key}.md").is_file()),
        )
        try:
            # The open data is built by the same workers after the pages, and written in on_post_build.
            self.job = start_render(result.registry, schemas, options, workers=workers,
                                    also=[(build_in_worker, (result.registry, schemas, data_options), 1)])
        except RenderError as exc:
            raise PluginError(f"The register's pages could not be generated: {exc}") from None
        for folder in (registry_dir, schema_dir):
            if folder is not None and str(folder) not in config.watch:
                config.watch.append(str(folder))
        for _, site_path in asset_files():
            if site_path.endswith(".css") and site_path not in config.extra_css:
                config.extra_css.append(site_path)
            elif site_path.endswith(".js") and site_path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(site_path)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages and assets; a hand-written page may not take a generated page's place."""
        if not self.config.enabled:
            return None
        assert self.job is not None
        docs_dir = Path(config.docs_dir).resolve()
        for index, page in enumerate(self.job.plans):
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(f"docs/{page.src} would replace the register's generated page '{page.src}'. "
                                  "Rename or move the hand-written file.")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            generated = _GeneratedPage.generated(config, page.src, content="", inclusion=inclusion)
            generated._content, generated._job, generated._index = None, self.job, index
            if page.source_file is not None:  # the edit button opens the record's YAML file
                generated.edit_uri = Path(os.path.relpath(page.source_file, docs_dir)).as_posix()
            files.append(generated)
        for source, site_path in asset_files():
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, abs_src_path=str(source)))
        for site_path in ("data/registry.json", "data/registry.csv", "schema"):
            if any(f.src_uri == site_path or f.src_uri.startswith(site_path + "/") for f in files if not f.generated_by):
                raise PluginError(f"docs/{site_path} would clash with the register's open data. Rename or move it.")
        return files


    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give every page (generated or hand-written) a Content-Security-Policy that allows only this site."""
        if not self.config.enabled:
            return None
        return add_policy(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the open data, the schema and the exports next to the pages, then stop the workers."""
        if not self.config.enabled or self.job is None:
            return
        try:
            data = self.job.extra(1)
        finally:
            self._close_jobs()
        site_dir = Path(config.site_dir)
        for site_path, content in data.items():
            target = site_dir / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        log.info(f"wrote {len(data)} open-data files under {site_dir / 'data'}")

    def on_build_error(self, *, error: Exception) -> None:
        self._close_jobs()

    def on_shutdown(self) -> None:
        self._close_jobs()

    def _close_jobs(self) -> None:
        if self.job is not None:
            self.job.close()
        self.job = None


def _build_time(history: History | None) -> dt.datetime:
    """The time the site is built as: SOURCE_DATE_EPOCH (as MkDocs honours it), else now.

    The date shown for 'overdue' and 'generated at' must follow the real date, so the
    last commit's time is not used; set SOURCE_DATE_EPOCH for a byte-for-byte reproducible build.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
