"""Registry -> Markdown pages, from Jinja templates a city can override.

``start_render`` plans every page and renders them (ahead, in worker
processes, for large registers); ``render_site`` returns them all at once.
``build.build_register`` calls it for both the MkDocs plugin and ``airegister
render``. Record text only ever reaches a page through the filters below,
which escape it (``richtext``).
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from generator.model import changes as change_views
from generator.site import contexts, facets, filters, shared
from generator.site.job import RenderError, RenderJob
from generator.site.remember import Remembered

from generator.core import layout
from generator.crosswalk import all_standards
from generator.core.fields import record_fields, required_when_text, sections
from generator.load.history import History
from generator.publish.opendata import CSV_COLUMNS, FILES, OpenDataOptions, script_json, system_jsonld
from generator.publish.readiness import readiness
from generator.core.i18n import N_, translator
from generator.core.languages import LANGUAGE_NAMES
from generator.core.links import is_allowed_link
from generator.model.objects import Registry, pick_text
from generator.core.parallel import workers_for
from generator.model.richtext import first_paragraph, first_sentence, plain, rich
from generator.core.schema import Schemas

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"
CHANGES_SHOWN = 100
BROWSE_PAGE_SIZE = 20  # systems per page of the "All systems" list
CHANGE_LABELS = {"added": N_("Added"), "changed": N_("Changed"), "renamed": N_("Moved"), "retired": N_("Retired"),
                 "deleted": N_("Removed")}


@dataclass(frozen=True)
class RenderedPage:
    """One generated page."""

    src: str
    markdown: str
    in_nav: bool = False
    source_file: Path | None = None  # the record file the page shows (absolute), for edit links


@dataclass
class RenderOptions:
    """How to render: language, template overrides, URL style and address, build date, history and published data."""

    language: str | None = None
    templates_dir: Path | None = None
    layout: layout.Layout = layout.Layout()  # the URL style, and the public address for linked data
    title: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    history: History | None = None  # None: the site says history is not available
    data_paths: tuple[str, ...] = ()  # the open-data files published with the site (so the pages can link to them)
    documented_exports: frozenset[str] = frozenset()  # standards that have a documentation page on the site
    memo: dict | None = field(default=None, compare=False)  # the preview's rendered cards, kept (site/remember.py)


@dataclass(frozen=True)
class LocalText:
    """A text picked in the page language; ``lang`` is set when it is in another language."""

    html: Markup
    lang: str | None


def _finalize(value: Any) -> Any:
    # Every expression passes here before autoescaping: braces in plain strings are neutralised,
    # so record text can never become template or attribute syntax downstream.
    kind = type(value)
    if kind is Markup or kind is LocalText or value is None:
        return value
    text = value if kind is str else str(value)
    if "{" in text or "}" in text:
        return plain(text)
    return text  # autoescape escapes it


def _fallback(ctx: jinja2.runtime.Context) -> str:
    return ctx.get("fallback_language") or ctx["site"].registry.register.default_language


@jinja2.pass_context
def _t(ctx: jinja2.runtime.Context, value: Any, main: str | None = None) -> LocalText:
    language = ctx["site"].language
    fallback = main or _fallback(ctx)
    text = pick_text(value, language, fallback)
    lang = _language_of(value, text, language, fallback)
    return LocalText(plain(text or ""), lang)


@jinja2.pass_context
def _md(ctx: jinja2.runtime.Context, value: Any, main: str | None = None, first: bool | str = False) -> LocalText:
    """A long text as HTML; ``first=True`` keeps its first paragraph, ``first="sentence"`` its first sentence."""
    language = ctx["site"].language
    fallback = main or _fallback(ctx)
    text = pick_text(value, language, fallback) or ""
    if first == "sentence":
        text = first_sentence(text)
    elif first:
        text = first_paragraph(text)
    return LocalText(rich(text), _language_of(value, text, language, fallback))


def _language_of(value: Any, text: str | None, language: str, fallback: str) -> str | None:
    if isinstance(value, dict):
        chosen = next((k for k, v in value.items() if v == text), None)
    else:
        chosen = fallback
    return chosen if chosen and chosen != language else None


@jinja2.pass_context
def _address(ctx: jinja2.runtime.Context, value: Any, main: str | None = None) -> filters.LocalLink:
    site = ctx["site"]
    return filters.local_link(value, site.language, main or _fallback(ctx), site.registry.register.default_language)


@jinja2.pass_context
def _plain(ctx: jinja2.runtime.Context, value: Any, main: str | None = None) -> str:
    return pick_text(value, ctx["site"].language, main or _fallback(ctx)) or ""


@jinja2.pass_context
def _url(ctx: jinja2.runtime.Context, target: str) -> str:
    return ctx["site"].layout.relative(ctx["page_src"], target)


@jinja2.pass_context
def _label(ctx: jinja2.runtime.Context, value: Any, dotted: str) -> str:
    return ctx["site"].fields[dotted].label(value)


@jinja2.pass_context
def _date(ctx: jinja2.runtime.Context, value: str | None) -> str:
    """A date as readers of the page's language write it (``4 December 2026``, ``4. joulukuuta 2026``)."""
    return ctx["site"].t.date(value) if value else ""


