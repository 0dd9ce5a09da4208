"""Every page in every language the register publishes: catalogs, trees per language, fallback, strictness."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import FIXTURES, REPO, explain, run_cli
from generator.core.catalogs import extract
from generator.core.i18n import LOCALE_DIR, catalog_languages
from sites import PROJECT_CONFIG, article, html, make_project, mkdocs_build

CONFIG = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))
RECORDS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "registry").rglob("*.yaml")
           if p.name != "register.yaml"}
SEED_LANGUAGES = ["nl", "fi", "sv", "fr", "de", "es", "ca", "it"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
TREES = {"fi": "", "sv": "sv/", "en": "en/"}


def _catalog(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "airegister.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def template():
    return {m.id: m for m in extract() if m.id}


# --- the catalogs ------------------------------------------------------------------------------------------

def test_there_is_a_catalog_for_every_seed_language():
    assert set(SEED_LANGUAGES) <= set(catalog_languages())


@pytest.mark.parametrize("language", SEED_LANGUAGES)
def test_every_catalog_translates_every_text_and_keeps_none_that_nothing_uses(language, template):
    catalog = _catalog(language)
    ids = {m.id for m in catalog if m.id}
    missing = [message_id for message_id in template if message_id not in ids]
    assert not missing, f"{language} lacks {len(missing)} texts (run make messages, then translate): {missing[:3]}"
    unused = [m.id for m in catalog if m.id and m.id not in template]
    assert not unused, f"{language} keeps texts nothing uses: {unused[:3]}"
    untranslated = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, such as {untranslated[:3]}"
    assert not [m.id for m in catalog if m.id and m.fuzzy], f"{language} has texts marked fuzzy"


@pytest.mark.parametrize("language", SEED_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    for message in _catalog(language):
        if not message.id:
            continue
        source = message.id[1] if isinstance(message.id, tuple) else message.id
        for text in (message.string,) if isinstance(message.string, str) else message.string:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (language, source, text)


# --- the example register in three languages -----------------------------------------------------------------

def test_every_page_exists_in_every_language_with_its_lang(example_site):
    for language, folder in TREES.items():
        for record_id, record in RECORDS.items():
            path = example_site / folder / "systems" / record_id / "index.html"
            page = html(path)
            assert page.html["lang"] == language, path
            assert page.find("h1").get_text(strip=True) == record["name"][language], path
        for other in ("index.html", "systems/index.html", "about/index.html", "reference/fields/index.html"):
            assert html(example_site / folder / other).html["lang"] == language


def test_every_page_names_its_other_languages_and_each_tree_has_its_sitemap(example_site):
    for language, folder in TREES.items():
        page = html(example_site / folder / "systems" / "parking-scan-car" / "index.html")
        menu = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
        assert set(menu) == set(TREES)
        for other, other_folder in TREES.items():
            target = (example_site / folder / "systems" / "parking-scan-car" / menu[other]).resolve()
            assert target == (example_site / other_folder / "systems" / "parking-scan-car").resolve(), (language, other)
        assert {link["hreflang"] for link in page.select("link[rel=alternate][hreflang]")} == set(TREES)
        sitemap = (example_site / folder / "sitemap.xml").read_text(encoding="utf-8")
        assert 'hreflang="sv"' in sitemap and "systems/parking-scan-car/" in sitemap
    assert not (example_site / "sv" / "data" / "registry.json").exists(), "open data is written once, at the root"
    assert (example_site / "data" / "registry.json").is_file()


def _interface_texts(language: str) -> list[str]:
    """English interface texts (of at least two words) that the catalog of ``language`` words differently."""
    texts = []
    for message in _catalog(language):
        if not message.id or isinstance(message.id, tuple) or not isinstance(message.string, str):
            continue
        if any(comment.startswith("schema:") for comment in message.auto_comments):
            continue  # help texts of the schema: shown on the field reference, checked there
        words = PLACEHOLDER.sub(" ", message.id).split()
        if len(words) >= 2 and message.string.strip() != message.id.strip():
            texts.append(message.id)
    return texts


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_english_interface_text_appears_on_finnish_or_swedish_pages(example_site, language):
    texts = [t for t in _interface_texts(language) if "{" not in t and "%(" not in t]
    assert len(texts) > 50
    folder = TREES[language]
    pages = ["index.html", "systems/index.html", "about/index.html", "departments/index.html",
             *(f"systems/{record_id}/index.html" for record_id in RECORDS)]
    for name in pages:
        content = article(example_site / folder / name)
        for history in content.select(".air-history"):
            history.decompose()  # past values of fields, quoted as they were written: record text, not interface
        shown = " ".join(content.get_text(" ").split())
        found = [t for t in texts if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", shown)]  # words, not parts
        assert not found, f"{language} {name} shows English: {found[:3]}"


def test_dates_are_written_as_each_language_writes_them(example_site):
    # parking-scan-car has been in use since 2023-03-01
    words = {"fi": "1. maaliskuuta 2023", "sv": "1 mars 2023", "en": "1 March 2023"}
    for language, date in words.items():
        content = article(example_site / TREES[language] / "systems" / "parking-scan-car" / "index.html")
        summary = content.select_one(".air-summary")
        assert date in summary.get_text(" "), (language, summary.get_text(" ")[:300])


# --- a text without a translation, and a register in one language --------------------------------------------

I18N_CONFIG = PROJECT_CONFIG.replace("  - airegister\n", """  - airegister
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - locale: fi
          default: true
          name: Suomi
        - locale: sv
          name: Svenska
