"""The EU AI Act Annex VIII Section C export, checked against hand-written expected output."""
from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, explain, run_cli
from generator.crosswalk import ExportContext, eu_ai_act
from generator.crosswalk.files import unguarded
from generator.model.objects import Register, Registry, System
from generator.model.registry import load_registry

KEY = "eu-ai-act-annex-viii-c"
HERE = FIXTURES / "crosswalk" / KEY
EXPECTED = HERE / "expected"
CONTEXT = ExportContext(site_url="https://exampleville.example/register/")
EXPORTED = ("benefit-check", "school-places", "tram-priority")

MISSING_MODULES = [m for m in ("nl", "eurocities", "uk_atrs", "eu_ai_act", "nyc", "us_omb")
                   if not (REPO / "generator" / "crosswalk" / f"{m}.py").is_file()]
needs_all_standards = pytest.mark.skipif(
    bool(MISSING_MODULES), reason="the export command loads all six standards; not written yet: "
                                  + ", ".join(f"generator/crosswalk/{m}.py" for m in MISSING_MODULES))


def _registry(root: Path) -> Registry:
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors]
    return result.registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return _registry(HERE / "registry")


@pytest.fixture(scope="module")
def export(registry):
    return eu_ai_act.EuAiActAnnexVIIIC().export(registry, CONTEXT)


def _rows(content: str) -> list[dict[str, str]]:
    """The rows of a CSV as written for spreadsheets (byte-order mark, apostrophe guard) or by hand: the texts."""
    return [{key: unguarded(value) for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline=""))]


def test_the_table_has_the_five_items_of_section_c():
    assert list(eu_ai_act.ITEMS) == ["C.1", "C.2", "C.3", "C.4", "C.5"]
    assert "fundamental rights impact assessment" in eu_ai_act.ITEMS["C.4"]
    assert "where applicable" in eu_ai_act.ITEMS["C.5"]
    assert [c.split()[0] for c in eu_ai_act.COLUMNS if c.startswith("C.")] == [
        "C.1", "C.1", "C.1", "C.2", "C.2", "C.2", "C.3", "C.4", "C.5"]


def test_only_high_risk_annex_iii_systems_the_city_deploys_are_exported(export):
    """Not the chatbot (not high-risk), the model the city only provides, or the Annex I machinery component."""
    assert set(export.files) == {eu_ai_act.CSV_NAME, *(f"records/{r}.json" for r in EXPORTED)}


def test_the_csv_is_the_hand_written_one(export):
    expected = (EXPECTED / "expected.csv").read_text(encoding="utf-8")
    produced = export.files[eu_ai_act.CSV_NAME]
    assert next(csv.reader(io.StringIO(produced.removeprefix("\ufeff")))) == list(eu_ai_act.COLUMNS)
    assert _rows(produced) == _rows(expected)


def test_the_json_is_the_hand_written_one(export):
    produced = json.loads(export.files["records/school-places.json"])
    assert produced == json.loads((EXPECTED / "school-places.json").read_text(encoding="utf-8"))


def _json_place(column: str) -> tuple[str, str]:
    """Where a C.x column of the CSV sits in the JSON: ("C.1", "address"), ("C.3", "url"), ("C.4", "summary")."""
    item = column.split(" ", 1)[0]
    if item in ("C.1", "C.2"):
        return item, column.rsplit(" ", 1)[1]
    return item, "url" if item == "C.3" else "summary"


def test_every_json_holds_the_csv_values(export):
    for row in _rows(export.files[eu_ai_act.CSV_NAME]):
        document = json.loads(export.files[f"records/{row['record_id']}.json"])
        for column, value in row.items():
            if column.startswith("C."):
                item, key = _json_place(column)
                assert (document[item][key] or "") == value, column
            else:
                assert (document[column] or "") == value, column


def test_the_gaps_are_the_hand_written_ones(export):
    expected = _rows((EXPECTED / "gaps.csv").read_text(encoding="utf-8"))
    produced = [{"record_id": g.record_id, "field": g.field, "reason": g.reason} for g in export.gaps]
    assert sorted(produced, key=lambda r: (r["record_id"], r["field"])) == expected


def test_the_csv_reads_back_to_the_same_rows(export):
    content = export.files[eu_ai_act.CSV_NAME]
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue() == content.removeprefix("\ufeff")
    assert len(rows) == 1 + len(EXPORTED) and all(len(r) == len(eu_ai_act.COLUMNS) for r in rows)


def test_a_register_without_an_address_gives_address_gaps(registry):
    data = copy.deepcopy(registry.register.data)
    del data["organisation"]["address"]
    register = Register(data, registry.register.file)
    systems = [System(s.id, s.file, s.data, register, s.path) for s in registry]
    export = eu_ai_act.EuAiActAnnexVIIIC().export(Registry(register, systems), CONTEXT)
    gaps = {(g.record_id, g.field) for g in export.gaps}
    for record in EXPORTED:
        assert (record, "C.1 deployer address") in gaps and (record, "C.2 submitter address") in gaps
    reason = next(g.reason for g in export.gaps if g.field == "C.1 deployer address")
    assert "organisation.address" in reason and "register.yaml" in reason