@jinja2.pass_context
def _language_name(ctx: jinja2.runtime.Context, code: str) -> str:
    """A language's name in the page's language (``ruotsi`` for ``sv`` on a Finnish page)."""
    return ctx["site"].t.language_name(code)


def _template_line(exc: BaseException) -> str:
    """'file:line: ' of the innermost template frame of an error, when there is one."""
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            where = f"{name}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


_STORE: dict[str, bytes] = {}  # compiled templates by source, for the process's life: the preview rebuilds often
COMPILED = jinja2.MemcachedBytecodeCache(SimpleNamespace(get=_STORE.get, set=lambda key, code, *_: _STORE.update({key: code})))


def environment(options: RenderOptions, language: str = "en") -> jinja2.Environment:
    """The Jinja environment of one build: the templates (a city's first), the filters, and the interface texts of
    ``language`` (``_``, ``ngettext`` and the ``gettext`` filter read the message catalogs)."""
    package = jinja2.FileSystemLoader(str(TEMPLATES))
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(options.templates_dir))] if options.templates_dir else []
    loaders += [jinja2.PrefixLoader({"default": package}, delimiter=":"), package]
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                             keep_trailing_newline=True, finalize=_finalize, bytecode_cache=COMPILED)
    env.filters.update({
        "t": _t, "md": _md, "plain": _plain, "address": _address, "url": _url, "label": _label, "date": _date,
        "language_name": _language_name, **filters.FILTERS,
        "required_when": lambda info: required_when_text(info, options.language or language),
    })
    t = translator(options.language or language)
    env.install_gettext_callables(t.gettext, t.ngettext, newstyle=True, pgettext=t.pgettext)  # type: ignore[attr-defined]
    env.filters["gettext"] = t.gettext  # a text chosen at build time (a label or note from the code), translated
    env.globals["remembered"] = Remembered(options.memo, options.language or language, options.layout, options.templates_dir)
    env.tests["contains"] = lambda sequence, value: value in sequence
    env.tests["safe_link"] = lambda value: isinstance(value, str) and is_allowed_link(value)
    return env


@dataclass(frozen=True)
class PagePlan:
    """A page that will be generated: its address and place, known before its text is rendered."""

    src: str
    in_nav: bool = False
    source_file: Path | None = None
    search: str = "page"  # its group in the search results: "system", "page" (for citizens) or "staff"
    shows: frozenset[str] | None = frozenset()  # the ids of the systems it names (a list, a successor); None: all


