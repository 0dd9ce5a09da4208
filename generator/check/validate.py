"""Checks on one file: the JSON Schema, plus content rules a schema cannot express.

``check_record`` and ``check_config`` take a loaded ``Document`` and return
problems; nothing is raised for bad input. Content rules:

- placeholders left from the template (``<...>``) must be replaced;
- links inside text may only use ``https:``, ``http:`` or ``mailto:``;
- translated texts must use the languages the record declares;
- e-mail addresses that look personal get a warning (registers publish roles).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.core.errors import Problem, Severity, field_path, shown
from generator.core.fields import FieldInfo, field_index, register_fields
from generator.core.i18n import L_, Ln_
from generator.check.languages import (LanguagePolicy, config_language_problems, record_language_problems,
                                       suggestion)
from generator.core.links import ALLOWED_SCHEMES, link_scheme
from generator.check.messages import MessageBuilder
from generator.core.schema import Schemas
from generator.load.yamlload import Document

PLACEHOLDER = re.compile(r"<[^<>\n]+>")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)", re.M)
_FUNCTIONAL_WORDS = {
    "info", "contact", "team", "office", "desk", "service", "services", "support", "help", "helpdesk", "register",
    "registry", "ai", "data", "privacy", "dpo", "admin", "city", "council", "department", "dept", "unit", "group",
    "centre", "center", "hub", "lab", "mail", "post", "feedback", "questions", "enquiries", "inquiries", "press",
    "media", "communications", "customer", "customers", "citizens", "residents", "public", "general", "noreply",
    "no-reply", "parking", "traffic", "mobility", "transport", "waste", "water", "energy", "environment", "health",
    "social", "safety", "security", "it", "ict", "digital", "finance", "audit", "legal", "housing", "education",
    "planning", "maintenance", "operations", "management", "board", "objections", "complaints", "appeals",
    # the words of shared mailboxes in the languages of the catalogs (a registry office, customer service, ...)
    "registrar", "secretariat", "postmaster", "webmaster", "library", "ombudsman", "archive", "archives",
    "kirjaamo", "palaute", "neuvonta", "asiakaspalvelu", "tietosuoja", "viestinta", "kaupunki", "kunta", "kirjasto",
    "palvelu", "palvelut", "registratur", "registrator", "kundtjanst", "kundservice", "stad", "kommun", "dataskydd",
    "bibliotek", "kansli", "gemeente", "loket", "secretariaat", "griffie", "klantcontact", "informatie", "postbus",
    "balie", "servicepunt", "poststelle", "buergerservice", "stadt", "rathaus", "datenschutz", "kanzlei",
    "servicecenter", "buergerbuero", "zentrale", "sekretariat", "accueil", "mairie", "courrier", "ville", "registro",
    "atencion", "ayuntamiento", "ajuntament", "informacio", "protocollo", "segreteria", "comune", "ufficio", "urp",
    "sportello",
}
# first.last, f.last, first_last: hyphenated words (parking-team) are almost always team mailboxes
_PERSONAL_LOCAL = re.compile(r"[a-z]+([._][a-z]+){1,2}")


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _schema_path(path: tuple) -> str:
    """A data path without list indexes, as used in the field index (``datasets.name``)."""
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _info_for(index: dict[str, FieldInfo], path: tuple) -> FieldInfo | None:
    """The field a value belongs to; a translation (``description.fi``) belongs to its text field."""
    return index.get(_schema_path(path)) or (index.get(_schema_path(path[:-1])) if path else None)


def schema_problems(doc: Document, schemas: Schemas, validator: Any, root: dict[str, Any]) -> list[Problem]:
    return MessageBuilder(schemas, doc, root).all_problems(validator.iter_errors(doc.data))


def _placeholder(doc: Document, path: tuple, value: str, info: FieldInfo | None) -> Problem:
    pos = doc.position(path)
    if info is not None and info.choices:
        hint = L_("Replace it (with the brackets) by one of: {choices}.", choices=", ".join(info.choices))
    else:
        hint = L_("Replace the text between < and > (and the brackets) with the real value.")
    return Problem(doc.file, pos.line, pos.column, field_path(path),
                   L_("still holds the template placeholder {value}", value=shown(value)), hint, Severity.ERROR, "placeholder")


def _link_problems(doc: Document, path: tuple, value: str, info: FieldInfo | None) -> list[Problem]:
    out = []
    if info is not None and info.kind in ("url", "email"):
        return out  # checked by the schema
    tag = _HTML_TAG.search(value) if "<" in value else None
    if tag and info is not None and info.kind in ("text", "markdown"):
        pos = doc.position(path)
        out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                           L_("contains HTML ({tag}), which the site shows as plain text", tag=shown(tag.group(), 40)),
                           L_("Remove the HTML. For emphasis, lists and links use the Markdown shown in the field reference."),
                           Severity.WARNING, "html"))
    # Only Markdown links become links on the site (HTML is shown as text), so only they are checked.
    for rx in (_MD_LINK, _AUTOLINK, _REF_DEF):
        for match in rx.finditer(value):
            target = match.group(1)
            if not target:
                continue
            scheme = link_scheme(target)
            if scheme in ALLOWED_SCHEMES:
                continue
            pos = doc.position(path)
            if scheme is None:
                message = L_("contains a link without https:// ({link})", link=shown(target))
                hint = L_("Write links in full, starting with https://, so they work wherever the record is shown.")
            else:
                message = L_("contains a link of a kind that is not allowed ({link})", link=shown(target))
                hint = L_("Links may only start with https://, http:// or mailto:. Remove the link or replace it with a web "
                          "address.")
            out.append(Problem(doc.file, pos.line, pos.column, field_path(path), message, hint, Severity.ERROR, "link-scheme"))
            return out
    return out


def _language_problems(doc: Document, path: tuple, value: Any, declared: list[str],
                       required: tuple[str, ...] = (), whose: str = "record") -> list[Problem]:
    """Translated texts must use the record's languages and include its main language.

    A missing translation is a warning, or an error where the register requires the language.
    """
    out = []
    main = declared[0]
    pos = doc.position(path)
    record = whose == "record"
    if isinstance(value, str):
        if len(declared) > 1:
            strict = [lang for lang in declared[1:] if lang in required]
            listed = ", ".join(declared)
            if strict:
                message = L_("is written in '{main}' only, although the record lists {languages} in its languages and the "
                             "register requires {required}", main=main, languages=listed, required=", ".join(strict)) \
                    if record else L_("is written in '{main}' only, although the register lists {languages} in its languages "
                                      "and the register requires {required}", main=main, languages=listed,
                                      required=", ".join(strict))
            else:
                message = L_("is written in '{main}' only, although the record lists {languages} in its languages", main=main,
                             languages=listed) if record else \
                    L_("is written in '{main}' only, although the register lists {languages} in its languages", main=main,
                       languages=listed)
            out.append(Problem(doc.file, pos.line, pos.column, field_path(path), message,
                               L_("Give one text per language, for example '{main}: ...' and '{other}: ...' on separate lines.",
                                  main=main, other=declared[1]),
                               Severity.ERROR if strict else Severity.WARNING,
                               "translation-required" if strict else "translation-missing"))
        return out
    for lang in value:
        if lang not in declared:
            key_pos = doc.key_position(path + (lang,))
            out.append(Problem(doc.file, key_pos.line, key_pos.column, field_path(path + (lang,)),
                               L_("'{language}' is not one of this record's languages ({languages})", language=lang,
                                  languages=", ".join(declared)) if record else
                               L_("'{language}' is not one of this register's languages ({languages})", language=lang,
                                  languages=", ".join(declared)),
                               L_("Add '{language}' to 'languages:' at the top of the record, or remove this translation.",
                                  language=lang),
                               Severity.ERROR, "language-undeclared"))
    if main not in value:
        out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                           L_("has no text in the record's main language '{main}'", main=main) if record else
                           L_("has no text in the register's main language '{main}'", main=main),
                           L_("Add a line '{main}: ...' with the text in the main language.", main=main), Severity.ERROR,
                           "language"))
    for lang in declared[1:]:
        if lang not in value:
            if lang in required:
                out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                                   L_("has no '{language}' translation, and this register requires every text in '{language}' "
                                      "(required_languages in register.yaml)", language=lang),
                                   L_("Add '{language}: ...' with the translation.", language=lang), Severity.ERROR,
                                   "translation-required"))
            else:
                out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                                   L_("has no '{language}' translation, although the record lists '{language}' in its "
                                      "languages", language=lang) if record else
                                   L_("has no '{language}' translation, although the register lists '{language}' in its "
                                      "languages", language=lang),
                                   L_("Add '{language}: ...' with the translation.", language=lang), Severity.WARNING,
                                   "translation-missing"))
    return out


_LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")  # other keys are reported by the schema (propertyNames)


def _link_language_problems(doc: Document, path: tuple, value: dict[str, Any], allowed: tuple[str, ...]) -> list[Problem]:
    """An address per language may only use the register's languages (a missing one falls back to the main language's)."""
    out = []
    for lang in value:
        if not isinstance(lang, str) or lang in allowed or not _LANGUAGE_KEY.fullmatch(lang):
            continue
        pos = doc.key_position(path + (lang,))
        guess = suggestion(lang, allowed)
        out.append(Problem(doc.file, pos.line, pos.column, field_path(path + (lang,)),
                           L_("'{language}' is not one of this register's languages ({languages})", language=lang,
                              languages=", ".join(allowed)),
                           L_("Did you mean '{guess}'? Give each address under one of the register's languages.",
                              guess=guess) if guess else
                           L_("Give each address under one of the register's languages ({languages}), or remove this "
                              "line.", languages=", ".join(allowed)),
                           Severity.ERROR, "link-language"))
    return out


def _one_per_undeclared_language(problems: list[Problem]) -> list[Problem]:
    """A language used in many texts but not declared is one mistake: report it once, at its first use, with a count."""
    by_language: dict[str, list[Problem]] = {}
    out = []
    for problem in problems:
        if problem.code == "language-undeclared":
            by_language.setdefault(problem.field.rsplit(".", 1)[-1], []).append(problem)
        else:
            out.append(problem)
    for language, found in by_language.items():
        first = min(found, key=Problem.sort_key)
        if len(found) > 1:
            first = Problem(first.file, first.line, first.column, first.field,
                            Ln_("{problem}; it is used in {count} text of this record",
                                "{problem}; it is used in {count} texts of this record", len(found), problem=first.message),
                            first.hint, first.severity, first.code)
        out.append(first)
    return out


def looks_personal(address: str, functional: set[str]) -> bool:
    """Whether an e-mail address looks like a person's (first.last@) rather than a team mailbox."""
    address = address.lower()
    if address in functional:
        return False
    local = address.split("@", 1)[0]
    if not _PERSONAL_LOCAL.fullmatch(local):
        return False
    parts = re.split(r"[._]", local)
    return not any(part in _FUNCTIONAL_WORDS for part in parts)


