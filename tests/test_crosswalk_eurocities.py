"""The Eurocities / Algoritmeregister crosswalk (eurocities-0.3.1): export, import, round trip and the command line.

The expected output of the fixture register (tests/fixtures/crosswalk/eurocities-0.3.1/)
was written by hand from the mapping table in docs/exports-eurocities-0.3.1.md.
The standard's attributes, required flags and closed lists are restated here
from its specification, so the tests do not trust the module's own tables.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, explain, run_cli

from generator.crosswalk import CannotImport, ExportContext, eurocities
from generator.crosswalk.files import unguarded
from generator.model.registry import load_registry
from generator.authoring.scaffold import write_new_file
from generator.core.schema import load_schemas

HERE = FIXTURES / "crosswalk" / "eurocities-0.3.1"
SITE = "https://riverton.example/register/"
KEY = "eurocities-0.3.1"

# The 49 attributes of standard 0.3.1 in its order, by category, with the required ones marked.
CATEGORIES = {
    "BASIC INFORMATION": ["name*", "description_short*", "organization*", "department*", "contact_email*",
                          "contact_phone", "contact_name", "area*", "domain*", "website", "status*", "remark"],
    "USE CASE": ["decision_making_process*", "goal*", "impact*", "risks*", "risk_category*", "proportionality*",
                 "lawful_basis*", "documentation"],
    "DATA": ["training_data*", "source_data*", "data_bias", "connected_data_sources*", "DPIA_description", "DPIA_url"],
    "ALGORITHM": ["algorithm_type*", "description*", "methods_and_models", "performance", "alternatives_considered",
                  "product_information", "codebase_url", "product_page", "AIA_description", "AIA_url"],
    "OVERSIGHT": ["monitoring*", "type*", "human_intervention*", "objection_procedure*", "rollback"],
    "METADATA": ["standard_version*", "uuid", "lang*", "publication_date*", "last_change_date*", "revision_date*",
                 "revision_note", "keywords"],
}
ATTRIBUTES = [name.rstrip("*") for names in CATEGORIES.values() for name in names]
REQUIRED = {name.rstrip("*") for names in CATEGORIES.values() for name in names if name.endswith("*")}
ENUMS = {
    "domain": {"taxes", "housing, living and living environment", "culture, sports and leisure", "defence",
               "economy and entrepreneurship", "family, youth and households", "finance", "generic",
               "health and health care", "immigration and integration",
               "international collaboration and development aid", "agriculture, nature and food",
               "environment, spacial planning and water", "education and science", "public safety", "government",
               "justice", "travel, living and working abroad", "subsidies, benefits and allowances",
               "traffic and transportation", "work and career"},
    "status": {"planned", "design", "development", "pilot", "evaluation", "operational", "retired"},
    "risk_category": {"minimal risk", "limited risk", "high risk", "unacceptable"},
    "algorithm_type": {"self-learning", "rule-based", "hybrid"},
    "type": {"descriptive", "diagnostic", "predictive", "prescriptive"},
}
URLS = {"website", "documentation", "DPIA_url", "product_information", "codebase_url", "product_page", "AIA_url"}
DATES = {"publication_date", "last_change_date", "revision_date"}


def _export(root: Path, site_url: str | None = SITE):
    result = load_registry(root)
    assert result.ok, [p.headline() for p in result.problems]
    return eurocities.Eurocities().export(result.registry, ExportContext(site_url=site_url))


def _rows(text: str) -> list[list[str]]:
    """The rows of a CSV as written for spreadsheets (byte-order mark, apostrophe guard) or by hand: the texts."""
    return [[unguarded(value) for value in row] for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))]


def test_the_attribute_table_is_the_standards():
    assert len(ATTRIBUTES) == 49 and len(REQUIRED) == 29
    assert [a.key for a in eurocities.ATTRIBUTES] == ATTRIBUTES
    assert {a.key for a in eurocities.ATTRIBUTES if a.required} == REQUIRED
    for attribute in eurocities.ATTRIBUTES:
        assert attribute.key in CATEGORIES[attribute.category] or attribute.key + "*" in CATEGORIES[attribute.category]
        if attribute.key in ENUMS:
            assert set(attribute.values) == ENUMS[attribute.key] and len(attribute.values_nl) == len(attribute.values)


# --- export of the fixture register -----------------------------------------------------------------

def test_csv_matches_the_hand_written_expectation():
    export = _export(HERE / "registry")
    with (HERE / "expected.csv").open(encoding="utf-8-sig", newline="") as handle:
        expected = list(csv.reader(handle))
    text = export.files[f"{KEY}.csv"]
    assert text.encode("utf-8").decode("utf-8") == text and text.endswith("\r\n")
    rows = _rows(text)
    assert rows[0] == ATTRIBUTES, "the 49 attributes as columns, in the standard's order"
    assert len(rows) == len(expected)
    for want, got in zip(expected[1:], rows[1:]):
        assert len(got) == 49
        for name, a, b in zip(ATTRIBUTES, want, got):
            assert b == a, f"{want[0]}: {name}"


def test_json_records_hold_the_same_values_as_the_csv():
    export = _export(HERE / "registry")
    rows = _rows(export.files[f"{KEY}.csv"])[1:]
    files = sorted(p for p in export.files if p.startswith("records/"))
    assert files == ["records/lead-pipe-finder.json", "records/noise-map.json", "records/vaccination-chatbot.json"]
    for path, row in zip(files, rows):
        record = json.loads(export.files[path])
        assert list(record) == ATTRIBUTES
        assert [("" if v is None else v) for v in record.values()] == row, path


def test_gaps_match_the_expectation_and_are_plain_words():
    export = _export(HERE / "registry")
    with (HERE / "expected-gaps.csv").open(encoding="utf-8-sig", newline="") as handle:
        expected = {(row["record_id"], row["field"]) for row in csv.DictReader(handle)}
    assert {(g.record_id, g.field) for g in export.gaps} == expected
    for gap in export.gaps:
        assert gap.field in ATTRIBUTES
        assert len(gap.reason) > 30 and "None" not in gap.reason and "{" not in gap.reason, gap
    rows = _rows(export.files[f"{KEY}.csv"])
    for row in rows[1:]:
        record_id = {"Loden leidingen zoeken": "lead-pipe-finder", "Traffic noise map": "noise-map",
                     "Vaccination chatbot": "vaccination-chatbot"}[row[0]]
        for name, cell in zip(ATTRIBUTES, row):
            if name in REQUIRED and not cell:
                assert (record_id, name) in expected, f"{record_id}: required {name} is empty without a gap"


def _check_values(record: dict, where: str) -> None:
    assert record["description_short"] and len(record["description_short"]) <= 150, where
    for name, allowed in ENUMS.items():
        assert record[name] is None or record[name] in allowed, f"{where}: {name} = {record[name]!r}"
    assert record["standard_version"] == "0.3.1"
    assert re.fullmatch(r"[a-z]{2}", record["lang"]), where
    for name in URLS:
        assert record[name] is None or re.fullmatch(r"https?://\S+", record[name]), f"{where}: {name}"
    for name in DATES:
        assert record[name] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record[name]), f"{where}: {name}"
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", record["contact_email"]), where
    assert record["description"] is None or len(record["description"]) <= 10000
    assert all(isinstance(v, str) for v in record.values() if v is not None)


def test_every_value_respects_the_limits_and_closed_lists():
    for root in (HERE / "registry", REPO / "registry"):
        export = _export(root)
        for path, content in export.files.items():
            if path.startswith("records/"):
                _check_values(json.loads(content), f"{root.name}/{path}")


def test_the_example_register_exports_without_errors():
    result = load_registry(REPO / "registry")
    export = eurocities.Eurocities().export(result.registry, ExportContext())
    rows = _rows(export.files[f"{KEY}.csv"])
    assert len(rows) == len(result.registry) + 1 and all(len(row) == 49 for row in rows)
    assert len([p for p in export.files if p.startswith("records/")]) == len(result.registry)
    # our summaries may have 400 characters; the standard allows 150, and each cut is a gap
    cut = {g.record_id for g in export.gaps if g.field == "description_short"}
    long = {s.id for s in result.registry if len(s.text(s.data["summary"]).strip()) > 150}
    assert cut == long


# --- import -------------------------------------------------------------------------------------------

def _read(text: str, options=None, department="testing"):
    return eurocities.Eurocities().read(text.encode("utf-8"), department, options or {})


def test_import_maps_every_attribute_and_lists_what_is_left():
    result = _read((HERE / "expected.csv").read_text(encoding="utf-8"), {"organisation": "City of Riverton"})
    assert result.problems == []
    records = {r["id"]: r for r in result.records}
    assert sorted(records) == ["loden-leidingen-zoeken", "traffic-noise-map", "vaccination-chatbot"]
    noise = records["traffic-noise-map"]
    assert noise["uuid"] == "5f0c8f1e-2b7a-4c3d-9e1f-0a1b2c3d4e5f" and noise["languages"] == ["en"]
    assert noise["owner"] == {"department": "testing", "team": "Traffic Planning"}
    # the standard's contact name is the contact person, not the person accountable for the system
    assert noise["contact"] == {"email": "mobility@riverton.example", "phone": "+44 20 7946 0000",
                                "person": {"name": "Sam Example"}}
    assert noise["accountable"] == {"role": "<Role title>"}
    assert noise["external_categories"] == {"eurocities_domain": "traffic and transportation"}
    assert noise["domains"] == ["mobility-transport"]
    assert noise["status"] == "in use"
    assert noise["ai_act"] == {"classification": "minimal", "role": "<one of: provider, deployer, provider-and-deployer>"}
    assert noise["technique"]["approach"] == "rule-based" and noise["technique"]["output_type"] == "predictive"
    assert noise["technique"]["models"] == [{"name": "Noise model (version 3): Physical model"}]
    assert noise["datasets"] == [{"name": "Training data", "description": "- Traffic counts (Mobility)",
                                  "used_for": "development", "personal_data": "unknown"}]
    assert noise["impact_assessments"] == [
        {"type": "dpia", "summary": "No personal data is used.", "url": "https://www.riverton.example/dpia-noise.pdf"},
        {"type": "aia", "summary": "Low impact on people."}]
    assert noise["bias_assessment"]["status"].startswith("<one of: done")
    assert noise["links"] == [{"title": "More information", "url": "https://riverton.example/register/systems/noise-map/"},
                              {"title": "Product page", "url": "https://vendor.example/noise-model"}]
    assert noise["registrations"] == [{"register": "Central registration",
                                       "url": "https://ai-act-database.example.eu/systems/9"}]
    assert noise["record"] == {"first_published": "2021-02-01", "last_reviewed": "2024-02-01",
                               "next_review": "2025-02-01"}
    assert noise["tags"] == ["noise", "traffic"]
    todo = " ".join(result.todo["traffic-noise-map"])
    for words in ("<Role title>", "ai_act.role", "'minimal' or 'not-an-ai-system'", "'rule-based' or 'mathematical-model'",
                  "bias_assessment.status", "Training data", "contact.person.name", "owner.team"):
        assert words in todo, words
    lead = records["loden-leidingen-zoeken"]
    assert lead["languages"] == ["nl"] and lead["status"] == "retired"
    assert lead["lifecycle"] == {"retired_on": "<YYYY-MM-DD>", "retirement_reason": "<Why it was retired>"}
    assert "ai_act.annex_iii_area" in " ".join(result.todo["loden-leidingen-zoeken"])
    assert records["vaccination-chatbot"]["ai_act"]["classification"] == "transparency"


def test_dutch_column_names_dutch_values_and_semicolons_are_read():
    text = ("Naam;Korte omschrijving;Status;Risicocategorie;Type algoritme;Domein;Contact e-mailadres\r\n"
            "Parkeerscan;Leest kentekens.;evaluatie;hoog risico;zelflerend;verkeer en vervoer;parkeren@stad.example\r\n")
    result = _read(text, {"accountable_role": "Hoofd Parkeren"})
    [record] = result.records
    assert record["status"] == "paused"
    assert record["lifecycle"] == {"paused_on": "<YYYY-MM-DD>", "pause_reason": "<Why it was paused>"}
    assert record["ai_act"]["classification"] == "high-risk"
    assert record["technique"] == {"approach": "machine-learning"}
    assert record["external_categories"] == {"eurocities_domain": "traffic and transportation"}
    assert record["contact"] == {"email": "parkeren@stad.example"}
    assert record["accountable"] == {"role": "Hoofd Parkeren"}
    assert "evaluation" in " ".join(result.todo["parkeerscan"])


def test_design_is_read_as_in_development_and_unknown_values_become_to_do_items():
    text = "name,status,risk_category,domain\nA system,design,,taxes\nB system,frozen,very high,nowhere\n"
    result = _read(text)
    first, second = result.records
    assert first["status"] == "in development" and first["ai_act"] == {"classification": "not-assessed"}
    assert first["external_categories"] == {"eurocities_domain": "taxes"} and "domains" not in first
    assert second["status"].startswith("<one of:") and second["ai_act"] == {"classification": "not-assessed"}
    todo = " ".join(result.todo["b-system"])
    assert "'frozen'" in todo and "'very high'" in todo and "'nowhere'" in todo


def test_rows_without_a_name_and_unknown_columns_are_problems():
    result = _read("name,status,favourite_colour\n,pilot,red\nGood,pilot,blue\n")
    assert [r["name"] for r in result.records] == ["Good"]
    assert any("row 2 has no name" in p for p in result.problems)
    assert any("'favourite_colour'" in p for p in result.problems)


@pytest.mark.parametrize("content", [b'[{"name": "x"}]', b"\xff\xfe\x00\x01", b"", b"title,colour\nA,red\n",
                                     b"<html><body>name</body></html>"])
def test_a_file_that_is_not_the_eurocities_template_cannot_be_imported(content):
    with pytest.raises(CannotImport) as caught:
        eurocities.Eurocities().read(content, "testing", {})
    assert "Eurocities" in str(caught.value)


# --- round trip: our export -> import -> validate -> export --------------------------------------------

def _register_copy(tmp_path: Path, organisation: str) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", root)
    config = root / "register.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("en: Fixture City", f"en: {organisation}"),
                      encoding="utf-8")
    return root


def _complete(path: Path, replacements: dict[str, str]) -> None:
    """What the clerk does after an import: replace the placeholders the standard could not fill."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_round_trip_keeps_every_attribute_but_the_department(tmp_path):
    source = (HERE / "expected.csv").read_text(encoding="utf-8")
    root = _register_copy(tmp_path, "City of Riverton")
    imported = _read(source, {"organisation": "City of Riverton", "accountable_role": "Head of Service"})
    assert imported.problems == []
    schemas = load_schemas()
    for record in imported.records:
        write_new_file(root, schemas, record, "round trip test")
    folder = root / "testing"
    role = "'<one of: provider, deployer, provider-and-deployer>'"
    _complete(folder / "traffic-noise-map.yaml", {role: "deployer",
                                                  "'<one of: done, in-progress, not-done, not-applicable, not-known>'": "in-progress"})
    _complete(folder / "vaccination-chatbot.yaml", {role: "deployer"})
    _complete(folder / "loden-leidingen-zoeken.yaml", {
        role: "provider\n  annex_iii_area: critical-infrastructure", "<YYYY-MM-DD>": "'2024-12-31'",
        "<Why it was retired>": "Alle loden leidingen zijn vervangen."})
    result = run_cli("validate", root)
    assert result.returncode == 0, explain(result)

    again = _rows(_export(root).files[f"{KEY}.csv"])
    before = {row[0]: row for row in _rows(source)[1:]}
    for row in again[1:]:
        if row[0] not in before:
            continue  # the records that were already in the register
        for name, old, new in zip(ATTRIBUTES, before[row[0]], row):
            if not old:
                continue  # the export may add what the source lacked, such as a link to the new register page
            if name == "department":
                # documented: the department is this register's own; the team part survives
                assert new.endswith(old.split(" – ")[-1]), new
                continue
            assert new == old, f"{row[0]}: {name}"


