"""Citizens in a real browser (Debian's Chromium driven by Playwright): find, understand and respond,
accessibly and privately. The example register is built once and served on 127.0.0.1."""
from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from sites import serve

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
REQUIRED = os.environ.get("REGISTRY_REQUIRE_BROWSER") == "1"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-default-apps"]

RECORDS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "registry").rglob("*.yaml")
           if p.name != "register.yaml"}
CONFIG = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))
LANGUAGE = "en"  # the tree these tests read: the example publishes fi (the root), sv and en
RICHEST = "social-assistance-application-check"

PAGE_TYPES = {
    "home": "",
    "browse": "systems/",
    "system": f"systems/{RICHEST}/",
    "department": "departments/social-services/",
    "field-reference": "reference/fields/",
    "search-results": "?search=parking",  # the header search, opened and filled in by the test
}
WIDTHS = {"desktop": 1280, "mobile": 375}


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (REGISTRY_REQUIRE_BROWSER=1, so the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no Chromium found at {CHROMIUM}: install Debian's 'chromium' package (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed: run make test")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    if not AXE.is_file():
        _unavailable(f"axe-core is not installed at {AXE.relative_to(REPO)}: run make test (it runs npm ci in tests/browser)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_root(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(site_root):
    """The English tree of the example site (the assertions here are in English; the root is Finnish)."""
    return site_root + f"{LANGUAGE}/"


class Visit:
    """A page opened in the browser, with everything it requested and logged."""

    def __init__(self, browser, base_url: str, path: str, width: int = 1280, javascript: bool = True,
                 bypass_csp: bool = False):
        # bypass_csp lets the accessibility test inject axe-core; every other test runs under the page's own policy.
        self.context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript,
                                           bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.console.append(("pageerror", str(error))))
        search = None
        if path.startswith("?search="):
            search, path = urllib.parse.unquote(path[len("?search="):]), ""
        self.page.goto(base_url + path)
        self.page.wait_for_load_state("networkidle")
        if search is not None:
            self.search(search)

    def search(self, query: str) -> list[str]:
        """Type into the header search and return the result titles, best first."""
        toggle = self.page.locator("label.md-header__button[for='__search']")
        if toggle.is_visible():  # on a phone the search field opens from an icon
            toggle.click()
        field = self.page.locator("input.md-search__input")
        field.click()
        field.fill("")
        field.type(query, delay=20)
        self.page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta'); return m && /match/.test(m.textContent); }",
            timeout=20000)
        return self.page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened = []

    def open_page(path: str, width: int = 1280, javascript: bool = True, bypass_csp: bool = False) -> Visit:
        v = Visit(browser, base_url, path, width, javascript, bypass_csp)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


# --- accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_accessibility_violations(visit, axe_script, page_type, width_name):
    v = visit(PAGE_TYPES[page_type], WIDTHS[width_name], bypass_csp=True)
    if page_type == "browse":
        assert v.page.locator("details.air-filters__box").get_attribute("open") is not None  # filters open
    v.page.add_script_tag(content=axe_script)
    result = v.page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(x["id"], x["help"], [n["target"] for n in x["nodes"][:3]]) for x in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10, "axe really ran"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(SCREENSHOTS / f"{page_type}-{width_name}.png"), full_page=False)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_landmarks_headings_and_language(visit, page_type):
    v = visit(PAGE_TYPES[page_type])
    page = v.page
    assert page.evaluate("document.documentElement.lang") == LANGUAGE
    assert page.locator("main").count() == 1 and page.locator("header").count() >= 1
    assert page.locator("nav").count() >= 1 and page.locator("footer").count() == 1
    levels = page.locator("main h1, main h2, main h3, main h4, main h5, main h6").evaluate_all(
        "hs => hs.filter(h => h.offsetParent !== null || getComputedStyle(h).display !== 'none').map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


def test_focus_is_visible(visit):
    v = visit("systems/")
    for _ in range(12):
        v.page.keyboard.press("Tab")
    style = v.page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }""")
    assert style["tag"] != "BODY"
    assert style["outline"].split()[0] != "none" or style["shadow"] != "none", style


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, name: e.name || '', value: e.value || '', href: e.getAttribute('href') || '',
                card: !!e.closest('li.air-card')}; }""")


