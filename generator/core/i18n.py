"""Interface text in the reader's language: gettext message catalogs, read with Babel, and dates per locale.

Every sentence, label and button the register shows (pages, exports' web pages,
the texts of the schema: field titles, help, choice labels) is written in
English in the code, the templates and the schema, and translated in one
catalog per language: ``generator/locale/<language>/LC_MESSAGES/airegister.po``.
The catalogs are plain gettext files that translators can edit with any PO
editor; they are read directly (no compiled ``.mo`` files in the repository).
``make messages`` collects the texts from the code, the templates and the schema
and adds new ones to every catalog; a test fails when a catalog lacks a text or
keeps one that nothing uses.

Code asks a ``Translator`` for a language (``translator("fi")``) and passes it
on explicitly; templates get the same object's ``gettext``/``ngettext``.
"""
from __future__ import annotations

import datetime as dt
import re
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "airegister"
SOURCE_LANGUAGE = "en"  # the language the texts are written in, in the code, the templates and the schema


def N_(message: str) -> str:
    """Marks a text for the message catalogs where it is written; it is translated where it is shown."""
    return message


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=1)
def catalog_languages() -> tuple[str, ...]:
    """The languages the interface is available in: English and every language with a catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


def base_language(code: str) -> str:
    """``sv`` for ``sv-FI``: the catalog and locale data to use for a register language code."""
    return code.replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=32)
def _translations(language: str) -> NullTranslations:
    path = catalog_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a text marked fuzzy is not yet checked: English is shown
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


# Locale data for a bare language code where the language's default region writes dates differently from
# European public bodies: "1 March 2023", not "March 1, 2023".
REGIONAL_DEFAULTS = {"en": "en_GB"}


@functools.lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    code = language.replace("-", "_")
    try:
        return Locale.parse(REGIONAL_DEFAULTS.get(code, code))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)


@dataclass(frozen=True)
class Translator:
    """The interface texts, dates and numbers of one language."""

    language: str

    @property
    def catalog_language(self) -> str:
        return base_language(self.language)

    @property
    def has_catalog(self) -> bool:
        return self.catalog_language in catalog_languages()

    def gettext(self, message: str) -> str:
        return _translations(self.catalog_language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return _translations(self.catalog_language).ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return _translations(self.catalog_language).pgettext(context, message)

    def date(self, value: dt.date | str | None, form: str = "long") -> str:
        """A date as people of this language write it (``4 December 2026``, ``4. joulukuuta 2026``).

        A month (``2021-09``) or a year (``2023``), for a date known only that precisely, is shown as such."""
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):  # a month: "September 2021", not an invented day
                return self.month(value)
            if re.fullmatch(r"[0-9]{4}", value):  # a year
                return format_date(dt.date(int(value), 1, 1), format="y", locale=_locale(self.language))
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value
        return format_date(value, format=form, locale=_locale(self.language))

    def month(self, value: str) -> str:
        """A year and month (``2023-03``) as this language writes it (``March 2023``, ``maaliskuu 2023``)."""
        try:
            day = dt.date(int(value[:4]), int(value[5:7]), 1)
        except (ValueError, IndexError):
            return value
        return format_date(day, format="LLLL y", locale=_locale(self.language))

    def either(self, items: list[str]) -> str:
        """Texts as one choice in this language (``A, B or C``, ``A, B tai C``)."""
        return format_list(list(items), style="or", locale=_locale(self.language)) if items else ""

    def language_name(self, code: str) -> str:
        """The name of a language in this language (``ruotsi`` for ``sv`` on a Finnish page)."""
        names = _locale(self.language).languages
        return names.get(code.replace("-", "_")) or names.get(base_language(code)) or code

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=_locale(self.language))


@functools.lru_cache(maxsize=32)
def translator(language: str) -> Translator:
    """The translator for a register language code (``fi``, ``sv``, ``sv-FI``, ``en``)."""
    return Translator(language)
