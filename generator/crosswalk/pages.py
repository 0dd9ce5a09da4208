"""Web pages that some exports publish (such as the NYC report), from Jinja templates in ``templates/``.

Autoescaping is on for every template: a record's text can never become markup.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


def render_page(template: str, **context: Any) -> str:
    """The page ``template`` filled in with ``context`` (every value escaped)."""
    return _environment().get_template(template).render(**context)
