"""A readable view of the record schema: every field with its title, help text, kind and choices.

The field reference page, the record scaffold, the issue form and the
completeness report are all built from this view, so the help text a clerk sees
always comes from the schema.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from generator.core.schema import Schemas

TEXT_DEFS = {"text_name", "text_summary", "text_short", "text_long", "tag"}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Condition:
    """When a field is required although the schema marks it optional: an ``if``/``then`` of the schema.

    "Required when Status is Retired": ``on`` is the deciding field (a sibling or a field of the record), ``values``
    the values that make the field required; ``instead`` are the fields that may be given in its place (the
    ``then`` has an ``anyOf``: "the Annex III area, or the Annex I product law")."""

    on: tuple[str, ...]
    on_title: str
    values: tuple[str, ...]
    labels: tuple[str, ...]
    instead: tuple[tuple[str, ...], ...] = ()
    instead_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldInfo:
    """One field of the record format (a property of the schema, at any depth)."""

    path: tuple[str, ...]
    title: str
    description: str
    kind: str  # of one value (one item for lists): text, markdown, date, email, url, id, category, language, choice, boolean, integer, string, object
    required: bool
    expected: bool
    section: str
    examples: tuple[Any, ...]
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    choice_descriptions: dict[str, str] = field(default_factory=dict)
    mappings: dict[str, dict[str, Any]] = field(default_factory=dict)
    mapping_notes: dict[str, str] = field(default_factory=dict)
    meanings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # x-meanings: meaning -> the values that carry it
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # x-dates: value -> lifecycle date fields, first found wins
    date_labels: dict[str, str] = field(default_factory=dict)  # x-date-labels: value -> words before its date ("since")
    reasons: dict[str, str] = field(default_factory=dict)  # x-reasons: value -> the lifecycle field that says why
    notices: dict[str, dict[str, Any]] = field(default_factory=dict)  # x-notices: value -> the note shown atop its page
    meaning_notes: dict[str, dict[str, str]] = field(default_factory=dict)  # x-meaning-notes: value -> meaning -> sentence
    summaries: dict[str, str] = field(default_factory=dict)  # x-summaries: value -> a citizen's sentence ("In short")
    default: Any = None  # the schema's "default": what an absent value counts as
    is_list: bool = False
    multilingual: bool = False
    max_length: int | None = None
    children: tuple["FieldInfo", ...] = ()
    required_when: tuple[Condition, ...] = ()
    per_language: bool = False  # x-link: a link that may be one address or one address per language code
    searched: bool = True  # x-search: false marks technical text that the site's search leaves out of its index
    partial_date: bool = False  # a date that may be a month (YYYY-MM) or a year (YYYY) when the day is not known  # the schema's if/then: required when another field has some values

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def anchor(self) -> str:
        return "field-" + "-".join(self.path).replace("_", "-")

    def label(self, value: str) -> str:
        """The display label of a choice value (the value itself if it has none)."""
        return self.labels.get(value, value)

    def value_notes(self) -> dict[str, list[str]]:
        """What the register does with each value, from the schema's annotations (empty when none has any)."""
        from generator.core.meanings import describe  # meanings builds on this module

        notes = {value: describe(self, value) for value in self.choices}
        return notes if any(notes.values()) else {}

    def walk(self) -> Iterator["FieldInfo"]:
        yield self
        for child in self.children:
            yield from child.walk()


def _def_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if "/$defs/" in ref else None


def _leaf_kind(resolved: dict[str, Any], def_name: str | None) -> str:
    if def_name in TEXT_DEFS:
        return "markdown" if resolved.get("x-markdown") else "text"
    if def_name == "url" or resolved.get("x-link"):
        return "url"
    if def_name in ("record_id", "department_id"):
        return "id"
    if def_name == "category_id":
        return "category"  # one of the register's own categories (categories in register.yaml)
    if def_name == "lang_code":
        return "language"
    if "enum" in resolved:
        return "choice"
    if resolved.get("format") in ("date", "email"):
        return resolved["format"]
    if def_name == "partial_date":
        return "date"
    return str(resolved.get("type", "string"))