@dataclass
class _Renderer:
    """Everything needed to render pages; shared with worker processes for large registers."""

    env: jinja2.Environment
    site: contexts.SiteView
    schemas: Schemas
    title: str
    replaced: dict[str, list]
    options: RenderOptions
    recipes: list[tuple[PagePlan, str, Callable[[], dict[str, Any]]]] = field(default_factory=list)

    def render(self, index: int) -> str | RenderError:
        plan, template, context = self.recipes[index]
        try:
            return self.env.get_template(template).render(site=self.site, page_src=plan.src, register_title=self.title,
                                                          history=self.options.history, change_labels=CHANGE_LABELS,
                                                          **context())
        except jinja2.TemplateSyntaxError as exc:
            return RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}")
        except jinja2.TemplateError as exc:
            return RenderError(f"{_template_line(exc)}template {template} failed while rendering {plan.src}: {exc}")

    def partial(self, template: str, **context: Any) -> str:
        """An HTML fragment from a template of this build (such as the header's search box), in its language."""
        try:
            return self.env.get_template(template).render(site=self.site, **context)
        except jinja2.TemplateError as exc:
            raise RenderError(f"{_template_line(exc)}template {template} failed: {exc}") from None


def start_render(registry: Registry, schemas: Schemas, options: RenderOptions | None = None,
                 workers: int | None = None, also: list[tuple[Callable[[Any, int], Any], Any, int]] = (),
                 start: bool = True) -> RenderJob:
    """Plan every page of the register and start rendering them (see ``RenderJob``; ``start=False``: later)."""
    options = options or RenderOptions()
    register = registry.register
    language = options.language or register.default_language
    site = contexts.site_view(registry, schemas, language, options.layout, options.today)
    replaced: dict[str, list] = {}
    for system in registry:
        successor = system.data.get("lifecycle", {}).get("replaced_by")
        if successor:
            replaced.setdefault(successor, []).append(system)
    renderer = _Renderer(environment(options, language), site, schemas,
                         options.title or register.text(register.title, language) or "AI register", replaced, options)
    for name in ("home.md.j2", "browse.md.j2", "system.md.j2", "departments.md.j2", "department.md.j2",
                 "domains.md.j2", "domain.md.j2", "about.md.j2", "accessibility.md.j2", "privacy.md.j2", "fields.md.j2",
                 "changes.md.j2", "readiness.md.j2", "open-data.md.j2", "facet.md.j2", "search-box.html.j2",
                 "shared.md.j2"):
        try:
            renderer.env.get_template(name)  # compile once, before any worker process starts
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None

    recipes = renderer.recipes

    def add(src: str, template: str, in_nav: bool = False, source_file: Path | None = None,
            context: Callable[[], dict[str, Any]] = dict, search: str = "page",
            shows: frozenset[str] | None = frozenset()) -> None:
        recipes.append((PagePlan(src, in_nav, source_file, search, shows), template, context))

    ids = lambda cards: frozenset(card.id for card in cards)  # noqa: E731  (the systems a list shows)

    add(layout.HOME, "home.md.j2", True, context=lambda: {"recent": _recent(site, options.history)}, shows=None)
    add(layout.BROWSE, "browse.md.j2", True, context=lambda: {"facets": facets.facets(site),
                                                                "page_size": BROWSE_PAGE_SIZE}, shows=None)
    for system in registry:
        named = {s.id for s in replaced.get(system.id, [])} | {system.data.get("lifecycle", {}).get("replaced_by")} - {None}
        add(layout.system_page(system.id), "system.md.j2", source_file=system.path,
            context=functools.partial(_system_context, renderer, system), search="system", shows=frozenset(named))
    for src, facet, option, cards in facets.own_pages(site):
        add(src, "facet.md.j2", context=functools.partial(
            lambda f, o, c: {"facet": f, "option": o, "cards": c}, facet, option, cards), shows=ids(cards))
    shared.plan(add, registry, site)  # the page of the systems several organisations run, in registers of several
    add(layout.DEPARTMENTS, "departments.md.j2", True, shows=None)
    for department in register.departments.values():
        add(layout.department_page(department.id), "department.md.j2", context=functools.partial(
            lambda d: {"department": d, "cards": site.cards_by_department.get(d.id, [])}, department),
            shows=ids(site.cards_by_department.get(department.id, [])))
    add(layout.DOMAINS, "domains.md.j2", True, shows=None)
    for domain in site.fields["domains"].choices:
        cards = [c for c in site.cards if domain in c.domains]
        add(layout.domain_page(domain), "domain.md.j2", context=functools.partial(
            lambda d, c: {"domain": d, "cards": c}, domain, cards), shows=ids(cards))
    add(layout.ABOUT, "about.md.j2", True)
    add(layout.ACCESSIBILITY, "accessibility.md.j2")  # linked from every page's footer, not from the menu
    add(layout.PRIVACY, "privacy.md.j2")
    add(layout.FIELD_REFERENCE, "fields.md.j2", True, search="staff",
        context=lambda: {"sections": sections(schemas), "fields": record_fields(schemas)})
    add(layout.CHANGES, "changes.md.j2", True, search="staff", context=lambda: {
        "changes": change_views.describe_all(options.history.changes[:CHANGES_SHOWN], site.fields, site.t)
        if options.history else []})
    add(layout.READINESS, "readiness.md.j2", True, search="staff",
        context=lambda: {"report": readiness(registry, schemas, options.today, language)})
    add(layout.OPEN_DATA, "open-data.md.j2", True, search="staff", context=lambda: {
        "files": FILES, "columns": CSV_COLUMNS, "published": set(options.data_paths),
        "source_commit": options.history.head if options.history else None,
        "standards": [(key, standard.title) for key, standard in sorted(all_standards().items())],
        "documented": options.documented_exports})

    claimed: dict[str, int] = {}
    for plan, _, _ in recipes:
        claimed[plan.src] = claimed.get(plan.src, 0) + 1
    clashes = sorted(src for src, n in claimed.items() if n > 1)
    if clashes:  # the checks make this impossible for valid registers; never let one page silently win
        raise RenderError(f"two generated pages claim the same address: {', '.join(clashes)}")
    return RenderJob(renderer, workers_for(len(recipes)) if workers is None else workers, also, start)


