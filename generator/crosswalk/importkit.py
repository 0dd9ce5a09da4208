"""Shared tools for the Dutch and Eurocities crosswalks: schema mappings, ids, placeholders and to-do lists.

Exports read enum mappings from the schema's ``x-mappings`` (so the schema stays
the single source of truth); imports reverse them. A ``Draft`` collects an
imported record field by field, in schema order, together with the list of
things a clerk still has to complete, written in plain words.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import L_
from generator.model.objects import System
from generator.core.schema import Schemas
from generator.crosswalk import Gap
from generator.crosswalk.reasons import either, every  # noqa: F401  (lists in the import's notes)

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
_URL = re.compile(r"https?://[^\s/]+[^\s]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

# Registrations this crosswalk writes and recognises again (see docs/exports-nl-1.0.md).
DUTCH_REGISTER = "Dutch national Algorithm Register (algoritmes.overheid.nl)"
SOURCE_REGISTRATION = "Source registration (bronregistratie)"
CENTRAL_REGISTRATION = "Central registration"
ROLE_PLACEHOLDER = "<Role title>"
MAILBOX_PLACEHOLDER = "<team mailbox>"


def field(schemas: Schemas, path: str) -> FieldInfo:
    """A field of the record schema by dotted path, such as ``status`` or ``technique.approach``."""
    return field_index(schemas)[path]


def mapping(schemas: Schemas, path: str, standard: str) -> dict[str, Any]:
    """Our enum value -> the standard's value (``None`` where the standard has no equivalent)."""
    return dict(field(schemas, path).mappings.get(standard, {}))


def mapped(schemas: Schemas, path: str, standard: str, value: str, record_id: str, target: str,
           gaps: list[Gap]) -> Any:
    """The standard's value for our ``value``; where the schema maps it to nothing at all (a choice a city added to
    its own schema), ``None`` and a gap that says where to add the mapping."""
    table = mapping(schemas, path, standard)
    if value not in table:
        gaps.append(Gap(record_id, target, L_("the value '{value}' of {path} has no equivalent in this standard yet: "
                                              "add one to the schema, under x-mappings → {standard} of the field {path}",
                                              value=value, path=path, standard=standard)))
    return table.get(value)


def reverse(schemas: Schemas, path: str, standard: str, value: str,
            preference: tuple[str, ...] = ()) -> tuple[str | None, list[str]]:
    """Our value for one of the standard's values, and all our values that map to it.

    Where several of our values map to one of theirs, the first in ``preference``
    (the most cautious choice) wins, else the first in schema order.
    """
    wanted = value.strip().casefold()
    candidates = [ours for ours, theirs in mapping(schemas, path, standard).items()
                  if isinstance(theirs, str) and theirs.casefold() == wanted]
    if not candidates:
        return None, []
    chosen = next((p for p in preference if p in candidates), candidates[0])
    return chosen, candidates


def placeholder_choice(schemas: Schemas, path: str) -> str:
    """The placeholder written for a required choice, such as ``<one of: a, b>`` (fails validation)."""
    return "<one of: " + ", ".join(field(schemas, path).choices) + ">"


def is_email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value)) and len(value) <= 254


def is_url(value: str) -> bool:
    return bool(_URL.fullmatch(value)) and len(value) <= 500


def is_date(value: str) -> bool:
    return bool(_DATE.fullmatch(value))


def is_uuid(value: str) -> bool:
    return bool(_UUID.fullmatch(value))


def is_id(value: str) -> bool:
    return 3 <= len(value) <= 80 and bool(ID_PATTERN.fullmatch(value))


def slug(text: str, limit: int = 80) -> str:
    """An id made from a name: lower-case ASCII letters, digits and single hyphens, cut only between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _at_word(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-"), limit)
    if len(out) < 3:
        out = f"system-{out}".strip("-") if out else "imported-system"
    return out


def _at_word(text: str, limit: int) -> str:
    """``text`` (words joined by hyphens) cut to at most ``limit`` characters between two words (a single word that
    is too long is the only thing cut inside)."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    return head.rsplit("-", 1)[0] if "-" in head[1:] else text[:limit]