""").replace("theme:\n  name: material\n", "theme:\n  name: material\n  language: fi\n")


def test_a_missing_translation_shows_the_default_language_text_with_a_note(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", I18N_CONFIG)
    config = project / "registry" / "register.yaml"
    text = config.read_text(encoding="utf-8").replace("default_language: en", "default_language: fi")
    config.write_text(re.sub(r"languages: \[en, fi\]", "languages: [fi, sv, en]", text), encoding="utf-8")
    record = sorted(p for p in (project / "registry").rglob("*.yaml") if p.name != "register.yaml")[0]
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["languages"] = ["fi", "sv"]
    data["name"] = {"fi": "Testijärjestelmä", "sv": "Testsystem"}
    data["summary"] = {"fi": "Suomenkielinen tiivistelmä.", "sv": "En sammanfattning på svenska."}
    data["purpose"] = {"fi": "Tarkoitus on kerrottu vain suomeksi."}  # no Swedish
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check = run_cli("validate", project / "registry", "--language", "en")
    assert "has no 'sv' translation" in check.stdout, explain(check)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    page = article(site / "sv" / "systems" / data["id"] / "index.html")
    fallback = page.find(lambda tag: tag.get("lang") == "fi" and "Tarkoitus on kerrottu" in tag.get_text())
    assert fallback is not None
    note = fallback.find_next_sibling(class_="air-untranslated")
    assert note is not None and "finska" in note.get_text(), "the note names Finnish, in Swedish"
    assert note.get("lang") in (None, "sv"), "the note is in the page's language"
    assert page.find("h1").get_text(strip=True) == "Testsystem"


def test_a_register_in_one_language_builds_one_tree_without_a_language_menu(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "xss" / "registry")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    home = html(site / "index.html")
    assert home.html["lang"] == "en"
    assert not home.select("a.md-select__link") and not home.select("link[rel=alternate][hreflang]")
    assert not any((site / code).is_dir() for code in ("fi", "sv", "nl"))


# --- how strict a register is about translations -----------------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "registry", root)
    return root


def test_required_languages_make_a_missing_translation_an_error_with_its_place(tmp_path):
    root = _copy(tmp_path)
    config = root / "register.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "required_languages: [fi, sv]\n", encoding="utf-8")
    record = root / "mobility" / "parking-scan-car.yaml"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    sv = next(i for i in range(start, len(lines)) if lines[i].startswith("  sv:"))
    end = next(i for i in range(sv + 1, len(lines)) if not lines[i].startswith("    "))
    record.write_text("".join(lines[:sv] + lines[end:]), encoding="utf-8")
    result = run_cli("validate", root, "--format", "json")
    assert result.returncode == 1, explain(result)
    problems = json.loads(result.stdout)["problems"]
    [problem] = [p for p in problems if p["severity"] == "error"]
    assert problem["file"].endswith("mobility/parking-scan-car.yaml") and problem["field"] == "summary"
    assert start + 1 <= problem["line"] <= sv, "the line of the summary, where the Swedish text is missing"
    assert "'sv'" in problem["message"] and "required_languages" in problem["message"]


def test_a_misspelt_language_code_is_one_message_with_a_suggestion(tmp_path):
    root = _copy(tmp_path)
    record = root / "mobility" / "parking-scan-car.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("languages: [en, fi, sv]", "languages: [en, fi, se]").replace("\n  sv: ", "\n  se: ")
    text = re.sub(r"^(\s+)sv:", r"\1se:", text, flags=re.M)
    record.write_text(text, encoding="utf-8")
    result = run_cli("validate", root, "--format", "json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["file"].endswith("parking-scan-car.yaml")]
    about_code = [p for p in problems if "'se'" in p["message"]]
    assert len(about_code) == 1, problems
    assert "'sv'" in about_code[0]["hint"] and about_code[0]["field"] == "languages"
    assert len(problems) <= 2, problems


def test_hand_written_pages_are_marked_with_the_language_they_are_written_in(example_site):
    """The guides in docs/ are English (docs_language: en): in the Finnish and Swedish trees their content says so."""
    for language, folder in TREES.items():
        content = article(example_site / folder / "cli" / "index.html")
        marked = content.find(attrs={"lang": "en"})
        if language == "en":
            assert marked is None, "the English tree needs no mark"
        else:
            assert marked is not None and marked.find("h1") is not None, language
