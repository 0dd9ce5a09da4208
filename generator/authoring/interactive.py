"""``airegister new --interactive``: the required questions, one at a time, with the allowed choices.

The questions and their help text come from the schema; every answer is
checked at once, so the file that is written passes the register's checks.
Questions, help and choices are asked in the language of the ``Translator``
given (the command line's: the register's default language unless asked otherwise).
"""
from __future__ import annotations

import dataclasses

import re
import unicodedata
from typing import Any, Callable

from generator.check.checks import SAFE_NAME
from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import Translator, translator
from generator.core.meanings import LIFECYCLE, meanings
from generator.model.objects import Register
from generator.core.schema import Schemas

Ask = Callable[[str], str]
Say = Callable[[str], None]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def _too_long(answer: str, info: FieldInfo, t: Translator) -> str:
    return t.gettext("That is {length} characters; the limit is {limit}. Please shorten it.").format(
        length=len(answer), limit=info.max_length)


def _choose(info: FieldInfo, options: list[tuple[str, str]], ask: Ask, say: Say, t: Translator) -> str:
    """Pick one of ``options`` ((value, label) pairs) by number or by value."""
    say(f"\n{info.title}: {info.description}")
    for number, (value, label) in enumerate(options, start=1):
        say(f"  {number}. {label} ({value})" if label.lower() != value.lower() else f"  {number}. {label}")
    while True:
        answer = ask(t.gettext("Choose 1-{last}: ").format(last=len(options))).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][0]
        for value, label in options:
            if answer.lower() in (value.lower(), label.lower()):
                return value
        say(t.gettext("Please type a number from 1 to {last}.").format(last=len(options)))


def _choose_some(info: FieldInfo, options: list[tuple[str, str]], ask: Ask, say: Say, t: Translator) -> list[str]:
    """Pick any of ``options`` ((value, label) pairs) by numbers or values separated by commas; Enter picks none."""
    say(f"\n{info.title}: {info.description}")
    for number, (value, label) in enumerate(options, start=1):
        say(f"  {number}. {label} ({value})" if label.lower() != value.lower() else f"  {number}. {label}")
    while True:
        answer = ask(t.gettext("Choose any of 1-{last}, separated by commas (optional, Enter to skip): ").format(
            last=len(options))).strip()
        chosen: list[str] = []
        for part in filter(None, (p.strip() for p in answer.split(","))):
            found = options[int(part) - 1][0] if part.isdigit() and 1 <= int(part) <= len(options) else next(
                (value for value, label in options if part.lower() in (value.lower(), label.lower())), None)
            if found is None:
                say(t.gettext("Please type numbers from 1 to {last}, separated by commas.").format(last=len(options)))
                break
            chosen += [found] if found not in chosen else []
        else:
            return chosen


def _text(info: FieldInfo, ask: Ask, say: Say, t: Translator, check: Callable[[str], str | None] | None = None,
          default: str | None = None) -> str:
    say(f"\n{info.title}: {info.description}")
    if info.examples and isinstance(info.examples[0], str):
        say(t.gettext("For example: {example}").format(example=info.examples[0]))
    while True:
        prompt = f"{info.title} [{default}]: " if default else f"{info.title}: "
        answer = ask(prompt).strip() or (default or "")
        problem = None
        if not answer:
            problem = t.gettext("This answer is required.")
        elif info.max_length and len(answer) > info.max_length:
            problem = _too_long(answer, info, t)
        elif check is not None:
            problem = check(answer)
        if problem is None:
            return answer
        say(problem)


def _texts(info: FieldInfo, ask: Ask, say: Say, languages: list[str], t: Translator) -> Any:
    """A text in the register's default language (required), then in each other language (optional: Enter skips
    it, to be translated later). One language answered: a plain text; several: one text per language."""
    text = _text(info, ask, say, t)
    if len(languages) < 2:
        return text
    by_language = {languages[0]: text}
    for code in languages[1:]:
        prompt = t.gettext("{title} in {language} (optional, Enter to skip): ").format(title=info.title, language=code)
        answer = ask(prompt).strip()
        while answer and info.max_length and len(answer) > info.max_length:
            say(_too_long(answer, info, t))
            answer = ask(prompt).strip()
        if answer:
            by_language[code] = answer
    return by_language if len(by_language) > 1 else text


