"""Crosswalks as data: one mapping file per standard, read by this one interpreter.

A mapping file (``mappings/<key>.yaml``) lists, field by field, what the other
standard asks for and where our record has it::

    key: nyc-ll35
    title: New York City Local Law 35 of 2022 (annual report on algorithmic tools)
    source: https://...                  # where the specification is published
    fields:
      - field: purpose                   # the standard's own name for the field
        label: Purpose                   # how the specification or its form names it
        from: [purpose]                  # our record's field(s), dotted paths
        transform: plain_text            # a named rule (below); default: plain_text
        limit: 500                       # at most this many characters (cut at a word, listed as a gap)
        required: true                   # an empty value is listed as a gap
        gap: fill in “Purpose” (purpose) # what to do when it is empty (default: from the schema's title)
        note: Markdown becomes plain text.  # what is lost or changed, for the documentation
        section: item 2                  # the standard's part or item, for the documentation

``evaluate`` turns one record into a row: the standard's field -> ``Cell`` (the
value, or why it is missing). The rules every standard shares are here
(``BUILT_IN``); a standard's own rules are small named functions in its module,
registered with ``Rules.rule``; each rule's docstring is its description in the
generated documentation table. Choice values are translated with the schema's
``x-mappings`` for the standard: a value the table lacks is a gap that says where
to add it, so a city that adds a choice to its schema sees what to map.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import L_, joined
from generator.crosswalk.reasons import shortened, unmapped  # noqa: F401  (unmapped: used by the standards' rules)
from generator.core.meanings import Meanings, meanings
from generator.core.schema import Schemas
from generator.load.yamlload import load_bytes
from generator.model.objects import System

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
_FIELD_KEYS = {"field", "label", "from", "transform", "limit", "required", "gap", "note", "section", "options"}
_TOP_KEYS = {"key", "title", "source", "version", "description", "files", "selection", "notes", "fields"}


class MappingError(Exception):
    """A mapping file is missing or wrong (a problem for maintainers, reported in plain words)."""


@dataclass(frozen=True)
class FieldMap:
    """One field of another standard and how it is filled from a record."""

    target: str
    label: str
    sources: tuple[str, ...] = ()
    transform: str = "plain_text"
    limit: int | None = None
    required: bool = False
    gap: str | None = None
    note: str = ""
    section: str = ""
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    """A whole standard's mapping, as read from its file."""

    key: str
    title: str
    source: str
    fields: tuple[FieldMap, ...]
    version: str = ""
    description: str = ""
    selection: str = ""
    files: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def field(self, target: str) -> FieldMap:
        for item in self.fields:
            if item.target == target:
                return item
        raise MappingError(f"{self.key}: no field '{target}' in the mapping file")


@dataclass(frozen=True)
class Cell:
    """One value for the standard; ``gap`` says in plain words why it is empty or what was lost."""

    value: Any = ""
    gap: str | None = None

    @property
    def empty(self) -> bool:
        return self.value in ("", None, [], {})


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (str(value),)


def read_mapping(path: Path) -> Mapping:
    """Read and check one mapping file; a wrong file raises ``MappingError`` naming file, line and what to change."""
    document, problems = load_bytes(path.read_bytes(), str(path))
    if document is None:
        raise MappingError("; ".join(p.headline() for p in problems))
    data = document.data
    if not isinstance(data, dict):
        raise MappingError(f"{path}: a mapping file holds key, title, source and fields")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        line = document.key_position((sorted(unknown)[0],)).line
        raise MappingError(f"{path}:{line}: unknown key '{sorted(unknown)[0]}'; known keys: {', '.join(sorted(_TOP_KEYS))}")
    fields = []
    for index, item in enumerate(data.get("fields") or ()):
        line = document.position(("fields", index)).line
        if not isinstance(item, dict) or "field" not in item or "label" not in item:
            raise MappingError(f"{path}:{line}: each entry of 'fields' needs 'field' (the standard's name) and 'label'")
        wrong = set(item) - _FIELD_KEYS
        if wrong:
            raise MappingError(f"{path}:{line}: field '{item['field']}' has unknown key '{sorted(wrong)[0]}'; "
                               f"known keys: {', '.join(sorted(_FIELD_KEYS))}")
        limit = item.get("limit")
        if limit is not None and not isinstance(limit, int):
            raise MappingError(f"{path}:{line}: 'limit' of '{item['field']}' must be a whole number")
        fields.append(FieldMap(
            target=str(item["field"]), label=str(item["label"]), sources=_as_tuple(item.get("from")),
            transform=str(item.get("transform", "plain_text")), limit=limit, required=item.get("required") is True,
            gap=L_(str(item["gap"])) if item.get("gap") else None, note=str(item.get("note", "")).strip(), section=str(item.get("section", "")),
            options=dict(item.get("options") or {})))
    for required in ("key", "title", "source"):
        if not data.get(required):
            raise MappingError(f"{path}: '{required}' is missing")
    return Mapping(key=str(data["key"]), title=str(data["title"]), source=str(data["source"]), fields=tuple(fields),
                   version=str(data.get("version", "")), description=str(data.get("description", "")).strip(),
                   selection=str(data.get("selection", "")), files=dict(data.get("files") or {}),
                   notes=tuple(str(n).strip() for n in data.get("notes") or ()))