def test_every_example_record_survives_export_import_and_export_again():
    """Our records -> the template -> new records -> the template again: the same values but the department."""
    from generator.model.objects import Registry, System

    loaded = load_registry(REPO / "registry")
    register = loaded.registry.register
    context = ExportContext(site_url=SITE)
    first = eurocities.Eurocities().export(loaded.registry, context).files[f"{KEY}.csv"]
    imported = eurocities.Eurocities().read(first.encode("utf-8"), "mobility", {"accountable_role": "Head"})
    assert imported.problems == []
    systems = sorted((System(r["id"], "imported.yaml", r, register) for r in imported.records), key=lambda s: s.id)
    again = {row[0]: row for row in _rows(eurocities.Eurocities().export(Registry(register, systems), context)
                                          .files[f"{KEY}.csv"])[1:]}
    for row in _rows(first)[1:]:
        for name, old, new in zip(ATTRIBUTES, row, again[row[0]]):
            if old and name != "department":
                assert new == old, f"{row[0]}: {name}"


# --- the command line ----------------------------------------------------------------------------------

def _all_modules() -> bool:
    folder = REPO / "generator" / "crosswalk"
    return all((folder / f"{name}.py").is_file() for name in ("eu_ai_act", "eurocities", "nl", "nyc", "uk_atrs", "us_omb"))


