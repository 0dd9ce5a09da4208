"""Export to, and import from, the Dutch Algorithm Register publication standard 1.0 (key ``nl-1.0``).

The standard's 31 fields, in its order, with their Dutch titles, maximum lengths,
required and "always shown" flags and where each is filled from, are in
``mappings/nl-1.0.yaml`` (written from the standard's own field configuration,
``backend/app/schemas/config/v1_0.json`` in github.com/MinBZK/Algoritmeregister).
Choice values are translated with the ``x-mappings`` of our schema, so the
schema stays the single source of truth. This module holds the rules that need
code and writes the files.

Export: ``records/<id>.json`` (one NL object per record, every key of the
standard in its order, ``null`` when empty) and ``nl-1.0.csv`` (all records,
the NL keys as columns; lists are written as JSON). Long texts are HTML as the
Dutch register allows it (``allowed_html_tags``: div, br, p, ul, ol, li): ``<p>``,
``<ul>``/``<ol>`` with ``<li>``, a link as its text with the address in brackets,
made from the record's Markdown with ``richtext.rich``. ``lang`` names the
language of the texts exported (ISO 639-3): Dutch where the record has it, else
its main language (and a gap, as the Dutch register accepts only ``nld``). The three
"groupings" (lists of objects with a title and a link) are each one field whose
rule returns the list.

A rule may find several problems with one field: its ``Cell.gap`` then holds one
reason per line, and each line is one row of the gap list.

Import (``nl_import.py``): a JSON file with one NL record or a list of them.
"""
from __future__ import annotations

import json
from typing import Any

from generator.core.i18n import L_, lines_of
from generator.core.schema import Schemas, load_schemas
from generator.crosswalk import Export, ExportContext, Gap, ImportResult, Standard, register
from generator.crosswalk import nl_texts  # noqa: F401  (registers the rules of the long texts)
from generator.crosswalk.files import csv_text
from generator.crosswalk.importkit import collapse, pick
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import FieldMap, evaluate
from generator.crosswalk.nl_rules import KEY, MAPPING, RULES, language
from generator.crosswalk.links import one_address
from generator.model.objects import Registry, System

CSV_NAME = f"{KEY}.csv"

# --- the files ------------------------------------------------------------------------------------

def _empty_reason(system: System, target: FieldMap) -> str:
    """Why a field the Dutch register requires or always shows is empty: withheld (with the reason), or not filled in."""
    held = [name for name in target.options.get("withheld", ()) if name in system.withheld]
    if held:
        reason = collapse(pick(system, system.withheld[held[0]], language(system)).strip())
        return L_("withheld in the record ({field}: {reason}); the Dutch register always shows '{label}' and will say "
                  "it was not filled in", field=held[0], reason=reason, label=target.label)
    return target.gap


def record_object(system: System, schemas: Schemas, context: ExportContext) -> tuple[dict[str, Any], list[Gap]]:
    """The NL object of one record (every key of the standard, ``None`` when empty) and its gaps."""
    row = evaluate(MAPPING, system, schemas, context, RULES)
    out: dict[str, Any] = {}
    gaps: list[Gap] = []
    for target in MAPPING.fields:
        cell = row[target.target]
        reasons = lines_of(cell.gap)
        if cell.empty and (target.required or target.options.get("shown")):
            reasons = [r for r in reasons if r != target.gap] + [_empty_reason(system, target)]
        out[target.target] = None if cell.empty else cell.value
        gaps.extend(Gap(system.id, target.target, reason) for reason in reasons)
    add_choice_gaps(gaps, MAPPING, system, schemas)
    return out, gaps


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


class DutchAlgorithmRegister(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES
    importable = True

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export, registry = one_address(registry, MAPPING, context, "nl")  # the Dutch address where there is one
        schemas = context.schemas_for(registry)
        objects = []
        for system in registry:
            obj, gaps = record_object(system, schemas, context)
            export.files[f"records/{system.id}.json"] = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
            export.gaps.extend(gaps)
            objects.append(obj)
        keys = [f.target for f in MAPPING.fields]
        export.files[CSV_NAME] = csv_text(keys, ([_csv_value(obj[k]) for k in keys] for obj in objects),
                                          raw=context.raw_csv)
        return export

    def read(self, content: bytes, department: str, options: dict[str, str],
             schemas: Schemas | None = None) -> ImportResult:
        from generator.crosswalk.nl_import import read_records

        return read_records(content, department, options, schemas or load_schemas())


register(DutchAlgorithmRegister())