_CACHE: dict[str, Mapping] = {}


def load_mapping(key: str) -> Mapping:
    """The mapping of the standard ``key`` (read once per process)."""
    if key not in _CACHE:
        path = MAPPINGS_DIR / f"{key}.yaml"
        if not path.is_file():
            raise MappingError(f"there is no mapping file for '{key}' ({path})")
        _CACHE[key] = read_mapping(path)
    return _CACHE[key]


# --- what a rule receives -------------------------------------------------------------------------------

def values_at(data: Any, path: str) -> list[Any]:
    """Every value at a dotted path; lists on the way are walked item by item (``datasets.source``)."""
    current = [data]
    for part in path.split("."):
        found = []
        for item in current:
            if isinstance(item, list):
                found.extend(x.get(part) for x in item if isinstance(x, dict) and part in x)
            elif isinstance(item, dict) and part in item:
                found.append(item[part])
        current = found
    out: list[Any] = []
    for item in current:
        out.extend(item) if isinstance(item, list) else out.append(item)
    return [v for v in out if v is not None]


@dataclass
class Source:
    """What a rule gets: the record, the field being filled, the schema in use and the export's settings."""

    system: System
    target: FieldMap
    mapping: Mapping
    schemas: Schemas
    context: Any  # ExportContext (kept loose to avoid an import cycle)

    @property
    def meanings(self) -> Meanings:
        return meanings(self.schemas)

    @property
    def data(self) -> dict[str, Any]:
        return self.system.data

    def get(self, path: str | None = None) -> Any:
        """The value at ``path`` (default: the field's first source); a list where the path crosses a list."""
        path = path or (self.target.sources[0] if self.target.sources else "")
        found = values_at(self.system.data, path)
        return found if self.is_list(path) else (found[0] if found else None)

    def is_list(self, path: str) -> bool:
        """Whether the path crosses a list field of the schema (so it has any number of values)."""
        parts = path.split(".")
        return any((info := self.info(".".join(parts[:end]))) is not None and info.is_list
                   for end in range(1, len(parts) + 1))

    def info(self, path: str) -> FieldInfo | None:
        return field_index(self.schemas).get(path)

    def title(self, path: str) -> str:
        info = self.info(path)
        return info.title if info else path

    def text(self, value: Any) -> str:
        from generator.crosswalk import text

        return text(self.system, value)

    def plain(self, value: Any) -> str:
        from generator.crosswalk import plain_text

        return plain_text(self.system, value)

    def label(self, path: str, value: str) -> str:
        info = self.info(path)
        return info.label(value) if info else value

    def choice(self, path: str, value: str) -> Cell:
        """``value`` of the choice field ``path`` in the standard's words, from the schema's ``x-mappings``."""
        info = self.info(path)
        table = (info.mappings if info else {}).get(self.mapping.key)
        if table is None or value not in table:
            return Cell("", unmapped(self.mapping.key, path, value, self.label(path, value)))
        mapped = table[value]
        return Cell("" if mapped is None else mapped)

    def withheld(self, path: str) -> str | None:
        from generator.crosswalk import withheld_reason

        return withheld_reason(self.system, path)

    def missing(self, path: str | None = None, extra: str = "") -> str:
        """Why the field is empty: the record withholds it (with the reason), or it is not filled in yet."""
        if self.target.gap and path is None:
            return self.target.gap
        path = path or (self.target.sources[0] if self.target.sources else "")
        reason = self.withheld(path) if path else None
        if reason:
            return L_("withheld in the record: {reason}", reason=reason)
        if not path:
            return joined([L_("not in the record yet"), extra], "")
        return joined([L_("not in the record yet: fill in “{field}” ({path})", field=L_(self.title(path)), path=path),
                       extra], "")


# --- rules --------------------------------------------------------------------------------------------

Rule = Callable[[Source], Any]


