"""The US federal AI use case inventory (2025) export, checked against hand-written expected output."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, explain, run_cli
from generator.crosswalk import ExportContext, us_omb
from generator.crosswalk.files import unguarded
from generator.core.fields import field_index
from generator.model.registry import load_registry
from generator.core.schema import load_schemas

KEY = "us-omb-2025"
HERE = FIXTURES / "crosswalk" / KEY
EXPECTED = HERE / "expected"
RECORDS = ("benefit-score", "fire-risk-map", "letter-drafter", "road-model")

# The 2025 data dictionary's columns, in its order.
COLUMN_NAMES = [
    "id", "use_case_name", "agency_bureau", "contact_email", "is_withheld", "development_stage", "is_high_impact",
    "HI_justification", "topic_area", "classification", "problem_solved", "benefits", "system_outputs",
    "operational_date", "contracting_usage", "vendor_name", "have_ato", "system_name_ato", "data_description",
    "link_to_data", "has_pii", "pia_url", "demographic_features", "has_custom_code", "code_url",
    "hi_testing_conducted", "hi_assessment_completed", "hi_potential_impacts", "hi_independent_review",
    "hi_ongoing_monitoring", "hi_training_established", "hi_failsafe_presence", "hi_appeal_process",
    "hi_public_consultation"]

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
    return us_omb.UsOmb2025().export(_registry(HERE / "registry"), ExportContext(site_url="https://demoville.example/ai/"))


@pytest.fixture(scope="module")
def example_export():
    return us_omb.UsOmb2025().export(_registry(REPO / "registry"), ExportContext())


def _rows(content: str) -> list[dict[str, str]]:
    """The rows of a CSV as written for spreadsheets (byte-order mark, apostrophe guard) or by hand: the texts."""
    return [{key: unguarded(value) for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline=""))]


# --- the table ----------------------------------------------------------------------------------------

def test_the_columns_are_the_2025_columns_in_order():
    assert [c.name for c in us_omb.COLUMNS] == COLUMN_NAMES
    choice_columns = {c.name for c in us_omb.COLUMNS if c.data_type in ("multiple_choice", "select_multiple")}
    assert choice_columns == set(us_omb.ALLOWED)
    assert [c.name for c in us_omb.COLUMNS if c.required == us_omb.ALWAYS] == COLUMN_NAMES[:7]


def test_allowed_values_are_written_letter_for_letter():
    assert us_omb.ALLOWED["development_stage"][1] == \
        "b) Pilot – The use case has been deployed in a limited test or pilot capacity."
    assert "agency’s prior year’s inventory" in us_omb.ALLOWED["development_stage"][3]
    assert us_omb.ALLOWED["hi_ongoing_monitoring"][1].endswith("in-progess")  # the dictionary's spelling
    assert us_omb.ALLOWED["hi_public_consultation"][2] == "c) Public hearings or meetings "
    assert len(us_omb.ALLOWED["topic_area"]) == 15 and len(us_omb.ALLOWED["demographic_features"]) == 12
    assert len(us_omb.ALLOWED["classification"]) == 6


def test_every_schema_mapping_leads_to_an_allowed_value():
    index = field_index(load_schemas())
    targets = {"status": "development_stage", "domains": "topic_area", "technique.capabilities": "classification",
               "development": "contracting_usage", "datasets.personal_data": "has_pii",
               "datasets.protected_attributes": "demographic_features", "ai_act.classification": "is_high_impact"}
    for path, column in targets.items():
        mapping = index[path].mappings[KEY]
        for ours, theirs in mapping.items():
            if theirs is not None:
                assert us_omb.allowed_value(column, theirs) in us_omb.ALLOWED[column], (path, ours, theirs)
    assert set(index["external_categories.us_topic_area"].choices) == set(us_omb.ALLOWED["topic_area"])


# --- the fixture register against hand-written output ----------------------------------------------------

@pytest.mark.parametrize("record_id", RECORDS)
def test_each_record_matches_the_hand_written_json(export, record_id):
    expected = json.loads((EXPECTED / "expected.json").read_text(encoding="utf-8"))[record_id]
    produced = json.loads(export.files[f"records/{record_id}.json"])
    assert list(produced["use_case"]) == COLUMN_NAMES
    assert produced["use_case"] == expected
    assert produced["record_id"] == record_id
    assert produced["register_page"] == f"https://demoville.example/ai/systems/{record_id}/"


def test_the_csv_holds_the_hand_written_values(export):
    expected = json.loads((EXPECTED / "expected.json").read_text(encoding="utf-8"))
    content = export.files[us_omb.CSV_NAME]
    assert next(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""))) == COLUMN_NAMES
    rows = _rows(content)
    assert [row["id"] for row in rows] == [f"DEMO-{n}" for n in range(1, len(RECORDS) + 1)], "[Agency]-[#]"
    for record_id, row in zip(RECORDS, rows):
        assert row == {column: value or "" for column, value in expected[record_id].items()}


def test_the_gaps_are_the_hand_written_ones(export):
    expected = _rows((EXPECTED / "gaps.csv").read_text(encoding="utf-8"))
    produced = [{"record_id": g.record_id, "field": g.field, "reason": g.reason} for g in export.gaps]
    assert sorted(produced, key=lambda r: (r["record_id"], r["field"])) == expected


def test_the_csv_reads_back_to_the_same_rows(export):
    content = export.files[us_omb.CSV_NAME]
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue() == content.removeprefix("\ufeff")
    assert all(len(row) == 34 for row in rows)


# --- allowed values, here and in the example register -----------------------------------------------------

@pytest.mark.parametrize("which", ["fixture", "example"])
def test_choice_columns_only_hold_allowed_values(export, example_export, which):
    rows = _rows((export if which == "fixture" else example_export).files[us_omb.CSV_NAME])
    multi = {c.name for c in us_omb.COLUMNS if c.data_type == "select_multiple"}
    checked = 0
    for row in rows:
        for column, allowed in us_omb.ALLOWED.items():
            if not row[column]:
                continue
            values = row[column].split(us_omb.MULTI_SEPARATOR) if column in multi else [row[column]]
            for value in values:
                assert value in allowed, (row["id"], column, value)
                checked += 1
    assert checked > len(rows) * 4


def test_the_example_register_exports_every_record_but_long_retired_ones(example_export):
    registry = _registry(REPO / "registry")
    listed = [s for s in registry if s.id != "welfare-fraud-risk-model"]  # retired in 2023: in no prior inventory
    assert set(example_export.files) == {us_omb.CSV_NAME, *(f"records/{s.id}.json" for s in listed)}
    by_id = {s.id: f"LKH-{s.register.data['exports']['numbers'][s.id]}" for s in listed}
    rows = {next(k for k, v in by_id.items() if v == row["id"]): row
            for row in _rows(example_export.files[us_omb.CSV_NAME])}
    assert len(rows) == len(listed)
    # High-risk systems are high-impact; others follow significant_impact (x-mapping-notes of ai_act.classification).
    assert rows["traffic-signal-control"]["is_high_impact"] == "a) High-impact"
    assert rows["parking-scan-car"]["is_high_impact"] == "a) High-impact"
    assert rows["citizen-chatbot"]["is_high_impact"] == "c) Not high-impact"
    assert rows["crowd-monitoring-video"]["development_stage"].startswith("c) Deployed")  # paused stays deployed
    names = {c.name for c in us_omb.COLUMNS}
    assert all(g.reason and g.field in names for g in example_export.gaps)


def test_the_module_does_not_read_the_shared_specifications():
    """A user's clone has no ../shared: the mapping tables live in the module."""
    source = Path(us_omb.__file__).read_text(encoding="utf-8")
    assert "../shared" not in source and "reference/targets" not in source


