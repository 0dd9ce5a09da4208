"""Plain-language messages for schema errors: one jsonschema error -> located, hinted ``Problem`` values.

jsonschema's own messages are written for programmers (``'x' is not of type
'string'``). Here each JSON Schema keyword gets a sentence a city clerk can act
on, a hint taken from the schema itself (``x-hint``, the field's description or
its example) and the line and column where the author should look.
"""
from __future__ import annotations

import difflib
import json
import re
from typing import Any, Iterable

from jsonschema.exceptions import ValidationError

from generator.core.errors import Problem, Severity, field_path, shown
from generator.core.i18n import L_, Clause
from generator.check.wording import (FILL_IN, LINK_OR_ADDRESSES, LINK_OR_ADDRESSES_HINT, TEXT_OR_TRANSLATIONS,
                                     TEXT_OR_TRANSLATIONS_HINT, TYPE_HINTS, TYPE_WORDS, describe, either)
from generator.core.links import ALLOWED_SCHEMES, link_scheme
from generator.core.schema import Schemas
from generator.load.yamlload import Document

def _norm(text: str) -> str:
    return text.strip().lower().replace("_", "-").replace(" ", "-")


def suggest(value: str, choices: Iterable[str], aliases: dict[str, str] | None = None) -> str | None:
    """The allowed value the author most likely meant, if any."""
    choices = list(choices)
    key = _norm(value)
    for choice in choices:
        if _norm(choice) == key:
            return choice
    for alias, target in (aliases or {}).items():
        if _norm(alias) == key and target in choices:
            return target
    close = difflib.get_close_matches(key, [_norm(c) for c in choices], n=1, cutoff=0.6)
    if close:
        return next(c for c in choices if _norm(c) == close[0])
    return None


def _example(schema: dict[str, Any]) -> str | None:
    examples = schema.get("examples")
    if not examples:
        return None
    example = examples[0]
    if isinstance(example, str):
        return example
    return json.dumps(example, ensure_ascii=False)