def _written_in(answers: dict[str, Any], languages: list[str]) -> list[str]:
    """The languages the answers are written in, the default first (for the record's ``languages``)."""
    found = {code for value in answers.values() if isinstance(value, dict) for code in value}
    return [code for code in languages if code in found or code == languages[0]]


def ask_required(schemas: Schemas, register: Register, ask: Ask, say: Say, existing_ids: set[str],
                 department: str | None = None, t: Translator | None = None) -> tuple[str, dict[str, Any]]:
    """Ask every required question (in the language of ``t``, by default the register's); returns the record id
    and the answers by dotted field path."""
    t = t or translator(register.default_language)
    index = field_index(schemas, t.language)
    checker = schemas.record_validator.format_checker
    answers: dict[str, Any] = {}
    say(t.gettext("A new record for the AI register. Answer each question; press Enter to accept a suggestion in "
                  "[brackets]."))
    languages = register.languages
    if len(languages) > 1:
        say(t.gettext("Texts are asked in {default} first; then you may give them in {others} too.").format(
            default=languages[0], others=", ".join(languages[1:])))
    answers["name"] = _texts(index["name"], ask, say, languages, t)
    first_name = answers["name"] if isinstance(answers["name"], str) else answers["name"][languages[0]]

    def id_problem(value: str) -> str | None:
        if not SAFE_NAME.fullmatch(value + ".yaml"):
            return t.gettext("Use lower-case letters a-z, digits and single hyphens, such as street-light-dimming.")
        if value in existing_ids:
            return t.gettext("The id '{id}' is already used by another record. Choose another.").format(id=value)
        return None

    record_id = _text(index["id"], ask, say, t, id_problem, _slug(first_name) or None)
    answers["summary"] = _texts(index["summary"], ask, say, languages, t)
    departments = register.departments
    if department in departments:
        answers["owner.department"] = department
    else:
        answers["owner.department"] = _choose(index["owner.department"],
                                              [(key, register.text(d.name, t.language) or key)
                                               for key, d in departments.items()], ask, say, t)
    if register.categories:  # the register's own categories: optional, offered when it has any
        info = index["categories"]  # asked by what the register calls them (category_title), if it says
        info = dataclasses.replace(info, title=register.text(register.category_title, t.language) or info.title)
        chosen = _choose_some(info, [(key, register.text(c.label, t.language) or key)
                                                    for key, c in register.categories.items()], ask, say, t)
        if chosen:
            answers["categories"] = chosen
    answers["contact.email"] = _text(index["contact.email"], ask, say, t,
                                     lambda v: None if checker.conforms(v, "email") else
                                     t.gettext("That is not an e-mail address."))
    answers["accountable.role"] = _texts(index["accountable.role"], ask, say, languages, t)
    status = index["status"]
    answers["status"] = _choose(status, [(v, status.label(v)) for v in status.choices], ask, say, t)
    classification = index["ai_act.classification"]
    answers["ai_act.classification"] = value = _choose(
        classification, [(v, classification.label(v)) for v in classification.choices], ask, say, t)
    meaning = meanings(schemas)
    if meaning.has("ai_act.classification", value, "ai-system"):
        role = index["ai_act.role"]
        answers["ai_act.role"] = _choose(role, [(v, role.label(v)) for v in role.choices], ask, say, t)
    if meaning.has("ai_act.classification", value, "high-risk"):
        area = index["ai_act.annex_iii_area"]
        answers["ai_act.annex_iii_area"] = _choose(area, [(v, area.label(v)) for v in area.choices], ask, say, t)
    # A status that must say why (x-reasons: retired, paused) also asks for its date (the first of its x-dates).
    reason_field = meaning.reason_field(answers["status"])
    if reason_field:
        for date_field in meaning.date_fields(answers["status"])[:1]:
            date_info = index[f"{LIFECYCLE}.{date_field}"]
            answers[date_info.dotted] = _text(date_info, ask, say, t,
                                              lambda v: None if checker.conforms(v, "date") or (
                                                  date_info.partial_date and re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", v))
                                              else t.gettext("Write the date as YYYY-MM-DD, or the month (YYYY-MM) or the "
                                                             "year (YYYY) if the day is not known.")
                                              if date_info.partial_date else t.gettext("Write the date as YYYY-MM-DD."))
        reason_info = index[f"{LIFECYCLE}.{reason_field}"]
        answers[reason_info.dotted] = _texts(reason_info, ask, say, languages, t)
    written = _written_in(answers, languages)
    if len(written) > 1:
        answers["languages"] = written
    return record_id, answers
