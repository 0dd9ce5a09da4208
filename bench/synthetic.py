"""Synthetic but valid registers, built from the schema's own examples, for benchmarks and scale tests.

Every field of the schema is filled (from its ``examples``; choices vary with
the record number), so a synthetic record exercises the whole validator and
every section of the rendered pages.

Texts come in two kinds (``texts=``):

- ``"shared"`` (the default, and what every benchmark figure before issue 11's
  search work used): every text field holds the schema's example, so all records
  repeat the same texts, the parking scan car's, word for word. For a search
  index this is the hard case: "parking" occurs about 25 times on every page.
- ``"varied"``: each text field holds one to three sentences drawn from what the
  example register's 20 records write in that field (in English), so records
  differ as a real register's do, while common words ("city", "data",
  "residents") still occur in thousands of them. Names, summaries and keywords
  are the same as with shared texts (three of 23 common words per record).
"""
from __future__ import annotations

import copy
import random
import re
from pathlib import Path
from typing import Any

from generator.core.fields import FieldInfo, record_fields
from generator.core.schema import Schemas, load_schemas
from generator.load.yamlload import load_file, to_yaml

EXAMPLE_REGISTER = Path(__file__).resolve().parents[1] / "registry"
TEXTS = ("shared", "varied")
Pools = dict[tuple[str, ...], list[str]]

DEPARTMENTS = ("mobility", "environment", "social", "services", "infrastructure", "safety", "digital", "planning")
# The register's own categories (register.yaml's categories), each with a label and, for some, a mapping to a standard.
CATEGORIES = (("culture-leisure", "Culture and leisure", {"nl_themes": ["Cultuur en recreatie"]}),
              ("benefits", "Benefits", {"eurocities_domain": "subsidies, benefits and allowances"}),
              ("neighbourhoods", "Neighbourhoods", {}))
WORDS = ("traffic", "parking", "water", "waste", "energy", "flood", "chatbot", "permit", "benefit", "school", "library",
         "street", "bridge", "pipe", "heat", "noise", "air", "bus", "bicycle", "housing", "grant", "tax", "invoice")


def _sentences(text: str) -> list[str]:
    plain = " ".join(re.sub(r"\*\*|^\s*[-*] ", "", line) for line in text.splitlines())
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(plain.split())) if len(s.split()) >= 3]


def _collect(infos: tuple[FieldInfo, ...] | list[FieldInfo], data: Any, pools: Pools) -> None:
    for info in infos:
        value = data.get(info.name) if isinstance(data, dict) else None
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        if info.kind == "object":
            for item in items:
                _collect(info.children, item, pools)
        elif info.kind in ("text", "markdown") and not info.choices:
            for item in items:
                text = item.get("en") if isinstance(item, dict) else item
                if isinstance(text, str):
                    pools.setdefault(info.path, []).extend(_sentences(text))


def text_pools(schemas: Schemas, register: Path = EXAMPLE_REGISTER) -> Pools:
    """The sentences the example register's records write in each text field (English), by the field's path."""
    pools: Pools = {}
    for path in sorted(register.rglob("*.yaml")):
        if path.name != "register.yaml":
            document, _ = load_file(path, str(path))
            if document is not None:
                _collect(record_fields(schemas), document.data, pools)
    return {key: sorted(set(sentences)) for key, sentences in pools.items() if len(set(sentences)) >= 2}


def _varied(info: FieldInfo, rng: random.Random, pools: Pools) -> str | None:
    pool = pools.get(info.path)
    if not pool:
        return None
    text = " ".join(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))
    if info.max_length and len(text) > info.max_length:
        text = min(pool, key=len)
        return text if len(text) <= info.max_length else None
    return text


def _value(info: FieldInfo, rng: random.Random, pools: Pools | None = None) -> Any:
    if info.kind == "object":
        item = {child.name: _value(child, rng, pools) for child in info.children}
        return [item] if info.is_list else item
    if info.choices:
        if info.is_list:
            return rng.sample(list(info.choices), k=min(2, len(info.choices)))
        return rng.choice(list(info.choices))
    if pools and info.kind in ("text", "markdown"):
        if info.is_list:
            texts = [_varied(info, rng, pools) for _ in info.examples[0]] if isinstance(info.examples[0], list) else []
            if texts and all(texts):
                return texts
        else:
            text = _varied(info, rng, pools)
            if text is not None:
                return text
    return copy.deepcopy(info.examples[0])


def synthetic_record(schemas: Schemas, number: int, seed: int = 1, pools: Pools | None = None) -> dict[str, Any]:
    """Record number ``number``: every field filled, consistent with the schema's conditional rules. With ``pools``
    (``text_pools``), each text field draws its sentences from them instead of repeating the schema's example."""
    rng = random.Random(seed * 100_003 + number)
    record = {info.name: _value(info, rng, pools) for info in record_fields(schemas)}
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


def write_register(target: Path, count: int, seed: int = 1, schemas: Schemas | None = None,
                   texts: str = "shared") -> Path:
    """Write ``target/registry/`` with a configuration and ``count`` records; returns the registry folder.
    ``texts`` is "shared" (every record repeats the schema's example texts) or "varied" (see the module's help)."""
    if texts not in TEXTS:
        raise ValueError(f"texts must be one of {', '.join(TEXTS)}, not {texts!r}")
    schemas = schemas or load_schemas()
    pools = text_pools(schemas) if texts == "varied" else None
    registry = target / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    (registry / "register.yaml").write_text(to_yaml(synthetic_register_config()), encoding="utf-8")
    for number in range(1, count + 1):
        record = synthetic_record(schemas, number, seed, pools)
        folder = registry / record["owner"]["department"]
        folder.mkdir(exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(to_yaml(record), encoding="utf-8")
    return registry
