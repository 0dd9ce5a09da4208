"""The UK Algorithmic Transparency Recording Standard 3.0 export, checked against hand-written expected output."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, explain, run_cli
from generator.crosswalk import ExportContext, uk_atrs
from generator.crosswalk.files import unguarded
from generator.core.fields import field_index, register_fields
from generator.model.registry import load_registry
from generator.core.schema import load_schemas

KEY = "uk-atrs-3.0"
HERE = FIXTURES / "crosswalk" / KEY
EXPECTED = HERE / "expected"
CONTEXT = ExportContext(site_url="https://testford.example/ai-register/")
RECORDS = ("pothole-finder", "signal-timer", "visit-planner")

MISSING_MODULES = [m for m in ("nl", "eurocities", "uk_atrs", "eu_ai_act", "nyc", "us_omb")
                   if not (REPO / "generator" / "crosswalk" / f"{m}.py").is_file()]
needs_all_standards = pytest.mark.skipif(
    bool(MISSING_MODULES), reason="the export command loads all six standards; not written yet: "
                                  + ", ".join(f"generator/crosswalk/{m}.py" for m in MISSING_MODULES))


def _registry(root: Path):
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors]
    return result.registry


@pytest.fixture(scope="module")
def export():
    return uk_atrs.UkAtrs().export(_registry(HERE / "registry"), CONTEXT)


@pytest.fixture(scope="module")
def example_export():
    return uk_atrs.UkAtrs().export(_registry(REPO / "registry"), ExportContext())


def _rows(content: str) -> list[dict[str, str]]:
    """The rows of a CSV as written for spreadsheets (byte-order mark, apostrophe guard) or by hand: the texts."""
    return [{key: unguarded(value) for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline=""))]


# --- the table ----------------------------------------------------------------------------------------

def test_the_table_has_every_field_of_the_template():
    assert len(uk_atrs.FIELDS) == 65
    assert sum(f.required for f in uk_atrs.FIELDS) == 55
    assert len({f.column for f in uk_atrs.FIELDS}) == 65, "columns must be unique (phase appears twice)"
    assert [f.ref for f in uk_atrs.FIELDS if not f.required] == [
        "2.1.4.1", "2.1.4.2", "2.1.4.3", "2.1.4.4", "2.1.4.5", "2.2.1", "2.2.4", "2.2.5", "2.3.6", "2.4.3.9"]
    assert {f.section for f in uk_atrs.FIELDS} == set(uk_atrs.SECTIONS)
    assert [f.ref for f in uk_atrs.FIELDS if f.section == "tier_1"] == ["1.1", "1.2", "1.3", "1.4"]


def test_every_field_says_where_it_comes_from():
    """Gap messages and the documentation need the source of every field that can be empty."""
    sourced = set(uk_atrs.SOURCES)
    fixed = {"0.1", "0.2", "0.14"}  # given by GOV.UK, a constant, and not in the register
    assert {f.ref for f in uk_atrs.FIELDS} - fixed <= sourced
    index = field_index(load_schemas())
    register_paths = {info.dotted for top in register_fields(load_schemas()) for info in top.walk()}
    for ref, paths in uk_atrs.SOURCES.items():
        for path in paths:
            assert path in index or path in register_paths, f"{ref}: {path} is not a field"


def test_the_schema_mappings_only_give_allowed_values():
    index = field_index(load_schemas())
    assert set(index["status"].mappings[KEY].values()) <= set(uk_atrs.PHASES)
    assert set(index["domains"].mappings[KEY].values()) <= set(uk_atrs.FUNCTIONS)
    assert set(index["technique.capabilities"].mappings[KEY].values()) <= set(uk_atrs.CAPABILITIES)
    assert set(index["external_categories.uk_function"].choices) == set(uk_atrs.FUNCTIONS)
    organisation_type = next(i for top in register_fields(load_schemas()) for i in top.walk()
                             if i.dotted == "organisation.type")
    assert set(organisation_type.mappings[KEY].values()) <= set(uk_atrs.ORGANISATION_TYPES)


# --- the fixture register against hand-written output ----------------------------------------------------

@pytest.mark.parametrize("record_id", RECORDS)
def test_each_record_matches_the_hand_written_json(export, record_id):
    produced = json.loads(export.files[f"records/{record_id}.json"])
    expected = json.loads((EXPECTED / f"{record_id}.json").read_text(encoding="utf-8"))
    references = produced.pop("reference_numbers")
    for section in expected:
        assert produced[section] == expected[section], section
    assert produced.keys() == expected.keys()
    assert references["tier_1"] == {"name": "1.1", "description": "1.2", "website_url": "1.3", "contact_email": "1.4"}
    assert references["title_information"]["phase"] == "0.13" and references["tier_2"]["phase"] == "2.4.1.2"


def test_the_gaps_are_the_hand_written_ones(export):
    expected = _rows((EXPECTED / "gaps.csv").read_text(encoding="utf-8"))
    produced = [{"record_id": g.record_id, "field": g.field, "reason": g.reason} for g in export.gaps]
    key = lambda row: (row["record_id"], row["field"])  # noqa: E731
    assert sorted(produced, key=key) == sorted(expected, key=key)


def test_the_csv_has_a_column_per_field_and_the_json_values(export):
    """The header is the template's attribute names, in its order (phase twice: 0.13 and 2.4.1.2)."""
    content = export.files[uk_atrs.CSV_NAME]
    header = next(csv.reader(io.StringIO((EXPECTED / "header.csv").read_text(encoding="utf-8"))))
    rows = [[unguarded(cell) for cell in row]
            for row in csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""))]
    assert rows[0] == header and len(header) == 65 and header.count("phase") == 2
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"], "the ids: the records' numbers in register.yaml"
    for row in rows[1:]:
        record_id = RECORDS[int(row[0]) - 1]
        expected = json.loads((EXPECTED / f"{record_id}.json").read_text(encoding="utf-8"))
        for spec, value in zip(uk_atrs.FIELDS, row):
            assert value == (expected[spec.section][spec.attribute] or ""), spec.column


