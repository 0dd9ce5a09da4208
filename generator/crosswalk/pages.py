"""Web pages that some exports publish (such as the NYC report), from Jinja templates in ``templates/``, in the
register's default language.

Autoescaping is on for every template: a record's text can never become markup. Every page carries a
Content-Security-Policy that allows nothing from elsewhere and no script but the page's own style block.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from generator.core.csp import add_policy
from generator.core.i18n import translator

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=16)
def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    t = translator(language)
    env.install_gettext_callables(t.gettext, t.ngettext, newstyle=True, pgettext=t.pgettext)  # type: ignore[attr-defined]
    env.filters["gettext"] = t.gettext
    env.filters["month"] = t.month
    return env


def render_page(template: str, language: str, **context: Any) -> str:
    """The page ``template`` in ``language`` (its words from the message catalogs), filled in with ``context``
    (every value escaped)."""
    html = _environment(language).get_template(template).render(language=language, **context)
    return add_policy(html, inline_styles=True) if template.endswith(".html.j2") else html
