"""What a resident meets on the example site, checked in the built HTML (a real `mkdocs build`) and in the pages the
engine renders: the page frame (skip link, footer, no staff buttons), the accessibility statement and privacy
notice in every language, the 404 page, the citizen's menu with staff material in its own section, the "In short"
box, one objection rule, and changes told in sentences."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO
from generator.core.fields import field_index
from generator.core.i18n import translator
from generator.core.schema import load_schemas
from generator.load.history import Change, FieldChange
from generator.model.registry import load_registry
from generator.model.richtext import first_sentence
from generator.model.changes import describe
from generator.site.render import RenderOptions, render_site
from sites import article, html

pytestmark = pytest.mark.site

RECORDS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "registry").rglob("*.yaml")
           if p.name != "register.yaml"}
CONFIG = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))
SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text(encoding="utf-8"))
TREES = {"fi": "", "sv": "sv/", "en": "en/"}
SCHEMAS = load_schemas(REPO / "schema")


def _text(value, language="en"):
    return value if isinstance(value, str) else value.get(language, next(iter(value.values())))


def _words(text: str) -> str:
    return " ".join(text.split())


def _pages(site: Path, tree: str = "en/") -> list[Path]:
    """Every page of one language tree (the other languages' folders left out)."""
    root = site / tree
    others = [site / t for t in TREES.values() if t and t != tree]
    return [p for p in root.rglob("index.html") if not any(o in p.parents for o in others)]


# --- the frame of every page ---------------------------------------------------------------------------------------

def test_every_page_starts_with_a_skip_link_to_its_main_content_and_ends_with_the_citys_footer(example_site):
    css = (REPO / "generator" / "site" / "assets" / "theme.css").read_text(encoding="utf-8")
    assert '[data-md-component="skip"] { display: none; }' in css
    pages = _pages(example_site, "en/")
    assert len(pages) > 40
    for path in pages:
        soup = html(path)
        # the theme's own skip link (only on pages with headings, to the first one) is hidden by theme.css
        first_link = next(a for a in soup.select("body a[href]") if not a.find_parent(attrs={"data-md-component": "skip"}))
        assert first_link is not None and first_link.get("href") == "#air-content", path
        assert first_link.get_text(strip=True) == "Skip to main content", path
        target = soup.find(id="air-content")
        assert target is not None and target.find_parent("main") is not None, path
        footer = soup.select_one("footer .air-footer")
        assert footer is not None, path
        assert _text(CONFIG["organisation"]["name"]) in footer.get_text(" ", strip=True), path
        assert footer.select_one(f'a[href="mailto:{CONFIG["contact"]["email"]}"]') is not None, path
        assert "Made with" not in soup.select_one("footer").get_text(" ", strip=True), path


def test_the_footer_links_lead_to_pages_that_exist_in_each_language(example_site):
    for language, tree in TREES.items():
        for path in [example_site / tree / "index.html", example_site / tree / "systems" / "parking-scan-car" / "index.html"]:
            links = html(path).select("footer .air-footer__links a")
            assert len(links) == 4, path
            for link in links:
                target = (path.parent / link["href"]).resolve()
                target = target / "index.html" if target.is_dir() else target
                assert target.is_file(), (path, link["href"])
                assert html(target).find("html")["lang"] == language, (path, link["href"])


def test_no_edit_pencil_on_the_registers_own_pages_but_on_staff_guides(example_site):
    for record_id in RECORDS:
        assert not html(example_site / "en" / "systems" / record_id / "index.html").select('a[rel="edit"]'), record_id
    for generated in ("", "systems/", "about/", "accessibility/", "privacy/", "departments/"):
        assert not html(example_site / "en" / generated / "index.html").select('a[rel="edit"]'), generated
    assert html(example_site / "en" / "cli" / "index.html").select('a[rel="edit"]'), "staff guides keep the edit button"


def test_the_menu_opener_is_a_named_button(example_site):
    soup = html(example_site / "en" / "index.html")
    menu = soup.select_one('header button[data-air-toggle="__drawer"]')
    assert menu is not None and menu.get("type") == "button" and menu.get("aria-label") == "Menu"
    assert menu.get("aria-expanded") == "false"
    # (the register's own search box replaces the theme's search and its opener: see test_browser.py)
    for label in soup.select('header label[for="__drawer"], header label[for="__search"]'):  # without JavaScript
        assert "air-nojs" in label["class"] and label.get("aria-label") in ("Menu", "Search")
    finnish = html(example_site / "index.html").select_one('header button[data-air-toggle="__drawer"]')
    assert finnish.get("aria-label") == "Valikko"


# --- the citizen's menu, and the staff section -----------------------------------------------------------------------

STAFF_PAGES = {"cli.md", "architecture.md", "site-engine.md", "schema-annotations.md", "performance.md",
               "add-or-update.md", "start-your-register.md", "reference/fields.md"}


def _nav_pages(nav, path=()) -> list[tuple[tuple[str, ...], str]]:
    out = []
    for item in nav:
        for title, value in item.items():
            if isinstance(value, list):
                out += _nav_pages(value, path + (title,))
            else:
                out.append((path, value))
    return out


def _mkdocs_nav(text: str) -> list:
    return yaml.safe_load(text[text.index("nav:"):text.index("markdown_extensions:")])["nav"]


def test_staff_material_is_in_one_section_of_its_own_last_in_the_menu():
    nav = _mkdocs_nav((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = _nav_pages(nav)
    staff = [(path, page) for path, page in pages if page in STAFF_PAGES]
    assert {page for _, page in staff} == STAFF_PAGES
    assert all(path and path[0] == "For city staff" for path, _ in staff), staff
    assert list(nav[-1]) == ["For city staff"], "the staff section comes last"
    citizen = [page for path, page in pages if not path or path[0] != "For city staff"]
    assert not set(citizen) & STAFF_PAGES


def test_a_new_registers_menu_has_the_same_citizen_part_and_staff_section_as_the_example():
    scaffold = (REPO / "generator" / "authoring" / "templates" / "mkdocs.yml.j2").read_text(encoding="utf-8")
    new = _nav_pages(_mkdocs_nav(scaffold))
    example = _nav_pages(_mkdocs_nav((REPO / "mkdocs.yml").read_text(encoding="utf-8")))
    hand_written = {page for _, page in example if (REPO / "docs" / page).is_file()}
    assert new == [(path, page) for path, page in example if page not in hand_written]


def test_the_staff_section_shows_last_in_the_built_menu(example_site):
    soup = html(example_site / "en" / "index.html")
    top = soup.select("nav.md-nav--primary > ul > li.md-nav__item")
    titles = [" ".join(li.find(["a", "label"]).get_text(" ", strip=True).split()) for li in top]
    assert titles[-1] == "For city staff", titles
    assert "Field reference" not in titles and "For maintainers" not in titles


# --- accessibility statement, privacy notice, 404 ---------------------------------------------------------------------

def test_the_accessibility_statement_has_the_eu_model_parts_in_every_language(example_site):
    statement = CONFIG["accessibility"]
    headings = {"fi": ["Vaatimustenmukaisuuden tila", "Sisältö, joka ei ole saavutettavaa", "Selosteen laatiminen",
                       "Palaute ja yhteystiedot", "Valvontaviranomainen"],
                "en": ["Compliance status", "Content that is not accessible", "Preparation of this statement",
                       "Feedback and contact", "Enforcement procedure"]}
    for language, tree in TREES.items():
        content = article(example_site / tree / "accessibility" / "index.html")
        text = _words(content.get_text(" ", strip=True))
        assert content.find("h1").get_text(strip=True) == translator(language).gettext("Accessibility statement")
        if language in headings:
            assert [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2")] == headings[language]
        assert content.find("time", attrs={"datetime": statement["statement_date"]}) is not None
        assert translator(language).date(statement["statement_date"]) in text
        assert _words(_text(statement["non_accessible"], language)).split(".")[0] in text
        assert content.find("a", href=statement["enforcement_url"]).get_text(strip=True) == _text(statement["enforcement_body"], language)
        assert content.find("a", href=re.compile("^mailto:" + re.escape(CONFIG["contact"]["email"]))) is not None
        assert translator(language).gettext("Partially compliant") in text


def test_the_privacy_notice_says_no_cookies_and_names_the_authority_in_every_language(example_site):
    privacy = CONFIG["privacy"]
    for language, tree in TREES.items():
        content = article(example_site / tree / "privacy" / "index.html")
        t = translator(language)
        assert content.find("h1").get_text(strip=True) == t.gettext("Privacy notice")
        assert t.gettext("No cookies and no tracking") in [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2")]
        assert content.find("a", href=privacy["authority_url"]).get_text(strip=True) == _text(privacy["authority"], language)
        assert content.find("a", href=f'mailto:{privacy["data_protection_officer"]}') is not None
        assert content.find("a", href=privacy["policy_url"]) is not None


def test_a_register_without_the_settings_still_gets_honest_pages():
    result = load_registry(REPO / "registry")
    registry = result.registry
    data = {k: v for k, v in registry.register.data.items() if k not in ("accessibility", "privacy")}
    bare = type(registry.register)(data, registry.register.file, registry.register.schemas)
    registry = type(registry)(bare, list(registry))
    pages = {p.src: p.markdown for p in render_site(registry, SCHEMAS, RenderOptions(language="en"))}
    statement = pages["accessibility.md"]
    assert statement.count('class="air-missing"') == 3  # compliance status, date and method: "Not provided"
    assert "authority that supervises the accessibility of public sector websites in your country" in statement
    notice = pages["privacy.md"]
    assert "data protection authority of your country" in notice and "sets no cookies" in notice


def test_the_404_page_is_in_each_language_with_a_search_of_the_register_and_ways_on(example_site):
    for language, tree in TREES.items():
        soup = html(example_site / tree / "404.html")
        assert soup.find("html")["lang"] == language
        t = translator(language)
        main = soup.find("main")
        assert main.find("h1").get_text(strip=True) == t.gettext("Page not found")
        form = main.find("form")
        assert form["method"] == "get" and form["action"].rstrip("/").endswith(f"/{tree}systems".replace("//", "/"))
        assert form.find("input", attrs={"name": "q"}) is not None and form.find("label", attrs={"for": "air-notfound-q"})
        hrefs = [posixpath.normpath(a["href"]) for a in main.find_all("a")]
        for page in ("", "about", "systems"):
            assert posixpath.normpath(f"/{tree}{page}") in hrefs, (language, page, hrefs)


# --- system pages: In short, objection, fairness ----------------------------------------------------------------------

def _in_short(example_site: Path, record_id: str) -> dict[str, str]:
    box = article(example_site / "en" / "systems" / record_id / "index.html").select_one(".air-summary dl")
    return {dt.get_text(strip=True): _words(dt.find_next_sibling("dd").get_text(" ", strip=True)) for dt in box.find_all("dt")}


def test_in_short_answers_who_is_affected_how_to_object_and_whether_it_is_fair(example_site):
    summaries = SCHEMA["properties"]["bias_assessment"]["properties"]["status"]["x-summaries"]
    for record_id, record in RECORDS.items():
        rows = _in_short(example_site, record_id)
        assert list(rows)[:3] == ["What it does", "Why the city uses it", "Who is affected"], record_id
        assert {"Who is responsible", "Contact", "How to object", "Fairness"} <= set(rows), record_id
        if "affected_people" in record:
            first = re.sub(r"^[-*] ", "", _words(_text(record["affected_people"]).split("\n\n")[0]))
            assert _words(re.sub(r"[*_]", "", first))[:40] in rows["Who is affected"], record_id
        bias = record.get("bias_assessment")
        if bias:
            assert rows["Fairness"].startswith(summaries[bias["status"]]), record_id
            if "findings" in bias:
                found = re.sub(r"[*_]", "", first_sentence(_text(bias["findings"])))
                assert "What it found: " + found[:40] in rows["Fairness"], record_id
        if "objection" in record:
            assert rows["How to object"].startswith("This system has its own route"), record_id
        elif record.get("significant_impact") is False:
            assert rows["How to object"] == "This system does not make or support decisions about individual people."
        else:
            assert rows["How to object"].startswith("The city's general route applies"), record_id


def test_a_system_without_its_own_route_names_the_citys_route_and_never_says_not_provided():
    registry = load_registry(REPO / "registry").registry
    chosen = next(s for s in registry if "objection" in s.data and s.data.get("significant_impact") is not False)
    data = {k: v for k, v in chosen.data.items() if k != "objection"}
    registry = type(registry)(registry.register, [dataclasses.replace(s, data=data) if s is chosen else s for s in registry])
    markdown = {p.src: p.markdown for p in render_site(registry, SCHEMAS, RenderOptions(language="en"))}[f"systems/{chosen.id}.md"]
    body = BeautifulSoup(markdown, "html.parser")
    rows = {dt.get_text(strip=True): _words(dt.find_next_sibling("dd").get_text(" ", strip=True))
            for dt in body.select(".air-summary dt")}
    assert rows["How to object"] == "The city's general route applies: see How to object to a decision below."
    route = body.select_one(".air-object")
    assert _words(route.get_text(" ", strip=True)).startswith(
        "The city's general route : this system has no route of its own, so the city's general route applies.")
    url = CONFIG["objection"]["url"]  # one address, or one per language: the English page links to the English one
    assert route.find("a", href=url["en"] if isinstance(url, dict) else url) is not None
    assert _words(_text(CONFIG["objection"]["procedure"]))[:50] in _words(route.get_text(" ", strip=True))
    assert "Not provided" not in route.get_text() and "Not provided" not in rows["How to object"]
    assert [dt for dt in body.select("dt") if dt.get_text(strip=True) == "How to object"] == body.select(".air-summary dt")[
        list(rows).index("How to object"):list(rows).index("How to object") + 1], "the route is not repeated as 'Not provided' below"


def test_phone_numbers_are_links_and_staff_routes_come_last(example_site):
    record_id, record = next((r, rec) for r, rec in RECORDS.items() if "phone" in rec.get("contact", {}))
    content = article(example_site / "en" / "systems" / record_id / "index.html")
    phone = content.select_one(".air-summary a[href^='tel:']")
    assert phone is not None and phone.get_text(strip=True) == record["contact"]["phone"]
    assert phone["href"] == "tel:" + re.sub(r"[^\d+]", "", record["contact"]["phone"])
    respond = content.select_one(".air-respond")
    assert "GitHub" not in respond.get_text(" ", strip=True)
    staff = content.select_one(".air-staff-route")
    assert staff is not None and staff.find("a", href=re.compile(r"/issues/new\?")) is not None
    assert staff.find_parent(class_="air-source") is not None or staff.find_previous(class_="air-source") is not None


def test_detail_sections_fold_open_by_default(example_site):
    content = article(example_site / "en" / "systems" / "parking-scan-car" / "index.html")
    folds = content.select("details.air-fold")
    titles = [s["title"] for s in SCHEMA["x-sections"]]
    assert len(folds) >= len(titles) - 2
    for fold in folds:
        assert fold.has_attr("open")
        heading = fold.find_previous_sibling("h2")
        assert heading is not None and heading.get_text(strip=True).rstrip("¶") in titles
        assert heading.get_text(strip=True).rstrip("¶") in fold.find("summary").get_text(" ", strip=True)


# --- changes in sentences ---------------------------------------------------------------------------------------------

def _change(fields, kind="changed", note=None) -> Change:
    return Change("x", kind, "0" * 40, dt.datetime(2026, 5, 3, tzinfo=dt.timezone.utc), "Commit: fix typo in yaml",
                  "registry/x.yaml", None, tuple(FieldChange(*f) for f in fields), "X", record_note=note)


def test_a_change_reads_as_sentences_with_field_titles_and_labels():
    index, t = field_index(SCHEMAS, "en"), translator("en")
    view = describe(_change([("status", "pilot", "in use"), ("lifecycle.in_use_since", None, "2026-05-03"),
                             ("datasets[1].collection.fi", None, "Kerätään"), ("purpose", "Old text", "New text"),
                             ("record.change_note", None, "Went live.")], note="Went live."), index, t)
    assert view.sentences[0] == "Status changed from Pilot to In use."
    assert "Purpose was rewritten." in view.sentences
    assert view.note == "Went live."
    joined = " ".join(view.sentences) + " ".join(line.label for line in view.fields)
    assert "[1]" not in joined and ".fi" not in joined and "change_note" not in joined and "Commit" not in joined
    assert any(line.label.endswith("(Finnish)") and "›" in line.label for line in view.fields)
    finnish = describe(_change([("status", "pilot", "in use")]), field_index(SCHEMAS, "fi"), translator("fi"))
    assert finnish.sentences == [translator("fi").gettext("%(field)s changed from %(old)s to %(new)s.") % {
        "field": field_index(SCHEMAS, "fi")["status"].title, "old": field_index(SCHEMAS, "fi")["status"].label("pilot"),
        "new": field_index(SCHEMAS, "fi")["status"].label("in use")}]


def test_a_text_that_gains_languages_reads_as_translated_and_many_changes_are_counted():
    index, t = field_index(SCHEMAS, "en"), translator("en")
    view = describe(_change([("accountable.role", "Head of Parking", None), ("accountable.role.en", None, "Head of Parking"),
                             ("accountable.role.fi", None, "Pysäköintipäällikkö")]), index, t)
    assert view.sentences == ["Accountable role › Role title was translated into Finnish."]
    many = describe(_change([(f"{name}", "a", "b") for name in ("purpose", "benefits", "scale", "data_summary", "remarks", "area")]), index, t)
    assert len(many.sentences) == 4 and many.more == 2
    added = describe(_change([("status", None, "pilot")], kind="added"), index, t)
    assert added.sentences == ["Added to the register."] and added.fields == []


def test_recent_changes_show_no_commit_messages_and_no_field_paths(example_site):
    content = article(example_site / "en" / "changes" / "index.html")
    items = content.select("ol.air-change-list > li")
    assert items
    text = content.get_text(" ", strip=True)
    assert not re.search(r"\w\[\d+\]|\.(fi|sv|en)\b|[a-z]+_[a-z]+\.", text), re.search(r"\w\[\d+\]|\.(fi|sv|en)\b|[a-z]+_[a-z]+\.", text)
    for item in items:
        assert item.select_one(".air-change__sentences").get_text(strip=True), item.get_text(" ", strip=True)


def test_first_sentence_skips_a_list_mark_and_stops_at_the_end_of_the_sentence():
    assert first_sentence("- There were no large differences. Young applicants were flagged more.\n\nMore.") == \
        "There were no large differences."
    assert first_sentence("One line without a full stop") == "One line without a full stop"
