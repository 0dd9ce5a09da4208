"""The rules of the UK ATRS 3.0 export that need code (named in ``mappings/uk-atrs-3.0.yaml``).

Each rule fills one ATRS field of one record and returns a ``Cell``: the value,
or for a required field that stays empty, the gap in plain words. Most gaps
name the fields of our record to fill in, with their titles as a clerk knows
them ("“Training of staff” under “Human oversight” (human_oversight.training)"),
or repeat the reason the record gives for withholding them. Choices become
ATRS values through the schema's ``x-mappings`` (key ``uk-atrs-3.0``) and must
be in the field's closed list (``allowed`` in the mapping file).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable

from generator.core.fields import FieldInfo, field_index, register_fields
from generator.core.schema import Schemas
from generator.crosswalk import plain_text
from generator.crosswalk import numbers
from generator.core.i18n import L_, joined as one_reason
from generator.crosswalk.reasons import either, withheld
from generator.crosswalk.mapping import Cell, Rules, Source, unmapped, values_at
from generator.crosswalk.words import choice
from generator.model.objects import System

RULES = Rules()
MULTI_SEPARATOR = "; "  # between several values of one field
UK = "GB"  # the organisation's country for which ATRS regions and Companies House numbers apply
YES, NO = "Yes", "No"  # ATRS's answers for external supplier involvement
NO_MODELS = L_("the record lists no models; for a system that only follows rules, describe the set of rules as a model "
               "under technique.models")
NO_DATASETS = L_("the record lists no data sets yet: add each data set the system uses under “Data sets” (datasets)")
NO_ITEMS = {"technique.models": NO_MODELS, "datasets": NO_DATASETS}  # the gap when a list of the record is empty
NO_DEVELOPMENT_DATA = L_("no data set in the record is marked as used for development (used_for: development or both); "
                         "ATRS asks which data sets were used to build and test the model")
DEVELOPMENT = "for-development"  # the meaning of datasets.used_for (its x-meanings) of data used to build the model
FINISHED = "finished"  # the meaning of bias_assessment.status (its x-meanings) of an assessment with findings
_LIST_START = re.compile(r"([-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class NotAsked(Cell):
    """An empty value that ATRS does not ask of this record: unlike an empty ``Cell``, never a gap."""

    @property
    def empty(self) -> bool:
        return False


# --- fields and gaps ----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _register_index(schemas: Schemas) -> dict[str, FieldInfo]:
    return {info.dotted: info for top in register_fields(schemas) for info in top.walk()}


def field_of(schemas: Schemas, path: str) -> FieldInfo | None:
    """A field of the record, or else of the register configuration, by dotted path."""
    return field_index(schemas).get(path) or _register_index(schemas).get(path)


def _title(schemas: Schemas, path: str) -> str:
    """A field as a clerk knows it: its title (and its parent's) with the path to write in YAML."""
    info = field_of(schemas, path)
    if info is None:
        return path
    if len(info.path) > 1:
        parent = field_of(schemas, ".".join(info.path[:-1]))
        if parent is not None:
            return L_("“{field}” under “{parent}” ({path})", field=L_(info.title), parent=L_(parent.title), path=path)
    return L_("“{field}” ({path})", field=L_(info.title), path=path)


def register_paths(source: Source) -> tuple[str, ...]:
    """The register configuration's fields the ATRS field is filled from (``register`` in the mapping file)."""
    return tuple(source.target.options.get("register", ()))


def missing_reason(source: Source, paths: tuple[str, ...] | None = None) -> str:
    """Why the field is empty: withheld (with the record's reason), or which fields to fill in."""
    register = register_paths(source)
    paths = paths if paths is not None else (source.target.sources or register)
    for path in paths:
        reason = source.withheld(path)
        if reason:
            return withheld(reason)
    if not paths:
        return L_("the register has no field for this")
    fields = either([_title(source.schemas, p) for p in paths])
    if register:
        return L_("not in register.yaml yet: fill in {fields}", fields=fields)
    return L_("not in the record yet: fill in {fields}", fields=fields)


def filled(source: Source, value: str, reason: str | None = None) -> Cell:
    """``value``; when it is empty and ATRS requires the field, the gap: ``reason``, else which fields to fill in."""
    if value or not source.target.required:
        return Cell(value)
    return Cell("", reason or missing_reason(source))


def _closed(source: Source, path: str, value: str) -> Cell:
    """One choice as the ATRS value of the schema's value table, if the field's closed list allows it."""
    info = field_of(source.schemas, path)
    table = (info.mappings if info else {}).get(source.mapping.key, {})
    if value not in table:
        return Cell("", unmapped(source.mapping.key, path, value, info.label(value) if info else value))
    if table[value] is None:
        return Cell("", L_("the choice '{value}' of {path} has no ATRS value for “{field}” (the schema maps it to "
                           "null)", value=value, path=path, field=source.target.label))
    if table[value] not in source.target.options["allowed"]:
        return Cell("", L_("the choice '{value}' of {path} has no ATRS value for “{field}”: the schema's "
                           "\"x-mappings\" → \"{standard}\" table gives '{given}', which ATRS does not allow here",
                           value=value, path=path, field=source.target.label, standard=source.mapping.key,
                           given=table[value]))
    return Cell(table[value])


def _closed_list(source: Source, path: str, values: list[str]) -> Cell:
    """Several choices as ATRS values (each once); choices without one are the gap."""
    cells = [_closed(source, path, value) for value in values]
    found = list(dict.fromkeys(c.value for c in cells if c.value))
    problems = [c.gap for c in cells if c.gap]
    if found:
        return Cell(MULTI_SEPARATOR.join(found), one_reason(problems))
    return filled(source, "", problems[0] if problems else None)


# --- lists of the record ----------------------------------------------------------------------------

def items_at(source: Source, path: str) -> list[dict[str, Any]]:
    return [item for item in values_at(source.data, path) if isinstance(item, dict)]


def as_written(system: System, value: Any) -> str:
    return str(value) if value else ""


def labelled(label: str, value: str) -> str:
    """"label: value", with a list-shaped value starting on its own line."""
    return f"{label}:\n{value}" if _LIST_START.match(value) else f"{label}: {value}"


def per_item_text(system: System, items: list[dict[str, Any]], key: str, separator: str = "\n\n",
              reader: Callable[[System, Any], str] = plain_text) -> str:
    """One value per item: the value alone for a single item, else "item name: value" for each item that has it."""
    values = [(plain_text(system, item.get("name")), reader(system, item.get(key))) for item in items]
    values = [(name, value) for name, value in values if value]
    if len(items) == 1:
        return values[0][1] if values else ""
    return separator.join(labelled(name, value) for name, value in values)


def no_items(source: Source, path: str, items: list[dict[str, Any]]) -> str | None:
    """The gap for an empty list of the record (None when it has items or withholds them)."""
    return None if items or source.withheld(path) else NO_ITEMS.get(path)


def development_sets(source: Source) -> list[dict[str, Any]]:
    return [d for d in items_at(source, "datasets")
            if source.meanings.has("datasets.used_for", d.get("used_for"), DEVELOPMENT)]


def no_development_data(source: Source) -> str | None:
    datasets = items_at(source, "datasets")
    if not datasets:
        return no_items(source, "datasets", datasets)
    return None if development_sets(source) or source.withheld("datasets") else NO_DEVELOPMENT_DATA


def register_value(source: Source, path: str) -> Any:
    """A value of register.yaml; ``organisation.*`` is read from the organisation that owns the record."""
    if path.startswith("organisation."):
        found = values_at({"organisation": source.system.organisation.data}, path)
        return found[0] if found else None
    found = values_at(source.system.register.data, path)
    return found[0] if found else None


# --- the rules -----------------------------------------------------------------------------------------

@RULES.rule
def plain(source: Source) -> Cell:
    """The text in the record's main language as plain text (Markdown marks removed, one line per paragraph)."""
    return filled(source, source.plain(source.get()))


@RULES.rule
def written(source: Source) -> Cell:
    """The value as written."""
    found = source.get()
    return filled(source, "" if found is None else str(found))


@RULES.rule
def joined(source: Source) -> Cell:
    """Each value as plain text, separated by “; ”."""
    return filled(source, MULTI_SEPARATOR.join(source.plain(v) for v in source.get() or ()))


@RULES.rule
def first_of(source: Source) -> Cell:
    """The first of these fields that the record fills in, as plain text."""
    found = next((v for v in (source.get(path) for path in source.target.sources) if v), None)
    return filled(source, source.plain(found))


@RULES.rule
def first_sentence(source: Source) -> Cell:
    """The first sentence of the text, as plain text."""
    flat = " ".join(source.plain(source.get()).split())
    return filled(source, re.split(r"(?<=[.!?])\s+(?=[^a-z\s])", flat, maxsplit=1)[0])


@RULES.rule
def date_archived(source: Source) -> Cell:
    """The date the system was retired, for retired systems only."""
    if not source.meanings.has("status", source.system.status, source.target.options["status_meaning"]):
        return NotAsked()
    found = source.get()
    return filled(source, "" if found is None else str(found))


@RULES.rule
def organisation_type(source: Source) -> Cell:
    """The organisation's type in register.yaml, as the ATRS organisation type of the register schema's value table."""
    path = register_paths(source)[0]
    kind = register_value(source, path)
    return filled(source, "") if kind is None else _closed(source, path, kind)


@RULES.rule
def function(source: Source) -> Cell:
    """The ATRS function chosen in the record; without one, the ATRS function of each of its categories
    (register.yaml); without those, the ATRS function of each domain (the schema's table)."""
    allowed = source.target.options["allowed"]
    chosen = source.get("external_categories.uk_function")
    if chosen in allowed:
        return Cell(chosen)
    from_categories = [value for value in source.system.mapped_categories("uk_function") if value in allowed]
    if from_categories:
        return Cell(MULTI_SEPARATOR.join(from_categories))
    return _closed_list(source, "domains", source.system.domains)


@RULES.rule
def closed_choices(source: Source) -> Cell:
    """Each choice as its ATRS value (the schema's value table), each value once, separated by “; ”."""
    return _closed_list(source, source.target.sources[0], source.get() or [])


@RULES.rule
def phase(source: Source) -> Cell:
    """The status as an ATRS phase (the schema's value table)."""
    return _closed(source, "status", source.system.status)


@RULES.rule
def region(source: Source) -> Cell:
    """The ATRS region in register.yaml (exports.uk_region); outside the UK (country GB) no ATRS region fits."""
    chosen = (source.system.register.data.get("exports") or {}).get("uk_region")
    allowed = source.target.options["allowed"]
    if chosen in allowed:
        return Cell(chosen)
    if chosen:
        return Cell("", L_("“{region}” in register.yaml (exports.uk_region) is not an ATRS region; write one of: "
                           "{regions}", region=chosen, regions=", ".join(allowed)))
    country = register_value(source, "organisation.country")
    if country and country != UK:
        return Cell("", L_("ATRS regions are parts of the United Kingdom; the organisation is in {country}, so no "
                           "region fits", country=country))
    return Cell("", source.target.gap)


@RULES.rule
def record_number(source: Source) -> Cell:
    """The record's number from register.yaml (exports.numbers), which never changes."""
    number, reason = numbers.record_number(source.system)
    return Cell(str(number)) if number is not None else Cell("", reason)


@RULES.rule
def task(source: Source) -> Cell:
    """The task of each model; without models, the label of the type of output."""
    tasks = [t for t in (source.plain(m.get("task")) for m in items_at(source, "technique.models")) if t]
    if tasks:
        return Cell(MULTI_SEPARATOR.join(tasks))
    output = source.get("technique.output_type")
    return filled(source, choice(source, "technique.output_type", output) if output else "")


@RULES.rule
def organisation(source: Source) -> Cell:
    """The organisation's name in register.yaml, in the record's main language."""
    register = source.system.register
    name = register_value(source, register_paths(source)[0])
    return filled(source, register.text(name, source.system.main_language) or "")


@RULES.rule
def website(source: Source) -> Cell:
    """The record's public information page; without one, its page in the register (when the site's address is known)."""
    return filled(source, source.get() or source.context.page_url(source.system) or "", source.target.gap)


@RULES.rule
def department(source: Source) -> Cell:
    """The department's name, then the organisation's name, such as “Urban Mobility, City of Lakeholm”."""
    system = source.system
    name = system.register.text(system.department.name, system.main_language) or system.department_id
    organisation_name = system.organisation_name(system.main_language)
    return filled(source, f"{name}, {organisation_name}")


@RULES.rule
def responsible_owner(source: Source) -> Cell:
    """The accountable role, preceded by the name of the person when the record gives one."""
    role, name = source.plain(source.get("accountable.role")), source.get("accountable.name")
    return filled(source, f"{name}, {role}" if name else role)


@RULES.rule
def supplier_involvement(source: Source) -> Cell:
    """Yes when a supplier helped build it, No when the city built it alone; if not said, Yes if suppliers are listed."""
    (how_built, suppliers), options = source.target.sources, source.target.options  # development, suppliers
    built = source.get(how_built)
    if source.meanings.has(how_built, built, options["involved"]):
        return Cell(YES)
    if source.meanings.has(how_built, built, options["in_house"]):
        return Cell(NO)
    if source.get(suppliers):
        return Cell(YES)
    if built is not None:
        return Cell("", L_("the choice '{value}' of {path} does not say whether a supplier was involved: add it to "
                           "\"{involved}\" or \"{in_house}\" under \"x-meanings\" of '{path}' in the schema", value=built,
                           path=how_built, involved=options["involved"], in_house=options["in_house"]))
    return filled(source, "")
