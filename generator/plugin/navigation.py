"""The site menu in the reader's language: the titles of the menu in ``mkdocs.yml`` are looked up in the catalogs.

A city writes its menu once, in English, in ``mkdocs.yml``; on a page in
another language each title is shown from the message catalogs when they have
it (the titles below are in the catalogs; a city's own titles may be added to
them). A title the catalogs do not have stays as written.
"""
from __future__ import annotations

from generator.core.i18n import N_, translator

# The menu titles of a new register (airegister init) and of the example register.
TITLES = (
    N_("Home"), N_("All systems"), N_("Departments"), N_("City domains"), N_("About this register"),
    N_("Field reference"), N_("For auditors"), N_("Open data"), N_("Recent changes"), N_("Readiness and quality"),
    N_("Exports to other standards"), N_("Dutch Algorithm Register 1.0"), N_("Eurocities 0.3.1"), N_("UK ATRS 3.0"),
    N_("EU AI Act Annex VIII C"), N_("NYC Local Law 35"), N_("US federal inventory 2025"), N_("For city staff"),
    N_("Add or update an entry"), N_("Start your city's register"), N_("For maintainers"), N_("Command reference"),
    N_("How the engine is organised"), N_("How the website is built"), N_("What the schema annotations mean"),
    N_("Performance"), N_("Registers of several organisations"), N_("Shared systems"),
)


def nav_translations(titles: list[str], language: str) -> dict[str, str]:
    """Title -> the title in ``language``, for every title the catalogs translate."""
    t = translator(language)
    return {title: t.gettext(title) for title in titles if t.gettext(title) != title}
