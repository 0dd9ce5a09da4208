"""Exports read labels and value mappings from the register's own schema, not only the one that comes with the tool.

A city may add a choice to its copy of the schema (here a status "under review").
Where it maps the new value for a standard, the export uses that mapping; where
it does not, the export still runs and lists a gap that says where to add it.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from generator.core.schema import bundled_schema_dir

from conftest import FIXTURES, explain, run_cli
from sites import PROJECT_CONFIG, article, mkdocs_build


def _project_with_a_new_status(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project / "registry")
    shutil.copytree(bundled_schema_dir(), project / "schema")
    path = project / "schema" / "ai-system.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    status = schema["properties"]["status"]
    status["enum"].append("under review")
    status["x-labels"]["under review"] = "Under review"
    status["x-enum-descriptions"]["under review"] = "Use is stopped while an independent review runs."
    status["x-mappings"]["nl-1.0"]["under review"] = "Buiten gebruik"  # mapped for the Dutch standard only
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    record = project / "registry" / "minimal.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("status: planned", "status: under review"),
                      encoding="utf-8")
    return project


def test_exports_use_the_registers_schema_and_list_unmapped_values_as_gaps(tmp_path):
    project = _project_with_a_new_status(tmp_path)
    out = tmp_path / "exports"
    result = run_cli("export", "--to", "all", "--registry", project / "registry", "--out", out)
    assert result.returncode == 0, explain(result)
    assert "Traceback" not in result.stderr

    dutch = json.loads((out / "nl-1.0" / "records" / "minimal.json").read_text(encoding="utf-8"))
    assert dutch["status"] == "Buiten gebruik"

    with (out / "eurocities-0.3.1" / "gaps.csv").open(encoding="utf-8-sig", newline="") as handle:
        gaps = list(csv.DictReader(handle))
    unmapped = [g for g in gaps if g["record_id"] == "minimal" and "under review" in g["reason"]]
    assert unmapped and "x-mappings" in unmapped[0]["reason"] and "eurocities-0.3.1" in unmapped[0]["reason"]
    with (out / "eurocities-0.3.1" / "eurocities-0.3.1.csv").open(encoding="utf-8-sig", newline="") as handle:
        minimal = next(row for row in csv.DictReader(handle) if row["name"] == "Minimal system")
    assert minimal["status"] == ""  # never our own value passed off as one of the standard's


def test_without_the_new_value_in_the_schema_the_record_is_refused_not_exported(tmp_path):
    """The other side: the bundled schema does not know the value, so nothing is exported and the error is located."""
    project = _project_with_a_new_status(tmp_path)
    shutil.rmtree(project / "schema")
    result = run_cli("export", "--to", "nl-1.0", "--registry", project / "registry", "--out", tmp_path / "exports")
    assert result.returncode != 0
    assert "minimal.yaml" in result.stdout and "status" in result.stdout
    assert not (tmp_path / "exports" / "nl-1.0").exists()


@pytest.mark.site
def test_a_site_with_a_status_added_to_the_schema_builds_shows_it_and_lists_the_gap(tmp_path):
    project = _project_with_a_new_status(tmp_path)
    (project / "mkdocs.yml").write_text(PROJECT_CONFIG, encoding="utf-8")
    (project / "docs").mkdir()
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, explain(result)
    page = article(project / "site" / "systems" / "minimal" / "index.html")
    assert "Under review" in page.get_text()
    reference = article(project / "site" / "reference" / "fields" / "index.html").get_text()
    assert "under review" in reference and "not mapped yet" in reference
    gaps = (project / "site" / "data" / "exports" / "eurocities-0.3.1" / "gaps.csv").read_text(encoding="utf-8")
    assert "under review" in gaps
