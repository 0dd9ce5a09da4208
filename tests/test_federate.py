"""`airegister federate` (issue 15): one site made from the open data of three registers, one of them multilingual.

The sources are real ``registry.json`` files: the example register of Lakeholm
(Finnish, Swedish and English) and two small towns, both running the same
product. The federated register is built into a real site with MkDocs.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, explain, run_cli
from sites import PROJECT_CONFIG, article, html, make_project, mkdocs_build

from bench.synthetic import write_register
from generator.core.layout import Layout
from generator.load.yamlload import to_yaml
from generator.model.registry import load_registry
from generator.publish.opendata import OpenDataOptions, registry_json


def _publish(root: Path, out: Path, site_url: str | None = None) -> Path:
    """The registry.json a register's site publishes."""
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors][:5]
    out.parent.mkdir(parents=True, exist_ok=True)
    data = registry_json(result.registry, result.registry.schemas, OpenDataOptions(layout=Layout(site_url=site_url)))
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def _town(tmp_path: Path, name: str, region: str) -> Path:
    """A town's register of three systems; its first one is Signalen, supplied by Datapunt."""
    root = write_register(tmp_path / name.lower().replace(" ", "-"), 3)
    config = root / "register.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Synthetic City", name), encoding="utf-8")
    for number, path in enumerate(sorted(root.rglob("system-*.yaml")), 1):
        text = path.read_text(encoding="utf-8")
        from generator.load.yamlload import load_file

        doc, _ = load_file(path, str(path))
        record = doc.data
        record.get("technique", {}).pop("source_code_url", None)
        record.pop("source", None)
        record["name"] = "Signalen" if number == 1 else f"{name} system {number}"
        record["suppliers"] = [{"name": "Datapunt B.V."}] if number == 1 else [{"name": f"{name} IT"}]
        path.write_text(to_yaml(record), encoding="utf-8")
        assert text != path.read_text(encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def federated(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("federation")
    _publish(REPO / "registry", tmp_path / "lakeholm" / "data" / "registry.json", "https://lakeholm.example/register/")
    _publish(_town(tmp_path, "Town of Ashby", "Pirkanmaa"), tmp_path / "ashby.json")
    _publish(_town(tmp_path, "Town of Brook", "Pirkanmaa"), tmp_path / "brook.json")
    (tmp_path / "federation.yaml").write_text("""\
title: Regional AI register
organisation:
  name: Regional Council
  country: FI
default_language: en
languages: [en]
contact:
  email: register@region.example
sources:
  - registry: lakeholm/data/registry.json
    region: Uusimaa
  - registry: ashby.json
    site: https://ashby.example/ai/
    region: Pirkanmaa
  - registry: missing/registry.json
  - registry: brook.json
    region: Pirkanmaa
""", encoding="utf-8")
    project = tmp_path / "project"
    result = run_cli("federate", tmp_path / "federation.yaml", "--registry", project / "registry", cwd=tmp_path)
    shutil.copytree(project / "registry", tmp_path / "federated-registry")
    make_project(project, tmp_path / "federated-registry", PROJECT_CONFIG)
    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    return result, build, project, site


def test_a_missing_source_is_reported_and_the_rest_is_federated(federated):
    result, _, project, _ = federated
    assert result.returncode == 1, explain(result)
    assert "Not read: missing/registry.json: it could not be read" in result.stdout
    assert "Federated 26 records from 3 of 4 sources" in result.stdout
    assert "valid: checked 27 files (26 records)" in result.stdout, explain(result)
    assert len([p for p in (project / "registry").rglob("*.yaml") if p.name != "register.yaml"]) == 26


def test_the_federated_open_data_says_where_every_record_came_from(federated):
    _, build, _, site = federated
    assert build.returncode == 0, build.stderr[-3000:]
    data = json.loads((site / "data" / "registry.json").read_text(encoding="utf-8"))
    assert data["count"] == 26
    organisations = {key: org["name"] for key, org in data["register"]["organisations"].items()}
    assert sorted(n if isinstance(n, str) else n["en"] for n in organisations.values()) == \
        ["City of Lakeholm", "Town of Ashby", "Town of Brook"]
    for system in data["systems"]:
        source = system["source"]
        assert source["format"] == "registry-json" and source["read_on"] and source["id"], system["id"]
    lakeholm = [s for s in data["systems"] if s["id"].startswith("lakeholman-kaupunki-")]
    assert len(lakeholm) == 20
    assert all(s["source"]["url"] == f"https://lakeholm.example/register/systems/{s['source']['id']}/" for s in lakeholm)
    ashby = [s for s in data["systems"] if s["id"].startswith("town-of-ashby-")]
    assert len(ashby) == 3 and all(s["source"]["url"].startswith("https://ashby.example/ai/systems/") for s in ashby)
    # the multilingual source keeps its texts in every language it wrote
    parking = next(s for s in lakeholm if s["source"]["id"] == "parking-scan-car")
    assert set(parking["name"]) == {"en", "fi", "sv"}
    # each record's organisation in the CSV and in the Dutch export
    csv_text = (site / "data" / "registry.csv").read_text(encoding="utf-8")
    assert csv_text.count("Town of Brook") >= 3 and "City of Lakeholm" in csv_text
    nl = json.loads((site / "data" / "exports" / "nl-1.0" / "records" / f"{ashby[0]['id']}.json").read_text(encoding="utf-8"))
    assert nl["organization"] == "Town of Ashby"


def test_the_federated_site_groups_the_same_system_of_many_organisations_and_filters_by_organisation(federated):
    _, build, _, site = federated
    assert build.returncode == 0, build.stderr[-3000:]
    shared = article(site / "shared" / "index.html")
    groups = shared.select("section.air-shared__group")
    assert [g.find("h2").get_text(strip=True) for g in groups] == ["Signalen"]
    links = groups[0].select("li a")
    assert [a.get_text(strip=True) for a in links] == ["Town of Ashby", "Town of Brook"]
    assert "Used by 2 organisations" in groups[0].get_text(" ", strip=True)
    assert "Supplier: Datapunt B.V." in groups[0].get_text(" ", strip=True)
    browse = html(site / "systems" / "index.html")
    organisations = [a["data-value"] for a in browse.select('fieldset[data-facet="organisation"] a.air-facet__link')]
    assert organisations == ["lakeholman-kaupunki", "town-of-ashby", "town-of-brook"]  # alphabetical by name
    regions = [a["data-value"] for a in browse.select('fieldset[data-facet="region"] a.air-facet__link')]
    assert regions == ["Pirkanmaa", "Uusimaa"]
    # without JavaScript, each organisation's systems are one page
    brook = article(site / "browse" / "organisation" / "town-of-brook" / "index.html")
    assert len(brook.select("li.air-card")) == 3
    assert {c["data-organisation"] for c in brook.select("li.air-card")} == {"town-of-brook"}
    page = article(site / "systems" / "town-of-brook-system-00001" / "index.html").get_text(" ", strip=True)
    assert "Organisation: Town of Brook (Pirkanmaa)" in page
    assert "registry-json" in page  # the source block: where the record came from


def test_the_sources_own_categories_join_the_federated_register_one_id_and_name_one_category(federated):
    _, build, project, site = federated
    assert build.returncode == 0, build.stderr[-3000:]
    from bench.synthetic import CATEGORIES  # the towns' categories; Lakeholm has its own in registry/register.yaml

    lakeholm = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))["categories"]
    config = yaml.safe_load((project / "registry" / "register.yaml").read_text(encoding="utf-8"))
    federated_ids = [c["id"] for c in config["categories"]]
    # Lakeholm's come first; the towns' "culture-leisure" has the same id and name, so it is the same category
    expected = [c["id"] for c in lakeholm] + [key for key, _, _ in CATEGORIES if key not in {c["id"] for c in lakeholm}]
    assert federated_ids == expected
    by_id = {c["id"]: c for c in config["categories"]}
    assert by_id["benefits"]["external_categories"] == {"eurocities_domain": "subsidies, benefits and allowances"}
    data = json.loads((site / "data" / "registry.json").read_text(encoding="utf-8"))
    towns = [s for s in data["systems"] if not s["id"].startswith("lakeholman-kaupunki-")]
    assert towns and all(set(s["categories"]) <= set(federated_ids) for s in towns)
    parking = next(s for s in data["systems"] if s["id"] == "lakeholman-kaupunki-parking-scan-car")
    assert parking["categories"] == ["streets-traffic"]
    page = html(site / "browse" / "category" / "culture-leisure" / "index.html")
    listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select("li.air-card h2 a")}
    assert {s["id"] for s in data["systems"] if "culture-leisure" in s.get("categories", [])} == listed


