"""Real MkDocs builds of real registers, checked by parsing the HTML (not by searching text)."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from generator.model.objects import Register, Registry, System
from generator.build.output import write_pages
from generator.site.render import render_site
from generator.core.schema import load_schemas

from conftest import FIXTURES, REPO, explain, run_cli
from sites import article, html, make_project, mkdocs_build, search_records, serve

pytestmark = pytest.mark.site

SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text(encoding="utf-8"))
SECTION_TITLES = [s["title"] for s in SCHEMA["x-sections"]]


def load_records(folder: Path) -> dict[str, dict]:
    """The example records, read independently of the engine (PyYAML's safe loader)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in folder.rglob("*.yaml") if path.name != "register.yaml"}


RECORDS = load_records(REPO / "registry")


def text_of(value, language="en"):
    return value if isinstance(value, str) else value.get(language, next(iter(value.values())))


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    """The English tree of the example site (Lakeholm publishes in Finnish at the root, Swedish and English)."""
    return example_site / "en"


def page(site: Path, record_id: str) -> Path:
    return site / "systems" / record_id / "index.html"


def test_every_record_has_its_page_with_every_section(site):
    for record_id, record in RECORDS.items():
        content = article(page(site, record_id))
        assert content.find("h1").get_text(strip=True) == text_of(record["name"])
        headings = [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2")]
        assert headings == ["In short", "Ask a question or report an error", "How to object to a decision",
                            *SECTION_TITLES, "Change history", "Source of this record"], record_id


def test_data_sets_and_risks_are_shown_in_their_sections(site):
    for record_id, record in RECORDS.items():
        content = article(page(site, record_id))
        entry_titles = {h.get_text(strip=True) for h in content.select(".air-entry__title")}
        for dataset in record.get("datasets", []):
            assert text_of(dataset["name"]) in entry_titles, record_id
        body = content.get_text(" ", strip=True)
        for risk in record.get("risks", []):
            first_words = " ".join(text_of(risk["risk"]).split()[:6])
            assert first_words in body, record_id


def test_expected_fields_left_empty_say_not_provided_and_withheld_fields_give_the_reason(site):
    checked_missing = checked_withheld = 0
    for record_id, record in RECORDS.items():
        content = article(page(site, record_id))
        pairs = {}
        for dt_tag in content.select("dl.air-fields > dt"):
            pairs.setdefault(dt_tag.get_text(strip=True), []).append(dt_tag.find_next_sibling("dd"))
        withheld = {w["field"]: text_of(w["reason"]) for w in record.get("withheld", [])}
        for name, prop in SCHEMA["properties"].items():
            if name == "objection":  # shown in "How to object" near the top, with the city's route (test_citizen.py)
                continue
            if prop.get("x-expected") and name not in record and name not in withheld:
                assert any(dd.get_text(strip=True) == "Not provided" for dd in pairs.get(prop["title"], [])), (record_id, name)
                checked_missing += 1
        for name, reason in withheld.items():
            title = SCHEMA["properties"][name]["title"] if "." not in name else None
            found = [dd for dd in content.select("dl.air-fields > dd") if dd.get_text(" ", strip=True) == f"Withheld: {reason}"]
            assert found, (record_id, name)
            if title:
                assert found[0].find_previous_sibling("dt").get_text(strip=True) == title
            checked_withheld += 1
    assert checked_missing and checked_withheld, "the example register should exercise both cases"


def test_browse_lists_every_system_with_working_links(site):
    browse = article(site / "systems" / "index.html")
    cards = browse.select("li.air-card")
    assert len(cards) == len(RECORDS) <= 20  # the first page of the list: the example has 20 systems
    linked = set()
    for card in cards:
        href = card.find("a")["href"]
        assert (site / "systems" / href).resolve().joinpath("index.html").is_file(), href
        linked.add(Path(href.rstrip("/")).name)
        record = RECORDS[Path(href.rstrip("/")).name]
        assert card["data-status"] == record["status"]
        assert card["data-department"] == record["owner"]["department"]
    assert linked == set(RECORDS)
    filters = browse.find("form", id="air-filters")
    assert {f["data-facet"] for f in filters.find_all("fieldset")} == {"domain", "category", "department", "status", "classification", "oversight", "personal"}
    for link in filters.select("a.air-facet__link"):  # without JavaScript, every value is a page listing its systems
        assert (site / "systems" / link["href"]).resolve().joinpath("index.html").is_file(), link["href"]


def test_retired_systems_stay_listed_and_marked(site):
    retired = [rid for rid, r in RECORDS.items() if r["status"] == "retired"]
    browse = article(site / "systems" / "index.html")
    for record_id in retired:
        card = next(c for c in browse.select("li.air-card") if c.find("a")["href"].rstrip("/").endswith(record_id))
        assert card.select_one(".air-badge--status").get_text(strip=True) == "Retired"
        note = article(page(site, record_id)).select_one(".air-status-note")
        date = RECORDS[record_id]["lifecycle"]["retired_on"]
        assert note.find("time")["datetime"] == str(date)


def test_home_page_counts_match_the_records(site):
    home = article(site / "index.html")
    tables = {t.find("caption").get_text(strip=True): t for t in home.find_all("table")}
    status_rows = {row.find("th").get_text(strip=True): int(row.find("td").get_text()) for row in tables["Systems by status"].select("tbody tr")}
    labels = SCHEMA["properties"]["status"]["x-labels"]
    expected = {}
    for record in RECORDS.values():
        expected[labels[record["status"]]] = expected.get(labels[record["status"]], 0) + 1
    assert status_rows == expected
    class_rows = {row.find("th").get_text(strip=True): int(row.find("td").get_text()) for row in tables["Systems by EU AI Act classification"].select("tbody tr")}
    assert sum(class_rows.values()) == len(RECORDS)
    domain_rows = {row.find("th").get_text(strip=True): int(row.find("td").get_text()) for row in tables["Systems by city domain"].select("tbody tr")}
    domain_labels = SCHEMA["properties"]["domains"]["items"]["x-labels"]
    for value, label in domain_labels.items():
        assert domain_rows.get(label, 0) == sum(1 for r in RECORDS.values() if value in r.get("domains", []))


def test_field_reference_covers_every_schema_property(site):
    reference = article(site / "reference" / "fields" / "index.html")
    ids = {element["id"] for element in reference.select(".air-field[id]")}

    def walk(node, path):
        for name, child in node.get("properties", {}).items():
            yield path + (name,)
            target = child.get("items", child)
            yield from walk(target, path + (name,))

    expected = {"field-" + "-".join(p).replace("_", "-") for p in walk(SCHEMA, ())}
    assert expected <= ids
    assert len(expected) > 100


def test_department_and_domain_pages_list_their_systems(site):
    config = yaml.safe_load((REPO / "registry" / "register.yaml").read_text())
    for department in config["departments"]:
        content = article(site / "departments" / department / "index.html")
        listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in content.select("li.air-card h3 a")}
        assert listed == {rid for rid, r in RECORDS.items() if r["owner"]["department"] == department}
    for domain in SCHEMA["properties"]["domains"]["items"]["enum"]:
        content = article(site / "domains" / domain / "index.html")
        listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in content.select("li.air-card h3 a")}
        assert listed == {rid for rid, r in RECORDS.items() if domain in r.get("domains", [])}


