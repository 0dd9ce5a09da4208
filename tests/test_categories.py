"""The register's own categories (``categories`` in register.yaml): checked with located errors, shown on the pages
in every language, offered as a browse filter with a plain page per category, carried by the open data, used by
the exports between a record's own categories and its domains, and offered by the issue form and the scaffold."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, REPO, explain, run_cli
from generator.authoring.issueform import form_questions, issue_form, record_from_issue
from generator.core.schema import load_schemas
from generator.crosswalk import ExportContext, all_standards
from generator.model.registry import load_registry

AIREGISTER = str(Path(sys.executable).parent / "airegister")
SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text(encoding="utf-8"))
EXTERNAL = SCHEMA["properties"]["external_categories"]["properties"]

# Two categories that stand for something in the other standards, and one that is only the city's own. The values are
# the standards' own words, each checked below against the standard's list of allowed values.
CATEGORIES = """\
categories:
  - id: culture-leisure
    label:
      en: Culture and leisure
      fi: Kulttuuri ja vapaa-aika
    description:
      en: Libraries, sports and events.
      fi: Kirjastot, liikunta ja tapahtumat.
    external_categories:
      nl_themes: [Cultuur en recreatie]
      eurocities_domain: culture, sports and leisure
      uk_function: Recreation culture and religion
      us_topic_area: Service Delivery
  - id: benefits
    label:
      en: Benefits
      fi: Etuudet
    external_categories:
      nl_themes: [Sociale zekerheid]
      eurocities_domain: subsidies, benefits and allowances
  - id: neighbourhoods
    label:
      en: Neighbourhoods
      fi: Kaupunginosat
"""

RECORD = """\
schema_version: "1.0"
id: {id}
name: System {id}
summary: A system for the tests of categories.
owner:
  department: testing
contact:
  email: testing@fixture-city.example
accountable:
  role: Head of Testing
status: in use
lifecycle:
  in_use_since: "2024-01-01"
ai_act:
  classification: not-an-ai-system