@needs_all_standards
def test_the_export_command_writes_the_files(tmp_path):
    result = run_cli("export", "--to", KEY, "--out", tmp_path, "--registry", HERE / "registry")
    assert result.returncode == 0, explain(result)
    folder = tmp_path / KEY
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        us_omb.CSV_NAME, "gaps.csv", "gaps.json", *(f"records/{r}.json" for r in RECORDS)}
    assert next(csv.reader(io.StringIO((folder / us_omb.CSV_NAME).read_text(encoding="utf-8-sig")))) == COLUMN_NAMES
    assert "12 gaps in 3 records" in result.stdout


def _with(tmp_path: Path, settings: str, records: dict[str, str] | None = None) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(HERE / "registry", root)
    register = root / "register.yaml"
    register.write_text(register.read_text().split("exports:")[0] + settings)
    for path, text in (records or {}).items():
        target = root / path
        target.write_text(text(target.read_text()))
    return root


def test_without_the_agency_or_a_number_the_id_is_a_gap(tmp_path):
    root = _with(tmp_path, "exports:\n  numbers:\n    fire-risk-map: 5\n")
    export = us_omb.UsOmb2025().export(_registry(root), ExportContext())
    gaps = {(g.record_id, g.field): g.reason for g in export.gaps}
    assert "exports.agency_abbreviation" in gaps[("fire-risk-map", "id")]
    root = _with(tmp_path / "2", "exports:\n  agency_abbreviation: DEMO\n  numbers:\n    fire-risk-map: 5\n")
    export = us_omb.UsOmb2025().export(_registry(root), ExportContext())
    gaps = {(g.record_id, g.field): g.reason for g in export.gaps}
    assert ("fire-risk-map", "id") not in gaps and "letter-drafter: 6" in gaps[("letter-drafter", "id")]
    assert json.loads(export.files["records/fire-risk-map.json"])["use_case"]["id"] == "DEMO-5"


def test_the_vendor_is_only_named_where_the_dictionary_asks(tmp_path):
    """vendor_name appears only for pilot or deployed use cases built or run by a vendor."""
    planned = "development: supplier\nsuppliers:\n  - name: Roadworks Ltd\n"
    root = _with(tmp_path, "exports:\n  agency_abbreviation: DEMO\n",
                 {"works/road-model.yaml": lambda text: text + planned})
    export = us_omb.UsOmb2025().export(_registry(root), ExportContext())
    use_case = json.loads(export.files["records/road-model.json"])["use_case"]
    assert use_case["development_stage"].startswith("a) Pre-deployment") and use_case["vendor_name"] is None
    deployed = json.loads(export.files["records/fire-risk-map.json"])["use_case"]
    assert deployed["vendor_name"] == "Blaze Analytics Inc."


def test_use_cases_retired_before_the_prior_year_are_left_out(tmp_path):
    """"d) Retired" means: in the prior year's inventory. A system retired before then was never in it."""
    registry = _registry(HERE / "registry")
    in_2026 = us_omb.UsOmb2025().export(registry, ExportContext(today=dt.date(2026, 6, 1)))
    in_2028 = us_omb.UsOmb2025().export(registry, ExportContext(today=dt.date(2028, 6, 1)))
    assert "records/benefit-score.json" in in_2026.files  # retired 2025-03-31
    assert "records/benefit-score.json" not in in_2028.files
    assert not [g for g in in_2028.gaps if g.record_id == "benefit-score"]