def test_the_staff_edit_link_opens_the_records_yaml_file(site):
    for record_id, record in RECORDS.items():
        soup = html(page(site, record_id))
        assert soup.select_one("a.md-content__button[rel=edit]") is None, "no edit pencil beside a system's title"
        link = soup.select_one(".air-staff-route a[href*='/edit/']")
        department = record["owner"]["department"]
        assert urlparse(link["href"]).path.endswith(f"/registry/{department}/{record_id}.yaml")


def test_system_pages_are_searchable_but_not_in_the_navigation(site):
    index = search_records(site)  # the English tree's own index
    for record_id, record in RECORDS.items():
        entry = index[f"/systems/{record_id}/"]
        assert entry["meta"]["title"] == text_of(record["name"])
        assert entry["meta"]["summary"] == " ".join(text_of(record["summary"]).split())
        assert "kind" not in entry["filters"] and entry["filters"]["status"] == [record["status"]]
        assert entry["filters"]["department"] == [record["owner"]["department"]]
        assert sorted(entry["filters"]["domain"]) == sorted(record.get("domains", []))
    # only the other pages carry a "kind" (a small filter): the systems are exactly the pages without one
    assert {url for url, entry in index.items() if "kind" not in entry["filters"]} == \
        {f"/systems/{record_id}/" for record_id in RECORDS}
    assert {kind for entry in index.values() for kind in entry["filters"].get("kind", [])} == {"page", "staff"}
    assert not any(url.startswith(("/sv/", "/en/")) for url in search_records(site.parent)), "one index per language tree"
    nav = html(site / "index.html").select("nav.md-nav--primary a")
    assert nav and not any("systems/" in a.get("href", "") and a["href"].rstrip("/").rsplit("/", 1)[-1] in RECORDS for a in nav)