def test_keyboard_only_filtering_and_opening_a_result(visit):
    v = visit("systems/")
    page = v.page
    wanted = {("domain", "mobility-transport"), ("status", "in use")}
    chosen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if (focused["name"], focused["value"]) in wanted - chosen:
            page.keyboard.press("Space")
            chosen.add((focused["name"], focused["value"]))
        if chosen == wanted and focused["card"] and focused["tag"] == "A":
            break
    else:
        pytest.fail(f"could not reach the filters and a result with the keyboard (chose {chosen})")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query == {"domain": ["mobility-transport"], "status": ["in use"]}
    expected = {rid for rid, r in RECORDS.items() if "mobility-transport" in r.get("domains", []) and r["status"] == "in use"}
    visible = page.locator("li.air-card:not([hidden]) .air-card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert {href.rstrip("/").rsplit("/", 1)[-1] for href in visible} == expected
    target = focused["href"].rstrip("/").rsplit("/", 1)[-1]
    assert target in expected
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith(f"/systems/{target}")
    assert page.locator("h1").inner_text() == _text(RECORDS[target]["name"])


def _text(value):
    return value if isinstance(value, str) else value[LANGUAGE]


def _page_of(url: str) -> str:
    """'systems/x' for a result link such as http://127.0.0.1:8000/en/systems/x/?h=word#section (the language's
    folder left out, since the English tree is the one visited)."""
    path = urllib.parse.urlparse(url).path.strip("/")
    return path[len(LANGUAGE) + 1:] if path.startswith(LANGUAGE + "/") else path


def _first_words(markdown: str, count: int = 6) -> str:
    """The first words of a Markdown text as a reader sees them (without the * and _ of emphasis)."""
    return " ".join(re.sub(r"[*_`]", "", markdown).split()[:count])


# --- findability ---------------------------------------------------------------------------------

def _unique_summary_word() -> tuple[str, str]:
    """A word that occurs in one record's summary and in no other file of the register, the docs or the schema."""
    everything = " ".join(p.read_text(encoding="utf-8").lower() for folder in ("registry", "docs", "schema")
                          for p in (REPO / folder).rglob("*") if p.is_file() and p.suffix in (".yaml", ".md", ".json"))
    for record_id, record in sorted(RECORDS.items()):
        for word in re.findall(r"[a-z]{7,}", _text(record["summary"]).lower()):
            if len(re.findall(rf"\b{word}\b", everything)) == 1:
                return record_id, word
    pytest.fail("no word occurs in exactly one summary")


def test_searching_a_word_from_one_summary_finds_that_system_first(visit):
    record_id, word = _unique_summary_word()
    results = visit("").search(word)
    assert results, f"no result for '{word}'"
    assert _page_of(results[0]) == f"systems/{record_id}", (word, results)


@pytest.mark.xfail(strict=False, reason="the theme's one search index now holds all three languages' pages and ranks the "
                   "list pages first, so some systems fall out of the first results; per-language search is issue 11")
def test_searching_a_department_name_finds_its_systems(visit):
    department = "infrastructure"
    name = CONFIG["departments"][department]["name"]
    name = _text(name)  # in the site's language
    results = visit("").search(name)
    found = {_page_of(r).rsplit("/", 1)[-1] for r in results}
    expected = {rid for rid, r in RECORDS.items() if r["owner"]["department"] == department}
    assert expected <= found, (name, results)


def test_filters_in_the_address_restore_the_view(visit):
    v = visit("systems/?domain=mobility-transport&status=in%20use")
    page = v.page
    checked = page.locator("input[type=checkbox]:checked").evaluate_all("cs => cs.map(c => [c.name, c.value])")
    assert sorted(map(tuple, checked)) == [("domain", "mobility-transport"), ("status", "in use")]
    visible = page.locator("li.air-card:not([hidden]) .air-card__title a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    expected = {rid for rid, r in RECORDS.items() if "mobility-transport" in r.get("domains", []) and r["status"] == "in use"}
    assert {h.rstrip("/").rsplit("/", 1)[-1] for h in visible} == expected
    assert page.locator("#air-result-count").inner_text() == f"Showing {len(expected)} of {len(RECORDS)} systems"


def test_browse_works_without_javascript(visit):
    v = visit("systems/", javascript=False)
    cards = v.page.locator("li.air-card")
    assert cards.count() == len(RECORDS)
    assert all(cards.nth(i).is_visible() for i in range(cards.count()))
    assert not v.page.locator("#air-filters").is_visible()


# --- responding ----------------------------------------------------------------------------------

@pytest.mark.parametrize("record_id", sorted(RECORDS))
def test_every_system_page_says_how_to_ask_and_how_to_object(visit, record_id):
    record = RECORDS[record_id]
    page = visit(f"systems/{record_id}/").page
    ask = page.locator("h2:has-text('Ask a question or report an error')")
    assert ask.count() == 1
    mail = page.locator(".air-respond a[href^='mailto:']").first.get_attribute("href")
    address, _, query = mail[len("mailto:"):].partition("?")
    assert address == record["contact"]["email"]
    subject = urllib.parse.parse_qs(query)["subject"][0]
    assert _text(record["name"]) in subject and record_id in subject
    issue = page.locator(".air-respond a[href*='/issues/new']").get_attribute("href")
    assert issue.startswith(CONFIG["repository"]["url"] + "/issues/new?")
    assert _text(record["name"]) in urllib.parse.parse_qs(urllib.parse.urlparse(issue).query)["title"][0]

    assert page.locator("h2:has-text('How to object to a decision')").count() == 1
    text = page.locator(".air-object").inner_text()
    if "objection" in record and "procedure" in record["objection"]:
        assert _first_words(_text(record["objection"]["procedure"])) in " ".join(text.split())
    elif record.get("significant_impact") is False:
        assert "does not make or support decisions about individual people" in text
    else:
        assert _first_words(_text(CONFIG["objection"]["procedure"])) in " ".join(text.split())


# --- privacy and safety --------------------------------------------------------------------------

@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_request_stays_on_this_site_and_no_errors_appear(visit, site_root, page_type):
    v = visit(PAGE_TYPES[page_type])
    v.page.wait_for_timeout(300)
    assert v.requests and all(url.startswith(site_root) for url in v.requests), [u for u in v.requests if not u.startswith(site_root)]
    policy = v.page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert policy and "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert "default-src 'self'" in policy
    problems = [(kind, text) for kind, text in v.console if kind in ("error", "warning", "pageerror")]
    assert problems == []


# --- mobile and print ----------------------------------------------------------------------------

@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_horizontal_scrolling_on_a_phone(visit, page_type):
    v = visit(PAGE_TYPES[page_type], WIDTHS["mobile"])
    widths = v.page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths


def test_a_system_page_prints_every_section_without_navigation(visit):
    v = visit(f"systems/{RICHEST}/")
    page = v.page
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    headings = page.locator("main h2")
    assert headings.count() >= 14
    for i in range(headings.count()):
        heading = headings.nth(i)
        assert heading.is_visible(), heading.inner_text()
        section = heading.locator("xpath=following-sibling::*[1]")
        assert section.is_visible() and section.inner_text().strip(), heading.inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_printing_the_browse_page_shows_the_filter_choices_made(visit):
    v = visit("systems/?status=retired")
    v.page.emulate_media(media="print")
    assert not v.page.locator("#air-filters").is_visible()
    visible = v.page.locator("li.air-card").evaluate_all("cs => cs.filter(c => c.offsetParent !== null).length")
    assert visible == sum(1 for r in RECORDS.values() if r["status"] == "retired")


# --- every language: Finnish at the root, Swedish and English in their folders --------------------------------

TREES = {"fi": "", "sv": "sv/", "en": "en/"}


@pytest.fixture
def visit_tree(browser, site_root):
    opened = []

    def open_page(language: str, path: str, width: int = 1280, bypass_csp: bool = False) -> Visit:
        v = Visit(browser, site_root, TREES[language] + path, width, True, bypass_csp)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("page_type", ["home", "browse", "system", "field-reference"])
def test_no_accessibility_violations_in_every_language(visit_tree, axe_script, language, page_type, width_name):
    v = visit_tree(language, PAGE_TYPES[page_type], WIDTHS[width_name], bypass_csp=True)
    assert v.page.evaluate("document.documentElement.lang") == language
    v.page.add_script_tag(content=axe_script)
    result = v.page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(x["id"], x["help"], [n["target"] for n in x["nodes"][:3]]) for x in result["violations"]]
    assert violations == []
    if language == "fi":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        v.page.screenshot(path=str(SCREENSHOTS / f"{page_type}-{width_name}-fi.png"), full_page=False)


def test_switching_language_keeps_the_reader_on_the_same_record(visit_tree):
    v = visit_tree("fi", f"systems/{RICHEST}/")
    page = v.page
    page.locator(".md-header__option .md-select").first.hover()  # the language menu opens on hover or focus
    link = page.locator(".md-select__link[hreflang='sv']").first
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state()
    assert urllib.parse.urlparse(page.url).path.rstrip("/").endswith(f"/sv/systems/{RICHEST}")
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("h1").inner_text() == RECORDS[RICHEST]["name"]["sv"]
    assert [(kind, text) for kind, text in v.console if kind in ("error", "pageerror")] == []


def _search_any_language(v: Visit, query: str) -> list[str]:
    """Type into the header search and return the result links (the result count is worded in the page's language)."""
    v.page.locator("input.md-search__input").click()
    v.page.keyboard.type(query)
    v.page.wait_for_selector(".md-search-result__item", timeout=20000)
    return v.page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")


def test_the_swedish_site_finds_a_swedish_word_and_the_finnish_site_an_inflected_finnish_one(visit_tree):
    swedish = _search_any_language(visit_tree("sv", ""), "parkeringsövervakning")
    assert any(_path(r).startswith("sv/systems/parking-scan-car") for r in swedish[:5]), swedish
    finnish = _search_any_language(visit_tree("fi", ""), "pysäköinninvalvonnan")
    assert any(_path(r).startswith("systems/parking-scan-car") for r in finnish[:5]), finnish


def _path(url: str) -> str:
    return urllib.parse.urlparse(url).path.strip("/")


@pytest.mark.parametrize("path", ["404.html", "en/performance/", "data/exports/nyc-ll35/nyc-ll35.html"])
def test_pages_beyond_the_records_keep_their_policy_without_a_violation(browser, site_root, path):
    """The 404 page, a hand-written page with aligned table columns and the NYC report: a policy, nothing blocked."""
    v = Visit(browser, site_root, path)
    try:
        v.page.wait_for_timeout(300)
        policy = v.page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        assert policy and "unsafe-inline" not in policy
        # (only the policy's messages: the 404 page's language menu asks for sitemaps that are not there, and the
        # standalone report has no favicon; neither is about the policy)
        blocked = [(kind, text) for kind, text in v.console if "Content Security Policy" in text or kind == "pageerror"]
        assert blocked == []
        if "performance" in path:
            aligned = v.page.evaluate("() => [...document.querySelectorAll('article td.air-align-right')]"
                                      ".map(cell => getComputedStyle(cell).textAlign)")
            assert aligned and set(aligned) == {"right"}, aligned
    finally:
        v.close()
