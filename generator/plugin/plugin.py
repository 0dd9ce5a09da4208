"""The ``airegister`` MkDocs plugin: a thin adapter from ``build.build_register`` to MkDocs.

The build (load, check, model, pages, open data) is the same one ``airegister
render`` runs; this module only hands its results to MkDocs: the pages as
generated files (system, department and domain pages kept out of the
navigation, since a navigation with thousands of entries makes MkDocs builds
quadratic), the stylesheet and script, the Content-Security-Policy on every
page, the open data after the build, and the folders ``mkdocs serve`` watches.
An invalid register stops the build with the same messages as ``airegister
validate``, before anything is written; under ``mkdocs serve`` the browser shows
them instead, and rebuilds are incremental (``preview.py``).

``mkdocs build`` writes the site to a staging folder, which replaces the site
folder only when the whole build (every language) succeeded; on any failure
the previous site stays as it was and the message says what to do.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.build import search
from generator.build.output import OutputError, discard, explain, publish, stage, write_data
from generator.core.csp import add_policy, align_by_class
from generator.build.register import Build, BuildError, BuildOptions, InvalidRegister, build_register
from generator.core.i18n import told, translator
from generator.load.discover import DiscoveryError
from generator.model.registry import schema_dir_for
from generator.plugin import languages, pages, words
from generator.plugin.pages import GeneratedFile
from generator.plugin.preview import SCRIPT_PATH, SCRIPT_SOURCE, Preview, nav_pages
from generator.plugin.config import RegisterConfig
from generator.plugin.watch import WatchEvents
from generator.core.layout import BROWSE, Layout
from generator.site import search as site_search
from generator.site.frame import THEME, frame
from generator.site.render import COMPILED, asset_files, problems_page

log = get_plugin_logger("airegister")


class RegisterPlugin(WatchEvents, BasePlugin[RegisterConfig]):
    def __init__(self) -> None:
        self.build: Build | None = None
        self.generated: list[File] = []  # this build's generated pages, in the order of its plan
        self.t = words.speaker()  # the language of the messages in the build log: the register's, once known
        self.languages = languages.Languages()
        self._not_found: bytes | None = None  # the default language's 404 page, kept while the other languages build
        self.preview = Preview()
        self.atomic = False  # set for `mkdocs build` (not serve, not --dirty)
        self.site_dir: Path | None = None  # the site folder the staging folder replaces at the end
        self.staging: Path | None = None
        self.depth = 0  # builds under way (the i18n plugin runs one build per language inside the first)
        self.complete = False
        self._boxes: dict[tuple[str, str], str] = {}  # the header's search box, by its links (see _search_box)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``mkdocs build`` is atomic; under ``mkdocs serve``, keep what the next rebuild can reuse (``preview.py``)."""
        self.atomic, self.depth, self.complete = command == "build" and not dirty, 0, False  # MkDocs may reuse a plugin
        if self.staging is not None:  # left by a build that never finished: not a site to publish
            discard(self.staging)
            self.staging = None
        self.preview.start(command)

    def _stage(self, config: MkDocsConfig) -> None:
        """Send this build to a staging folder (once, in the first build of a site with several languages)."""
        if not self.atomic or self.staging is not None:
            return
        self.site_dir = Path(config.site_dir)
        try:
            self.staging = stage(self.site_dir)
        except OutputError as exc:
            raise PluginError(words.site_not_built(self.t, exc)) from None
        config.site_dir = str(self.staging)
        self.complete = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start the build before MkDocs collects files, so an invalid register writes nothing.

        With the ``i18n`` plugin (mkdocs-static-i18n), MkDocs builds the site once per language; each build
        renders the pages of its language, and only the default language's build writes the open data.
        """
        if not self.config.enabled:
            return None
        registry_dir = Path(self.config.registry)
        self.t = words.speaker(registry_dir)
        schema_dir = Path(self.config.schema) if self.config.schema else schema_dir_for(registry_dir.resolve())
        self.languages = languages.current(config, self.config.language)
        languages.translate_menu(config)
        options = BuildOptions(
            schema_dir=schema_dir,
            templates_dir=Path(self.config.templates) if self.config.templates else None,
            language=self.languages.language,
            title=self.config.title,
            site_url=config.site_url or None,
            use_directory_urls=config.use_directory_urls,
            docs_dir=Path(config.docs_dir),
            language_prefix=self.languages.prefix,
            **self.preview.build_options(),  # what the preview keeps between its rebuilds
            engine_waits=self.atomic,  # a full build: the workers convert the pages to HTML too (pages.py)
        )
        self._close()
        self.preview.begin()
        self._stage(config)
        self.depth += 1
        try:
            # a full build starts the workers once the navigation is made, so they can convert the pages too (pages.py)
            self.build = build_register(registry_dir, options, start=not self.atomic)
        except InvalidRegister as exc:
            # in the language the command line would speak: the environment's wish, else the register's default
            t = self.t
            for problem in exc.result.warnings:
                log.info(problem.headline(t))
            if not self.preview.serving:
                raise PluginError(t.gettext("The register has errors; nothing was built.") + "\n" + "\n".join(exc.lines(t))
                                  + "\n" + t.ngettext("{count} error. Run 'airegister validate' for the full report.",
                                                      "{count} errors. Run 'airegister validate' for the full report.",
                                                      len(exc.result.errors)).format(count=len(exc.result.errors))) from None
            self._show_problems(exc, config)
        except BuildError as exc:
            raise PluginError(words.not_built(self.t, exc)) from None
        except DiscoveryError as exc:
            t = self.t
            raise PluginError(t.gettext("The register could not be found: {problem}. Set 'registry' under the airegister "
                                        "plugin in mkdocs.yml to the folder that holds register.yaml.")
                              .format(problem=told(exc.args[0], t))) from None
        if self.build is not None:
            if self.preview.serving:
                self.preview.compare(self._language_key(), options.templates_dir, config.theme)
                self.preview.remember(self._language_key(), self.build.plans, self.build.registry, config.theme)
            for problem in self.preview.worth_telling(self.build.warnings, first=not self.languages.prefix):
                log.info(problem.headline(self.t))
        config.watch.extend(str(f) for f in (registry_dir, schema_dir) if f is not None and str(f) not in config.watch)
        if "attr_list" not in config.markdown_extensions:  # the system page's anchor for its objection route needs it
            config.markdown_extensions.append("attr_list")
        if str(THEME) not in config.theme.dirs:  # the register's frame, after a city's own custom_dir
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        for _, site_path in asset_files():
            if site_path.endswith(".css") and site_path not in config.extra_css:
                config.extra_css.append(site_path)
            elif site_path.endswith(".js") and site_path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(site_path)
        return config

    def _language_key(self) -> str:
        return self.languages.language or ""

    def _show_problems(self, failure: InvalidRegister, config: MkDocsConfig) -> None:
        """The preview of a register with errors: say so in the terminal; the browser shows every problem."""
        self.preview.failure = failure
        self.preview.compare(self._language_key(), Path(self.config.templates) if self.config.templates else None,
                             config.theme)
        log.info(words.shown_in_browser(self.t, failure.lines(self.t)))
        # Pages that link to records the failed build does not make must not stop it (the server would hang).
        for group in (config.validation.links, config.validation.nav):
            for name in ("not_found", "unrecognized_links", "anchors", "absolute_links", "omitted_files"):
                if name in group:
                    group[name] = logging.DEBUG

    def _problem_files(self, files: Files, config: MkDocsConfig) -> Files:
        failure = self.preview.failure
        markdown = problems_page(failure.result.errors, self.languages.language or "en",
                                 Path(self.config.templates) if self.config.templates else None)
        for src in self.preview.problem_targets(self._language_key(), nav_pages(config.nav), failure):
            name = self.languages.file_name(src)
            existing = files.get_file_from_path(name)
            if existing is not None:
                if existing.generated_by or existing.src_uri != src:
                    files.remove(existing)
                else:
                    continue  # a hand-written page
            page = GeneratedFile.generated(config, name, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                                            if src not in nav_pages(config.nav) else InclusionLevel.UNDEFINED)
            if self.languages.prefix:
                page.dest_uri = File.generated(config, self.languages.prefix + src, content="").dest_uri
            files.append(page)
        return files

    @event_priority(-110)  # after the i18n plugin has chosen the files of this build's language
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages and assets; a hand-written page may not take a generated page's place."""
        if not self.config.enabled:
            return None
        if self.preview.serving and files.get_file_from_path(SCRIPT_PATH) is None:
            files.append(File.generated(config, SCRIPT_PATH, abs_src_path=str(SCRIPT_SOURCE)))
        if self.preview.failure is not None:
            for source, site_path in asset_files():
                if files.get_file_from_path(site_path) is None:
                    files.append(File.generated(config, site_path, abs_src_path=str(source)))
            return self._problem_files(files, config)
        assert self.build is not None
        docs_dir = Path(config.docs_dir).resolve()
        added = []
        for index, page in enumerate(self.build.plans):
            name = self.languages.file_name(page.src)
            existing = files.get_file_from_path(name)
            if existing is not None and not existing.generated_by and existing.src_uri in (page.src, name):
                raise PluginError(words.page_taken(self.t, existing.src_uri, page.src))
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            generated = GeneratedFile.generated(config, name, content="", inclusion=inclusion)
            if self.languages.prefix:  # the page lives in its language's folder (sv/systems/x/)
                generated.dest_uri = File.generated(config, self.languages.prefix + page.src, content="").dest_uri
            generated._content, generated._build, generated._index = None, self.build, index
            generated._search = page.search
            generated._modified = self.preview.needs(page.src) if self.preview.serving else True
            if page.source_file is not None:  # the edit button opens the record's YAML file
                generated.edit_uri = Path(os.path.relpath(page.source_file, docs_dir)).as_posix()
            languages.describe(generated, page.src, self.languages, config)
            files.append(generated)
            added.append(generated)
        languages.list_for_sitemap(config, added)
        self.generated = added
        for source, site_path in asset_files():
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, abs_src_path=str(source)))
        for site_path in ("data/registry.json", "data/registry.csv", "schema"):
            if any(f.src_uri == site_path or f.src_uri.startswith(site_path + "/") for f in files if not f.generated_by):
                raise PluginError(words.data_taken(self.t, site_path))
        return files

    @event_priority(-100)  # after every other plugin has changed the navigation
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> None:
        """A full build: the workers start now, and turn the pages into HTML as they write them (see pages.py)."""
        if self.config.enabled and self.atomic and self.build is not None and self.preview.failure is None:
            pages.prepare(files, config, self.build, self.generated)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The theme's templates get the texts of this build's language and the register's frame (see site/frame.py);
        the preview keeps their compiled form between rebuilds."""
        if not self.config.enabled or self.build is None:
            return None
        if self.preview.serving:
            env.bytecode_cache = COMPILED
        language = self.languages.language or self.build.registry.register.default_language
        languages.install_texts(env, translator(language), frame(self.build.registry, language, self.build.layout))
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Mark generated pages (the theme leaves the staff's edit button off them); the preview sets lists aside."""
        if self.config.enabled and isinstance(page.file, GeneratedFile):
            page.meta["air_generated"] = True
            return self.preview.set_aside(markdown, page.file.src_uri) if self.preview.serving else None
        return None

    @event_priority(100)  # before the search plugin reads the page
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict | None:
        """In the preview's incremental rebuilds, the few pages written are not indexed for search (the index would
        hold only them; the full build indexes every page)."""
        if self.config.enabled and self.preview.incremental and isinstance(page.file, GeneratedFile):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Align table columns by class (the policy blocks inline styles); mark a hand-written page's content with
        the language it is written in, where the tree's differs."""
        if not self.config.enabled:
            return None
        html = align_by_class(self.preview.put_back(html, page.file.src_uri))
        if isinstance(page.file, GeneratedFile) or self.build is None:
            return html
        written_in = self.config.docs_language or self.build.registry.register.default_language
        if written_in != (self.languages.language or self.build.registry.register.default_language):
            return f'<div lang="{written_in}">\n{html}\n</div>'
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give every page (generated or hand-written) the search box, its place in the search index and a
        Content-Security-Policy that allows only this site."""
        if not self.config.enabled:
            return None
        base = urlsplit(config.site_url or "/").path or "/"
        output = self.preview.tag(output, base if base.endswith("/") else base + "/")
        if self.build is not None:
            kind = page.file._search if isinstance(page.file, GeneratedFile) else "staff"
            output = site_search.mark_body(output, search.body_attributes(kind))
            output = site_search.add_box(output, self._search_box(page.url, config))
        return add_policy(languages.alternates_to_homes(output, page.url, self.languages))

    def _search_box(self, page_url: str, config: MkDocsConfig) -> str:
        """The header's search box for a page at ``page_url``: links relative to it, words in the build's language."""
        assert self.build is not None
        root = "../" * (page_url.count("/") - self.languages.prefix.count("/")) or "./"
        browse = root + Layout(config.use_directory_urls).url(BROWSE)
        if (root, browse) in self._boxes:  # the same for every page at the same depth: rendered once per build
            return self._boxes[root, browse]
        try:
            box = self._boxes[root, browse] = self.build.partial("search-box.html.j2", root=root, browse=browse)
            return box
        except BuildError as exc:
            raise PluginError(words.not_built(self.t, exc)) from None

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The theme's own pages (404.html) get the same policy as every other page, and the 404 page its homes."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        if template_name == "404.html":
            output_content = languages.not_found_alternates(output_content, config.site_url, self.languages)
        return add_policy(output_content)

    def _write_open_data(self, *, config: MkDocsConfig) -> None:
        """Write the open data, the schema and the exports next to the pages, then stop the workers."""
        if not self.config.enabled or self.build is None:
            return
        write_data(self.build.redirects(), Path(config.site_dir))  # old addresses of renamed records, per language
        if self.preview.serving and self.preview.stale is not None:
            self._close()  # an incremental rebuild of the preview: the open data, exports and search index stay
            return  # as the first build wrote them (the full build brings them up to date)
        self._index(Path(config.site_dir))
        if not self.languages.writes_open_data:
            self._close()  # the default language's build writes the open data, once, at the site's root
            languages.share_sitemap(Path(config.site_dir), self.languages)
            self._not_found = languages.keep_not_found_page(Path(config.site_dir), self.languages, self._not_found)
            return
        self._not_found = languages.keep_not_found_page(Path(config.site_dir), self.languages, None)
        try:
            data = self.build.open_data()
        finally:
            self._close()
        site_dir = Path(config.site_dir)
        write_data(data, site_dir)
        log.info(words.open_data_written(self.t, len(data), site_dir / "data"))

    def _index(self, site_dir: Path) -> None:
        """This language's search index and "did you mean" words, in its tree (the root, or its folder)."""
        assert self.build is not None
        language = self.languages.language or self.build.registry.register.default_language
        tree = site_dir / self.languages.prefix if self.languages.prefix else site_dir
        others = tuple(code for code in self.languages.all if code != language)
        if self.preview.serving and (tree / search.BUNDLE).is_dir():
            return  # the preview's rebuilds keep the first build's index: saving a record stays fast
        write_data(search.vocabulary(self.build.registry, language), tree)
        try:
            report = search.index_tree(tree, language, others)
        except search.SearchIndexError as exc:
            raise PluginError(words.search_not_built(self.t, exc)) from None
        log.info(words.search_indexed(self.t, language, report.pages, report.seconds))

    @event_priority(-200)  # after the i18n plugin's builds of the other languages, which run inside the first
    def _note_complete(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self.depth -= 1
            self.complete = self.depth == 0

    on_post_build = CombinedEvent(_write_open_data, _note_complete)

    @event_priority(-200)  # last: nothing after it may expect the staging folder
    def on_build_error(self, *, error: Exception) -> None:
        """Keep the previous site; a disk or permission problem is said in plain words, not as a traceback."""
        self._close()
        self.depth, self.complete = 0, False
        if self.staging is not None:
            discard(self.staging)
            self.staging = None
        if isinstance(error, OSError) and not isinstance(error, Abort):
            where = self.site_dir or Path(error.filename or ".")
            raise Abort(words.site_not_built(self.t, explain(error, where))) from None

    def on_shutdown(self) -> None:
        """Put the complete site in place of the previous one (``mkdocs build`` calls this after a success, too)."""
        self._close()
        if self.staging is not None and self.site_dir is not None:
            staging, self.staging = self.staging, None
            if not self.complete:  # stopped halfway (interrupted): the previous site stays
                discard(staging)
                return
            try:
                publish(staging, self.site_dir)
            except OutputError as exc:
                raise Abort(words.site_not_built(self.t, exc)) from None

    def _close(self) -> None:
        if self.build is not None:
            self.build.close()
        self.build, self._boxes = None, {}