needs_all = pytest.mark.skipif(not _all_modules(), reason="the command line loads all six standards, and not all "
                                                          "modules of generator/crosswalk/ exist yet")


@needs_all
def test_cli_export_writes_the_template_the_records_and_the_gaps(tmp_path):
    result = run_cli("export", "--to", KEY, "--registry", HERE / "registry", "--out", tmp_path, "--site-url", SITE)
    assert result.returncode == 0, explain(result)
    folder = tmp_path / KEY
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        f"{KEY}.csv", "gaps.csv", "gaps.json", "records/lead-pipe-finder.json", "records/noise-map.json",
        "records/vaccination-chatbot.json"}
    with (HERE / "expected.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert _rows((folder / f"{KEY}.csv").read_text(encoding="utf-8")) == list(csv.reader(handle))
    assert "24 gaps in 3 records" in result.stdout


@needs_all
def test_cli_import_writes_records_with_placeholders_and_exits_1(tmp_path):
    root = _register_copy(tmp_path, "City of Riverton")
    result = run_cli("import", "--from", KEY, HERE / "expected.csv", "--department", "testing", "--registry", root,
                     "--contact", "team@riverton.example")
    assert result.returncode == 1, explain(result)
    assert sorted(p.name for p in (root / "testing").glob("*.yaml")) == [
        "loden-leidingen-zoeken.yaml", "traffic-noise-map.yaml", "vaccination-chatbot.yaml"]
    assert "still to complete: Replace <Role title>" in result.stdout


@needs_all
def test_cli_import_of_a_file_that_is_not_the_template_writes_nothing(tmp_path):
    root = _register_copy(tmp_path, "City of Riverton")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    source = tmp_path / "record.json"
    source.write_text('{"name": "x"}', encoding="utf-8")
    result = run_cli("import", "--from", KEY, source, "--department", "testing", "--registry", root)
    assert result.returncode == 2, explain(result)
    assert "not a CSV file in the Eurocities template" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_texts_are_plain_even_when_a_record_holds_html_and_markdown(tmp_path):
    """The standard's text attributes are plain strings: no HTML tag, no script, no Markdown marks reach them."""
    root = tmp_path / "registry"
    shutil.copytree(HERE / "registry", root)
    record = next(root.rglob("noise-map.yaml"))
    text = record.read_text(encoding="utf-8")
    hostile = ("description: \"Counts <b>cars</b> & trucks.<script>alert('x')</script> **Loud** roads, "
               "see [the map](https://riverton.example/map).\"\n")
    record.write_text("\n".join(line for line in text.splitlines() if not line.startswith("description:"))
                      + "\n" + hostile, encoding="utf-8")
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors]
    objects, gaps = eurocities.export_records(result.registry, ExportContext())
    noise = next(o for o in objects if o["description"] and o["description"].startswith("Counts"))
    assert noise["description"].startswith("Counts cars & trucks. Loud roads, see the map (https://riverton.example/map).")
    for obj in objects:
        for key, value in obj.items():
            if isinstance(value, str):
                assert "<" not in value and "**" not in value and "](" not in value, (key, value)
    short = [g for g in gaps if g.record_id == "noise-map" and g.field == "description"]
    assert short and "500" in short[0].reason, "shorter than the 500 characters the standard asks for"
