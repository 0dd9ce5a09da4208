"""The record schema: complete help texts, valid examples, real format checks and documented vocabularies."""
from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

from generator.core.fields import field_index, record_fields
from generator.core.schema import RECORD_SCHEMA, REGISTER_SCHEMA, bundled_schema_dir, inline_refs, load_schemas

from conftest import REPO

SCHEMAS = load_schemas()
DOCUMENTS = {RECORD_SCHEMA: SCHEMAS.record, REGISTER_SCHEMA: SCHEMAS.register}


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every property schema, at any depth, with a readable path."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}.{name}".lstrip("."), child
            yield from properties(child, f"{path}.{name}".lstrip("."))
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from properties(node[key], path)


ALL_PROPERTIES = [(f"{doc}:{p}", node, doc) for doc, schema in DOCUMENTS.items() for p, node in properties(schema)]


def test_the_bundled_schema_is_the_repository_schema():
    assert bundled_schema_dir().resolve() == (REPO / "schema").resolve()


def test_schemas_are_valid_draft_2020_12_with_an_id():
    for schema in DOCUMENTS.values():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith("https://") and schema["$id"].endswith(".schema.json")


@pytest.mark.parametrize("where, node, doc", ALL_PROPERTIES, ids=[p[0] for p in ALL_PROPERTIES])
def test_every_property_has_a_title_a_description_and_an_example(where, node, doc):
    assert node.get("title"), f"{where} has no title"
    assert len(node.get("description", "")) >= 20, f"{where} needs a description a clerk can follow"
    assert node.get("examples"), f"{where} has no example"


@pytest.mark.parametrize("where, node, doc", ALL_PROPERTIES, ids=[p[0] for p in ALL_PROPERTIES])
def test_every_example_is_valid_for_its_own_field(where, node, doc):
    root = DOCUMENTS[doc]
    flat = inline_refs({**node, "$defs": root.get("$defs", {})}, {**DOCUMENTS, "": root})
    validator = Draft202012Validator(flat, format_checker=SCHEMAS.record_validator.format_checker)
    for example in node["examples"]:
        errors = [e.message for e in validator.iter_errors(example)]
        assert errors == [], f"example {example!r} of {where} is invalid: {errors}"


def test_the_required_core_is_small_and_complete():
    assert set(SCHEMAS.record["required"]) == {
        "schema_version", "id", "name", "summary", "owner", "contact", "accountable", "status", "ai_act"}


def test_every_top_level_field_belongs_to_a_declared_section():
    declared = [s["id"] for s in SCHEMAS.record["x-sections"]]
    assert len(declared) == 11
    for name, node in SCHEMAS.record["properties"].items():
        assert node.get("x-section") in declared, name


def test_vocabulary_mappings_cover_every_value():
    for info in field_index(SCHEMAS).values():
        for standard, mapping in info.mappings.items():
            assert set(mapping) == set(info.choices), f"{info.dotted}: mapping to {standard} does not list every value"
        if info.kind == "choice" and info.path[0] != "external_categories":  # those values are other standards' own labels
            assert set(info.labels) == set(info.choices), f"{info.dotted}: every choice needs a display label"


MINIMAL = {
    "schema_version": "1.0", "id": "x-system", "name": "X", "summary": "Y",
    "owner": {"department": "d"}, "contact": {"email": "team@city.example"},
    "accountable": {"role": "Head"}, "status": "in use", "ai_act": {"classification": "minimal", "role": "deployer"},
}


@pytest.mark.parametrize("field, bad, good", [
    (("record", "last_reviewed"), "2024-02-30", "2024-02-29"),
    (("record", "last_reviewed"), "05.01.2024", "2024-01-05"),
    (("contact", "email"), "team.city.example", "team@city.example"),
    (("contact", "email"), "team@localhost", "team@city.example"),
    (("website",), "https://exa mple.org/", "https://example.org/"),
    (("website",), "https://example.org/%zz", "https://example.org/%20"),
    (("uuid",), "not-a-uuid", "0b9a1f4e-6f7d-4c1e-9d7a-2f8c5b3e1a90"),
])
def test_format_checks_really_reject_bad_values(field, bad, good):
    def record(value):
        data = json.loads(json.dumps(MINIMAL))
        target = data
        for part in field[:-1]:
            target = target.setdefault(part, {})
        target[field[-1]] = value
        return data

    formats = {e.validator for e in SCHEMAS.record_validator.iter_errors(record(bad))}
    assert "format" in formats, f"{bad!r} was not rejected by a format check"
    assert list(SCHEMAS.record_validator.iter_errors(record(good))) == []


