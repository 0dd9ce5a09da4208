"""Readiness and quality: the report (`airegister report`) and its page with SVG charts and tables."""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import REPO, explain, run_cli
from sites import article

SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text())
RECORDS = {p.stem: yaml.safe_load(p.read_text()) for p in (REPO / "registry").rglob("*.yaml") if p.name != "register.yaml"}
EXPECTED = [name for name, node in SCHEMA["properties"].items() if node.get("x-expected")]


def report(*extra: str) -> dict:
    result = run_cli("report", "--format", "json", "--today", "2026-11-25", *extra)
    assert result.returncode == 0, explain(result)
    return json.loads(result.stdout)


def test_completeness_per_department_counts_expected_fields():
    found = {c["department"]: c for c in report()["completeness"]}
    for department in {r["owner"]["department"] for r in RECORDS.values()}:
        own = [r for r in RECORDS.values() if r["owner"]["department"] == department]
        filled = sum(1 for r in own for name in EXPECTED
                     if name in r or name in {w["field"] for w in r.get("withheld", [])})
        assert found[department]["filled"] == filled
        assert found[department]["expected"] == len(EXPECTED) * len(own)
        assert found[department]["percent"] == round(100 * filled / (len(EXPECTED) * len(own)))


def test_counts_match_the_records():
    data = report()
    for status in SCHEMA["properties"]["status"]["enum"]:
        assert data["by_status"][status] == sum(1 for r in RECORDS.values() if r["status"] == status)
    for domain in SCHEMA["properties"]["domains"]["items"]["enum"]:
        assert data["by_domain"][domain] == sum(1 for r in RECORDS.values() if domain in r.get("domains", []))
    assert sum(data["by_classification"].values()) == len(RECORDS)


def test_high_risk_systems_are_checked_for_their_eu_ai_act_duties():
    data = report()
    high_risk = [rid for rid, r in RECORDS.items() if r["ai_act"]["classification"] == "high-risk" and r["status"] != "retired"]
    assert data["high_risk"]["total"] == len(high_risk)
    for item in data["high_risk"]["lacking"]:
        record = RECORDS[item["id"]]
        types = {a["type"] for a in record.get("impact_assessments", []) if a.get("status", "completed") == "completed"}
        if record["ai_act"].get("annex_iii_area") == "critical-infrastructure":
            assert not any("FRIA" in m for m in item["missing"])
            assert any("article 27" in n for n in item["notes"])
        elif "fria" not in types:
            assert any("FRIA" in m for m in item["missing"])


def test_a_high_risk_system_without_its_documents_is_reported(tmp_path):
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    record = tmp_path / "registry" / "high-risk-system.yaml"
    text = record.read_text()
    text = text.replace("  eu_database_url: https://ai-act-database.example.eu/systems/1\n", "")
    text = text.replace("  description: A caseworker decides every case.\n", "")
    record.write_text(text)
    result = run_cli("report", "--format", "json", cwd=tmp_path)
    lacking = {item["id"]: item["missing"] for item in json.loads(result.stdout)["high_risk"]["lacking"]}
    assert lacking["high-risk-system"] == [
        "a summary of the data protection impact assessment (DPIA)",
        "the link to its entry in the EU database for high-risk AI systems",
        "a description of how people oversee it"]


def test_overdue_reviews_are_listed():
    data = report()
    assert [o["id"] for o in data["overdue"]] == ["waste-collection-routes"]


def test_text_report_reads_as_plain_language():
    result = run_cli("report", "--today", "2026-11-25", "--language", "en")  # the example is Finnish-first
    assert result.returncode == 0
    assert "Reviews overdue: 1" in result.stdout and "waste-collection-routes: due 2026-10-01 (55 days ago)" in result.stdout


@pytest.mark.site
def test_the_readiness_page_draws_svg_charts_with_the_same_numbers_in_tables(example_site):
    page = article(example_site / "en" / "readiness" / "index.html")  # the English tree of the example
    pairs = page.select(".air-chart-pair")
    assert len(pairs) == 4
    for pair in pairs:
        svg = pair.find("svg")
        assert svg["role"] == "img" and svg.find("title").get_text() and svg.find("desc")
        bars = svg.find_all("rect")
        labels = [t.get_text() for t in svg.select("text.air-chart__label")]
        values = [t.get_text() for t in svg.select("text.air-chart__value")]
        rows = [(r.find("th").get_text(), r.find("td").get_text()) for r in pair.find("table").select("tbody tr")]
        assert len(bars) == len(rows) and list(zip(labels, values)) == rows
    status = next(p for p in pairs if p.find("caption").get_text() == "Systems by status")
    counts = dict((r.find("th").get_text(), int(r.find("td").get_text())) for r in status.select("tbody tr"))
    labels = SCHEMA["properties"]["status"]["x-labels"]
    assert counts == {labels[s]: sum(1 for r in RECORDS.values() if r["status"] == s) for s in labels}