class Rules(dict):
    """Named rules: the built-in ones plus a standard's own. Register one with ``@rules.rule``."""

    def rule(self, function: Rule) -> Rule:
        self[function.__name__.lstrip("_")] = function
        return function

    def describe(self, name: str) -> str:
        """The first paragraph of a rule's docstring: its description in the documentation."""
        function = self.get(name)
        doc = (function.__doc__ or "").strip() if function else ""
        return " ".join(doc.split("\n\n")[0].split())


BUILT_IN = Rules()


@BUILT_IN.rule
def value(source: Source) -> Any:
    """The value as written."""
    found = source.get()
    return "" if found is None else found if isinstance(found, list) else str(found)


@BUILT_IN.rule
def text(source: Source) -> str:
    """The text in the record's main language."""
    return source.text(source.get())


@BUILT_IN.rule
def plain_text(source: Source) -> str:
    """The text in the record's main language as plain text (Markdown marks removed, one line per paragraph)."""
    found = source.get()
    if isinstance(found, list):
        return "; ".join(p for p in (source.plain(v) for v in found) if p)
    return source.plain(found)


@BUILT_IN.rule
def choice(source: Source) -> Cell:
    """The choice in the standard's own words, from the schema's value table for this standard."""
    path = source.target.sources[0]
    found = source.get()
    if found in (None, "", []):
        return Cell("")
    if isinstance(found, list):
        cells = [source.choice(path, v) for v in found]
        gaps = [c.gap for c in cells if c.gap]
        values = list(dict.fromkeys(c.value for c in cells if not c.empty))
        return Cell(values, "; ".join(gaps) if gaps else None)
    return source.choice(path, found)


@BUILT_IN.rule
def label(source: Source) -> str:
    """The choice's label, as the register shows it (in the record's main language)."""
    from generator.crosswalk.words import choice

    path = source.target.sources[0]
    found = source.get()
    if isinstance(found, list):
        return "; ".join(choice(source, path, v) for v in found)
    return choice(source, path, found) if found else ""


@BUILT_IN.rule
def date(source: Source) -> str:
    """The date as YYYY-MM-DD."""
    found = source.get()
    return str(found)[:10] if found else ""


@BUILT_IN.rule
def month(source: Source) -> str:
    """The year and month (YYYY-MM) of the date."""
    found = source.get()
    return str(found)[:7] if found else ""


@BUILT_IN.rule
def record_id(source: Source) -> str:
    """The record's id."""
    return source.system.id


@BUILT_IN.rule
def department_name(source: Source) -> str:
    """The name of the record's department, from register.yaml."""
    return source.system.register.text(source.system.department.name) or source.system.department_id


@BUILT_IN.rule
def organisation_name(source: Source) -> str:
    """The name of the organisation that owns the record (its department's organisation), from register.yaml."""
    return source.system.organisation_name()


@BUILT_IN.rule
def page_url(source: Source) -> str:
    """The record's page on the register website (when the site's address is known)."""
    return source.context.page_url(source.system) or ""


@BUILT_IN.rule
def constant(source: Source) -> Any:
    """A fixed value (given in the mapping file)."""
    return source.target.options.get("value", "")


def evaluate(mapping: Mapping, system: System, schemas: Schemas, context: Any, rules: Rules) -> dict[str, Cell]:
    """One record as the standard's fields: each a ``Cell`` with the value or the reason it is missing."""
    row: dict[str, Cell] = {}
    for target in mapping.fields:
        rule = rules.get(target.transform) or BUILT_IN.get(target.transform)
        if rule is None:
            raise MappingError(f"{mapping.key}: field '{target.target}' names the rule '{target.transform}', "
                               "which neither the standard's module nor the built-in rules define")
        source = Source(system, target, mapping, schemas, context)
        result = rule(source)
        cell = result if isinstance(result, Cell) else Cell("" if result is None else result)
        if cell.empty and target.required and not cell.gap:
            cell = Cell(cell.value, source.missing())
        if target.limit and isinstance(cell.value, str) and len(cell.value) > target.limit:
            cut = cell.value[: target.limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"  # at a word
            cell = Cell(cut, joined([cell.gap, shortened(len(cell.value), len(cut), target.limit)]))
        row[target.target] = cell
    return row


def row_gaps(system: System, mapping: Mapping, row: dict[str, Cell]) -> Iterable[tuple[str, str, str]]:
    """(record id, the standard's field label, reason) for every gap of a row."""
    for target in mapping.fields:
        cell = row.get(target.target)
        if cell is not None and cell.gap:
            yield system.id, target.label, cell.gap