def test_only_web_and_mail_links_pass_the_link_rule():
    for bad in ("javascript:alert(1)", "data:text/html,<script>", "vbscript:x", "file:///etc/passwd", "ftp://x.example/"):
        data = {**MINIMAL, "website": bad}
        assert list(SCHEMAS.record_validator.iter_errors(data)), bad
    for good in ("https://x.example/", "http://x.example/a?b=c", "mailto:team@x.example"):
        assert list(SCHEMAS.record_validator.iter_errors({**MINIMAL, "website": good})) == [], good


def test_text_fields_take_a_string_or_one_text_per_language():
    good = {**MINIMAL, "name": {"en": "X", "fi": "X", "pt-BR": "X"}}
    assert list(SCHEMAS.record_validator.iter_errors(good)) == []
    for bad in ({"english": "X"}, {}, {"en": ""}, ["X"], 12):
        assert list(SCHEMAS.record_validator.iter_errors({**MINIMAL, "name": bad})), bad


def test_record_fields_view_matches_the_schema():
    names = [f.name for f in record_fields(SCHEMAS)]
    assert names == list(SCHEMAS.record["properties"])


# --- the compiled fast path agrees with the validator --------------------------------------------

def _documents():
    from generator.load.yamlload import load_file
    for folder in (REPO / "registry", REPO / "tests" / "fixtures" / "valid", REPO / "tests" / "fixtures" / "invalid",
                   REPO / "tests" / "fixtures" / "xss"):
        for path in sorted(folder.rglob("*.yaml")):
            if path.name == "register.yaml":
                continue
            doc, _ = load_file(path, str(path))
            if doc is not None:
                yield path.name, doc.data


def test_the_fast_path_agrees_with_the_validator_on_every_fixture():
    compared = 0
    for name, data in _documents():
        slow = not list(SCHEMAS.record_validator.iter_errors(data))
        assert SCHEMAS.record_is_valid(data) == slow, name
        compared += 1
    assert compared > 45


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, path + (index,))
    yield path


from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bench.synthetic import synthetic_record  # noqa: E402

BASE = synthetic_record(SCHEMAS, 1)
PATHS = [p for p in _leaves(BASE) if p]
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.just(""), st.just("   "), st.just("x" * 5001), st.just("<placeholder>"),
    st.just("javascript:alert(1)"), st.just("https://example.org/"), st.just("2024-02-30"), st.just("2024-02-28"),
    st.just("team@city.example"), st.just("not an e-mail"), st.just({"en": "x"}), st.just({"english": "x"}), st.just({}),
    st.just([]), st.just(["x", "x"]), st.just("in use"), st.just("high-risk"), st.text(max_size=8))

_ONE_DICT: dict = {}  # as st.just({}) gives it: one object, placed twice


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), ODD_VALUES), min_size=1, max_size=3))
@example([(("domains", 0), _ONE_DICT), (("domains", 0, "email"), _ONE_DICT)])  # once nested a dict in itself
def test_the_fast_path_agrees_with_the_validator_on_mutated_records(changes):
    record = json.loads(json.dumps(BASE))
    for path, value in changes:
        target = record
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = json.loads(json.dumps(value))  # a fresh copy: st.just shares one object, and
            # placing the same dict twice could nest it in itself
        except (KeyError, IndexError, TypeError):
            continue
    slow = not list(SCHEMAS.record_validator.iter_errors(record))
    assert SCHEMAS.record_is_valid(record) == slow


def test_schemas_are_loaded_once_per_folder_and_again_when_a_file_changes(tmp_path):
    """Under `mkdocs serve` an edited schema must take effect at the next rebuild; unchanged, it is not recompiled."""
    import os
    import shutil

    assert load_schemas() is load_schemas(bundled_schema_dir())
    folder = tmp_path / "schema"
    shutil.copytree(bundled_schema_dir(), folder)
    first = load_schemas(folder)
    assert load_schemas(folder) is first
    path = folder / "ai-system.schema.json"
    data = json.loads(path.read_text())
    data["title"] = "Changed title"
    path.write_text(json.dumps(data))
    stamp = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))
    second = load_schemas(folder)
    assert second is not first and second.record["title"] == "Changed title"