def _conditions(schemas: Schemas, base: dict[str, Any], item: dict[str, Any],
                path: tuple[str, ...]) -> dict[tuple[str, ...], list[Condition]]:
    """The fields an object's ``allOf`` of ``if``/``then`` makes required, by path, with their conditions."""
    found: dict[tuple[str, ...], list[Condition]] = {}
    properties = item.get("properties", {})
    for rule in item.get("allOf", ()):
        test, then = rule.get("if", {}), rule.get("then", {})
        tested = list(test.get("properties", {}).items())
        if len(tested) != 1 or tested[0][0] not in properties:
            continue
        name, allowed = tested[0]
        values = tuple(allowed["enum"]) if "enum" in allowed else (allowed["const"],) if "const" in allowed else ()
        if not values:
            continue
        on = schemas.resolve(properties[name], base)
        labels = tuple(on.get("x-labels", {}).get(value, value) for value in values)

        def add(target: tuple[str, ...], instead: tuple[tuple[str, ...], ...] = ()) -> None:
            titles = tuple(_title(schemas, base, item, other) for other in instead)
            known = found.setdefault(path + target, [])
            same = [n for n, c in enumerate(known) if c.on == path + (name,) and not c.instead and not instead]
            if same:  # "Required when Status is Paused or Retired": one sentence per deciding field
                c = known[same[0]]
                known[same[0]] = dataclasses.replace(c, values=c.values + values, labels=c.labels + labels)
            else:
                known.append(Condition(path + (name,), on.get("title", name), values, labels,
                                       tuple(path + other for other in instead), titles))

        for required in then.get("required", ()):
            if required != name:
                add((required,))
        for parent, sub in then.get("properties", {}).items():
            for required in sub.get("required", ()):
                add((parent, required))
        alternatives = [tuple(option.get("required", ())) for option in then.get("anyOf", ())]
        for index, option in enumerate(alternatives):
            others = tuple((other,) for k, names in enumerate(alternatives) if k != index for other in names)
            for required in option:
                add((required,), others)
    return found


def required_when_text(info: FieldInfo, language: str = "en") -> str:
    """"Required when “Status” is “Retired”." for each condition of a field, in ``language`` ('' when none)."""
    from generator.core.i18n import N_, translator

    t = translator(language)
    quoted = N_("“%(text)s”")
    sentences = []
    for c in info.required_when:
        values = t.either([t.gettext(quoted) % dict(text=label) for label in c.labels])
        field = t.gettext(quoted) % dict(text=c.on_title)
        if c.instead:
            others = t.either([t.gettext(quoted) % dict(text=title) for title in c.instead_titles])
            sentences.append(t.gettext("Required when %(field)s is %(values)s, unless %(others)s is given.")
                             % dict(field=field, values=values, others=others))
        else:
            sentences.append(t.gettext("Required when %(field)s is %(values)s.") % dict(field=field, values=values))
    return " ".join(sentences)


def _title(schemas: Schemas, base: dict[str, Any], item: dict[str, Any], path: tuple[str, ...]) -> str:
    node: dict[str, Any] = item
    for part in path:
        node = schemas.resolve(node.get("properties", {}).get(part, {}), base)
    return node.get("title", path[-1])


def _build(schemas: Schemas, base: dict[str, Any], node: dict[str, Any], path: tuple[str, ...],
           required: bool, section: str, conditions: dict[tuple[str, ...], list[Condition]] | None = None) -> FieldInfo:
    conditions = conditions or {}
    resolved = schemas.resolve(node, base)
    is_list = resolved.get("type") == "array"
    item_node = resolved["items"] if is_list else node
    item = schemas.resolve(item_node, base)
    def_name = _def_name(item_node)
    children: list[FieldInfo] = []
    keyed = schemas.resolve(item["additionalProperties"], base) \
        if item.get("type") == "object" and isinstance(item.get("additionalProperties"), dict) else {}
    if item.get("type") == "object" and "properties" in item:
        kind = "object"
        child_required = set(item.get("required", ()))
        inner = {**conditions, **_conditions(schemas, base, item, path)}
        children = [_build(schemas, base, child, path + (name,), name in child_required, section, inner)
                    for name, child in item["properties"].items()]
    elif item.get("type") == "object" and "properties" in keyed:
        # a map keyed by ids (such as departments): its entries' fields, under "*" (departments.*.name)
        kind = "object"
        child_required = set(keyed.get("required", ()))
        children = [_build(schemas, base, child, path + ("*", name), name in child_required, section)
                    for name, child in keyed["properties"].items()]
    else:
        kind = _leaf_kind(item, def_name)
    multilingual = def_name in TEXT_DEFS
    max_length = item.get("maxLength")
    return FieldInfo(
        path=path,
        title=resolved.get("title", path[-1]),
        description=resolved.get("description", ""),
        kind=kind,
        required=required,
        expected=bool(resolved.get("x-expected")),
        searched=resolved.get("x-search", True) is not False,
        section=section,
        examples=tuple(resolved.get("examples", ())),
        choices=tuple(item.get("enum", ())),
        labels=dict(item.get("x-labels", {})),
        choice_descriptions=dict(item.get("x-enum-descriptions", {})),
        mappings=dict(item.get("x-mappings", {})),
        mapping_notes=dict(item.get("x-mapping-notes", {})),
        meanings={name: tuple(values) for name, values in item.get("x-meanings", {}).items()},
        dates={value: tuple(names) for value, names in item.get("x-dates", {}).items()},
        date_labels=dict(item.get("x-date-labels", {})),
        reasons=dict(item.get("x-reasons", {})),
        notices=dict(item.get("x-notices", {})),
        meaning_notes={value: dict(notes) for value, notes in item.get("x-meaning-notes", {}).items()},
        summaries=dict(item.get("x-summaries", {})),
        default=item.get("default"),
        is_list=is_list,
        multilingual=multilingual,
        max_length=max_length,
        children=tuple(children),
        required_when=tuple(conditions.get(path, ())),
        partial_date=def_name == "partial_date",
        per_language=bool(item.get("x-link")),
    )


