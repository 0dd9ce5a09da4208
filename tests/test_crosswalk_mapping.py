"""Crosswalks as data: the mapping files, their interpreter, and the documentation generated from them."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from conftest import REPO, explain, run_cli
from generator.core.fields import field_index
from generator.core.schema import load_schemas
from generator.crosswalk import ExportContext, all_standards
from generator.crosswalk.docs import begin_marker, doc_page, expected_page, mapping_table
from generator.crosswalk.mapping import (BUILT_IN, Cell, FieldMap, Mapping, MappingError, Rules, evaluate, read_mapping,
                                         unmapped)
from generator.model.registry import load_registry

SCHEMAS = load_schemas()
MAPPED = {key: s for key, s in all_standards().items() if getattr(s, "mapping", None) is not None}
# Paths a mapping may name besides the record's fields: the register configuration's.
REGISTER_PATHS = {"owner.department"}


def test_at_least_one_standard_is_mapped_as_data():
    assert "nyc-ll35" in MAPPED


@pytest.mark.parametrize("key", sorted(MAPPED))
def test_the_docs_table_is_the_one_the_mapping_file_gives(key):
    standard = MAPPED[key]
    page = doc_page(REPO / "docs", key).read_text(encoding="utf-8")
    assert begin_marker(key) in page, f"docs/exports-{key}.md has no generated mapping table"
    assert expected_page(page, standard.mapping, standard.rules) == page, (
        f"docs/exports-{key}.md disagrees with generator/crosswalk/mappings/{key}.yaml: run make docs")


@pytest.mark.parametrize("key", sorted(MAPPED))
def test_every_field_of_the_mapping_names_a_rule_and_real_sources(key):
    standard = MAPPED[key]
    index = field_index(SCHEMAS)
    assert standard.mapping.key == key
    targets = [f.target for f in standard.mapping.fields]
    assert len(targets) == len(set(targets)), "each field of the standard appears once"
    for target in standard.mapping.fields:
        assert target.transform in standard.rules or target.transform in BUILT_IN, (key, target.target, target.transform)
        for path in target.sources:
            assert path in index or path in REGISTER_PATHS, f"{key}: {target.target} reads '{path}', not a field of the schema"


@pytest.mark.parametrize("key", sorted(MAPPED))
def test_every_rule_of_a_standard_is_used_and_described(key):
    standard = MAPPED[key]
    used = {f.transform for f in standard.mapping.fields}
    for name in standard.rules:
        assert name in used, f"{key}: the rule '{name}' is not named in the mapping file"
        assert standard.rules.describe(name), f"{key}: the rule '{name}' has no docstring (its text in the docs)"


def test_the_docs_generator_finds_a_stale_table(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    page = doc_page(docs, "nyc-ll35")
    page.write_text(page.read_text(encoding="utf-8").replace("Record id (`record_id`)", "Old name"), encoding="utf-8")
    checked = run_cli_module("--check", docs)
    assert checked.returncode == 1 and "exports-nyc-ll35.md" in checked.stdout
    fixed = run_cli_module(docs)
    assert fixed.returncode == 0
    assert "Record id (`record_id`)" in page.read_text(encoding="utf-8")
    assert run_cli_module("--check", docs).returncode == 0


def run_cli_module(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "generator.crosswalk.docs", *map(str, args)], capture_output=True,
                          text=True, cwd=REPO)


# --- the interpreter ----------------------------------------------------------------------------------------

def _example_system(system_id: str = "parking-scan-car"):
    result = load_registry(REPO / "registry")
    assert result.registry is not None
    return result.registry, result.registry.get(system_id)


def _mapping(*fields: FieldMap) -> Mapping:
    return Mapping(key="test-standard", title="A test standard", source="here", fields=fields)


def test_a_required_empty_field_becomes_a_gap_naming_the_field():
    registry, system = _example_system()
    mapping = _mapping(FieldMap("x", "X", ("remarks",), required=True), FieldMap("y", "Y", ("remarks",)))
    row = evaluate(mapping, system, SCHEMAS, ExportContext(), Rules())
    assert "remarks" not in system.data
    title = field_index(SCHEMAS)["remarks"].title
    assert row["x"] == Cell("", f"not in the record yet: fill in “{title}” (remarks)")
    assert row["y"] == Cell("", None)


def test_a_long_value_is_cut_at_a_word_and_the_loss_is_a_gap():
    registry, system = _example_system()
    mapping = _mapping(FieldMap("s", "S", ("summary",), limit=40))
    cell = evaluate(mapping, system, SCHEMAS, ExportContext(), Rules())["s"]
    assert len(cell.value) <= 40 and cell.value.endswith("…") and " " in cell.value
    assert cell.gap and "at most 40" in cell.gap


def test_a_choice_without_an_equivalent_says_where_to_map_it():
    registry, system = _example_system()
    mapping = _mapping(FieldMap("status", "Status", ("status",), transform="choice"))
    cell = evaluate(mapping, system, SCHEMAS, ExportContext(), Rules())["status"]
    assert cell.value == "" and cell.gap == unmapped("test-standard", "status", system.status, "In use")
    assert "x-mappings" in cell.gap and "'status'" in cell.gap


def test_a_mapped_choice_uses_the_schemas_table():
    registry, system = _example_system()
    mapping = Mapping(key="nl-1.0", title="t", source="s", fields=(FieldMap("status", "Status", ("status",), transform="choice"),))
    cell = evaluate(mapping, system, SCHEMAS, ExportContext(), Rules())["status"]
    assert cell == Cell(field_index(SCHEMAS)["status"].mappings["nl-1.0"][system.status])


def test_an_unknown_rule_is_a_clear_error():
    registry, system = _example_system()
    with pytest.raises(MappingError, match="names the rule 'nope'"):
        evaluate(_mapping(FieldMap("x", "X", ("name",), transform="nope")), system, SCHEMAS, ExportContext(), Rules())


@pytest.mark.parametrize("text, message", [
    ("key: k\ntitle: t\nsource: s\nfields:\n  - field: a\n    label: A\n    colour: red\n", r"m.yaml:5: field 'a' has unknown key 'colour'"),
    ("key: k\ntitle: t\nsource: s\nfeilds: []\n", r"m.yaml:4: unknown key 'feilds'"),
    ("key: k\ntitle: t\nsource: s\nfields:\n  - label: A\n", r"m.yaml:5: each entry of 'fields' needs 'field'"),
    ("key: k\ntitle: t\nsource: s\nfields:\n  - field: a\n    label: A\n    limit: ten\n", r"'limit' of 'a' must be a whole number"),
    ("title: t\nsource: s\nfields: []\n", r"'key' is missing"),
])
def test_a_wrong_mapping_file_is_reported_with_its_line(tmp_path, text, message):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        read_mapping(path)


def test_the_table_lists_every_field_with_its_source_title():
    standard = MAPPED["nyc-ll35"]
    table = mapping_table(standard.mapping, standard.rules)
    assert table.count("\n") == len(standard.mapping.fields) + 2
    assert "Role in decisions (`decision_role`)" in table
    assert "| 4 | How the output is used (`output_use`)" in table


def test_a_text_as_plain_text_loses_its_marks_and_nothing_else():
    from generator.crosswalk import flowed, plain

    assert plain("  See [the page](https://x.example/a) for **more** and *this* or `code`.  ") == \
        "See the page (https://x.example/a) for more and this or code."
    assert plain("snake_case_name and 2 * 3 stay") == "snake_case_name and 2 * 3 stay"
    assert plain("  A text with nothing to remove (and brackets).\n") == "A text with nothing to remove (and brackets)."
    assert flowed("A line\nwrapped.\n\n- one\n- two\n  continued") == "A line wrapped.\n\n- one\n- two continued"