def test_the_example_register(tmp_path):
    export = eu_ai_act.EuAiActAnnexVIIIC().export(_registry(REPO / "registry"), ExportContext())
    rows = {row["record_id"]: row for row in _rows(export.files[eu_ai_act.CSV_NAME])}
    # the welfare model was retired in 2023, before Article 49 applied (2 August 2026): nothing to register
    assert set(rows) == {"social-assistance-application-check", "traffic-signal-control"}
    signals = rows["traffic-signal-control"]
    assert signals["C.4 fundamental rights impact assessment summary"].startswith("Not required:")
    assert signals["registration"] == "at national level (Article 49(5))"
    assert not [g for g in export.gaps if g.record_id == "traffic-signal-control" and g.field.startswith("C.4")]
    assert not [g for g in export.gaps if g.record_id == "social-assistance-application-check"]
    assert rows["social-assistance-application-check"]["C.2 submitter name"] == "Maria Virtanen", "register.yaml"


def test_the_module_does_not_read_the_shared_specifications():
    """A user's clone has no ../shared: the mapping tables live in the module."""
    source = Path(eu_ai_act.__file__).read_text(encoding="utf-8")
    assert "../shared" not in source and "reference/targets" not in source


@needs_all_standards
def test_the_export_command_writes_the_files(tmp_path):
    result = run_cli("export", "--to", KEY, "--out", tmp_path, "--registry", HERE / "registry",
                     "--site-url", "https://exampleville.example/register/")
    assert result.returncode == 0, explain(result)
    folder = tmp_path / KEY
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        eu_ai_act.CSV_NAME, "gaps.csv", "gaps.json", *(f"records/{r}.json" for r in EXPORTED)}
    assert _rows((folder / eu_ai_act.CSV_NAME).read_text(encoding="utf-8")) == _rows(
        (EXPECTED / "expected.csv").read_text(encoding="utf-8"))
    assert "5 gaps in 2 records" in result.stdout


def _with(tmp_path: Path, register_extra: str = "", records: dict[str, str] | None = None) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(HERE / "registry", root)
    (root / "register.yaml").write_text((root / "register.yaml").read_text() + register_extra)
    for name, text in (records or {}).items():
        (root / "social" / f"{name}.yaml").write_text(text)
    return root


_POLICE = """\
schema_version: "1.0"
id: {id}
name: {name}
summary: A test record.
owner:
  department: social
contact:
  email: police@exampleville.example
accountable:
  role: Head of Enforcement
status: {status}
ai_act:
  classification: high-risk
  annex_iii_area: {area}
  role: deployer
impact_assessments:
  - type: fria
    status: completed
    summary: Secret findings that must not be published.
"""


def test_law_enforcement_systems_go_to_the_non_public_section_with_items_c1_to_c3_only(tmp_path):
    """Article 49(4): Annex III points 1, 6 and 7 are registered in a secure non-public section, Section C 1-3 only."""
    root = _with(tmp_path, records={"number-plates": _POLICE.format(
        id="number-plates", name="Number plate search", status="in use", area="law-enforcement")})
    export = eu_ai_act.EuAiActAnnexVIIIC().export(_registry(root), ExportContext())
    row = next(r for r in _rows(export.files[eu_ai_act.CSV_NAME]) if r["record_id"] == "number-plates")
    assert row["registration"] == "in the secure non-public section of the EU database (Article 49(4))"
    for column in ("C.4 fundamental rights impact assessment summary", "C.5 data protection impact assessment summary"):
        assert row[column].startswith("Not registered:") and "Article 49(4)" in row[column]
    assert "Secret findings" not in export.files[eu_ai_act.CSV_NAME]
    document = json.loads(export.files["records/number-plates.json"])
    assert document["C.4"]["summary"] is None and document["C.4"]["assessments"] == []
    assert "Secret findings" not in json.dumps(document)
    assert not [g for g in export.gaps if g.record_id == "number-plates" and g.field.startswith(("C.4", "C.5"))]


def test_systems_retired_before_the_duty_applied_are_not_exported(tmp_path):
    retired = _POLICE.format(id="old-scorer", name="Old scorer", status="retired", area="essential-services")
    retired += "lifecycle:\n  retired_on: 2025-01-15\n  retirement_reason: Replaced.\n"
    later = _POLICE.format(id="late-scorer", name="Late scorer", status="retired", area="essential-services")
    later += "lifecycle:\n  retired_on: 2026-09-01\n  retirement_reason: Replaced.\n"
    root = _with(tmp_path, records={"old-scorer": retired, "late-scorer": later})
    export = eu_ai_act.EuAiActAnnexVIIIC().export(_registry(root), ExportContext())
    ids = {r["record_id"] for r in _rows(export.files[eu_ai_act.CSV_NAME])}
    assert "old-scorer" not in ids and not [g for g in export.gaps if g.record_id == "old-scorer"]
    assert "late-scorer" in ids, "retired after 2 August 2026: it had to be registered"


def test_the_person_submitting_comes_from_the_register_settings(tmp_path):
    root = _with(tmp_path, "exports:\n  eu_submitter:\n    name: Sam Jansen\n    email: sam.jansen@exampleville.example\n")
    export = eu_ai_act.EuAiActAnnexVIIIC().export(_registry(root), ExportContext())
    rows = _rows(export.files[eu_ai_act.CSV_NAME])
    assert {r["C.2 submitter name"] for r in rows} == {"Sam Jansen"}
    assert {r["C.2 submitter contact"] for r in rows} == {"sam.jansen@exampleville.example"}
    assert not [g for g in export.gaps if g.field == "C.2 submitter name"]
