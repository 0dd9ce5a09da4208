"""The frame around every page (header, skip link, footer, the 404 page): the theme files that replace some of the
Material theme's, and what they show of the register.

The files in ``theme/`` are Jinja templates of the theme, read before the theme's own (a city's ``custom_dir``
still comes first, so a city can override them too). They get the interface texts (``_``) and a ``Frame``: the
city's name and contact, and the addresses of the pages the footer and the 404 page link to, in the page's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core import layout
from generator.model.objects import Registry

THEME = Path(__file__).resolve().parent / "theme"


@dataclass(frozen=True)
class Frame:
    """What the theme's frame shows of the register, in one language."""

    organisation: str = field(metadata={"help": "The name of the organisation that keeps the register."})
    contact_email: str = field(metadata={"help": "The register's general mailbox."})
    links: dict[str, str] = field(metadata={
        "help": "Site-relative addresses (for the theme's url filter) of home, browse, about, accessibility, privacy, open_data."})


def frame(registry: Registry, language: str, page_layout: layout.Layout) -> Frame:
    register = registry.register
    pages = {"home": layout.HOME, "browse": layout.BROWSE, "about": layout.ABOUT, "accessibility": layout.ACCESSIBILITY,
             "privacy": layout.PRIVACY, "open_data": layout.OPEN_DATA}
    return Frame(
        organisation=register.text(register.data["organisation"]["name"], language) or "",
        contact_email=register.data["contact"]["email"],
        links={key: page_layout.url(src) or "./" for key, src in pages.items()},
    )
