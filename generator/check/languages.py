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
from generator.core.i18n import L_, Ln_, Text
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


class LanguageName(Text):
    """The name of a language, told in the reader's language by Babel (``pohjoissaame`` for ``se`` in Finnish)."""

    def told(self, translator) -> str:
        return translator.language_name(self.params["code"])


def named_language(code: str) -> LanguageName:
    return LanguageName(language_name(code) or code, {"code": code})


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
    return L_("'{code}' ({name})", code=code, name=named_language(code)) if language_name(code) else f"'{code}'"


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
            message = L_("'{code}' is not a language code (did you mean '{guess}', {name}?)", code=code, guess=guess,
                         name=named_language(guess)) if guess else L_("'{code}' is not a language code", code=code)
            out.append(Problem(doc.file, pos.line, pos.column, field, message,
                               L_("Use a language code such as fi, sv, en, nl or fr (ISO 639-1)."), Severity.ERROR, "language"))
        elif code in OFTEN_MEANT and OFTEN_MEANT[code] != code:
            meant = OFTEN_MEANT[code]
            out.append(Problem(doc.file, pos.line, pos.column, field,
                               L_("{code} is a language code, but it is often written by mistake for {meant}",
                                  code=_named(code), meant=_named(meant)),
                               L_("If you mean {name}, write '{code}'.", name=named_language(meant), code=meant),
                               Severity.WARNING, "language-suspicious"))
    published = set(LanguagePolicy.from_config(data).languages)
    for index, code in enumerate(data.get("required_languages") or () if isinstance(data.get("required_languages"), list) else ()):
        if isinstance(code, str) and code not in published:
            pos = doc.position(("required_languages", index))
            out.append(Problem(doc.file, pos.line, pos.column, "required_languages",
                               L_("'{code}' is required but is not one of the register's languages ({languages})", code=code,
                                  languages=", ".join(sorted(published))),
                               L_("Add '{code}' to languages, or remove it from required_languages.", code=code),
                               Severity.ERROR, "language"))
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
                out.append(Problem(doc.file, pos.line, pos.column, "languages", L_("'{code}' is not a language code", code=code),
                                   L_("Did you mean '{guess}'? Write '{guess}' here and in the texts.", guess=guess) if guess else
                                   L_("Use one of the register's languages: {languages}.", languages=", ".join(policy.languages)),
                                   Severity.ERROR, "language"))
            elif guess:  # a real language, but the register publishes in a similar one: most likely a slip
                out.append(Problem(doc.file, pos.line, pos.column, "languages",
                                   L_("{code} is not one of the register's languages ({languages})", code=_named(code),
                                      languages=", ".join(policy.languages)),
                                   L_("Did you mean {named}? Write '{guess}' here and in the texts.", named=_named(guess),
                                      guess=guess),
                                   Severity.WARNING, "language-suspicious"))
    lacking = [code for code in policy.required if code not in declared_codes]
    if lacking:
        pos = doc.position(("languages",)) if isinstance(declared, list) else doc.position(())
        out.append(Problem(doc.file, pos.line, pos.column, "languages",
                           L_("this register requires every record in {required} (required_languages in register.yaml), but "
                              "this record is not in {lacking}", required=", ".join(policy.required), lacking=", ".join(lacking)),
                           Ln_("Add {languages} to 'languages:' and give each text in that language.",
                               "Add {languages} to 'languages:' and give each text in those languages.", len(lacking),
                               languages=", ".join(lacking)), Severity.ERROR,
                           "translation-required"))
    return out
