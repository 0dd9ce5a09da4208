"""What the issue form was made from, and which of it changed when the form is out of date.

The form depends on the schema and on four parts of ``register.yaml``: the departments (a dropdown), the
categories and what the register calls them (a multiple choice), and the languages (a text is asked once per
language, in the default language's words). The form's header records a short fingerprint of each
(``# Made from: schema=… departments=… categories=… languages=fi,sv,en``), so that ``validate`` and
``issue-form --check`` can say which of them changed since the form was written, not only that something did.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from generator.core.fields import field_index, sections
from generator.core.i18n import L_, Listing, Text
from generator.core.schema import Schemas
from generator.model.objects import Register

PARTS = ("schema", "departments", "categories", "languages")
PART_NAMES = {"schema": L_("the schema (the record format)"),
              "departments": L_("the departments in register.yaml"),
              "categories": L_("the categories in register.yaml"),
              "languages": L_("the languages in register.yaml")}
_LINE = re.compile(r"^# Made from: (.*)$", re.MULTILINE)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _schema_part(schemas: Schemas, language: str) -> list[Any]:
    """What the form takes from the schema: each field's words, kind, choices and rules, and the sections (not the
    annotations the form does not use, such as what the search leaves out or how an export maps a value)."""
    fields = [[info.dotted, info.title, info.description, info.kind, info.required, info.section, info.examples[:1],
               info.choices, info.labels, info.is_list, info.multilingual, info.per_language, info.max_length,
               [repr(condition) for condition in info.required_when]]
              for info in field_index(schemas, language).values()]
    return [fields, [[s.id, s.title, s.description] for s in sections(schemas, language)]]


def form_inputs(schemas: Schemas, register: Register) -> dict[str, str]:
    """A fingerprint of each part the form is made from, as the form shows it (names in the default language)."""
    return {
        "schema": _digest(_schema_part(schemas, register.default_language)),
        "departments": _digest([[key, register.text(d.name) or key] for key, d in register.departments.items()]),
        "categories": _digest([register.text(register.data.get("category_title")) or None,
                               [[key, register.text(c.label) or key] for key, c in register.categories.items()]]),
        "languages": ",".join(register.languages),
    }


def inputs_line(inputs: dict[str, str]) -> str:
    """The header line that records what the form was made from."""
    return "# Made from: " + " ".join(f"{part}={inputs[part]}" for part in PARTS) + "\n"


def recorded_inputs(text: str) -> dict[str, str] | None:
    """What a written form says it was made from; None for a form that does not say (written by an older version)."""
    match = _LINE.search(text)
    if match is None:
        return None
    pairs = (item.split("=", 1) for item in match.group(1).split())
    return {key: value for key, value in (pair for pair in pairs if len(pair) == 2)}


def stale_reason(current: str, expected: str, schemas: Schemas, register: Register) -> Text | None:
    """Why the written form ``current`` is out of date, naming what changed since it was written; None when it is
    what the form should be (``expected``)."""
    if current == expected:
        return None
    before = recorded_inputs(current)
    if before is None:
        return L_("the issue form is out of date; it does not record what it was made from, so any of these may have "
                  "changed: {changes}", changes=Listing([PART_NAMES[part] for part in PARTS], "or"))
    now = form_inputs(schemas, register)
    changed = [part for part in PARTS if before.get(part) != now[part]]
    if changed:
        return L_("the issue form is out of date; changed since it was written: {changes}",
                  changes=Listing([PART_NAMES[part] for part in changed]))
    return L_("the issue form differs from what this version of airegister writes: it was edited by hand, or written "
              "by another version of airegister")
