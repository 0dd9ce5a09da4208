"""A city may add a value to any choice list (``enum``) of its schema: the whole site still builds and shows it.

For every ``enum`` of the record and register schemas (found by walking the schemas, so a new enum is covered
without touching this file), a copy of the schema gets one new value with a label, and one record of a copy of
the example register uses it. The site is built once with MkDocs for all the new values together; each enum
is then checked on its own: the build succeeded without a traceback, the record's page shows the new label,
and registry.json carries the value. Enums inside ``if`` conditions (``allOf``/``if``) are conditions of a
rule, not choice fields, and keep their values.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import REPO, explain, run_cli
from sites import article, make_project, mkdocs_build

SCHEMA = REPO / "schema"
RECORD, REGISTER = "ai-system.schema.json", "register.schema.json"
CONDITIONS = {"if", "then", "else", "not", "anyOf", "oneOf", "allOf", "dependentSchemas"}


@dataclass(frozen=True)
class Enum:
    document: str  # RECORD or REGISTER
    pointer: tuple[str, ...]  # where the enum node is in that schema document
    path: tuple[str, ...]  # where its value is in the data: property names, "[]" for a list item

    @property
    def id(self) -> str:
        return ("register:" if self.document == REGISTER else "") + ".".join(self.path).replace(".[]", "[]")


def _resolve(document: dict, ref: str) -> tuple[dict, tuple[str, ...]]:
    pointer = tuple(p for p in ref.partition("#")[2].split("/") if p)
    node = document
    for part in pointer:
        node = node[part]
    return node, pointer


def find_enums() -> list[Enum]:
    """Every enum that defines the values of a field, with the first data path that reaches it."""
    found: dict[tuple[str, tuple[str, ...]], Enum] = {}
    for name in (RECORD, REGISTER):
        document = json.loads((SCHEMA / name).read_text(encoding="utf-8"))

        def walk(node: dict, pointer: tuple[str, ...], path: tuple[str, ...], depth: int = 0) -> None:
            if depth > 30 or not isinstance(node, dict):
                return
            if "$ref" in node and node["$ref"].startswith("#"):
                target, target_pointer = _resolve(document, node["$ref"])
                walk(target, target_pointer, path, depth + 1)
            if isinstance(node.get("enum"), list) and (name, pointer) not in found:
                found[(name, pointer)] = Enum(name, pointer, path)
            for key, child in node.get("properties", {}).items():
                walk(child, pointer + ("properties", key), path + (key,), depth + 1)
            if isinstance(node.get("items"), dict):
                walk(node["items"], pointer + ("items",), path + ("[]",), depth + 1)

        walk(document, (), ())
    return sorted(found.values(), key=lambda e: (e.document, e.path))


ENUMS = find_enums()


def new_value(enum: Enum) -> tuple[str, str]:
    index = ENUMS.index(enum)
    return f"added-value-{index}", f"Added label {index}"


def _set(data: dict, path: tuple[str, ...], value: str, create: bool) -> bool:
    """Put ``value`` at ``path`` in ``data`` (first list item; a list of values gets it appended)."""
    node = data
    for i, step in enumerate(path):
        last = i == len(path) - 1
        following = None if last else path[i + 1]
        if step == "[]":
            if not isinstance(node, list):
                return False
            if last:
                node.append(value)
                return True
            if not node:
                return False
            node = node[0]
            continue
        if last:
            if step not in node and not create:
                return False
            node[step] = value
            return True
        if step not in node:
            if not create:
                return False
            node[step] = [] if following == "[]" else {}
            if following == "[]" and i + 2 < len(path):
                return False  # a new list of objects would need their required fields
        node = node[step]
    return False


CROSSWALK_CRASH = re.compile(r"generator/crosswalk/\S+\", line \d+.*?(?:Error|Exception)\S*: '?(added-value-\d+)", re.S)


def _write(project: Path, skip: set[str]) -> dict:
    """Write the extended schema and register into ``project`` (values of enums in ``skip`` are not used)."""
    schemas = {name: json.loads((SCHEMA / name).read_text(encoding="utf-8")) for name in (RECORD, REGISTER)}
    files = sorted((project / "registry").glob("*/*.yaml"))
    originals = project.parent / "originals"
    if not originals.exists():
        shutil.copytree(project / "registry", originals)
    records = {path: yaml.safe_load((originals / path.relative_to(project / "registry")).read_text(encoding="utf-8"))
               for path in files}
    config_path = project / "registry" / "register.yaml"
    config = yaml.safe_load((originals / "register.yaml").read_text(encoding="utf-8"))
    used: dict[Path, int] = {path: 0 for path in files}
    placed = {}
    for enum in ENUMS:
        value, label = new_value(enum)
        node = schemas[enum.document]
        for part in enum.pointer:
            node = node[part]
        node["enum"].append(value)
        node.setdefault("x-labels", {})[value] = label
        if enum.id in skip:
            continue
        if enum.document == REGISTER:
            assert _set(config, enum.path, value, create=True), enum.id
            placed[enum.id] = (None, value, label)
            continue
        # the least used record that already has the field's containers, else one where they can be made
        for create in (False, True):
            target = next((p for p in sorted(files, key=lambda p: used[p])
                           if _set(copy.deepcopy(records[p]), enum.path, value, create)), None)
            if target is not None:
                break
        assert target is not None, f"no record of the example register can hold {enum.id}"
        _set(records[target], enum.path, value, create)
        used[target] += 1
        placed[enum.id] = (records[target]["id"], value, label)
    (project / "schema").mkdir(exist_ok=True)
    for name, schema in schemas.items():
        (project / "schema" / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    for path, data in records.items():
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return placed


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> dict:
    """The example register with one new value per enum, built once with MkDocs.

    While the crosswalk is being converted, an export may still crash on a new value (during the site build,
    which publishes the exports). Such a crash names the value, so that enum is recorded in "crosswalk" with
    the crash, its value is taken out, and the site is built again for the others. Any other failure stays."""
    root = tmp_path_factory.mktemp("extended")
    project = make_project(root / "project", REPO / "registry")
    crosswalk: dict[str, str] = {}
    by_value = {new_value(e)[0]: e.id for e in ENUMS}
    for _ in range(len(ENUMS)):
        placed = _write(project, set(crosswalk))
        site = root / "site"
        result = mkdocs_build(project, site)
        crash = CROSSWALK_CRASH.search(result.stderr) if result.returncode else None
        if not crash or crash.group(1) not in by_value or by_value[crash.group(1)] in crosswalk:
            break
        crosswalk[by_value[crash.group(1)]] = crash.group(0).splitlines()[0].strip() + " ... " + \
            crash.group(0).splitlines()[-1].strip()
    return {"project": project, "site": site, "result": result, "placed": placed, "crosswalk": crosswalk}


def test_every_choice_field_of_the_schemas_is_covered():
    ids = {e.id for e in ENUMS}
    assert {"status", "datasets[].personal_data", "domains[]", "human_oversight.level", "ai_act.classification",
            "datasets[].protected_attributes[]", "register:organisation.type"} <= ids, sorted(ids)
    assert not any(CONDITIONS & set(e.pointer) for e in ENUMS)


@pytest.mark.parametrize("enum", ENUMS, ids=[e.id for e in ENUMS])
def test_a_new_value_builds_and_is_shown(extended, enum):
    assert enum.id not in extended["crosswalk"], (
        f"an export crashes on the new value of {enum.id}: {extended['crosswalk'].get(enum.id)}")
    result = extended["result"]
    assert result.returncode == 0, explain(result)
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    record_id, value, label = extended["placed"][enum.id]
    site = extended["site"]
    registry = json.loads((site / "data" / "registry.json").read_text(encoding="utf-8"))
    if record_id is None:
        assert json.dumps(registry["register"]).count(json.dumps(value)) == 1
        return
    record = next(s for s in registry["systems"] if s["id"] == record_id)
    assert json.dumps(value) in json.dumps(record), f"{value} is not in {record_id} in registry.json"
    page = article(site / "systems" / record_id / "index.html")
    for hidden in page.select("[hidden]"):  # the search index's data block: codes for filters, never shown
        hidden.decompose()
    assert label in page.get_text(" "), f"the label {label!r} of {enum.id} is not on the page of {record_id}"
    assert value not in page.get_text(" "), f"the page of {record_id} shows the raw value {value!r}, not its label"


def _reads(key: str, enum: Enum) -> bool:
    """Whether a standard reads the enum's field: a ``from:`` path of its mapping file is the field (or holds it),
    a register field is named in its options, or the schema has a value table for the standard on the field.
    (A standard that never reads a field has nothing to export or map for a new value.)"""
    from generator.core.fields import field_index
    from generator.core.schema import load_schemas
    from generator.crosswalk.mapping import load_mapping

    dotted = ".".join(p for p in enum.path if p != "[]")
    mapping = load_mapping(key)
    if enum.document == REGISTER:
        return any(dotted in json.dumps(f.options) for f in mapping.fields)
    info = field_index(load_schemas()).get(dotted)
    if any(path == dotted for f in mapping.fields for path in f.sources):
        return True  # the standard names the field itself
    if info and info.meanings and any(dotted.startswith(path + ".") for f in mapping.fields for path in f.sources):
        return True  # it reads the object that holds the field, and the field's values mean something to the engine
    tables = set(info.mappings) if info else set()
    return key in tables or any(f.options.get("table") in tables for f in mapping.fields)


def test_a_new_value_is_exported_or_listed_as_a_gap_by_every_standard(extended, tmp_path):
    """Every standard that reads a choice field exports a city's new value or lists it in its gaps."""
    project = extended["project"]
    out = tmp_path / "exports"
    result = run_cli("export", "--to", "all", "--out", out, "--registry", project / "registry",
                     "--schema", project / "schema", cwd=project)
    assert result.returncode == 0, explain(result)
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    standards = [folder for folder in out.iterdir() if folder.is_dir()]
    assert len(standards) == 6, f"not every standard was exported to {out}"
    missing, checked = [], 0
    for enum in ENUMS:
        if enum.id not in extended["placed"]:
            missing.append(f"{enum.id}: an export crashed on its value during the site build")
            continue
        record_id, value, label = extended["placed"][enum.id]
        for folder in standards:
            texts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())
            if not _reads(folder.name, enum) or (record_id is not None and record_id not in texts):
                continue  # the standard does not read the field, or does not report this system at all
            checked += 1
            if value not in texts and label not in texts:
                missing.append(f"{folder.name}: {enum.id} ({value})")
    assert checked >= 30, "the check should cover the fields each standard reads"
    assert not missing, "new values neither exported nor listed as gaps:\n" + "\n".join(missing)
