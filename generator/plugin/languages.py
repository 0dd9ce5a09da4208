"""Several languages in one site: the register's pages in each language's tree, with mkdocs-static-i18n.

The ``i18n`` plugin (mkdocs-static-i18n, ``docs_structure: suffix``) builds the
site once per language: the default language at the root, every other language
under its code (``/sv/``), each with the theme in that language, its own search
index and sitemap, and a language menu that leads to the same page in the other
language. For each of these builds the register renders its pages in the
build's language and names them as the i18n plugin expects
(``systems/x.sv.md``); the open data is language-neutral and written once, by
the default language's build, at the site's root. The menu titles of
``mkdocs.yml`` are translated from the message catalogs.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mkdocs.config.defaults import MkDocsConfig

from generator.core.layout import Layout
from generator.plugin.navigation import nav_translations


@dataclass(frozen=True)
class _Alternate:
    """The same page in another language, as the i18n plugin's language menu and sitemap read it."""

    url: str
    page: Any = None


@dataclass(frozen=True)
class Languages:
    """The language of the current build of the site, and what follows from it."""

    language: str | None = None  # None: the register's default language
    prefix: str = ""  # the folder of this language's pages ("sv/"); "" for the default language
    suffix: str = ""  # added to generated page names for the i18n plugin ("sv" -> systems/x.sv.md)
    writes_open_data: bool = True
    default: str | None = None  # the site's default language, when the i18n plugin builds several
    all: tuple[str, ...] = ()  # every language the i18n plugin builds

    def file_name(self, src: str) -> str:
        """The name of a generated page in this build (``systems/x.md`` or ``systems/x.sv.md``)."""
        if not self.suffix or not src.endswith(".md"):
            return src
        return f"{src[:-3]}.{self.suffix}.md"


def _i18n(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("i18n")
    return plugin if plugin is not None and hasattr(plugin, "default_language") else None


def current(config: MkDocsConfig, configured: str | None) -> Languages:
    """The language of this build: the i18n plugin's current one, else the plugin setting (or the register's)."""
    i18n = _i18n(config)
    if i18n is None:
        return Languages(configured)
    default = i18n.default_language
    language = i18n.current_language or default
    built = tuple(i18n.build_languages)
    if language == default:
        return Languages(language, default=default, all=built)
    return Languages(language, prefix=f"{language}/", suffix=language, writes_open_data=False, default=default, all=built)


def describe(file: Any, src: str, languages: Languages, config: MkDocsConfig) -> None:
    """Give a generated page what the i18n plugin reads from its own files: its language and its other languages'
    addresses (for the language menu, which then leads to the same page, and for the sitemap's hreflang links)."""
    if not languages.all:
        return
    file.locale = file.locale_alternate_of = languages.language
    file.localization = languages.suffix or None
    file.norm_src_uri = src
    file.default_language = languages.default
    layout = Layout(config.use_directory_urls)
    file.alternates = {code: (file if code == languages.language else
                              _Alternate(("" if code == languages.default else f"{code}/") + layout.url(src)))
                       for code in languages.all}


def list_for_sitemap(config: MkDocsConfig, files: list[Any]) -> None:
    """Add the generated pages to the i18n plugin's list of this language's pages (its sitemap reads it)."""
    i18n = _i18n(config)
    if i18n is not None and files:
        i18n.i18n_files_per_language.setdefault(i18n.current_language or i18n.default_language, []).extend(files)


def _titles(nav: Any) -> list[str]:
    """Every title of a ``nav`` setting (a list of ``{title: page or list}`` entries)."""
    found: list[str] = []
    for item in nav or ():
        if isinstance(item, dict):
            for title, value in item.items():
                found.append(str(title))
                if isinstance(value, list):
                    found += _titles(value)
    return found


def translate_menu(config: MkDocsConfig) -> None:
    """Give each language of the i18n plugin the menu titles of ``mkdocs.yml`` in that language (titles a city set
    itself under ``nav_translations`` are kept)."""
    i18n = _i18n(config)
    if i18n is None or not config.nav:
        return
    titles = _titles(config.nav)
    for language in i18n.config.languages:
        found = nav_translations(titles, language.locale)
        language.nav_translations = {**found, **(language.nav_translations or {})}


def share_sitemap(site_dir: Path, languages: Languages) -> None:
    """Copy the site's sitemap (every language's pages, with their hreflang links) into each language's folder,
    where the theme's language menu looks for it to keep the reader on the same page."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        source = site_dir / name
        if source.is_file():
            for code in languages.all:
                if code != languages.default and (site_dir / code).is_dir():
                    shutil.copyfile(source, site_dir / code / name)


def install_texts(env: Any, t: Any, frame: Any) -> None:
    """Give the theme's Jinja environment ``_``/``ngettext`` from the translator ``t`` and the page frame as ``air``."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(t.gettext, t.ngettext, newstyle=True)
    env.globals["air"] = frame


def not_found_alternates(html: str, site_url: str | None, languages: Languages) -> str:
    """The 404 page, shown at any address, names each language's home from the site's root (as its theme links do)."""
    root = (urlparse(site_url).path if site_url else "/") or "/"
    return alternates_to_homes(html, "", languages, root.rstrip("/") + "/")


def keep_not_found_page(site_dir: Path, languages: Languages, default_page: bytes | None) -> bytes | None:
    """Keep the default language's 404 page at the site's root (the page a host shows for any missing address).

    Each language's build writes ``404.html`` at the root; a later language's page is moved into its folder
    (``sv/404.html``) and the default language's page, kept from its build, is put back. Returns the page to keep.
    """
    page = site_dir / "404.html"
    if not page.is_file():
        return default_page
    if languages.prefix == "":  # the default language: its page stays at the root
        return page.read_bytes()
    (site_dir / languages.prefix).mkdir(parents=True, exist_ok=True)
    shutil.move(str(page), str(site_dir / languages.prefix / "404.html"))
    if default_page is not None:
        page.write_bytes(default_page)
    return default_page


_MENU_ABSOLUTE = re.compile(r'<a href="/[^"]*" hreflang="([A-Za-z-]+)" class="md-select__link">')
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([A-Za-z-]+)">')


def alternates_to_homes(html: str, page_url: str, languages: Languages, root: str | None = None) -> str:
    """Point the ``<link rel="alternate" hreflang>`` tags of a page at each language's home page (``sv/index.html``).

    The language menu itself links to the same page in each language (so it works without JavaScript). The
    theme's script reads the head's alternates as language roots and fetches their ``sitemap.xml`` (one is in each
    language folder, see ``share_sitemap``); a link to a page there would make it fetch a sitemap that does not exist.
    """
    if not languages.all:
        return html
    up = root if root is not None else "../" * page_url.count("/")  # root: for a page shown at any address (404)

    def home(match: re.Match) -> str:
        code = match.group(1)
        folder = "" if code == languages.default else f"{code}/"
        return f'<link rel="alternate" href="{up}{folder}index.html" hreflang="{code}">'

    def menu_home(match: re.Match) -> str:  # the home pages' menu: relative, so the site works under any address
        code = match.group(1)
        folder = "" if code == languages.default else f"{code}/"
        return f'<a href="{up}{folder or "./"}" hreflang="{code}" class="md-select__link">'

    head, _, body = html.partition("</head>")
    if not body:
        return html
    return _HEAD_ALTERNATE.sub(home, head) + "</head>" + _MENU_ABSOLUTE.sub(menu_home, body)