def test_a_system_page_gives_the_index_what_citizens_search_and_each_text_once(site):
    """The index holds the words a citizen looks for (name, summary, purpose, department, team, keywords, data sets,
    suppliers, area), each written once; not the page's furniture (fold buttons, the question form, the source note),
    the rows of "In short" that repeat a section, nor web and e-mail addresses (issue 11: a small index)."""
    entry = search_records(site)["/systems/parking-scan-car/"]
    content = " ".join(entry["content"].split())
    record = RECORDS["parking-scan-car"]
    for wanted in (text_of(record["name"]), " ".join(text_of(record["summary"]).split()), "Urban Mobility",
                   "Parking Enforcement", "Scan car photographs and number plate readings", "Parkvision Nordic Oy",
                   "Paid parking zones A to D", "scan car", "Head of Parking Services"):
        assert wanted in content, wanted
    purpose = " ".join(text_of(record["purpose"]).split()).split(". ")[0]
    assert content.count(purpose) == 1, "the purpose once, not again in In short"
    for furniture in ("Hide this section", "Show this section", "Send your question", "This page is generated from",
                      "@", "https://", "lakeholm.example"):
        assert furniture not in content, furniture
    readiness = search_records(site)["/readiness/"]
    assert text_of(record["name"]) not in readiness["content"], "lists of systems on other pages do not count"
    # technical fields (x-search: false in the schema) are shown on the page but not searched
    shown = " ".join(article(page(site, "parking-scan-car")).get_text(" ").split())
    for technical in (text_of(record["technique"]["models"][0]["architecture"]), text_of(record["record"]["change_note"]),
                      # and the accountability narratives: shown in full, searched through the fields that name things
                      text_of(record["proportionality"]), text_of(record["previous_process"]),
                      text_of(record["human_oversight"]["description"]), text_of(record["risk_summary"])):
        technical = " ".join(technical.split()).split(". ")[0]
        assert technical in shown and technical not in content, technical
    assert content.count(text_of(record["name"])) == 1, "the name once (weighted), not again from the page's heading"


def external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme in ("http", "https") or url.startswith("//"))


def test_the_site_loads_nothing_from_other_hosts(site):
    checked = 0
    for path in site.rglob("*.html"):
        soup = html(path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"),
                               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if value is None:
                    continue
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "preload", "preconnect", "modulepreload", "manifest", "dns-prefetch"}:
                    continue  # canonical and alternate links are not requests
                assert not external(value), f"{path.relative_to(site)}: <{tag} {attribute}={value}>"
                checked += 1
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            assert not external(url), f"{css.relative_to(site)}: url({url})"
        assert "@import" not in css.read_text(encoding="utf-8", errors="replace") or "fonts.googleapis" not in css.read_text()
    assert checked > 100


def test_linkchecker_finds_no_broken_internal_links(site, tmp_path):
    linkchecker = Path(sys.executable).parent / "linkchecker"
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=500\nthreads=4\n")
    with serve(site.parent) as base:  # the whole site: every language's tree, the open data at the root
        result = subprocess.run([str(linkchecker), "-f", str(config), "--no-warnings", "--no-status",
                                 "--ignore-url", "^mailto:", base], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, explain(result)
    assert "0 errors found" in result.stdout


# --- safety: hostile record text ------------------------------------------------------------

@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("xss"), FIXTURES / "xss" / "registry")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    return site


LIVE_SCHEMES = ("javascript:", "data:", "vbscript:")


def assert_inert(site: Path) -> int:
    pages = 0
    for path in site.rglob("*.html"):
        soup = html(path)
        pages += 1
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), f"{path}: <{element.name} {attribute}>"
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if attribute in ("href", "src", "action", "formaction", "data", "xlink:href"):
                        assert not v.strip().lower().startswith(LIVE_SCHEMES), f"{path}: {attribute}={v}"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # linked data: a data block, never run; it must stay valid JSON
                assert "<" not in script.string and "{{" not in script.string, f"{path}: unescaped linked data"
                continue
            assert "XSS" not in (script.string or ""), f"{path}: injected script"
        content = soup.find("article")
        if content is not None:
            for own in content.select("form#air-filters, form.air-browse__search"):  # the browse page's own forms
                own.decompose()
            if path.name == "404.html":  # the page for a missing address: its own search form (no record text there)
                for own in content.select("form.air-notfound-search"):
                    own.decompose()
            for tag in ("script", "img", "iframe", "style", "form", "object", "embed", "button"):
                found = [e for e in content.find_all(tag) if not (tag == "script" and e.get("type") == "application/ld+json")]
                assert not found, f"{path}: record text produced a live <{tag}>"
    return pages


def test_hostile_text_is_inert_on_every_page(xss_site):
    assert assert_inert(xss_site) > 10