def test_the_csv_reads_back_to_the_same_rows(export):
    content = export.files[uk_atrs.CSV_NAME]
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue() == content.removeprefix("\ufeff")
    assert all(len(row) == 65 for row in rows)


def test_without_a_site_address_a_record_without_website_is_a_gap():
    export = uk_atrs.UkAtrs().export(_registry(HERE / "registry"), ExportContext())
    gaps = {(g.record_id, g.field) for g in export.gaps}
    assert ("visit-planner", "1.3 website_url") in gaps
    assert ("pothole-finder", "1.3 website_url") not in gaps  # it has its own page
    assert json.loads(export.files["records/visit-planner.json"])["register_page"] is None


# --- allowed values, here and in the example register -----------------------------------------------------

def _closed_values(content: str) -> list[tuple[str, str]]:
    found = []
    rows = [[unguarded(cell) for cell in row]
            for row in csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""))][1:]
    for row in rows:
        for spec, value in zip(uk_atrs.FIELDS, row):
            if spec.ref in uk_atrs.ALLOWED and value:
                found += [(spec.ref, part) for part in value.split(uk_atrs.MULTI_SEPARATOR)]
    return found


@pytest.mark.parametrize("which", ["fixture", "example"])
def test_closed_list_fields_only_hold_allowed_values(export, example_export, which):
    content = (export if which == "fixture" else example_export).files[uk_atrs.CSV_NAME]
    values = _closed_values(content)
    assert values, "some closed-list values are filled"
    for ref, value in values:
        assert value in uk_atrs.ALLOWED[ref], (ref, value)


def test_the_example_register_exports_every_record_of_a_system_in_use_or_retired(example_export):
    registry = _registry(REPO / "registry")
    published = [s for s in registry if not s.status_means("not-yet-used")]
    assert 0 < len(published) < len(registry)
    assert {f"records/{s.id}.json" for s in published} | {uk_atrs.CSV_NAME} == set(example_export.files)
    assert len(_rows(example_export.files[uk_atrs.CSV_NAME])) == len(published)
    for gap in example_export.gaps:
        assert gap.reason and gap.field in {f.column for f in uk_atrs.FIELDS}
    withheld = [g for g in example_export.gaps if g.record_id == "cyber-attack-detection" and g.field == "2.4.1.4 models"]
    assert withheld and withheld[0].reason.startswith("withheld in the record: ")


def test_the_module_does_not_read_the_shared_specifications():
    """A user's clone has no ../shared: the mapping tables live in the module."""
    source = Path(uk_atrs.__file__).read_text(encoding="utf-8")
    assert "../shared" not in source and "reference/targets" not in source


# --- the command --------------------------------------------------------------------------------------

@needs_all_standards
def test_the_export_command_writes_the_files(tmp_path):
    result = run_cli("export", "--to", KEY, "--out", tmp_path, "--registry", HERE / "registry",
                     "--site-url", "https://testford.example/ai-register/")
    assert result.returncode == 0, explain(result)
    folder = tmp_path / KEY
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        uk_atrs.CSV_NAME, "gaps.csv", "gaps.json", *(f"records/{r}.json" for r in RECORDS)}
    written = json.loads((folder / "records" / "pothole-finder.json").read_text(encoding="utf-8"))
    assert written["tier_1"]["name"] == "Pothole finder"
    assert _rows((folder / "gaps.csv").read_text(encoding="utf-8")) == sorted(
        _rows((EXPECTED / "gaps.csv").read_text(encoding="utf-8")), key=lambda r: (r["record_id"], r["field"], r["reason"]))


def test_without_settings_planned_systems_are_left_out_and_id_and_region_are_gaps(tmp_path):
    """The ATRS guidance keeps pre-deployment records internal; id and region come from register.yaml only."""
    root = tmp_path / "registry"
    shutil.copytree(HERE / "registry", root)
    settings = root / "register.yaml"
    settings.write_text(settings.read_text().split("exports:")[0] + "exports:\n  numbers:\n    pothole-finder: 7\n")
    export = uk_atrs.UkAtrs().export(_registry(root), ExportContext())
    assert "records/visit-planner.json" not in export.files
    assert not [g for g in export.gaps if g.record_id == "visit-planner"]
    rows = list(csv.reader(io.StringIO(export.files[uk_atrs.CSV_NAME].removeprefix("\ufeff"), newline="")))
    assert len(rows) == 3 and rows[1][0] == "7" and rows[2][0] == ""
    gaps = {(g.record_id, g.field): g.reason for g in export.gaps}
    assert "signal-timer: 8" in gaps[("signal-timer", "0.1 id")], "the next free number"
    assert "exports.uk_region" in gaps[("pothole-finder", "0.14 region")]


def test_a_region_that_is_not_an_atrs_region_is_a_gap(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(HERE / "registry", root)
    settings = root / "register.yaml"
    settings.write_text(settings.read_text().replace("uk_region: South East", "uk_region: Wessex"))
    export = uk_atrs.UkAtrs().export(_registry(root), ExportContext())
    reason = next(g.reason for g in export.gaps if g.record_id == "pothole-finder" and g.field == "0.14 region")
    assert "Wessex" in reason and "South East" in reason