domains: [mobility-transport]
"""


def _register(tmp_path: Path, categories: str = CATEGORIES, records: dict[str, str] | None = None,
              settings: str = "") -> Path:
    root = tmp_path / "registry"
    root.mkdir(parents=True)
    register = (FIXTURES / "valid" / "register.yaml").read_text(encoding="utf-8")
    (root / "register.yaml").write_text(register + settings + categories, encoding="utf-8")
    for record_id, extra in (records or {}).items():
        (root / f"{record_id}.yaml").write_text(RECORD.format(id=record_id) + extra, encoding="utf-8")
    return root


def _problems(root: Path):
    result = load_registry(root)
    return result, [p for p in result.problems if p.is_error]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if text in line)


# --- check ----------------------------------------------------------------------------------------

def test_an_unknown_category_is_an_error_at_its_line_that_lists_the_known_ones(tmp_path):
    root = _register(tmp_path, records={"lights": "categories:\n  - culture-leisure\n  - culture-leisur\n"})
    result, errors = _problems(root)
    assert result.registry is None
    [error] = errors
    assert error.file.endswith("lights.yaml")
    line = (root / "lights.yaml").read_text().split("\n").index("  - culture-leisur") + 1
    assert (error.line, error.column, error.field, error.code) == (line, 5, "categories[1]", "unknown-category")
    assert "'culture-leisur' is not a category" in error.message and "did you mean 'culture-leisure'" in error.message
    assert all(key in error.hint for key in ("culture-leisure", "benefits", "neighbourhoods")), error.hint


def test_categories_in_a_register_that_has_none_say_where_to_add_them(tmp_path):
    root = _register(tmp_path, categories="", records={"lights": "categories: [culture-leisure]\n"})
    _, errors = _problems(root)
    assert [e.code for e in errors] == ["unknown-category"]
    assert "categories: in register.yaml" in errors[0].hint and "no categories yet" in errors[0].hint


def test_two_categories_with_one_id_are_an_error_at_the_second(tmp_path):
    twice = CATEGORIES + "  - id: benefits\n    label: Benefits again\n"
    root = _register(tmp_path, categories=twice)
    _, errors = _problems(root)
    lines = (root / "register.yaml").read_text().split("\n")
    first, second = [n for n, line in enumerate(lines, start=1) if line == "  - id: benefits"]
    [error] = errors
    assert (error.file.endswith("register.yaml"), error.line, error.code) == (True, second, "duplicate-id")
    assert f"line {first}" in error.message


def test_a_category_without_its_label_in_a_required_language_is_reported_like_any_missing_translation(tmp_path):
    english_only = CATEGORIES.replace("      fi: Etuudet\n", "")
    root = _register(tmp_path, categories=english_only, settings="required_languages: [en, fi]\n")
    _, errors = _problems(root)
    [error] = errors
    line = (root / "register.yaml").read_text().split("\n").index("      en: Benefits") + 1
    assert (error.line, error.field, error.code) == (line, "categories[1].label", "translation-required")
    assert "'fi'" in error.message
    # Not required: a warning only, and the register still builds.
    result, errors = _problems(_register(tmp_path / "optional", categories=english_only))
    assert not errors and result.registry is not None
    assert [p.code for p in result.problems if p.field == "categories[1].label"] == ["translation-missing"]


@pytest.mark.parametrize("key, wrong", [("eurocities_domain", "culture"), ("uk_function", "Recreation"),
                                        ("us_topic_area", "Services"), ("nl_themes", ["Cultuur"])])
def test_a_mapping_value_the_standard_does_not_allow_is_an_error_naming_the_allowed_ones(tmp_path, key, wrong):
    written = json.dumps(wrong, ensure_ascii=False)
    categories = f"categories:\n  - id: culture-leisure\n    label: Culture\n    external_categories:\n      {key}: {written}\n"
    root = _register(tmp_path, categories=categories)
    _, errors = _problems(root)
    [error] = errors
    assert error.file.endswith("register.yaml")
    allowed = EXTERNAL[key]["items"]["enum"] if key == "nl_themes" else EXTERNAL[key]["enum"]
    shown = f"{error.message} {error.hint}"
    assert error.field.startswith(f"categories[0].external_categories.{key}"), error.field
    assert sum(value in shown for value in allowed) >= min(len(allowed), 5), shown
    assert error.line == _line_of(root / "register.yaml", f"{key}:")


# --- exports ----------------------------------------------------------------------------------------

def _standard_lists() -> dict[str, dict[str, list[str]]]:
    """Each standard's allowed values of its category field, from its mapping file (the standard's own list)."""
    out = {}
    for name, option in (("nl-1.0", "themes"), ("uk-atrs-3.0", "allowed"), ("us-omb-2025", "allowed")):
        mapping = yaml.safe_load((REPO / "generator" / "crosswalk" / "mappings" / f"{name}.yaml").read_text())
        out[name] = next(f["options"][option] for f in mapping["fields"] if option in (f.get("options") or {})
                         and f["field"] in ("category", "0.4 function", "topic_area"))
    euro = yaml.safe_load((REPO / "generator" / "crosswalk" / "mappings" / "eurocities-0.3.1.yaml").read_text())
    out["eurocities-0.3.1"] = next(f["options"]["values"] for f in euro["fields"] if f["field"] == "domain")
    return out


def _exported(root: Path) -> dict[str, dict[str, object]]:
    """The category field of each standard, per record: {standard: {record id: value}}, and the gaps."""
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors]
    standards = all_standards()
    context = ExportContext()
    out: dict[str, dict[str, object]] = {}
    for key, where in (("nl-1.0", "category"), ("eurocities-0.3.1", "domain"), ("uk-atrs-3.0", "function"),
                       ("us-omb-2025", "topic_area")):
        export = standards[key].export(result.registry, context)
        values = {}
        for name, content in export.files.items():
            if name.startswith("records/"):
                data = json.loads(content)
                data = data.get("metadata", data.get("use_case", data))
                values[name[len("records/"):-len(".json")]] = data[where]
        out[key] = values
        out[key + " gaps"] = {(g.record_id, g.field): g.reason for g in export.gaps}
    return out


def test_exports_take_the_record_s_own_category_then_its_categories_then_its_domains(tmp_path):
    allowed = _standard_lists()
    records = {
        "culture": "categories: [culture-leisure]\n",
        "own-theme": "categories: [culture-leisure]\nexternal_categories:\n  nl_themes: [Werk]\n"
                     "  us_topic_area: Transportation\n",
        "unmapped": "categories: [neighbourhoods]\n",
        "plain": "",
        "two": "categories: [culture-leisure, benefits]\n",
    }
    got = _exported(_register(tmp_path, records=records, settings="exports:\n  uk_pre_deployment: true\n"))
    # 1. the register's category, in the standard's own words
    assert got["nl-1.0"]["culture"] == ["Cultuur en recreatie"]
    assert got["eurocities-0.3.1"]["culture"] == "culture, sports and leisure"
    assert got["uk-atrs-3.0"]["culture"] == "Recreation culture and religion"
    assert got["us-omb-2025"]["culture"] == "Service Delivery"
    for key in ("nl-1.0", "eurocities-0.3.1", "uk-atrs-3.0", "us-omb-2025"):
        values = got[key]["culture"]
        assert all(v in allowed[key] for v in (values if isinstance(values, list) else [values])), (key, values)
    # 2. the record's own category wins, standard by standard
    assert got["nl-1.0"]["own-theme"] == ["Werk"] and got["us-omb-2025"]["own-theme"] == "Transportation"
    assert got["eurocities-0.3.1"]["own-theme"] == "culture, sports and leisure"
    # 3. a category without a mapping leaves the standard to the domains: as for a record without categories
    for key in ("nl-1.0", "eurocities-0.3.1", "uk-atrs-3.0", "us-omb-2025"):
        assert got[key]["unmapped"] == got[key]["plain"], key
        assert got[key]["plain"] != got[key]["culture"], key
    # several categories: every Dutch theme, and one Eurocities domain with a gap that names the other
    assert got["nl-1.0"]["two"] == ["Cultuur en recreatie", "Sociale zekerheid"]
    assert got["eurocities-0.3.1"]["two"] == "culture, sports and leisure"
    assert "subsidies, benefits and allowances" in got["eurocities-0.3.1 gaps"][("two", "domain")]


# --- pages, in every language -------------------------------------------------------------------------

REGISTER = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))
RECORDS = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
           for path in (REPO / "registry").rglob("*.yaml") if path.name != "register.yaml"}
TREES = {"fi": "", "sv": "sv/", "en": "en/"}


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _members(category: str) -> set[str]:
    return {rid for rid, record in RECORDS.items() if category in record.get("categories", ())}


def test_the_example_register_has_categories_that_several_records_use():
    assert 3 <= len(REGISTER["categories"]) <= 5
    assert sum(1 for record in RECORDS.values() if record.get("categories")) >= 5
    for category in REGISTER["categories"]:
        assert set(category["label"]) == {"fi", "sv", "en"}, category


@pytest.mark.parametrize("language", TREES)
def test_a_system_page_shows_its_categories_in_the_page_s_language_linked_to_their_pages(example_site, language):
    record_id = next(rid for rid in sorted(RECORDS) if RECORDS[rid].get("categories"))
    soup = _soup(example_site, f"{TREES[language]}systems/{record_id}/index.html")
    labels = {c["id"]: c["label"][language] for c in REGISTER["categories"]}
    links = soup.select(f"a[href*='browse/category/']")
    shown = {a["href"].rstrip("/").rsplit("/", 1)[-1]: a.get_text() for a in links if a.find_parent("dd")}
    assert shown == {c: labels[c] for c in RECORDS[record_id]["categories"]}
    filters = [span.get_text() for span in soup.select('[data-pagefind-filter="category"]')]
    assert filters == RECORDS[record_id]["categories"]


@pytest.mark.parametrize("language", TREES)
def test_each_category_has_a_plain_page_listing_its_systems_in_every_language(example_site, language):
    for category in REGISTER["categories"]:
        members = _members(category["id"])
        page = example_site / f"{TREES[language]}browse/category/{category['id']}/index.html"
        assert page.is_file() == bool(members), page
        if not members:
            continue
        soup = _soup(example_site, page.relative_to(example_site).as_posix())
        assert category["label"][language] in soup.select_one("h1").get_text()
        assert category["description"][language] in soup.select_one(".air-facet-page").get_text()
        listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".air-card__title a")}
        assert listed == members, category["id"]


@pytest.mark.parametrize("language", TREES)
def test_the_browse_page_offers_the_categories_as_a_filter_in_the_register_s_order(example_site, language):
    soup = _soup(example_site, f"{TREES[language]}systems/index.html")
    group = soup.select_one('fieldset[data-facet="category"]')
    options = [(li.select_one("a")["data-value"], li.select_one(".air-facet__label").get_text(),
                int(li.select_one(".air-facet__count").get_text().strip("()"))) for li in group.select("li")]
    assert options == [(c["id"], c["label"][language], len(_members(c["id"])))
                       for c in REGISTER["categories"] if _members(c["id"])]


def test_the_field_reference_lists_the_register_s_categories(example_site):
    field = _soup(example_site, "en/reference/fields/index.html").select_one("#field-categories")
    rows = [tr.select("td") for tr in field.select("tbody tr")]
    assert [(cells[0].get_text(), cells[1].select_one("strong").get_text()) for cells in rows] == [
        (c["id"], c["label"]["en"]) for c in REGISTER["categories"]]


# --- open data ----------------------------------------------------------------------------------------

def test_the_open_data_carries_the_categories_with_their_names(example_site):
    names = {c["id"]: c["label"] for c in REGISTER["categories"]}
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (example_site / "data" / "registry.csv").read_text(encoding="utf-8-sig")))}
    for record_id, record in RECORDS.items():
        assert rows[record_id]["categories"] == ";".join(record.get("categories", ()))
        assert rows[record_id]["category_names"] == ";".join(names[c][REGISTER["default_language"]]
                                                             for c in record.get("categories", ()))
        one = json.loads((example_site / "data" / "systems" / f"{record_id}.json").read_text(encoding="utf-8"))
        assert one["categories"] == [{"id": c, "label": names[c]} for c in record.get("categories", ())]
    whole = json.loads((example_site / "data" / "registry.json").read_text(encoding="utf-8"))
    assert whole["register"]["categories"] == REGISTER["categories"]
    record_id = next(rid for rid in sorted(RECORDS) if RECORDS[rid].get("categories"))
    script = _soup(example_site, f"en/systems/{record_id}/index.html").select_one('script[type="application/ld+json"]')
    keywords = json.loads(script.string)["keywords"]
    assert {names[c]["en"] for c in RECORDS[record_id]["categories"]} <= set(keywords)


# --- authoring ------------------------------------------------------------------------------------------

def test_the_issue_form_offers_the_categories_by_name_and_reads_them_back_as_ids():
    register = load_registry(REPO / "registry").registry.register
    schemas = load_schemas()
    form = yaml.safe_load(issue_form(schemas, register))
    [element] = [e for e in form["body"] if e.get("id") == "categories"]
    default = REGISTER["default_language"]
    assert element["type"] == "dropdown" and element["attributes"]["multiple"] is True
    assert element["attributes"]["options"] == [c["label"][default] for c in REGISTER["categories"]]
    label = element["attributes"]["label"]
    first, last = REGISTER["categories"][0], REGISTER["categories"][-1]
    questions = form_questions(schemas, register)
    body = "\n\n".join(f"### {q.label}\n\n_No response_" for q in questions if q.id != "categories")
    body += f"\n\n### {label}\n\n{first['label'][default]}, {last['label']['en']}\n"
    assert record_from_issue(body, schemas, register).record["categories"] == [first["id"], last["id"]]


def test_a_register_without_categories_asks_no_category_question(tmp_path):
    root = _register(tmp_path, categories="")
    register = load_registry(root).registry.register
    assert "categories" not in {q.id for q in form_questions(load_schemas(), register)}


def test_the_scaffold_offers_the_register_s_categories(tmp_path):
    root = _register(tmp_path)
    result = run_cli("new", "street-lights", "--department", "testing", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    text = (root / "testing" / "street-lights.yaml").read_text(encoding="utf-8")
    comments = " ".join(line[2:] for line in text.split("\n") if line.startswith("# "))
    assert "Choose from: culture-leisure (Culture and leisure), benefits (Benefits), neighbourhoods (Neighbourhoods)" \
        in comments
    assert "# categories:\n# - culture-leisure\n" in text


def test_interactive_new_offers_the_categories_and_writes_the_chosen_ones(tmp_path):
    root = _register(tmp_path)
    child = pexpect.spawn(AIREGISTER, ["new", "--interactive", "--department", "testing"],
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, env={"PATH": "/usr/bin:/bin", "TERM": "dumb"})
    answers = [("Name: ", "Street Lights"), (r"Name in fi \(optional, Enter to skip\): ", ""),
               (r"Record id \[street-lights\]: ", ""), ("Short summary: ", "Dims street lights."),
               (r"Short summary in fi \(optional, Enter to skip\): ", "")]
    for prompt, answer in answers:
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Neighbourhoods")
    child.expect(r"separated by commas \(optional, Enter to skip\): ")
    child.sendline("4")
    child.expect("Please type numbers from 1 to 3")
    child.expect(r"separated by commas \(optional, Enter to skip\): ")
    child.sendline("3, culture-leisure")
    child.expect("Contact e-mail: ")
    child.sendline("lighting@fixture-city.example")
    for prompt, answer in [("Role title: ", "Head of Lighting"), (r"Role title in fi \(optional, Enter to skip\): ", ""),
                           ("Choose 1-6: ", "3"), ("Choose 1-6: ", "5")]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(pexpect.EOF)
    record = yaml.safe_load((root / "testing" / "street-lights.yaml").read_text(encoding="utf-8"))
    assert record["categories"] == ["neighbourhoods", "culture-leisure"]


def test_a_federated_register_keeps_one_category_per_id_and_name_and_prefixes_a_clash():
    from generator.authoring.federation import _add_categories

    categories: dict = {}
    first = {"categories": [{"id": "culture", "label": {"en": "Culture"}}, {"id": "parks", "label": "Parks"}]}
    second = {"categories": [{"id": "culture", "label": "Culture"}, {"id": "parks", "label": "Parks and squares"}]}
    assert _add_categories(first, categories, "ashby", "en") == {"culture": "culture", "parks": "parks"}
    assert _add_categories(second, categories, "brook", "en") == {"culture": "culture", "parks": "brook-parks"}
    assert [(c["id"], c["label"]) for c in categories.values()] == [
        ("culture", {"en": "Culture"}), ("parks", "Parks"), ("brook-parks", "Parks and squares")]


@pytest.mark.parametrize("language", TREES)
def test_the_home_page_counts_the_systems_of_each_category(example_site, language):
    table = _soup(example_site, f"{TREES[language]}index.html").select_one("table.air-counts--categories")
    rows = [(tr.select_one("a")["href"].rstrip("/").rsplit("/", 1)[-1], tr.select_one("a").get_text(),
             int(tr.select_one("td").get_text())) for tr in table.select("tbody tr")]
    assert rows == [(c["id"], c["label"][language], len(_members(c["id"])))
                    for c in REGISTER["categories"] if _members(c["id"])]


# --- what the register calls its categories (category_title) ---------------------------------------------

TITLE = REGISTER["category_title"]  # the example register calls them themes, in each of its languages


@pytest.mark.parametrize("language", TREES)
def test_the_register_s_own_title_for_its_categories_is_used_wherever_the_site_names_them(example_site, language):
    from generator.core.i18n import translator

    title, tree, t = TITLE[language], TREES[language], translator(language)
    assert title != t.gettext("Category")
    legend = _soup(example_site, f"{tree}systems/index.html").select_one('fieldset[data-facet="category"] legend')
    assert legend.get_text() == title
    record_id = next(rid for rid in sorted(RECORDS) if RECORDS[rid].get("categories"))
    page = _soup(example_site, f"{tree}systems/{record_id}/index.html")
    link = next(a for a in page.select("a[href*='browse/category/']") if a.find_parent("dd"))
    assert link.find_parent("dd").find_previous_sibling("dt").get_text() == title
    table = _soup(example_site, f"{tree}index.html").select_one("table.air-counts--categories")
    assert table.select_one("thead th").get_text() == title
    assert table.select_one("caption").get_text() == t.gettext("%(title)s: number of systems") % {"title": title}
    category = next(c for c in REGISTER["categories"] if _members(c["id"]))
    category_page = _soup(example_site, f"{tree}browse/category/{category['id']}/index.html")
    assert category_page.select_one("h1").get_text() == f"{title}: {category['label'][language]}"
    assert category_page.title.get_text().startswith(f"{title}: ")
    reference = _soup(example_site, f"{tree}reference/fields/index.html").select_one("#field-categories")
    assert [th.get_text() for th in reference.select("thead th")][:2] == [t.gettext("Id"), title]


def test_the_issue_form_asks_for_the_categories_by_the_register_s_title_and_still_reads_older_forms():
    register = load_registry(REPO / "registry").registry.register
    schemas = load_schemas()
    default = REGISTER["default_language"]
    [element] = [e for e in yaml.safe_load(issue_form(schemas, register))["body"] if e.get("id") == "categories"]
    assert element["attributes"]["label"] == TITLE[default]
    questions = form_questions(schemas, register)
    first = REGISTER["categories"][0]
    for label in (TITLE[default], SCHEMA["properties"]["categories"]["title"]):  # this form's, and an older form's
        body = "\n\n".join(f"### {q.label}\n\n_No response_" for q in questions if q.id != "categories")
        body += f"\n\n### {label}\n\n{first['label'][default]}\n"
        assert record_from_issue(body, schemas, register).record["categories"] == [first["id"]], label


def test_a_title_for_the_categories_missing_a_language_is_reported_like_other_register_texts(tmp_path):
    root = _register(tmp_path / "a", settings="category_title:\n  en: Theme\n")
    result, errors = _problems(root)
    assert not errors
    [warning] = [p for p in result.problems if p.field == "category_title"]
    assert warning.code == "translation-missing" and "'fi'" in warning.message
    assert warning.line == _line_of(root / "register.yaml", "en: Theme")  # at the texts, as for other register texts
    strict = _register(tmp_path / "b", settings="required_languages: [fi]\ncategory_title:\n  en: Theme\n")
    _, errors = _problems(strict)
    assert [(p.field, p.code) for p in errors] == [("category_title", "translation-required")]


def test_without_a_title_the_site_says_category(tmp_path):
    root = _register(tmp_path, records={"one": "categories: [benefits]\n"})
    out = tmp_path / "pages"
    result = run_cli("render", "--out", out, "--registry", root, "--language", "en")
    assert result.returncode == 0, explain(result)
    browse = BeautifulSoup((out / "systems" / "index.md").read_text(encoding="utf-8"), "html.parser")
    assert browse.select_one('fieldset[data-facet="category"] legend').get_text() == "Category"
    home = BeautifulSoup((out / "index.md").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("table.air-counts--categories caption").get_text() == "Systems by category"
    assert (out / "browse" / "category" / "benefits.md").read_text(encoding="utf-8").startswith(
        '---\ntitle: "Category: Benefits"')
