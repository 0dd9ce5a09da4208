"""Imports at national scale (issue 15): many organisations, clashing names, stable ids, updates, nothing lost.

The national register is synthetic (bench/national.py: NL 1.0 records of
hundreds of organisations, whose names repeat across organisations); every test
runs the real ``airegister`` command and reads the files it wrote. The register is Dutch, so the command
reports in Dutch (its counts: "nieuw", "bijgewerkt", "ongewijzigd", "geweigerd").
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import explain, run_cli

from bench.national import national_export, nl_record, write_national_register
from generator.load.yamlload import load_file


@pytest.fixture(autouse=True)
def _dutch_clerk(monkeypatch):
    """No language wish in the environment: the national register is Dutch, so the import reports in Dutch."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)


def _records(root: Path) -> dict[str, dict]:
    out = {}
    for path in root.rglob("*.yaml"):
        if path.name != "register.yaml":
            doc, problems = load_file(path, str(path))
            assert doc is not None, problems
            out[doc.data["id"]] = doc.data
    return out


def _export(tmp_path: Path, items: list[dict], name: str = "export.json") -> Path:
    source = tmp_path / name
    source.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return source


def _in_use(items: list[dict]) -> list[dict]:
    """The records with a status whose import needs nothing more than a role and a mailbox."""
    for item in items:
        item["status"], item["end_date"] = "In gebruik", None
    return items


def test_a_national_register_imports_without_a_dropped_record_and_keeps_every_organisation(tmp_path):
    items = _in_use(national_export(300, organisation_count=120))
    names = [i["name"] for i in items]
    assert len(set(names)) < len(names) / 2  # the names clash across organisations
    root = write_national_register(tmp_path)
    result = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items), "--by-organisation", "--registry", root,
                     "--accountable-role", "Algoritme-eigenaar", "--contact", "algoritmes@overheid.example")
    assert result.returncode == 0, explain(result)
    assert "300 nieuw, 0 bijgewerkt, 0 ongewijzigd, 0 geweigerd" in result.stdout
    records = _records(root)
    assert len(records) == 300
    config = (root / "register.yaml").read_text(encoding="utf-8")
    assert config.count("organisation: ") == 120 and "Nederlandse overheid" in config  # the publisher stays
    # each record belongs to the department of its own organisation
    by_lars = {r["source"]["id"]: r for r in records.values()}
    assert sorted(by_lars) == sorted(i["lars"] for i in items)
    out = tmp_path / "out"
    exported = run_cli("export", "--to", "nl-1.0", "--registry", root, "--out", out)
    assert exported.returncode == 0, explain(exported)
    files = list((out / "nl-1.0" / "records").glob("*.json"))
    assert len(files) == 300
    organisation_of = {i["lars"]: i["organization"] for i in items}
    for path in files:
        obj = json.loads(path.read_text(encoding="utf-8"))
        assert obj["organization"] == organisation_of[obj["lars"]], obj["lars"]
        assert obj["organization"] != "Nederlandse overheid"


def test_ids_come_from_the_national_id_are_readable_and_never_cut_inside_a_word(tmp_path):
    long = nl_record(1, "Gemeente Zwolle")
    long["name"] = "Anonimiseren van documenten voor openbaarmaking met een taalmodel dat persoonsgegevens herkent"
    other = nl_record(2, "Gemeente Delft")
    other["name"] = long["name"]  # the same name in another organisation
    root = write_national_register(tmp_path)
    result = run_cli("import", "--from", "nl-1.0", _export(tmp_path, [long, other]), "--by-organisation",
                     "--registry", root)
    assert "2 nieuw" in result.stdout and "0 geweigerd" in result.stdout, explain(result)
    ids = sorted(_records(root))
    assert ids == sorted([f"{_head(long['name'], long['lars'])}-{long['lars']}",
                          f"{_head(other['name'], other['lars'])}-{other['lars']}"])
    words = set(re.findall(r"[a-z]+", long["name"].lower()))
    for record_id in ids:
        assert len(record_id) <= 80
        assert all(part in words or part.isdigit() for part in record_id.split("-")), record_id


def _head(name: str, lars: str) -> str:
    """The longest run of whole words of ``name`` that fits in an id of 80 characters with ``lars``."""
    words, out = name.lower().split(), ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) + 1 + len(lars) > 80:
            break
        out = candidate
    return out


