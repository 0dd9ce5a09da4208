"""Language rules: which languages a register and its records may use, and which translations are required.

A register lists its languages (``languages``, default first) and may require
some of them in every text (``required_languages``): a missing translation in a
required language is then an error, elsewhere a warning. Codes are checked
against the languages Babel knows; a code that is real but often written by
mistake (``se``, the code of Northern Sami, for Swedish ``sv``) gets a warning
that names both. A record whose language code is no language at all, or looks like
a slip for one of the register's languages, gets one message at its
``languages`` line, with a suggestion — not one message per text. (A record in
another real language, such as one imported from a Dutch register, is allowed.)
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from generator.core.errors import Problem, Severity
from generator.load.yamlload import Document

# Real language codes that are often written for another language (usually a country code used by mistake).
OFTEN_MEANT = {"se": "sv", "dk": "da", "gr": "el", "cz": "cs", "jp": "ja", "cn": "zh", "ee": "et", "ua": "uk",
               "si": "sl", "kr": "ko", "gb": "en", "us": "en", "at": "de", "al": "sq", "by": "be", "ge": "ka",
               "ir": "fa", "il": "he", "in": "hi", "rs": "sr", "vn": "vi"}


@dataclass(frozen=True)
class LanguagePolicy:
    """The register's languages (default first) and the ones every text must have."""

    default: str = "en"
    languages: tuple[str, ...] = ("en",)
    required: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, data: Any) -> "LanguagePolicy":
        data = data if isinstance(data, dict) else {}
        default = data.get("default_language") if isinstance(data.get("default_language"), str) else "en"
        listed = [c for c in data.get("languages") or () if isinstance(c, str)] if isinstance(data.get("languages"), list) else []
        required = [c for c in data.get("required_languages") or () if isinstance(c, str)] \
            if isinstance(data.get("required_languages"), list) else []
        return cls(default, tuple(dict.fromkeys([default, *listed])), tuple(required))


@functools.lru_cache(maxsize=256)
def language_name(code: str) -> str | None:
    """The English name of a language code (``Northern Sami`` for ``se``), or None when Babel does not know it."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    return locale.get_display_name("en")


@functools.lru_cache(maxsize=1)
def _known_codes() -> tuple[str, ...]:
    return tuple(sorted(code for code in get_global("language_aliases").keys() | _languages() if len(code) <= 3))


def _languages() -> set[str]:
    return set(Locale("en").languages)


def suggestion(code: str, candidates: tuple[str, ...] | list[str]) -> str | None:
    """The code that was probably meant: a well-known confusion, else the closest of ``candidates``."""
    meant = OFTEN_MEANT.get(code)
    if meant and meant != code and (not candidates or meant in candidates):
        return meant
    close = difflib.get_close_matches(code, list(candidates), n=1, cutoff=0.5)
    return close[0] if close else None


def _named(code: str) -> str:
    name = language_name(code)
    return f"'{code}' ({name})" if name else f"'{code}'"


def config_language_problems(doc: Document) -> list[Problem]:
    """Codes in register.yaml that are unknown or likely mistaken, and required languages that are not published."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out: list[Problem] = []
    entries: list[tuple[tuple, str]] = []
    if isinstance(data.get("default_language"), str):
        entries.append((("default_language",), data["default_language"]))
    for key in ("languages", "required_languages"):
        if isinstance(data.get(key), list):
            entries += [((key, i), c) for i, c in enumerate(data[key]) if isinstance(c, str)]
    seen: set[str] = set()
    for path, code in entries:
        if code in seen:
            continue
        seen.add(code)
        pos = doc.position(path)
        field = ".".join(str(p) for p in path[:1])
        if language_name(code) is None:
            guess = suggestion(code, _known_codes())
            out.append(Problem(doc.file, pos.line, pos.column, field, f"'{code}' is not a language code" +
                               (f" (did you mean '{guess}', {language_name(guess)}?)" if guess else ""),
                               "Use a language code such as fi, sv, en, nl or fr (ISO 639-1).", Severity.ERROR, "language"))
        elif code in OFTEN_MEANT and OFTEN_MEANT[code] != code:
            meant = OFTEN_MEANT[code]
            out.append(Problem(doc.file, pos.line, pos.column, field,
                               f"{_named(code)} is a language code, but it is often written by mistake for "
                               f"{_named(meant)}", f"If you mean {language_name(meant)}, write '{meant}'.",
                               Severity.WARNING, "language-suspicious"))
    published = set(LanguagePolicy.from_config(data).languages)
    for index, code in enumerate(data.get("required_languages") or () if isinstance(data.get("required_languages"), list) else ()):
        if isinstance(code, str) and code not in published:
            pos = doc.position(("required_languages", index))
            out.append(Problem(doc.file, pos.line, pos.column, "required_languages",
                               f"'{code}' is required but is not one of the register's languages ({', '.join(sorted(published))})",
                               f"Add '{code}' to languages, or remove it from required_languages.", Severity.ERROR, "language"))
    return out


def record_language_problems(doc: Document, policy: LanguagePolicy) -> list[Problem]:
    """One error per language a record declares that the register does not publish, and per required language it lacks."""
    data = doc.data if isinstance(doc.data, dict) else {}
    declared = data.get("languages")
    if not isinstance(declared, list):
        declared_codes = [policy.default]
    else:
        declared_codes = [c for c in declared if isinstance(c, str)]
    out: list[Problem] = []
    if isinstance(declared, list):
        for index, code in enumerate(declared):
            if not isinstance(code, str) or code in policy.languages:
                continue
            pos = doc.position(("languages", index))
            guess = suggestion(code, policy.languages)
            if language_name(code) is None:
                out.append(Problem(doc.file, pos.line, pos.column, "languages", f"'{code}' is not a language code",
                                   f"Did you mean '{guess}'? Write '{guess}' here and in the texts." if guess else
                                   f"Use one of the register's languages: {', '.join(policy.languages)}.",
                                   Severity.ERROR, "language"))
            elif guess:  # a real language, but the register publishes in a similar one: most likely a slip
                out.append(Problem(doc.file, pos.line, pos.column, "languages",
                                   f"{_named(code)} is not one of the register's languages ({', '.join(policy.languages)})",
                                   f"Did you mean {_named(guess)}? Write '{guess}' here and in the texts.",
                                   Severity.WARNING, "language-suspicious"))
    lacking = [code for code in policy.required if code not in declared_codes]
    if lacking:
        pos = doc.position(("languages",)) if isinstance(declared, list) else doc.position(())
        out.append(Problem(doc.file, pos.line, pos.column, "languages",
                           f"this register requires every record in {', '.join(policy.required)} (required_languages in "
                           f"register.yaml), but this record is not in {', '.join(lacking)}",
                           f"Add {', '.join(lacking)} to 'languages:' and give each text in "
                           f"{'that language' if len(lacking) == 1 else 'those languages'}.", Severity.ERROR,
                           "translation-required"))
    return out