def _translated(value: Any, translate: Callable[[str], str]) -> Any:
    """Every text in a (nested) annotation value, translated."""
    if isinstance(value, str):
        return translate(value) if value else value
    if isinstance(value, dict):
        return {key: _translated(item, translate) for key, item in value.items()}
    return value


def _in_language(info: FieldInfo, translate: Callable[[str], str]) -> FieldInfo:
    """A field with its title, help, choice labels and wording in another language (from the catalogs)."""
    return dataclasses.replace(
        info, title=_translated(info.title, translate), description=_translated(info.description, translate),
        labels=_translated(info.labels, translate), choice_descriptions=_translated(info.choice_descriptions, translate),
        date_labels=_translated(info.date_labels, translate), notices=_translated(info.notices, translate),
        meaning_notes=_translated(info.meaning_notes, translate), summaries=_translated(info.summaries, translate),
        required_when=tuple(dataclasses.replace(
            c, on_title=translate(c.on_title), labels=tuple(translate(label) for label in c.labels),
            instead_titles=tuple(translate(title) for title in c.instead_titles)) for c in info.required_when),
        children=tuple(_in_language(child, translate) for child in info.children))


def _translator(language: str | None) -> Callable[[str], str] | None:
    if not language:
        return None
    from generator.core.i18n import SOURCE_LANGUAGE, translator

    t = translator(language)
    return None if t.catalog_language == SOURCE_LANGUAGE else t.gettext


@functools.lru_cache(maxsize=32)
def sections(schemas: Schemas, language: str | None = None) -> list[Section]:
    """The sections of a record page, in ``language`` (default: as written in the schema)."""
    translate = _translator(language) or (lambda text: text)
    return [Section(s["id"], translate(s["title"]), translate(s["description"]))
            for s in schemas.record.get("x-sections", ())]


@functools.lru_cache(maxsize=32)
def record_fields(schemas: Schemas, language: str | None = None) -> tuple[FieldInfo, ...]:
    """Every top-level field of a record, in schema order, with nested fields as children.

    With ``language``, titles, help texts and labels are in that language (from the message catalogs).
    """
    translate = _translator(language)
    if translate is not None:
        return tuple(_in_language(info, translate) for info in record_fields(schemas))
    root = schemas.record
    required = set(root.get("required", ()))
    conditions = _conditions(schemas, root, root, ())
    return tuple(_build(schemas, root, node, (name,), name in required, node.get("x-section", "record"), conditions)
                 for name, node in root["properties"].items())


@functools.lru_cache(maxsize=32)
def register_fields(schemas: Schemas, language: str | None = None) -> tuple[FieldInfo, ...]:
    """Every top-level field of the register configuration, with nested fields as children."""
    translate = _translator(language)
    if translate is not None:
        return tuple(_in_language(info, translate) for info in register_fields(schemas))
    root = schemas.register
    required = set(root.get("required", ()))
    return tuple(_build(schemas, root, node, (name,), name in required, "register")
                 for name, node in root["properties"].items())


@functools.lru_cache(maxsize=32)
def field_index(schemas: Schemas, language: str | None = None) -> dict[str, FieldInfo]:
    """All record fields at every depth, keyed by dotted path (list items are transparent)."""
    index: dict[str, FieldInfo] = {}
    for top in record_fields(schemas, language):
        for info in top.walk():
            index[info.dotted] = info
    return index


def expected_fields(schemas: Schemas) -> list[FieldInfo]:
    """Top-level fields that are optional but expected: their absence is shown as 'Not provided'."""
    return [f for f in record_fields(schemas) if f.expected]