def _system_context(renderer: _Renderer, system: Any) -> dict[str, Any]:
    options = renderer.options
    data_options = OpenDataOptions(layout=options.layout, history=options.history, language=renderer.site.language)
    return {"system": system, "card": renderer.site.cards_by_id[system.id],
            "sections": contexts.section_views(system, renderer.schemas, renderer.site.language),
            "fallback_language": system.main_language, "replaces": renderer.replaced.get(system.id, []),
            "changes": change_views.describe_all(options.history.of(system.id), renderer.site.fields, renderer.site.t)
            if options.history else None,
            "jsonld": Markup(script_json(system_jsonld(system, data_options))),
            "search_filters": facets.filters_of(renderer.site.cards_by_id[system.id])}


def _recent(site: contexts.SiteView, history: History | None, count: int = 6) -> list[contexts.Card]:
    """The systems changed most recently: from the history when there is one, else from the records' own dates."""
    if history is not None:
        seen: list[str] = []
        for change in history.changes:
            if change.record_id in site.cards_by_id and change.record_id not in seen and change.kind != "deleted":
                seen.append(change.record_id)
            if len(seen) == count:
                break
        if seen:
            return [site.cards_by_id[record_id] for record_id in seen]
    dated = sorted((c for c in site.cards if c.changed), key=lambda c: c.changed, reverse=True)
    return dated[:count]


def render_site(registry: Registry, schemas: Schemas, options: RenderOptions | None = None) -> list[RenderedPage]:
    """Every generated page of the register, rendered, in a stable order."""
    job = start_render(registry, schemas, options)
    try:
        return [RenderedPage(plan.src, job.markdown(index), plan.in_nav, plan.source_file)
                for index, plan in enumerate(job.plans)]
    finally:
        job.close()


def problems_page(problems: list, language: str = "en", templates_dir: Path | None = None) -> str:
    """The Markdown of the live preview's page for a register with errors: every located problem and its fix."""
    return environment(RenderOptions(language=language, templates_dir=templates_dir), language).get_template(
        "problems.md.j2").render(problems=problems)


def asset_files() -> list[tuple[Path, str]]:
    """The stylesheet and script the pages use, with their site paths."""
    return [(path, f"{layout.ASSETS}/{path.relative_to(ASSETS).as_posix()}")
            for path in sorted(ASSETS.rglob("*")) if path.is_file()]
