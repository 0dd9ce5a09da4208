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

Messages made before anyone knows who will read them (the problems the checks
find, read by the command line in a language chosen later) are made with
``L_("{value} is not one of: {choices}", value=..., choices=...)`` (``Ln_`` for
counts): a ``Text`` is the English message, which it also is as a string, and
remembers how it was made, so ``told(text, translator("fi"))`` says it in Finnish.
``interface_language`` chooses the language of the command line.
"""
from __future__ import annotations

import datetime as dt
import re
import functools
import io
import os
from dataclasses import dataclass
from typing import Any, Mapping
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

    def every(self, items: list[str]) -> str:
        """Texts as one list in this language (``A, B and C``, ``A, B ja C``)."""
        return format_list(list(items), style="standard", locale=_locale(self.language)) if items else ""

    def language_name(self, code: str) -> str:
        """The name of a language in this language (``ruotsi`` for ``sv`` on a Finnish page)."""
        names = _locale(self.language).languages
        return names.get(code.replace("-", "_")) or names.get(base_language(code)) or code

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=_locale(self.language))

    def decimal(self, value: float, digits: int) -> str:
        """A number with exactly ``digits`` decimals, with this language's decimal sign (``0,25`` in Finnish)."""
        return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=_locale(self.language))


@functools.lru_cache(maxsize=32)
def translator(language: str) -> Translator:
    """The translator for a register language code (``fi``, ``sv``, ``sv-FI``, ``en``)."""
    return Translator(language)


class Text(str):
    """A message that is English as a string and can be told in another language later (made by ``L_``/``Ln_``).

    ``params`` fill the ``{name}`` placeholders; a parameter that is itself a ``Text`` is told in the same
    language, any other value (record text, a file name) is shown as it is.
    """

    msgid: str
    plural: str | None
    count: int | None
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None, plural: str | None = None,
                count: int | None = None) -> "Text":
        params = dict(params or {})
        if plural is not None:
            params.setdefault("count", count)
        english = cls._finish(_fill(msgid if plural is None or count == 1 else plural, params))
        text = super().__new__(cls, english)
        text.msgid, text.plural, text.count, text.params = msgid, plural, count, params
        return text

    def __reduce__(self):  # keeps what it was made of when passed between processes
        return (type(self), (self.msgid, self.params, self.plural, self.count))

    @staticmethod
    def _finish(text: str) -> str:
        return text

    def told(self, translator: "Translator") -> str:
        if self.plural is not None:
            template = translator.ngettext(self.msgid, self.plural, self.count or 0)
        else:
            template = translator.gettext(self.msgid)
        params = {key: told(value, translator) for key, value in self.params.items()}
        try:
            return self._finish(_fill(template, params))
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: English rather than nothing
            return str(self)


class Clause(Text):
    """A whole sentence used inside another one: told without its final full stop."""

    @staticmethod
    def _finish(text: str) -> str:
        return text.rstrip(".")


class Joined(Text):
    """Several messages (``Text`` or plain strings) shown as one, with ``separator`` between them (``"; "``, a new
    line): each part is told in the reader's language, the separator stays as it is. ``parts`` keeps them apart."""

    parts: tuple[Any, ...]
    separator: str

    def __new__(cls, parts: Any, separator: str = "; ") -> "Joined":
        parts = tuple(parts)
        text = str.__new__(cls, separator.join(str(part) for part in parts))
        text.msgid, text.plural, text.count, text.params = str(text), None, None, {}
        text.parts, text.separator = parts, separator
        return text

    def __reduce__(self):
        return (type(self), (self.parts, self.separator))

    def told(self, translator: "Translator") -> str:
        return self.separator.join(str(told(part, translator)) for part in self.parts)


def joined(parts: Any, separator: str = "; ") -> Any:
    """``parts`` (messages, empty ones left out) as one message with ``separator`` between them; a single part as it
    is; None when there is none."""
    found = [part for part in parts if part]
    if not found:
        return None
    return found[0] if len(found) == 1 else Joined(found, separator)


def lines_of(message: Any) -> list[Any]:
    """The messages a message joined with new lines was made of (each a ``Text`` where it was one), else its lines."""
    if isinstance(message, Joined) and message.separator == "\n":
        return [line for part in message.parts for line in lines_of(part)]
    if isinstance(message, Text) or not message:
        return [message] if message else []
    return str(message).split("\n")


class Listing(Text):
    """Several messages as one list, told in the reader's language: ``A, B and C`` (or ``A, B or C``)."""

    def __new__(cls, items: list[Any], style: str = "and") -> "Listing":
        items = list(items)
        english = format_list([str(item) for item in items], style="or" if style == "or" else "standard",
                              locale="en") if items else ""
        text = str.__new__(cls, english)
        text.msgid, text.plural, text.count, text.params = english, None, None, {}
        text.items, text.style = items, style
        return text

    def __reduce__(self):
        return (type(self), (self.items, self.style))

    def told(self, translator: "Translator") -> str:
        words = [told(item, translator) for item in self.items]
        return translator.either(words) if self.style == "or" else translator.every(words)


def _fill(template: str, params: Mapping[str, Any]) -> str:
    return template.format(**params) if params else template


def L_(message: str, **params: Any) -> Text:
    """A message to be told later in the reader's language; ``{name}`` placeholders are filled from ``params``."""
    return Text(message, params)


def Ln_(singular: str, plural: str, count: int, **params: Any) -> Text:
    """Like ``L_``, with a singular and a plural form chosen by ``count`` (also the ``{count}`` placeholder)."""
    return Text(singular, params, plural, count)


def told(value: Any, translator: "Translator") -> Any:
    """``value`` in the translator's language when it is a ``Text``; anything else as it is."""
    return value.told(translator) if isinstance(value, Text) else value


# The environment variables that name the language a person wants their programs in, as gettext reads them.
# LANG is left out on purpose: it is the computer's general setting (C.UTF-8 on most servers and CI runners,
# en_US where an installer chose it), a weaker sign than the language the register is written in.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES")


def _wanted(value: str) -> list[str]:
    """The catalog languages a gettext variable names (``sv_FI.UTF-8`` -> ``sv``; ``LANGUAGE=fi:en`` -> fi, en)."""
    out = []
    for item in value.split(":"):
        code = base_language(item.split(".")[0].split("@")[0]) if item else ""
        if code and code not in ("c", "posix") and code in catalog_languages():
            out.append(code)
    return out


def interface_language(requested: str | None = None, register_default: str | None = None,
                       environ: Mapping[str, str] | None = None) -> str:
    """The language the command line speaks: ``--language``; else the first catalog language named by
    LANGUAGE, LC_ALL or LC_MESSAGES; else the register's default language (if there is a catalog for it); else English."""
    if requested:
        return base_language(requested)
    environ = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        found = _wanted(environ.get(name, ""))
        if found:
            return found[0]
    if register_default and base_language(register_default) in catalog_languages():
        return base_language(register_default)
    return SOURCE_LANGUAGE
