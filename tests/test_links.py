"""Links with one address per language: checks with locations, the address each language's pages use (with hreflang
and a note when the target is in another language), linked data, open data and the exports."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.core.schema import load_schemas
from generator.crosswalk import ExportContext, all_standards
from generator.load.yamlload import load_file
from generator.model.links import pick_link, with_single_links
from generator.model.registry import load_registry
from generator.publish.linkeddata import system_jsonld
from generator.publish.opendata import build_open_data
from generator.publish.options import OpenDataOptions

from conftest import FIXTURES, REPO
from sites import article

REGISTRY = REPO / "registry"
DUMPING = "environment/illegal-dumping-detection.yaml"


def _yaml(path: Path) -> dict:
    doc, problems = load_file(path, str(path))
    assert doc is not None, problems
    return doc.data


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(REGISTRY, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- choosing the address ---------------------------------------------------------------------------

def test_a_reader_gets_the_address_in_their_language_else_the_first_fallback_the_link_has():
    link = {"fi": "https://x.example/fi", "sv": "https://x.example/sv"}
    assert pick_link(link, "sv", "fi") == ("https://x.example/sv", "sv")
    assert pick_link(link, "en", "fi") == ("https://x.example/fi", "fi")
    assert pick_link(link, "en", "de", "sv") == ("https://x.example/sv", "sv")
    assert pick_link(link, "en") == ("https://x.example/fi", "fi")  # no fallback given: the first address
    assert pick_link("https://x.example/", "en", "fi") == ("https://x.example/", None)  # one address: no language
    assert pick_link(None, "en") == (None, None)


# --- checks --------------------------------------------------------------------------------------------

def test_a_register_link_in_a_language_the_register_does_not_publish_is_an_error_at_its_line(tmp_path):
    registry = _copy(tmp_path)
    _replace(registry / "register.yaml", "    sv: https://www.lakeholm.example/sv/omprovning\n",
             "    sv: https://www.lakeholm.example/sv/omprovning\n    de: https://www.lakeholm.example/de/widerspruch\n")
    line = next(n for n, text in enumerate((registry / "register.yaml").read_text().splitlines(), 1)
                if "/de/widerspruch" in text)
    result = load_registry(registry)
    found = [p for p in result.errors if p.field == "objection.url.de"]
    assert len(found) == 1, [str(p) for p in result.problems]
    assert (found[0].line, found[0].column) == (line, 5)
    assert found[0].message == "'de' is not one of this register's languages (fi, sv, en)"
    assert "Did you mean 'en'?" in found[0].hint
    assert result.registry is None


def test_a_bad_address_inside_a_set_is_reported_at_its_language(tmp_path):
    registry = _copy(tmp_path)
    _replace(registry / DUMPING, "    sv: https://www.lakeholm.example/sv/omprovning\n", "    sv: ftp://lakeholm.example/omprovning\n")
    result = load_registry(registry)
    found = [p for p in result.errors if p.field == "objection.url.sv"]
    assert [p.message for p in found] == [
        "'ftp://lakeholm.example/omprovning' is not an allowed link: links must start with https://, http:// or mailto:"]


def test_a_link_may_use_a_register_language_the_records_texts_are_not_written_in_without_any_warning(tmp_path):
    registry = tmp_path / "registry"
    (registry / "testing").mkdir(parents=True)
    config = (FIXTURES / "invalid" / "register.yaml").read_text(encoding="utf-8")
    assert "\nlanguages:" not in config
    (registry / "register.yaml").write_text(config.replace("default_language: en\n",
                                                           "default_language: en\nlanguages: [en, fi]\n"))
    record = (FIXTURES / "invalid" / "javascript-link.yaml").read_text(encoding="utf-8")
    record = record.replace("id: javascript-link", "id: finnish-page").replace(
        'website: "javascript:alert(document.cookie)"',
        "website:\n  en: https://www.fixture-city.example/testing\n  fi: https://www.fixture-city.example/fi/testaus")
    (registry / "testing" / "finnish-page.yaml").write_text(record, encoding="utf-8")
    result = load_registry(registry)
    assert result.registry is not None, [str(p) for p in result.problems]
    assert not [str(p) for p in result.problems if p.field.startswith("website")]
    assert result.registry.get("finnish-page").data["website"]["fi"].endswith("/fi/testaus")


def test_a_single_address_in_a_record_of_several_languages_is_no_missing_translation():
    result = load_registry(REGISTRY)
    assert result.registry is not None
    assert not [str(p) for p in result.problems if "url" in p.field or "website" in p.field]


# --- pages ------------------------------------------------------------------------------------------------

def _link(page: Path, href: str):
    found = article(page).find_all("a", href=href)
    assert found, f"no link to {href} in {page}"
    return found[0]


@pytest.fixture(scope="module")
def register_data() -> dict:
    return _yaml(REGISTRY / "register.yaml")


def test_each_language_tree_links_to_its_own_objection_page_with_hreflang(example_site, register_data):
    addresses = register_data["objection"]["url"]
    assert set(addresses) == {"fi", "sv", "en"}
    for prefix, language in (("", "fi"), ("sv/", "sv"), ("en/", "en")):
        page = example_site / prefix / "about" / "index.html"
        link = _link(page, addresses[language])
        assert link["hreflang"] == language
        for other in set(addresses) - {language}:
            assert not article(page).find_all("a", href=addresses[other]), (page, other)
        assert not link.find_next_sibling("span", class_="air-link-language")


def test_a_language_without_its_own_address_gets_the_default_languages_marked_as_such(example_site, register_data):
    form = register_data["contact"]["form_url"]
    assert "en" not in form and register_data["default_language"] == "fi"
    page = example_site / "en" / "about" / "index.html"
    link = _link(page, form["fi"])
    assert link["hreflang"] == "fi"
    note = link.find_next_sibling("span", class_="air-link-language")
    assert note is not None and note.get_text() == "(in Finnish)"
    swedish = _link(example_site / "sv" / "about" / "index.html", form["sv"])
    assert swedish["hreflang"] == "sv" and swedish.find_next_sibling("span", class_="air-link-language") is None


def test_a_records_link_falls_back_to_the_records_main_language_on_a_page_in_another(example_site):
    record = _yaml(REGISTRY / DUMPING)
    website = record["website"]
    assert record["languages"][0] == "en" and "sv" not in website
    page = example_site / "sv" / "systems" / "illegal-dumping-detection" / "index.html"
    link = _link(page, website["en"])
    assert link["hreflang"] == "en"
    assert link.find_next_sibling("span", class_="air-link-language").get_text() == "(på engelska)"
    finnish = _link(example_site / "systems" / "illegal-dumping-detection" / "index.html", website["fi"])
    assert finnish["hreflang"] == "fi" and finnish.find_next_sibling("span", class_="air-link-language") is None


def test_the_field_reference_explains_both_forms(example_site):
    text = article(example_site / "en" / "reference" / "fields" / "index.html").get_text(" ")
    assert "A link can likewise be written once" in text
    assert "sv: https://www.example.org/sv/omprovning" in text
    assert "Link (https://...): one address, or one per language" in text


# --- open data, linked data and exports ---------------------------------------------------------------

@pytest.fixture(scope="module")
def dutch_registry(tmp_path_factory):
    """The example register with Dutch as a fourth language, and the dumping pilot's page in Dutch too."""
    registry = _copy(tmp_path_factory.mktemp("dutch"))
    _replace(registry / "register.yaml", "\nlanguages: [fi, sv, en]\n", "\nlanguages: [fi, sv, en, nl]\n")
    _replace(registry / DUMPING, "website:\n  en:", "website:\n  nl: https://www.lakeholm.example/nl/afvaldump-proef\n  en:")
    result = load_registry(registry)
    assert result.registry is not None, [str(p) for p in result.errors]
    return result.registry


