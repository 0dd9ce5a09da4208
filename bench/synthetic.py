"""Synthetic but valid registers, built from the schema's own examples, for benchmarks and scale tests.

Every field of the schema is filled (from its ``examples``; choices vary with
the record number), so a synthetic record exercises the whole validator and
every section of the rendered pages.
"""
from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

from generator.core.fields import FieldInfo, record_fields
from generator.core.schema import Schemas, load_schemas
from generator.load.yamlload import to_yaml

DEPARTMENTS = ("mobility", "environment", "social", "services", "infrastructure", "safety", "digital", "planning")
# The register's own categories (register.yaml's categories), each with a label and, for some, a mapping to a standard.
CATEGORIES = (("culture-leisure", "Culture and leisure", {"nl_themes": ["Cultuur en recreatie"]}),
              ("benefits", "Benefits", {"eurocities_domain": "subsidies, benefits and allowances"}),
              ("neighbourhoods", "Neighbourhoods", {}))
WORDS = ("traffic", "parking", "water", "waste", "energy", "flood", "chatbot", "permit", "benefit", "school", "library",
         "street", "bridge", "pipe", "heat", "noise", "air", "bus", "bicycle", "housing", "grant", "tax", "invoice")


def _value(info: FieldInfo, rng: random.Random) -> Any:
    if info.kind == "object":
        item = {child.name: _value(child, rng) for child in info.children}
        return [item] if info.is_list else item
    if info.choices:
        if info.is_list:
            return rng.sample(list(info.choices), k=min(2, len(info.choices)))
        return rng.choice(list(info.choices))
    return copy.deepcopy(info.examples[0])


def synthetic_record(schemas: Schemas, number: int, seed: int = 1) -> dict[str, Any]:
    """Record number ``number``: every field filled, consistent with the schema's conditional rules."""
    rng = random.Random(seed * 100_003 + number)
    record = {info.name: _value(info, rng) for info in record_fields(schemas)}
    words = rng.sample(WORDS, 3)
    record["id"] = f"system-{number:05d}"
    record["schema_version"] = schemas.version
    record["name"] = f"{words[0].title()} {words[1]} system {number}"
    record["summary"] = f"Helps the city with {words[0]}, {words[1]} and {words[2]} work (synthetic record {number})."
    record["tags"] = words
    record["owner"] = {"department": DEPARTMENTS[number % len(DEPARTMENTS)], "team": f"{words[0].title()} team"}
    record["languages"] = ["en"]
    record["categories"] = [CATEGORIES[number % len(CATEGORIES)][0]]
    record["lifecycle"].pop("replaced_by", None)  # would point at a record that does not exist
    record.pop("withheld", None)  # every field is filled, so nothing can be withheld
    return record


def synthetic_register_config(title: str = "Synthetic register") -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "title": title,
        "organisation": {"name": "Synthetic City", "country": "FI"},
        "default_language": "en",
        "contact": {"email": "register@synthetic-city.example"},
        "departments": {d: {"name": f"{d.title()} department"} for d in DEPARTMENTS},
        "categories": [{"id": key, "label": label, **({"external_categories": mapped} if mapped else {})}
                       for key, label, mapped in CATEGORIES],
    }


def write_register(target: Path, count: int, seed: int = 1, schemas: Schemas | None = None) -> Path:
    """Write ``target/registry/`` with a configuration and ``count`` records; returns the registry folder."""
    schemas = schemas or load_schemas()
    registry = target / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    (registry / "register.yaml").write_text(to_yaml(synthetic_register_config()), encoding="utf-8")
    for number in range(1, count + 1):
        record = synthetic_record(schemas, number, seed)
        folder = registry / record["owner"]["department"]
        folder.mkdir(exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(to_yaml(record), encoding="utf-8")
    return registry