def content_problems(doc: Document, index: dict[str, FieldInfo], declared: list[str] | None,
                     functional: set[str], required: tuple[str, ...] = (), whose: str = "record",
                     named_contacts: bool = False, published: tuple[str, ...] = ()) -> list[Problem]:
    """The content rules, in one pass over the record's values.

    ``declared`` is the record's languages (main first); ``None`` skips the
    language rules (for the register configuration). ``published`` is the
    register's languages, which a link with one address per language may use.
    """
    link_languages = tuple(dict.fromkeys([*published, *(declared or ())]))
    out: list[Problem] = []
    stack: list[tuple[tuple, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if path and declared is not None:
                info = index.get(_schema_path(path))
                if info is not None and info.multilingual:
                    out += _language_problems(doc, path, value, declared, required, whose)
                elif info is not None and info.per_language and link_languages:
                    out += _link_language_problems(doc, path, value, link_languages)
            stack.extend((path + (key,), child) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), child) for i, child in enumerate(value))
        elif isinstance(value, str):
            placeholder = value.lstrip().startswith("<") and PLACEHOLDER.fullmatch(value.strip())
            linky = "](" in value or "<" in value or "]:" in value
            email = "@" in value
            info = _info_for(index, path) if (placeholder or linky or email) else None
            if placeholder:
                out.append(_placeholder(doc, path, value, info))
            elif linky:
                out += _link_problems(doc, path, value, info)
            if (email and not named_contacts and info is not None and info.kind == "email"
                    and looks_personal(value, functional)):
                pos = doc.position(path)
                out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                                   L_("{address} looks like a personal e-mail address", address=shown(value)),
                                   L_("Registers publish roles, not people: use a team or department mailbox. If this is a "
                                      "team mailbox, list it under functional_mailboxes in register.yaml; if the register "
                                      "publishes named contacts on purpose, write named_contacts: true in register.yaml."),
                                   Severity.WARNING,
                                   "personal-email"))
            if _FULL_DATE.fullmatch(value) and not _real_date(value):
                info = index.get(_schema_path(path))
                if info is not None and info.partial_date:  # the pattern lets 2024-02-30 through; format: date would not
                    pos = doc.position(path)
                    out.append(Problem(doc.file, pos.line, pos.column, field_path(path),
                                       L_("{value} is not a valid date (YYYY-MM-DD)", value=shown(value)),
                                       L_("Write a date that exists, as YYYY-MM-DD; or only the month (YYYY-MM) or the year "
                                          "(YYYY) when the day is not known."), Severity.ERROR, "format"))
            if declared is not None and len(declared) > 1 and path:
                exact = index.get(_schema_path(path))  # not the parent: a translation (name.fi) is not a text field
                if exact is not None and exact.multilingual:
                    out += _language_problems(doc, path, value, declared, required, whose)
    return _one_per_undeclared_language(out)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Keep one problem per field and message; a placeholder explains every other error on its field."""
    placeholder_fields = {p.field for p in problems if p.code == "placeholder"}
    seen = set()
    out = []
    for problem in sorted(problems, key=Problem.sort_key):
        if problem.field in placeholder_fields and problem.code != "placeholder":
            continue
        key = (problem.field, problem.message, problem.severity)
        if key in seen:
            continue
        seen.add(key)
        out.append(problem)
    return out


def check_record(doc: Document, schemas: Schemas, policy: LanguagePolicy | str, functional: set[str] = frozenset(),
                 fast: bool = False, named_contacts: bool = False) -> list[Problem]:
    """Every single-file check of one record. ``fast`` first asks the compiled check (for large registers)."""
    if isinstance(policy, str):
        policy = LanguagePolicy(policy, (policy,))
    index = field_index(schemas)
    if fast and schemas.record_is_valid(doc.data):
        problems: list[Problem] = []
    else:
        problems = schema_problems(doc, schemas, schemas.record_validator, schemas.record)
    declared = doc.data.get("languages") if isinstance(doc.data.get("languages"), list) else None
    languages = [lang for lang in (declared or [policy.default]) if isinstance(lang, str)] or [policy.default]
    problems += record_language_problems(doc, policy)
    problems += content_problems(doc, index, languages, functional, policy.required, named_contacts=named_contacts,
                                 published=policy.languages)
    return _dedupe(problems)


class _KeyedIndex(dict):
    """A field index where entries of maps keyed by id (``departments.mobility.name``) find ``departments.*.name``."""

    def get(self, key: str, default: FieldInfo | None = None) -> FieldInfo | None:  # type: ignore[override]
        found = super().get(key)
        if found is None and key.count(".") >= 2:
            first, _, rest = key.partition(".")
            found = super().get(f"{first}.*.{rest.partition('.')[2]}")
        return found if found is not None else default


def check_config(doc: Document, schemas: Schemas) -> list[Problem]:
    """Every single-file check of the register configuration."""
    problems = schema_problems(doc, schemas, schemas.register_validator, schemas.register)
    policy = LanguagePolicy.from_config(doc.data)
    index = _KeyedIndex({f.dotted: f for top in register_fields(schemas) for f in top.walk()})
    problems += content_problems(doc, index, list(policy.languages), set(), policy.required, "register")
    problems += config_language_problems(doc)
    data = doc.data
    default = data.get("default_language")
    languages = data.get("languages")
    if isinstance(default, str) and isinstance(languages, list) and languages and languages[0] != default:
        pos = doc.position(("languages",))
        problems.append(Problem(doc.file, pos.line, pos.column, "languages",
                                L_("the default language '{language}' must be listed first", language=default),
                                L_("Start the list with '{language}', or change default_language.", language=default),
                                Severity.ERROR, "language"))
    return _dedupe(problems)