def test_update_applies_a_changed_source_and_never_overwrites_a_hand_edit_silently(tmp_path):
    items = _in_use([nl_record(n, "Gemeente Zwolle") for n in (1, 2, 3)])
    root = write_national_register(tmp_path)
    first = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items), "--by-organisation", "--registry", root)
    assert "3 nieuw" in first.stdout, explain(first)
    [path] = [p for p in root.rglob("*.yaml") if p.stem.endswith(items[0]["lars"])]
    text = path.read_text(encoding="utf-8")
    assert "<Role title>" in text
    path.write_text(text.replace("<Role title>", "Hoofd Meldingen"), encoding="utf-8")  # a clerk's edit
    items[0]["goal"] = "<p>Een nieuw doel uit de nieuwe export.</p>"
    items[1]["risks"] = "<p>Nieuwe risico's.</p>"
    again = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items, "newer.json"), "--by-organisation",
                    "--registry", root)
    assert again.returncode == 1 and "3 geweigerd" in again.stdout and "gebruik --update" in again.stdout, explain(again)
    update = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items, "newer.json"), "--by-organisation",
                     "--registry", root, "--update")
    assert "0 nieuw, 2 bijgewerkt, 1 ongewijzigd, 0 geweigerd" in update.stdout, explain(update)
    assert re.search(rf"{items[0]['lars']}\.yaml bijgewerkt: purpose gewijzigd in de bron", update.stdout), explain(update)
    records = {r["source"]["id"]: r for r in _records(root).values()}
    assert records[items[0]["lars"]]["purpose"] == "Een nieuw doel uit de nieuwe export."
    assert records[items[0]["lars"]]["accountable"]["role"] == "Hoofd Meldingen"  # the hand edit is kept
    assert records[items[1]["lars"]]["risk_summary"] == "Nieuwe risico's."
    assert len(records) == 3
    # the source also changes the edited field: the edit is kept, and the import says so
    items[0]["goal"] = "<p>Nog een doel.</p>"
    path.write_text(path.read_text(encoding="utf-8").replace("Een nieuw doel uit de nieuwe export.", "Ons eigen doel."),
                    encoding="utf-8")
    clash = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items, "newest.json"), "--by-organisation",
                    "--registry", root, "--update")
    assert "met de hand bewerkt, dus behouden: purpose" in clash.stdout, explain(clash)
    assert "Ons eigen doel." in path.read_text(encoding="utf-8")


def test_a_refused_record_makes_the_import_exit_1_with_the_count(tmp_path):
    items = [*_in_use([nl_record(1, "Gemeente Zwolle")]), "not a record", {"organization": "Gemeente Zwolle", "status": "In gebruik"}]
    root = write_national_register(tmp_path)
    result = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items), "--by-organisation", "--registry", root,
                     "--accountable-role", "Eigenaar", "--contact", "a@zwolle.example")
    assert result.returncode == 1, explain(result)
    assert "1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 2 geweigerd" in result.stdout
    assert "2 beschrijvingen zijn geweigerd" in result.stderr
    assert len(_records(root)) == 1


def test_values_that_fit_no_field_are_kept_in_the_source_block_and_reported(tmp_path):
    item = _in_use([nl_record(1, "Gemeente Zwolle")])[0]
    del item["lars"], item["source_id"]
    item["id"] = "zwolle-meldingen"  # the organisation's id in older versions of the standard
    item["type"] = "Deels zelflerend"  # not a value of the older standard
    item["source_data_grouping"] = [{"title": "Meldingen", "link": "de map Meldingen op de schijf"}]  # plain text
    item["extra_veld"] = "iets"
    root = write_national_register(tmp_path)
    result = run_cli("import", "--from", "nl-1.0", _export(tmp_path, [item]), "--by-organisation", "--registry", root)
    assert "1 nieuw" in result.stdout, explain(result)
    [record] = _records(root).values()
    kept = {(v["key"], v["value"]) for v in record["source"]["not_imported"]}
    assert {("type", "Deels zelflerend"), ("source_data_grouping.link", "de map Meldingen op de schijf"),
            ("extra_veld", "iets")} <= kept
    assert record["source"]["id"] == "zwolle-meldingen" and record["source"]["format"] == "nl-1.0"
    assert {"register": "Source registration (bronregistratie)", "url": item["url"], "id": "zwolle-meldingen"} \
        in record["registrations"]
    assert "source.not_imported" in result.stdout and "Deels zelflerend" in result.stdout


def test_the_site_of_an_imported_national_register_filters_by_organisation_and_shows_shared_systems(tmp_path):
    from sites import PROJECT_CONFIG, article, html, make_project, mkdocs_build

    items = _in_use(national_export(60, organisation_count=20))
    root = write_national_register(tmp_path / "import")
    result = run_cli("import", "--from", "nl-1.0", _export(tmp_path, items), "--by-organisation", "--registry", root,
                     "--accountable-role", "Algoritme-eigenaar", "--contact", "algoritmes@overheid.example")
    assert result.returncode == 0, explain(result)
    project = make_project(tmp_path / "project", root, PROJECT_CONFIG)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    browse = html(tmp_path / "site" / "systems" / "index.html")
    assert len(browse.select('fieldset[data-facet="organisation"] a.air-facet__link')) == 20
    # one department per organisation: no second filter repeating the organisations
    assert browse.select_one('fieldset[data-facet="department"]') is None
    signalen = [i for i in items if i["name"] == "Signalen"]
    shared = article(tmp_path / "site" / "shared" / "index.html")
    group = next(g for g in shared.select("section.air-shared__group") if g.find("h2").get_text(strip=True) == "Signalen")
    organisations = sorted({i["organization"] for i in signalen})
    assert sorted(a.get_text(strip=True) for a in group.select("li a")) == sorted(i["organization"] for i in signalen)
    assert len(organisations) > 1  # the register's language is Dutch: its pages are too
    assert f"Gebruikt door {len(organisations)} organisaties" in group.get_text(" ", strip=True)
