"""Registry -> Markdown pages, from Jinja templates a city can override.

``render_site`` returns every generated page as Markdown text with its source
path; the MkDocs plugin adds them to the site, and ``airegister render``
writes them to a folder for any other site engine. Record text only ever
reaches a page through the filters below, which escape it (``richtext``).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import contexts, layout
from .fields import record_fields, sections
from .links import is_allowed_link
from .model import Registry, pick_text
from .richtext import first_paragraph, plain, rich
from .schema import Schemas

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"
LANGUAGE_NAMES = {
    "en": "English", "fi": "Suomi", "sv": "Svenska", "nl": "Nederlands", "de": "Deutsch", "fr": "Français",
    "es": "Español", "it": "Italiano", "pt": "Português", "da": "Dansk", "no": "Norsk", "nb": "Norsk bokmål",
    "et": "Eesti", "lv": "Latviešu", "lt": "Lietuvių", "pl": "Polski", "cs": "Čeština", "ca": "Català",
    "eu": "Euskara", "fy": "Frysk", "se": "Davvisámegiella", "ru": "Русский", "uk": "Українська", "ar": "العربية",
    "so": "Soomaali", "tr": "Türkçe", "el": "Ελληνικά", "hu": "Magyar", "ro": "Română", "bg": "Български",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


class RenderError(Exception):
    """Pages cannot be generated (a broken template override, or two pages at one address)."""


@dataclass(frozen=True)
class RenderedPage:
    """One generated page."""

    src: str
    markdown: str
    in_nav: bool = False
    source_file: Path | None = None  # the record file the page shows (absolute), for edit links


@dataclass
class RenderOptions:
    """How to render: language, template overrides, URL style and build date."""

    language: str | None = None
    templates_dir: Path | None = None
    use_directory_urls: bool = True
    title: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class LocalText:
    """A text picked in the page language; ``lang`` is set when it is in another language."""

    html: Markup
    lang: str | None


def _finalize(value: Any) -> Any:
    # Every expression passes here: strings are escaped and their braces neutralised,
    # so record text can never become template or attribute syntax downstream.
    if isinstance(value, (Markup, LocalText)) or value is None:
        return value
    return plain(str(value))


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
def _md(ctx: jinja2.runtime.Context, value: Any, main: str | None = None, first: bool = False) -> LocalText:
    language = ctx["site"].language
    fallback = main or _fallback(ctx)
    text = pick_text(value, language, fallback) or ""
    if first:
        text = first_paragraph(text)
    return LocalText(rich(text), _language_of(value, text, language, fallback))


def _language_of(value: Any, text: str | None, language: str, fallback: str) -> str | None:
    if isinstance(value, dict):
        chosen = next((k for k, v in value.items() if v == text), None)
    else:
        chosen = fallback
    return chosen if chosen and chosen != language else None


@jinja2.pass_context
def _plain(ctx: jinja2.runtime.Context, value: Any, main: str | None = None) -> str:
    return pick_text(value, ctx["site"].language, main or _fallback(ctx)) or ""


@jinja2.pass_context
def _url(ctx: jinja2.runtime.Context, target: str) -> str:
    return ctx["site"].layout.relative(ctx["page_src"], target)


@jinja2.pass_context
def _label(ctx: jinja2.runtime.Context, value: Any, dotted: str) -> str:
    return ctx["site"].fields[dotted].label(value)


def _date(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _front_matter(value: str) -> Markup:
    # Front matter is YAML; a JSON string is valid YAML. MkDocs and the theme insert titles
    # into HTML without escaping, so the text is HTML-escaped first.
    return Markup(json.dumps(str(plain(value)), ensure_ascii=False))


def _mailto(address: str, subject: str = "") -> str:
    query = "?subject=" + urllib.parse.quote(subject) if subject else ""
    return f"mailto:{address}{query}"


def _query(params: dict[str, str]) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


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


def environment(options: RenderOptions) -> jinja2.Environment:
    package = jinja2.FileSystemLoader(str(TEMPLATES))
    loaders: list[jinja2.BaseLoader] = []
    if options.templates_dir:
        loaders.append(jinja2.FileSystemLoader(str(options.templates_dir)))
    loaders += [jinja2.PrefixLoader({"default": package}, delimiter=":"), package]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update({
        "t": _t, "md": _md, "plain": _plain, "url": _url, "label": _label, "date": _date,
        "front_matter": _front_matter, "mailto": _mailto, "query": _query,
        "language_name": lambda code: LANGUAGE_NAMES.get(code, code),
    })
    env.tests["contains"] = lambda sequence, value: value in sequence
    env.tests["safe_link"] = lambda value: isinstance(value, str) and is_allowed_link(value)
    return env


def render_site(registry: Registry, schemas: Schemas, options: RenderOptions | None = None) -> list[RenderedPage]:
    """Every generated page of the register, in a stable order."""
    options = options or RenderOptions()
    register = registry.register
    language = options.language or register.default_language
    site = contexts.site_view(registry, schemas, language, layout.Layout(options.use_directory_urls), options.today)
    env = environment(options)
    title = options.title or register.text(register.title, language) or "AI register"
    pages: list[RenderedPage] = []

    def page(template: str, src: str, in_nav: bool = False, source_file: Path | None = None, **context: Any) -> None:
        try:
            text = env.get_template(template).render(site=site, page_src=src, register_title=title, **context)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
        except jinja2.TemplateError as exc:
            where = _template_line(exc)
            raise RenderError(f"{where}template {template} failed while rendering {src}: {exc}") from None
        pages.append(RenderedPage(src, text, in_nav, source_file))

    page("home.md.j2", layout.HOME, True)
    page("browse.md.j2", layout.BROWSE, True, facets=contexts.facets(site))
    for system in registry:
        page("system.md.j2", layout.system_page(system.id), source_file=system.path, system=system,
             card=next(c for c in site.cards if c.id == system.id),
             sections=contexts.section_views(system, schemas), fallback_language=system.main_language,
             replaces=[s for s in registry if s.data.get("lifecycle", {}).get("replaced_by") == system.id])
    page("departments.md.j2", layout.DEPARTMENTS, True)
    for department in register.departments.values():
        page("department.md.j2", layout.department_page(department.id), department=department,
             cards=[c for c in site.cards if c.department_id == department.id])
    page("domains.md.j2", layout.DOMAINS, True)
    for domain in site.fields["domains"].choices:
        page("domain.md.j2", layout.domain_page(domain), domain=domain,
             cards=[c for c in site.cards if domain in c.domains])
    page("about.md.j2", layout.ABOUT, True)
    page("fields.md.j2", layout.FIELD_REFERENCE, True, sections=sections(schemas), fields=record_fields(schemas))
    claimed: dict[str, int] = {}
    for rendered in pages:
        claimed[rendered.src] = claimed.get(rendered.src, 0) + 1
    clashes = sorted(src for src, n in claimed.items() if n > 1)
    if clashes:  # the checks make this impossible for valid registers; never let one page silently win
        raise RenderError(f"two generated pages claim the same address: {', '.join(clashes)}")
    return pages


def asset_files() -> list[tuple[Path, str]]:
    """The stylesheet and script the pages use, with their site paths."""
    return [(path, f"{layout.ASSETS}/{path.relative_to(ASSETS).as_posix()}")
            for path in sorted(ASSETS.rglob("*")) if path.is_file()]


MANIFEST = ".airegister-pages"


def write_pages(pages: list[RenderedPage], out: Path) -> list[Path]:
    """Write pages and assets under ``out``; remove pages this command wrote last time that are gone now.

    Only files listed in the folder's manifest (written by an earlier run) are ever removed,
    so a page of a deleted record disappears and nothing else in the folder is touched.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    written = []
    for rendered in pages:
        target = out / rendered.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered.markdown, encoding="utf-8")
        written.append(target)
    for source, site_path in asset_files():
        target = out / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    current = {p.relative_to(out).as_posix() for p in written}
    for stale in sorted(previous - current):
        target = out / stale
        if target.is_file() and ".." not in Path(stale).parts:
            target.unlink()
    manifest.write_text("\n".join(sorted(current)) + "\n", encoding="utf-8")
    return written


