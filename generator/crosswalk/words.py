"""The words an export adds to a standard's values, in the language of the texts it exports.

Where an export puts several record fields into one field of a standard, it adds a few words of its own: a heading
(“Benefits”), a label before a value (“Level of human oversight: …”), a fixed sentence (“Not applicable: the system
uses no personal data.”). These come from the catalogs, in the language the export takes the record's texts in, so a
Finnish record reads Finnish throughout and a Dutch one reads Dutch:

- most standards take a record's texts in its main language (``System.main_language``);
- the Dutch Algorithm Register (``nl-1.0``) takes them in Dutch when the record has Dutch, else in its main language
  (``nl_rules.language``).

Headings that name a field of the record are the schema's titles (the catalogs already hold them); the other words
are ``L_`` messages in the standard's module or texts of its mapping file (``core/catalogs.py`` collects both). A
language with no catalog gets English. The machine values of a standard (its codes, the values its closed lists
define, column names) are never translated.
"""
from __future__ import annotations

from typing import Any

from generator.core.i18n import L_, told, translator


def said(message: Any, language: str) -> str:
    """``message`` (an ``L_`` message, or an English text the catalogs hold) in ``language``."""
    if message is None or message == "":
        return ""
    return str(told(message if hasattr(message, "told") else L_(str(message)), translator(language)))


def language_of(source: Any) -> str:
    """The language most standards take a record's texts in: the record's main language."""
    return source.system.main_language


def heading(source: Any, path: str, language: str | None = None) -> str:
    """The schema's title of the field ``path`` (a ``mapping.Source``'s schema) in ``language`` (default: the record's
    main language); the path itself when the schema lacks the field."""
    info = source.info(path)
    return said(info.title, language or language_of(source)) if info else path


def choice(source: Any, path: str, value: str, language: str | None = None) -> str:
    """The label of the choice ``value`` of ``path`` in ``language`` (default: the record's main language); the value
    itself when the schema has no label for it."""
    info = source.info(path)
    if info is None or value not in info.labels:
        return value
    return said(info.labels[value], language or language_of(source))


def lowered(text: str) -> str:
    """A label used inside a sentence: its first letter in lower case (“Fully automated” -> “fully automated”)."""
    return text[:1].lower() + text[1:]