def test_registry_json_keeps_every_address():
    registry = load_registry(REGISTRY).registry
    files = build_open_data(registry, registry.schemas, OpenDataOptions())
    data = json.loads(files["data/registry.json"])
    dumping = next(s for s in data["systems"] if s["id"] == "illegal-dumping-detection")
    assert dumping["website"] == _yaml(REGISTRY / DUMPING)["website"]
    assert data["register"]["objection"]["url"] == _yaml(REGISTRY / "register.yaml")["objection"]["url"]


def test_exports_that_hold_one_address_use_the_export_language(dutch_registry):
    website = dutch_registry.get("illegal-dumping-detection").data["website"]
    context = ExportContext(site_url="https://register.example/")
    standards = all_standards()
    dutch = standards["nl-1.0"].export(dutch_registry, context)
    record = json.loads(dutch.files["records/illegal-dumping-detection.json"])
    assert website["nl"] in json.dumps(record, ensure_ascii=False)
    assert website["en"] not in json.dumps(record, ensure_ascii=False)
    noted = [g.reason for g in dutch.gaps if g.record_id == "illegal-dumping-detection" and g.field == "website"]
    assert len(noted) == 1 and "'nl' address" in noted[0], dutch.gaps
    assert website["en"] in noted[0] and website["fi"] in noted[0]  # the addresses left out are named
    eurocities = standards["eurocities-0.3.1"].export(dutch_registry, context)
    text = "\n".join(v if isinstance(v, str) else v.decode("utf-8", "replace") for v in eurocities.files.values())
    assert website["en"] in text and website["nl"] not in text  # the record's main language
    for key, standard in standards.items():  # no export writes a set of addresses as if it were one
        export = standard.export(dutch_registry, context)
        for name, content in export.files.items():
            body = content if isinstance(content, str) else content.decode("utf-8", "replace")
            assert "{'en': 'https" not in body and '{"en": "https' not in body, (key, name)


def test_the_single_address_view_leaves_the_register_itself_unchanged(dutch_registry):
    single = with_single_links(dutch_registry, "nl")
    assert isinstance(single.get("illegal-dumping-detection").data["website"], str)
    assert isinstance(dutch_registry.get("illegal-dumping-detection").data["website"], dict)
    assert single.register.data["objection"]["url"] == dutch_registry.register.data["objection"]["url"]["fi"]


def test_linked_data_gives_one_web_page_per_language(dutch_registry):
    system = dutch_registry.get("illegal-dumping-detection")
    node = system_jsonld(system, OpenDataOptions(language="sv"))
    pages = node["mainEntityOfPage"]
    website = system.data["website"]
    assert {(p["@id"], p["inLanguage"]) for p in pages} == set((url, lang) for lang, url in website.items())
    assert all(p["@type"] == "WebPage" for p in pages)
    assert pages[0]["inLanguage"] == "en"  # no Swedish page: the record's main language (en) comes first
