"""Export to, and import from, the Eurocities / Algoritmeregister algorithmic transparency standard 0.3.1.

The standard (``_data/schema-v0_3_1.yaml`` in github.com/Algoritmeregister/standard)
has 49 attributes in six categories. They are listed, in the standard's order, in
``mappings/eurocities-0.3.1.yaml``: each with its names, whether it is required,
the values of the five closed lists, and where our record fills it from. Our
choice values map to the standard's through ``x-mappings["eurocities-0.3.1"]``
of our schema. The rules that need code are in ``eurocities_rules.py``.

Export: ``eurocities-0.3.1.csv`` (the standard's CSV template: one row per
record, the 49 attributes as columns in the standard's order, UTF-8) and
``records/<id>.json`` (one object per record, ``null`` when empty).

Import (``eurocities_import.py``): a CSV in that template, one record per row.
The mapping and every lossy point are documented in docs/exports-eurocities-0.3.1.md.
"""
from __future__ import annotations

import json
from typing import Any

from generator.core.schema import Schemas
from generator.crosswalk import Export, ExportContext, Gap, ImportResult, Standard, register
from generator.crosswalk.eurocities_import import read_records
from generator.crosswalk.eurocities_rules import ATTRIBUTES, BY_KEY, KEY, MAPPING, RULES, withheld_gap
from generator.crosswalk.files import csv_text
from generator.crosswalk.plaintext import plain_text
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import Cell, Source, evaluate
from generator.crosswalk.links import one_address
from generator.model.objects import Registry, System


def export_record(system: System, schemas: Schemas, context: ExportContext) -> tuple[dict[str, Any], list[Gap]]:
    """The Eurocities object of one record (``None`` for each empty attribute) and its gaps."""
    row = evaluate(MAPPING, system, schemas, context, RULES)
    out: dict[str, Any] = {}
    gaps: list[Gap] = []
    for target in MAPPING.fields:
        cell = row[target.target]
        if target.required and cell.empty and cell.gap == target.gap:  # the mapping's own gap for an empty value
            cell = Cell(cell.value, withheld_gap(Source(system, target, MAPPING, schemas, context)) or target.gap)
        if isinstance(cell.value, str) and BY_KEY[target.target].kind == "string":  # the standard's texts are plain
            cell = Cell(plain_text(cell.value), cell.gap)
        out[target.target] = None if cell.empty else cell.value
        if cell.gap:
            gaps.append(Gap(system.id, target.target, cell.gap))
    add_choice_gaps(gaps, MAPPING, system, schemas)
    return out, gaps


def export_records(registry: Registry, context: ExportContext) -> tuple[list[dict[str, Any]], list[Gap]]:
    """The Eurocities object of every record (in id order) and the gaps found."""
    schemas = context.schemas_for(registry)
    objects, gaps = [], []
    for system in registry:
        obj, found = export_record(system, schemas, context)
        objects.append(obj)
        gaps += found
    return objects, gaps


class Eurocities(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES
    importable = True

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export, registry = one_address(registry, MAPPING, context)
        objects, gaps = export_records(registry, context)
        files: dict[str, str | bytes] = {}
        for system, obj in zip(registry, objects):
            files[f"records/{system.id}.json"] = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        files[f"{KEY}.csv"] = csv_text([a.key for a in ATTRIBUTES], [[obj[a.key] for a in ATTRIBUTES] for obj in objects],
                                       raw=context.raw_csv)
        return Export(files, export.gaps + gaps)

    def read(self, content: bytes, department: str, options: dict[str, str],
             schemas: Schemas | None = None) -> ImportResult:
        return read_records(content, department, options, schemas)


register(Eurocities())