def readable_id(name: str, stable: str, limit: int = 80) -> str:
    """An id from a name and the source's stable id, such as ``meldingen-sorteren-10000037``: readable, the same
    every time the same system is imported, and never cut inside a word."""
    suffix = slug(stable, limit=40) if stable else ""
    if not suffix or suffix.startswith("system-") or suffix == "imported-system":
        suffix = re.sub(r"[^a-z0-9]+", "-", stable.lower()).strip("-")[:40].strip("-")
    if not suffix:
        return slug(name, limit)
    head = slug(name, limit - len(suffix) - 1)
    return f"{head}-{suffix}"


def unique(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``... when the id is already taken (cut between words to fit)."""
    out, number = candidate, 2
    while out in taken:
        suffix = f"-{number}"
        out = _at_word(candidate, 80 - len(suffix)) + suffix
        number += 1
    taken.add(out)
    return out


def collapse(text: str) -> str:
    """Text on one line, with white space collapsed."""
    return re.sub(r"\s+", " ", text).strip()


def fits(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters at a word (with an ellipsis), and whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…", True


def pick(system: System, value: Any, language: str | None = None) -> str:
    """A record text in ``language`` if the record has it, else in the record's main language ("" if missing)."""
    if value is None:
        return ""
    return system.text(value, language) or ""


def organisation_name(system: System, language: str | None = None) -> str:
    """The name of the organisation that owns the system (its department's organisation), in ``language``."""
    return system.organisation_name(language or system.main_language)


def get(data: dict[str, Any], path: str) -> Any:
    """A nested value by dotted path (``None`` when any part is missing)."""
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


class Draft:
    """An imported record being assembled, with the to-do list that goes with it (``schemas``: the schema in use)."""

    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas
        self.data: dict[str, Any] = {}
        self.todo: list[str] = []
        self.explained: set[str] = set()  # fields that already have their own to-do item

    def set(self, path: str, value: Any) -> None:
        """Set a (nested) field; empty values are skipped."""
        if value is None or value == "" or value == [] or value == {}:
            return
        parts = path.split(".")
        target = self.data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value

    def append(self, path: str, item: dict[str, Any]) -> None:
        """Add an item to a (nested) list field."""
        parts = path.split(".")
        target = self.data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(parts[-1], []).append(item)

    def has(self, path: str) -> bool:
        return get(self.data, path) not in (None, "", [], {})

    def note(self, message: str) -> None:  # a Text (``L_``): told in the clerk's language when it is printed
        if message not in self.todo:
            self.todo.append(message)

    def record(self) -> dict[str, Any]:
        """The record with its fields in schema order (the order a clerk reads them in the file)."""
        return _ordered(self.data, self.schemas.record, self.schemas.record)

    def missing_expected(self, source: str, standard: str, fillable: set[str], also: tuple[str, ...] = ()) -> None:
        """Note every expected field (and each of ``also``) that the imported record leaves empty.

        ``fillable`` holds the fields the other standard can fill: for those the
        record left them empty, for the others the standard has no such field.
        """
        expected = [name for name, node in self.schemas.record["properties"].items() if node.get("x-expected")]
        for path in [*expected, *also]:
            if self.has(path) or path in self.explained:
                continue
            info = field(self.schemas, path)
            why = L_("{source} leaves it empty", source=source) if path in fillable else \
                L_("{standard} has no such field", standard=standard)
            self.note(L_("Fill in “{field}” ({path}): {why}. {description}", field=L_(info.title), path=path, why=why,
                         description=L_(info.description)))


def _ordered(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """``value`` with dictionary keys in the order of the schema node's properties (``root``: the record schema)."""
    node = _resolve(node, root)
    if isinstance(value, list):
        items = _resolve(node.get("items", {}), root)
        return [_ordered(item, items, root) for item in value]
    if not isinstance(value, dict):
        return value
    properties = node.get("properties", {})
    if not properties:
        return value
    order = list(properties)
    keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
    return {key: _ordered(value[key], properties.get(key, {}), root) for key in keys}


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return root["$defs"][ref.rsplit("/", 1)[-1]]
    return node