def test_a_source_over_the_size_limit_is_reported_as_too_large_not_as_broken_json(tmp_path, monkeypatch):
    """The limit is lowered for the test (a real source would need 200 MB): the source is reported with the limit
    in the clerk's language, and nothing of it is written."""
    import datetime as dt

    from generator.authoring import federation as module
    from generator.core.i18n import translator
    from generator.core.schema import load_schemas

    source = _publish(REPO / "registry", tmp_path / "lakeholm.json")
    (tmp_path / "federation.yaml").write_text("title: Regional AI register\norganisation:\n  name: Regional Council\n"
                                              "  country: FI\ndefault_language: en\nlanguages: [en]\ncontact:\n"
                                              "  email: register@region.example\nsources:\n"
                                              f"  - registry: {source.name}\n", encoding="utf-8")
    monkeypatch.setattr(module, "MAX_BYTES", 2 ** 19)  # half a megabyte
    assert source.stat().st_size > 2 ** 19, source.stat().st_size
    results = module.federate(module.read_federation(tmp_path / "federation.yaml"), tmp_path / "out", load_schemas(),
                              dt.date(2026, 6, 1))
    assert len(results) == 1 and results[0].problem, results
    assert str(results[0].problem) == "it is larger than 0.5 MB"
    assert results[0].records == 0
    assert "suurempi" in results[0].problem.told(translator("fi"))  # "larger", in Finnish


def test_a_finnish_federation_writes_its_records_first_line_in_finnish(tmp_path):
    """The comment at the top of each record federate writes is in the federated register's language (as import's
    is in the clerk's); the records themselves are the sources' data."""
    source = _publish(REPO / "registry", tmp_path / "lakeholm.json")
    (tmp_path / "federation.yaml").write_text("title: Alueen tekoälyrekisteri\norganisation:\n  name: Aluehallitus\n"
                                              "  country: FI\ndefault_language: fi\nlanguages: [fi, sv, en]\ncontact:\n"
                                              "  email: register@region.example\nsources:\n"
                                              f"  - registry: {source.name}\n", encoding="utf-8")
    result = run_cli("federate", tmp_path / "federation.yaml", "--registry", tmp_path / "out", cwd=tmp_path,
                     env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.returncode == 0, explain(result)
    records = sorted(p for p in (tmp_path / "out").rglob("*.yaml") if p.name != "register.yaml")
    assert records
    for path in records:
        head = path.read_text(encoding="utf-8").split("\n", 3)[:3]
        assert any("Kirjoitettu komennolla 'airegister federate'" in line for line in head), (path, head)