class MessageBuilder:
    """Turns the validation errors of one document into problems."""

    def __init__(self, schemas: Schemas, doc: Document, root_schema: dict[str, Any]):
        self.schemas = schemas
        self.doc = doc
        self.root = root_schema
        # field paths an unknown field probably meant: a misspelt required field is reported once, as a misspelling
        self._meant: set[tuple] = set()

    def all_problems(self, errors: Iterable[ValidationError]) -> list[Problem]:
        errors = list(errors)
        for error in errors:
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = list(error.schema.get("properties", {}))
                for key in error.instance:
                    guess = suggest(key, allowed) if key not in allowed else None
                    if guess:
                        self._meant.add(tuple(error.absolute_path) + (guess,))
        out: list[Problem] = []
        for error in errors:
            out.extend(self.problems(error))
        return out

    # -- helpers ---------------------------------------------------------
    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        return self.schemas.resolve(node, self.root)

    def _property_schema(self, parent_schema: dict[str, Any], name: str) -> dict[str, Any]:
        props = self._resolve(parent_schema).get("properties", {})
        return self._resolve(props[name]) if name in props else {}

    def _problem(self, path: tuple, message: str, hint: str | None, code: str, at_key: bool = False) -> Problem:
        pos = self.doc.key_position(path) if at_key else self.doc.position(path)
        return Problem(self.doc.file, pos.line, pos.column, field_path(path), message, hint, Severity.ERROR, code)

    def _hint(self, error: ValidationError, fallback: str | None = None) -> str | None:
        schema = error.schema if isinstance(error.schema, dict) else {}
        if schema.get("x-hint"):
            return L_(schema["x-hint"])
        resolved = self._resolve(schema) if "$ref" in schema else schema
        if resolved.get("x-hint"):
            return L_(resolved["x-hint"])
        if fallback:
            return fallback
        example = _example(resolved)
        return L_("For example: {example}", example=example) if example else None

    # -- entry point -----------------------------------------------------
    def problems(self, error: ValidationError) -> list[Problem]:
        handler = getattr(self, "_on_" + str(error.validator), None)
        path = tuple(error.absolute_path)
        if handler is not None:
            return handler(error, path)
        return [self._problem(path, error.message, self._hint(error), str(error.validator))]

    # -- one method per JSON Schema keyword -------------------------------
    def _on_required(self, error: ValidationError, path: tuple) -> list[Problem]:
        out = []
        parent_schema = error.schema
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name in error.instance:
                continue
            if path + (name,) in self._meant:
                continue
            child = self._property_schema(self._owner_schema(error), name) or self._property_schema(parent_schema, name)
            title = child.get("title")
            hint = self._hint(error, None) if parent_schema.get("x-hint") else None
            if hint is None:
                example = _example(child)
                if title:
                    hint = L_("Add '{name}:' ({title}: {description}).", name=name, title=L_(title),
                              description=Clause(child.get("description", "")))
                else:
                    hint = L_("Add '{name}:'.", name=name)
                if example:
                    hint = L_("{hint} For example: {example}", hint=hint, example=example)
            if not path:
                message = L_("the record is missing the required field '{name}'", name=name)
            else:
                message = L_("'{field}' is missing the required field '{name}'", field=field_path(path), name=name)
            out.append(self._problem(path + (name,), message, hint, "required", at_key=True))
        return out

    def _owner_schema(self, error: ValidationError) -> dict[str, Any]:
        """The schema of the object that holds the missing field (for required errors raised inside if/then)."""
        node: Any = self.root
        for part in error.absolute_path:
            node = self._resolve(node)
            if isinstance(part, int):
                node = node.get("items", {})
            else:
                props = node.get("properties", {})
                node = props.get(part, {})
        return node if isinstance(node, dict) else {}

    def _on_additionalProperties(self, error: ValidationError, path: tuple) -> list[Problem]:
        schema = error.schema
        allowed = list(schema.get("properties", {}))
        out = []
        if not isinstance(error.instance, dict):
            return out
        for key in error.instance:
            if key in allowed:
                continue
            owner = self._owner_above(error, path, key)
            if owner is not None:
                name, translation = owner
                message = L_("unknown field {key} at this level (it looks like a translation of '{name}')", key=shown(key),
                             name=name) if translation else \
                    L_("unknown field {key} at this level ('{name}' has a field of that name)", key=shown(key), name=name)
                out.append(self._problem(path + (key,), message,
                                         L_("Indent this line under '{name}:', like the lines that belong to it.", name=name),
                                         "indentation", at_key=True))
                continue
            guess = suggest(key, allowed)
            if guess:
                message = L_("unknown field {key} (did you mean '{guess}'?)", key=shown(key), guess=guess)
                hint = L_("Rename it to '{guess}'.", guess=guess)
            else:
                message = L_("unknown field {key}", key=shown(key))
                if len(allowed) <= 12:
                    hint = L_("The fields allowed here are: {fields}.", fields=", ".join(allowed))
                else:
                    hint = L_("Check the spelling against the field reference; remove fields this register does not use.")
            out.append(self._problem(path + (key,), message, hint, "unknown-field", at_key=True))
        return out

    def _owner_above(self, error: ValidationError, path: tuple, key: str) -> tuple[str, bool] | None:
        """The field written just above ``key`` that ``key`` belongs to, when a line lost its indentation.

        Returns its name and whether ``key`` is a translation (a language code under a text field).
        """
        here = self.doc.keys.get(path + (key,))
        if here is None:
            return None
        above = [(self.doc.keys[path + (k,)][0], k) for k in error.instance
                 if k != key and path + (k,) in self.doc.keys and self.doc.keys[path + (k,)][0] < here[0]]
        if not above:
            return None
        name = max(above)[1]
        schema = self._property_schema(error.schema, name)
        if key in schema.get("properties", {}):
            return name, False
        names = self._resolve(schema["propertyNames"]) if isinstance(schema.get("propertyNames"), dict) else {}
        if names.get("pattern") and re.search(names["pattern"], key):
            return name, True
        return None

    def _on_enum(self, error: ValidationError, path: tuple) -> list[Problem]:
        choices = [str(c) for c in error.validator_value]
        value = error.instance
        listed = ", ".join(choices)
        guess = suggest(value, choices, error.schema.get("x-aliases")) if isinstance(value, str) else None
        if guess:
            message = L_("{value} is not one of: {choices} (did you mean '{guess}'?)", value=describe(value),
                         choices=listed, guess=guess)
            hint = L_("Write '{guess}'.", guess=guess)
        else:
            message = L_("{value} is not one of: {choices}", value=describe(value), choices=listed)
            hint = L_("Use one of the listed values, written exactly as shown.")
        return [self._problem(path, message, hint, "enum")]

    def _on_const(self, error: ValidationError, path: tuple) -> list[Problem]:
        return [self._problem(path, L_("{value} must be '{expected}'", value=describe(error.instance),
                                       expected=error.validator_value), self._hint(error), "const")]

    def _on_type(self, error: ValidationError, path: tuple) -> list[Problem]:
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = either(TYPE_WORDS.get(t, t) for t in wanted)
        value = error.instance
        if value is None:
            return [self._problem(path, L_("has no value"), L_("Fill in a value after the ':' or remove the line."), "empty")]
        hint = self._hint(error)
        if set(wanted) == {"string", "object"} and error.schema.get("x-link"):  # one address, or one per language
            words, hint = LINK_OR_ADDRESSES, LINK_OR_ADDRESSES_HINT
        elif set(wanted) == {"string", "object"}:  # a text field: plain text, or one text per language
            words = TEXT_OR_TRANSLATIONS
            hint = TEXT_OR_TRANSLATIONS_HINT
        if "string" in wanted and isinstance(value, (int, bool)):
            written = ("true" if value else "false") if isinstance(value, bool) else str(value)
            hint = L_("Put it in quotes to make it text: \"{written}\".", written=written)
        if "boolean" in wanted and isinstance(value, str):
            hint = L_("Write true or false (without quotes). Words such as yes, no, on and off are read as text.")
        if hint is None:
            hint = next((TYPE_HINTS[t] for t in wanted if t in TYPE_HINTS),
                        L_("Check the field reference for what to write here."))
        return [self._problem(path, L_("should be {expected}, but it is {value}", expected=words, value=describe(value)),
                              hint, "type")]

    def _url_message(self, value: Any) -> str:
        scheme = link_scheme(value) if isinstance(value, str) else None
        if scheme is None:
            return L_("{value} is not a full web address: it must start with https://", value=describe(value))
        if scheme not in ALLOWED_SCHEMES:
            return L_("{value} is not an allowed link: links must start with https://, http:// or mailto:",
                      value=describe(value))
        return L_("{value} is not a valid web address (check for spaces or characters that are not allowed)",
                  value=describe(value))

    def _on_format(self, error: ValidationError, path: tuple) -> list[Problem]:
        if error.validator_value == "uri":
            return [self._problem(path, self._url_message(error.instance), self._hint(error), "link")]
        names = {"email": L_("{value} is not a valid e-mail address"), "date": L_("{value} is not a valid date (YYYY-MM-DD)"),
                 "uri": L_("{value} is not a valid web address"), "uuid": L_("{value} is not a valid UUID")}
        template = names.get(error.validator_value)
        value = describe(error.instance)
        message = L_(template.msgid, value=value) if template is not None else \
            L_("{value} is not a valid {format}", value=value, format=str(error.validator_value))
        return [self._problem(path, message, self._hint(error), "format")]

    def _on_pattern(self, error: ValidationError, path: tuple) -> list[Problem]:
        value = error.instance
        if value == "" and error.schema.get("minLength"):
            return []  # reported once, by minLength
        if isinstance(value, str) and not value.strip():
            return [self._problem(path, L_("is empty (only spaces)"), FILL_IN, "empty")]
        resolved = error.schema
        at_key = "propertyNames" in error.schema_path and value in (self._value_at(path) or ())  # a bad key: point at it
        path = path + (value,) if at_key else path
        if resolved.get("format") == "uri":
            return [self._problem(path, self._url_message(value), self._hint(error), "link")]
        message = L_(resolved["x-pattern-message"]) if resolved.get("x-pattern-message") else \
            L_("is not written in the expected form")
        return [self._problem(path, L_("{value} {problem}", value=describe(value), problem=message), self._hint(error), "pattern",
                              at_key)]

    def _on_minLength(self, error: ValidationError, path: tuple) -> list[Problem]:
        if error.instance == "":
            return [self._problem(path, L_("is empty"), FILL_IN, "empty")]
        return [self._problem(path, L_("is too short (at least {minimum} characters)", minimum=error.validator_value),
                              self._hint(error), "too-short")]

    def _on_maxLength(self, error: ValidationError, path: tuple) -> list[Problem]:
        length = len(error.instance)
        return [self._problem(path, L_("is {length} characters long; the limit is {limit}", length=length,
                                       limit=error.validator_value),
                              L_("Shorten it. Put details in a longer field or in a linked document."), "too-long")]

    def _on_minItems(self, error: ValidationError, path: tuple) -> list[Problem]:
        if not error.instance:
            return [self._problem(path, L_("is an empty list"), L_("Add at least one item, or remove the field."), "empty")]
        return [self._problem(path, L_("needs at least {minimum} items", minimum=error.validator_value), None, "too-few")]

    def _on_uniqueItems(self, error: ValidationError, path: tuple) -> list[Problem]:
        seen: list[Any] = []
        duplicate = None
        for item in error.instance:
            if item in seen:
                duplicate = item
                break
            seen.append(item)
        return [self._problem(path, L_("lists {value} more than once", value=describe(duplicate)),
                              L_("Remove the repeated item."), "duplicate-item")]

    def _on_minProperties(self, error: ValidationError, path: tuple) -> list[Problem]:
        return [self._problem(path, L_("is empty"), L_("Fill in at least one of its fields, or remove it."), "empty")]

    def _on_minimum(self, error: ValidationError, path: tuple) -> list[Problem]:
        return [self._problem(path, L_("{value} is below the minimum of {minimum}", value=describe(error.instance),
                                       minimum=error.validator_value), self._hint(error), "range")]

    def _on_maximum(self, error: ValidationError, path: tuple) -> list[Problem]:
        return [self._problem(path, L_("{value} is above the maximum of {maximum}", value=describe(error.instance),
                                       maximum=error.validator_value), self._hint(error), "range")]

    def _on_propertyNames(self, error: ValidationError, path: tuple) -> list[Problem]:
        bad = error.instance if isinstance(error.instance, str) else None
        keys = [k for k in (self._value_at(path) or {}) if k == bad] if bad is not None else []
        key_path = path + (keys[0],) if keys else path
        sub = error.context[0] if error.context else None
        hint = self._hint(sub) if sub is not None else None
        problem = L_("is not an allowed name here")
        if sub is not None and sub.validator == "pattern" and sub.schema.get("x-pattern-message"):
            problem = L_(sub.schema["x-pattern-message"])
        message = L_("{value} {problem}", value=shown(bad or ""), problem=problem)
        return [self._problem(key_path, message, hint, "key-name", at_key=True)]

    def _value_at(self, path: tuple) -> Any:
        value: Any = self.doc.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def _on_oneOf(self, error: ValidationError, path: tuple) -> list[Problem]:
        return self._alternatives(error, path)

    def _on_anyOf(self, error: ValidationError, path: tuple) -> list[Problem]:
        return self._alternatives(error, path)

    def _alternatives(self, error: ValidationError, path: tuple) -> list[Problem]:
        value = error.instance
        branches = error.validator_value
        if value is None:
            return [self._problem(path, L_("has no value"), L_("Fill in a value after the ':' or remove the line."), "empty")]
        # Every branch failed only for missing fields: "needs one of ...".
        if error.context and all(sub.validator == "required" for sub in error.context):
            names = [n for sub in error.context for n in sub.validator_value if n not in (value or {})]
            options = either(f"'{n}'" for n in dict.fromkeys(names))
            parent_hint = self._find_hint(error)
            return [self._problem(path, L_("needs {options}", options=options), parent_hint, "required", at_key=bool(path))]
        # Choose the branch whose type matches what was written, and report its own errors.
        for index, branch in enumerate(branches):
            branch = self._resolve(branch)
            if _matches_type(value, branch.get("type")):
                subs = [sub for sub in error.context if sub.relative_schema_path and sub.relative_schema_path[0] == index]
                if subs:
                    out: list[Problem] = []
                    for sub in subs:
                        out.extend(self.problems(sub))
                    return out
        kinds = either(dict.fromkeys(TYPE_WORDS.get(self._resolve(b).get("type", ""), L_("a value")) for b in branches))
        hint = self._hint(error)
        if all(self._resolve(b).get("type") in ("string", "object") for b in branches):
            kinds = TEXT_OR_TRANSLATIONS
            hint = TEXT_OR_TRANSLATIONS_HINT
        return [self._problem(path, L_("should be {expected}, but it is {value}", expected=kinds, value=describe(value)),
                              hint, "type")]

    def _find_hint(self, error: ValidationError) -> str | None:
        node: ValidationError | None = error
        while node is not None:
            if isinstance(node.schema, dict) and node.schema.get("x-hint"):
                return L_(node.schema["x-hint"])
            node = node.parent
        return None


def _matches_type(value: Any, wanted: Any) -> bool:
    if wanted is None:
        return False
    wanted = wanted if isinstance(wanted, list) else [wanted]
    checks = {
        "string": lambda v: isinstance(v, str),
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    }
    return any(checks.get(t, lambda v: False)(value) for t in wanted)