def test_hostile_text_is_shown_as_the_text_that_was_written(xss_site):
    content = article(xss_site / "systems" / "hostile-texts" / "index.html")
    text = content.get_text(" ", strip=True)
    assert content.find("h1").get_text() == "<script>alert('XSS-name')</script> {{ 7*7 }}"
    assert "{% if true %}TEMPLATE-RAN{% endif %}" in text
    assert "{{ config.site_name }} {{ 7*7 }} {% for x in range(3) %}LOOP{% endfor %}" in text
    assert '--8<-- "mkdocs.yml"' in text and "site_name:" not in text, "snippet lines must not include files"
    assert "{: onclick=\"alert('XSS-attr')\" }" in text
    assert "![tracking pixel](https://tracker.example/pixel.gif)" in text
    title = html(xss_site / "systems" / "hostile-texts" / "index.html").find("title").get_text()
    assert title.startswith("<script>alert('XSS-name')</script> {{ 7*7 }}")
    home = article(xss_site / "index.html")
    assert home.find("h1").get_text() == "Hostile <script>alert('XSS-title')</script> register"


def test_search_index_keeps_hostile_texts_as_text(xss_site):
    entry = search_records(xss_site)["/systems/hostile-texts/"]
    # Pagefind holds the page's text (the browser's search code only ever sets it as text, never as HTML)
    assert entry["meta"]["title"].startswith("<script>alert('XSS-name')</script>")


def test_links_with_unsafe_schemes_are_refused_by_the_validator(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(FIXTURES / "xss" / "registry", registry)
    record = registry / "testing" / "hostile-texts.yaml"
    record.write_text(record.read_text() + "remarks: \"[x](javascript:alert('XSS'))\"\n")
    result = run_cli("validate", registry)
    assert result.returncode == 1 and "contains a link of a kind that is not allowed" in result.stdout


def test_links_with_unsafe_schemes_are_inert_even_if_validation_were_skipped(tmp_path):
    """Defence in depth: render a record the validator would refuse, and build it with plain MkDocs."""
    config = yaml.safe_load((FIXTURES / "xss" / "registry" / "register.yaml").read_text())
    register = Register(config, "register.yaml")
    data = yaml.safe_load((FIXTURES / "xss" / "registry" / "testing" / "hostile-texts.yaml").read_text())
    data["description"] = ("[a](javascript:alert('XSS-1')) [b](JAVASCRIPT:alert('XSS-2')) [c](jav&#x61;script:alert('XSS-3'))\n\n"
                           "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=) [e][ref]\n\n"
                           "[ref]: vbscript:msgbox('XSS-4')\n\n<javascript:alert('XSS-5')>")
    data["website"] = "javascript:alert('XSS-6')"
    data["contact"]["form_url"] = {"en": "javascript:alert('XSS-7')"}  # one address per language: each is checked
    data["objection"] = {"url": {"fi": "https://example.org/", "en": "javascript:alert('XSS-8')"}}
    registry = Registry(register, [System("hostile-texts", "hostile-texts.yaml", data, register)])
    project = tmp_path / "bare"
    (project / "docs").mkdir(parents=True)
    write_pages(render_site(registry, load_schemas(), ), project / "docs")
    (project / "mkdocs.yml").write_text("site_name: Bare\ntheme:\n  name: material\n  font: false\nplugins: [search]\n"
                                        "markdown_extensions: [admonition, attr_list, md_in_html, toc]\n")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(project / "site")], cwd=project,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, explain(result)
    assert assert_inert(project / "site") > 5


# --- build behaviour ------------------------------------------------------------------------

def test_an_invalid_register_fails_the_build_with_the_validators_messages_and_writes_no_site(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "invalid")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert not site.exists()
    validate = run_cli("validate", "registry", cwd=project)
    error_lines = [line for line in validate.stdout.splitlines() if line.startswith("registry/") and ": warning: " not in line]
    expected = json.loads((FIXTURES / "invalid" / "expected.json").read_text(encoding="utf-8"))
    assert len(error_lines) == sum(len(errors) for errors in expected.values())
    for line in error_lines:
        assert line in result.stderr, line


def test_a_deleted_record_disappears_on_the_next_build(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid")
    site = project / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert (site / "systems" / "minimal" / "index.html").is_file()
    (project / "registry" / "minimal.yaml").unlink()
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    assert not (site / "systems" / "minimal").exists()
    hrefs = [a["href"] for a in article(site / "systems" / "index.html").select("li.air-card a")]
    assert hrefs and not any("minimal" in h for h in hrefs)


def test_a_hand_written_page_cannot_take_a_generated_pages_place(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid")
    (project / "docs" / "systems").mkdir()
    (project / "docs" / "systems" / "minimal.md").write_text("# Not the record\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert "docs/systems/minimal.md would replace the register's generated page" in result.stderr
