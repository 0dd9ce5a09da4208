"""Export to the UK Algorithmic Transparency Recording Standard (ATRS), version 3.0.

One JSON file per record (``records/<id>.json``) with the ATRS fields grouped as
the template groups them (metadata, title information, Tier 1, Tier 2), and one
CSV (``uk-atrs-3.0.csv``) with a row per record and a column per ATRS field,
headed by the template's attribute name (``name``); the gap list names a field
by reference number and attribute (``1.1 name``). Every required ATRS field a
record cannot fill becomes a gap. Systems not used yet are left out, as the
ATRS guidance keeps pre-deployment records internal, unless the register asks
for them (``exports.uk_pre_deployment``).

The fields (reference number, attribute, name, group, required flag), where
each is filled from and the permitted values of the GOV.UK facets
(organisation type, function, capability, phase, region) are in
``mappings/uk-atrs-3.0.yaml``; the rules that need code are in
``uk_atrs_rules.py`` and ``uk_atrs_tier2.py``. Which of our values becomes
which ATRS value comes from the record schema's ``x-mappings`` (key
``uk-atrs-3.0``). What is lost on the way is explained in
``docs/exports-uk-atrs-3.0.md``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.crosswalk import Export, ExportContext, Gap, Standard, register
from generator.crosswalk import uk_atrs_tier2  # noqa: F401  (registers the rules for the record's lists)
from generator.crosswalk.files import csv_text
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import Cell, FieldMap, evaluate, load_mapping
from generator.crosswalk.uk_atrs_rules import MULTI_SEPARATOR, RULES  # noqa: F401  (several values of a field: "; ")
from generator.core.schema import Schemas
from generator.crosswalk.links import one_address
from generator.model.objects import Registry, System

KEY = "uk-atrs-3.0"
MAPPING = load_mapping(KEY)
VERSION = MAPPING.version
CSV_NAME = "uk-atrs-3.0.csv"
STANDARD = "Algorithmic Transparency Recording Standard"


@dataclass(frozen=True)
class AtrsField:
    """One field of the ATRS 3.0 template, as the mapping file gives it."""

    ref: str  # reference number, such as "2.1.3"
    attribute: str  # machine name, such as "senior_responsible_owner"
    name: str  # display name, such as "Senior responsible owner"
    section: str  # metadata, title_information, tier_1 or tier_2 (the template's tier and category)
    required: bool  # the template's "required" flag

    @property
    def column(self) -> str:
        """The CSV column, the field named in the gap list and in the mapping file, such as "1.1 name"."""
        return f"{self.ref} {self.attribute}"


def _atrs_field(target: FieldMap) -> AtrsField:
    ref, attribute = target.target.split(" ", 1)
    return AtrsField(ref, attribute, target.label, target.section, target.required)


# Every field of the ATRS 3.0 template table, in its order (65 fields; 55 required).
FIELDS: tuple[AtrsField, ...] = tuple(_atrs_field(f) for f in MAPPING.fields)
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(f.section for f in FIELDS))

# Fields whose values must come from a closed list (the mapping file's ``allowed``), by reference number.
ALLOWED: dict[str, tuple[str, ...]] = {f.target.split(" ", 1)[0]: tuple(f.options["allowed"]) for f in MAPPING.fields
                                       if "allowed" in f.options}
ORGANISATION_TYPES, FUNCTIONS, CAPABILITIES, PHASES, REGIONS = (ALLOWED[ref]
                                                                 for ref in ("0.3", "0.4", "0.5", "0.13", "0.14"))

# Where each ATRS field comes from: the record's fields, or the register configuration's (for gaps and the docs).
SOURCES: dict[str, tuple[str, ...]] = {
    f.target.split(" ", 1)[0]: paths for f in MAPPING.fields
    if (paths := f.sources or tuple(f.options.get("register", ())))}


def _resolve(system: System, schemas: Schemas, context: ExportContext) -> tuple[dict[str, str], list[Gap]]:
    """The record's ATRS values by reference number, and the gaps of its required fields."""
    row: dict[str, Cell] = evaluate(MAPPING, system, schemas, context, RULES)
    values = {f.ref: str(row[f.column].value or "") for f in FIELDS}
    gaps = [Gap(system.id, f.column, row[f.column].gap) for f in FIELDS if row[f.column].gap]
    add_choice_gaps(gaps, MAPPING, system, schemas)
    return values, gaps


def record_json(system: System, values: dict[str, str], context: ExportContext) -> dict[str, Any]:
    """One record as ATRS JSON: each section maps attribute names to values (null when empty)."""
    out: dict[str, Any] = {"standard": STANDARD, "standard_version": VERSION,
                           "record_id": system.id, "register_page": context.page_url(system)}
    for section in SECTIONS:
        out[section] = {f.attribute: values[f.ref] or None for f in FIELDS if f.section == section}
    out["reference_numbers"] = {section: {f.attribute: f.ref for f in FIELDS if f.section == section}
                                for section in SECTIONS}
    return out


class UkAtrs(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export, registry = one_address(registry, MAPPING, context)
        schemas = context.schemas_for(registry)
        rows = []
        settings = registry.register.data.get("exports") or {}
        for system in registry:
            if system.status_means("not-yet-used") and not settings.get("uk_pre_deployment"):
                continue  # the ATRS guidance keeps records of tools not yet deployed internal
            values, gaps = _resolve(system, schemas, context)
            export.gaps.extend(gaps)
            rows.append([values[f.ref] for f in FIELDS])
            document = record_json(system, values, context)
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = csv_text([f.attribute for f in FIELDS], rows, raw=context.raw_csv)
        return export


register(UkAtrs())
