"""Citizens in a real browser (Debian's Chromium driven by Playwright): find, understand and respond,
accessibly and privately. The example register is built once and served on 127.0.0.1."""
from __future__ import annotations

import contextlib
import os
import re
import urllib.parse

import pytest
import yaml

from conftest import REPO  # the session's one browser is the fixture conftest.browser
from sites import serve

pytestmark = pytest.mark.browser

AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
REQUIRED = os.environ.get("REGISTRY_REQUIRE_BROWSER") == "1"

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
    "browse-filtered": "systems/?domain=mobility-transport&q=traffic",
}
WIDTHS = {"desktop": 1280, "mobile": 375}


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (REGISTRY_REQUIRE_BROWSER=1, so the browser tests must run)")
    pytest.skip(reason)


# The session's one browser (``browser``) comes from conftest.py: Playwright's synchronous API allows only
# one running instance per process, and tests/test_preview.py uses it too.


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


def search_header(page, query: str) -> list[str]:
    """Type into the header's search box (opening it first on a phone) and return the result links in order."""
    opener = page.locator("a.air-search__open")
    if opener.is_visible():  # on a phone the search field opens from the magnifier button
        opener.click()
    field = page.locator("input.air-search__input")
    field.click()
    field.fill("")
    field.type(query, delay=20)
    page.wait_for_function(
        """q => { const s = document.querySelector('.air-search__status'); const p = document.querySelector('.air-search__panel');
                  return s && s.textContent.trim() && p && !p.hidden && document.querySelector('.air-search__input').value === q; }""",
        arg=query, timeout=20000)
    page.wait_for_timeout(400)  # the last keystroke's search replaces the earlier ones' results
    return page.locator(".air-search__panel a.air-search__link").evaluate_all("links => links.map(a => a.href)")


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
        """Type into the header search and return the result links, best first (systems, then other pages)."""
        return search_header(self.page, query)

    def close(self):
        self.context.close()


@contextlib.contextmanager
def _opening(browser, root: str):
    """A function that opens pages of the site at ``root`` (each in its own context), closed when the test ends."""
    opened = []

    def open_page(path: str, width: int = 1280, javascript: bool = True, bypass_csp: bool = False) -> Visit:
        v = Visit(browser, root, path, width, javascript, bypass_csp)
        opened.append(v)
        return v

    try:
        yield open_page
    finally:
        for v in opened:
            v.close()


@pytest.fixture
def visit(browser, base_url):
    with _opening(browser, base_url) as open_page:
        yield open_page


# --- accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_accessibility_violations(visit, axe_script, page_type, width_name):
    v = visit(PAGE_TYPES[page_type], WIDTHS[width_name], bypass_csp=True)
    if page_type.startswith("browse"):
        v.page.wait_for_timeout(500)
        if width_name == "mobile":  # folded on a phone: open them, so that they are checked too
            v.page.locator("label.air-filters__show").click()
        assert v.page.locator("#air-filters").is_visible()
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
            page.wait_for_timeout(800)  # the index answers
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
    page.wait_for_function("() => document.getElementById('air-result-count').textContent.startsWith('Showing')")
    checked = page.locator("input[type=checkbox]:checked").evaluate_all("cs => cs.map(c => [c.name, c.value])")
    assert sorted(map(tuple, checked)) == [("domain", "mobility-transport"), ("status", "in use")]
    visible = page.locator("li.air-card:not([hidden]) .air-card__title a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    expected = {rid for rid, r in RECORDS.items() if "mobility-transport" in r.get("domains", []) and r["status"] == "in use"}
    assert {h.rstrip("/").rsplit("/", 1)[-1] for h in visible} == expected
    assert page.locator("#air-result-count").inner_text() == f"Showing {len(expected)} of {len(RECORDS)} systems"


def test_browse_works_without_javascript(visit):
    v = visit("systems/", javascript=False)
    cards = v.page.locator("li.air-card")
    assert cards.count() == min(len(RECORDS), 20)  # the first page, by name
    assert all(cards.nth(i).is_visible() for i in range(cards.count()))
    links = v.page.locator("#air-filters a.air-facet__link")  # every filter value leads to a page of its systems
    assert links.count() > 10 and v.page.locator("#air-filters input").count() == 0


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
    # the public GitHub route is for staff: not among the citizen's routes, but last, under the record's source
    assert page.locator(".air-respond a[href*='/issues/new']").count() == 0
    issue = page.locator(".air-staff-route a[href*='/issues/new']").get_attribute("href")
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
    # 'wasm-unsafe-eval' lets the search compile its WebAssembly; JavaScript eval stays forbidden
    assert policy and "'unsafe-eval'" not in policy and "unsafe-inline" not in policy
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
    printed = [h for h in headings.all() if h.is_visible()]
    assert len(printed) >= 12
    for heading in printed:
        section = heading.locator("xpath=following-sibling::*[1]")
        assert section.is_visible() and section.inner_text().strip(), heading.inner_text()
    # for readers, not for paper: the buttons to ask, the change history and the notes on the source file
    for selector in (".air-respond", ".air-history", ".air-source", "details.air-fold > summary"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_printing_the_browse_page_shows_the_filter_choices_made(visit):
    v = visit("systems/?status=retired")
    v.page.wait_for_function("() => document.getElementById('air-result-count').textContent.startsWith('Showing')")
    v.page.emulate_media(media="print")
    assert not v.page.locator("#air-filters").is_visible()
    visible = v.page.locator("li.air-card").evaluate_all("cs => cs.filter(c => c.offsetParent !== null).length")
    assert visible == sum(1 for r in RECORDS.values() if r["status"] == "retired")


# --- every language: Finnish at the root, Swedish and English in their folders --------------------------------

TREES = {"fi": "", "sv": "sv/", "en": "en/"}


@pytest.fixture
def visit_tree(browser, site_root):
    """Like ``visit``, for a page of one language's tree (``visit_tree("sv", "systems/")``)."""
    with _opening(browser, site_root) as open_page:
        yield lambda language, path, width=1280, bypass_csp=False: open_page(TREES[language] + path, width, True,
                                                                             bypass_csp)


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


@pytest.mark.parametrize("language, path", [("en", "about/"), ("sv", "systems/illegal-dumping-detection/")])
def test_a_link_to_a_page_in_another_language_says_so_without_a_violation(visit_tree, axe_script, language, path):
    """A link whose page has no version in the reader's language (registry/: the contact form in English, the
    dumping pilot's page in Swedish) names the language of its target, in words and in hreflang."""
    v = visit_tree(language, path, bypass_csp=True)
    marked = v.page.locator("article a[hreflang] + .air-link-language")
    assert marked.count() >= 1
    assert v.page.evaluate("document.documentElement.lang") == language
    v.page.add_script_tag(content=axe_script)
    result = v.page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    assert [(x["id"], [n["target"] for n in x["nodes"][:3]]) for x in result["violations"]] == []


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
    return search_header(v.page, query)


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


# --- search and browse at scale (issue 11): the header's search box and the "All systems" page ------------------
# Each language tree has its own index (the Finnish and Swedish searches are tried above); these use the English one.

# What a citizen types, and the system that must come first.
FIRST = {
    "parking scan car": "parking-scan-car",
    "bridge corrosion": "bridge-crack-detection",
    "water main burst": "water-pipe-maintenance",
    "welfare fraud": "welfare-fraud-risk-model",
    "lifts escalators": "lift-escalator-maintenance",
    "traffic signal": "traffic-signal-control",
    "chat assistant": "citizen-chatbot",
    "flood forecasting": "flood-prediction",
    "wastewater": "wastewater-outbreak-warning",
    "illegal dumping": "illegal-dumping-detection",
    "supplier invoices": "procurement-fraud-detection",
    "crowd density": "crowd-monitoring-video",
    # words the summaries write in brackets or quotes: found with or without the brackets
    "(income support)": "social-assistance-application-check",
    "income support": "social-assistance-application-check",
    "Ask Lakeholm": "citizen-chatbot",  # '"Ask Lakeholm" is a chat assistant...'
    "retired welfare": "welfare-fraud-risk-model",  # 'Welfare fraud risk model (retired)'

}


def _ids(links: list[str]) -> list[str]:
    return [_page_of(link).rsplit("/", 1)[-1] for link in links if "/systems/" in link]


@pytest.mark.parametrize("query", FIRST)
def test_a_query_finds_the_right_system_first(visit, query):
    results = visit("").search(query)
    assert _ids(results)[:1] == [FIRST[query]], (query, results)


def test_a_result_shows_the_summary_status_and_department_and_systems_come_before_other_pages(visit):
    v = visit("")
    v.search("parking")
    page = v.page
    first = page.locator(".air-search__result").first
    record = RECORDS["parking-scan-car"]
    assert first.locator(".air-search__title").inner_text() == record["name"]["en"]
    assert first.locator(".air-search__summary").inner_text() == " ".join(record["summary"]["en"].split())
    assert first.locator(".air-search__meta").inner_text() == "Urban Mobility · In use"
    groups = page.locator(".air-search__group").all_inner_texts()
    assert groups[0].startswith("Systems (")
    assert any(g.startswith("Documentation for city staff") for g in groups[1:]), groups  # staff pages: their own group


def test_a_search_fetches_the_texts_of_the_results_it_shows_and_more_only_when_asked(visit):
    """Each result's text is a file of the index: a first search fetches those of the 5 systems and 3 other pages it
    shows, and the documentation for city staff only when the reader asks for it (issue 11: a small first search)."""
    v = visit("")
    page = v.page
    search_header(page, "data")  # in every record: far more systems than are shown at first
    panel = page.locator(".air-search__panel")
    fragments = lambda: {url for url in v.requests if url.endswith(".pf_fragment")}  # noqa: E731
    systems = panel.locator("ol").first.locator("a.air-search__link")
    assert systems.count() == 5
    assert len(fragments()) == panel.locator("a.air-search__link").count(), "only the results shown are fetched"
    heading = page.locator("#air-search-group-system")
    total = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    assert total > 10
    more = panel.locator("button.air-search__more[aria-describedby='air-search-group-system']")
    assert more.inner_text() == "Show 5 more results"
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.air-search__panel ol')[0].children.length === 10")
    assert page.evaluate("document.activeElement.href") == systems.nth(5).evaluate("a => a.href"), "focus on the first added"
    assert len(fragments()) == panel.locator("a.air-search__link").count()
    staff = page.locator("#air-search-group-staff")
    assert staff.inner_text().startswith("Documentation for city staff (")
    show = panel.locator("button.air-search__more[aria-describedby='air-search-group-staff']")
    assert re.fullmatch(r"Show \d+ results?", show.inner_text())
    show.click()
    page.wait_for_function("() => [...document.querySelectorAll('.air-search__panel a.air-search__link')]"
                           ".some(a => a.href.includes('/reference/fields/'))")
    assert len(fragments()) == panel.locator("a.air-search__link").count()
    assert panel.is_visible()


def test_results_are_reached_with_tab_and_escape_returns_to_the_field(visit):
    v = visit("")
    page = v.page
    search_header(page, "parking")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('air-search__link')"):
            break
    else:
        pytest.fail("Tab does not reach the results")
    assert page.locator(".air-search__panel").is_visible(), "the results stay open while the reader moves through them"
    target = page.evaluate("document.activeElement.href")
    assert "/systems/" in target
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "air-search-query"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('air-search__link')")


def test_the_number_of_results_is_announced(visit):
    v = visit("")
    links = search_header(v.page, "parking")
    status = v.page.locator(".air-search__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    announced = status.inner_text()
    count = int(re.match(r"(\d+) results?$", announced).group(1))
    groups = v.page.locator(".air-search__group").all_inner_texts()
    assert count == sum(int(re.search(r"\((\d+)\)", g).group(1)) for g in groups) and count >= len(links)


def test_a_misspelt_word_offers_the_right_one(visit):
    v = visit("")
    search_header(v.page, "escalatros")
    suggestion = v.page.locator(".air-search__suggestion")
    suggestion.wait_for(timeout=10000)
    assert suggestion.inner_text() == "escalators"
    assert "Did you mean: escalators" in v.page.locator(".air-search__status").inner_text()
    suggestion.click()
    v.page.wait_for_function("() => document.querySelector('.air-search__input').value === 'escalators'")


def test_no_search_data_is_fetched_before_the_reader_is_in_the_field(visit):
    v = visit("systems/parking-scan-car/")
    v.page.wait_for_timeout(500)
    assert not [url for url in v.requests if "/pagefind/" in url or "/search/" in url]
    v.page.locator("input.air-search__input").focus()
    v.page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/'))")
    assert any(url.endswith("/en/pagefind/pagefind.js") for url in v.requests), "this language's own index"


def test_without_javascript_the_search_box_leads_to_the_list_of_all_systems(visit):
    v = visit("systems/parking-scan-car/", javascript=False)
    form = v.page.locator("form.air-search")
    assert form.get_attribute("method") == "get"
    v.page.locator("input.air-search__input").fill("parking")
    with v.page.expect_navigation():
        v.page.locator("input.air-search__input").press("Enter")
    assert urllib.parse.urlparse(v.page.url).path.endswith("/en/systems/")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(v.page.url).query) == {"q": ["parking"]}


# --- the "All systems" page -----------------------------------------------------------------------

def _visible_ids(page) -> set[str]:
    hrefs = page.locator("#air-results li.air-card .air-card__title a").evaluate_all("ls => ls.map(a => a.href)")
    return set(_ids(hrefs))


def test_words_and_filters_on_the_browse_page_search_the_index_and_keep_the_address(visit):
    v = visit("systems/")
    page = v.page
    page.locator("#air-browse-query").fill("traffic")
    page.locator("#air-browse-query").press("Enter")
    page.wait_for_function("() => /found/.test(document.getElementById('air-result-count').textContent)")
    found = _visible_ids(page)
    assert "traffic-signal-control" in found
    page.locator("input[name=status][value='in use']").check()
    page.wait_for_function("() => new URLSearchParams(location.search).get('status') === 'in use'")
    page.wait_for_timeout(500)
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query) == {"q": ["traffic"], "status": ["in use"]}
    assert _visible_ids(page) == {rid for rid in found if RECORDS[rid]["status"] == "in use"}
    shared = visit(urllib.parse.urlparse(page.url).path.split("/en/", 1)[1] + "?" + urllib.parse.urlparse(page.url).query)
    shared.page.wait_for_function("() => /found/.test(document.getElementById('air-result-count').textContent)")
    assert _visible_ids(shared.page) == _visible_ids(page)
    assert shared.page.locator("#air-browse-query").input_value() == "traffic"


def test_the_browse_page_filters_by_the_register_s_own_categories(visit):
    categories = {}
    for rid, record in RECORDS.items():
        for category in record.get("categories", ()):
            categories.setdefault(category, set()).add(rid)
    chosen = max(categories, key=lambda c: len(categories[c]))
    v = visit("systems/")
    page = v.page
    box = page.locator(f"fieldset[data-facet=category] input[value='{chosen}']")
    box.check()
    page.wait_for_function("c => new URLSearchParams(location.search).get('category') === c", arg=chosen)
    page.wait_for_function("() => /^Showing/.test(document.getElementById('air-result-count').textContent)")
    assert _visible_ids(page) == categories[chosen]
    assert page.locator("#air-result-count").inner_text() == f"Showing {len(categories[chosen])} of {len(RECORDS)} systems"
    shared = visit(f"systems/?category={chosen}")  # the address keeps the choice
    shared.page.wait_for_function("() => /^Showing/.test(document.getElementById('air-result-count').textContent)")
    assert _visible_ids(shared.page) == categories[chosen]


@pytest.mark.parametrize("width_name", WIDTHS)
def test_the_browse_page_does_not_shift_while_it_loads(browser, base_url, width_name):  
    v = Visit(browser, base_url, "systems/", WIDTHS[width_name])
    try:
        v.page.wait_for_timeout(1000)
        shift = v.page.evaluate("""() => new Promise(done => {
            let total = 0;
            new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) total += e.value; } })
              .observe({type: 'layout-shift', buffered: true});
            setTimeout(() => done(total), 300);
        })""")
        assert shift < 0.1, shift
        first_card = v.page.locator("li.air-card").first.bounding_box()
        filters_open = v.page.locator("#air-filters").is_visible()
        assert filters_open == (width_name == "desktop"), "folded on a phone, beside the list on a wide screen"
        if width_name == "mobile":
            assert first_card["y"] < 900, "the first system is on the first screen"
    finally:
        v.close()


def test_without_javascript_every_filter_value_has_a_page_listing_its_systems(visit):
    v = visit("systems/", javascript=False)
    options = v.page.locator("#air-filters li.air-facet__option").evaluate_all("""lis => lis.map(li => ({
        facet: li.closest('fieldset').dataset.facet, value: li.querySelector('a').dataset.value,
        href: li.querySelector('a').href, count: Number(li.querySelector('.air-facet__count').textContent.replace(/\\D/g, ''))}))""")
    facets = {o["facet"] for o in options}
    assert facets >= {"domain", "category", "department", "status", "classification", "oversight", "personal"}
    fields = {"status": lambda r: [r["status"]], "classification": lambda r: [r["ai_act"]["classification"]],
              "domain": lambda r: r.get("domains", []), "department": lambda r: [r["owner"]["department"]],
              "category": lambda r: r.get("categories", [])}
    for option in options:
        listing = visit(option["href"].split("/en/", 1)[1], javascript=False)
        ids = set(_ids(listing.page.locator("li.air-card .air-card__title a").evaluate_all("ls => ls.map(a => a.href)")))
        assert len(ids) == option["count"], option
        if option["facet"] in fields:
            assert ids == {rid for rid, r in RECORDS.items() if option["value"] in fields[option["facet"]](r)}, option
        listing.close()


# --- a resident on a phone with a keyboard (issue 13): the skip link first, the menu reached and opened by keyboard,
# nothing focusable off the screen, no console error and no policy violation on any page at either width, axe-core
# clean with best practice on every page type, the footer's links working, "In short" answering who is affected and
# whether the system is fair, and a closed section left out of print.

CITIZEN_PAGES = {
    "home": "",
    "browse": "systems/",
    "system": f"systems/{RICHEST}/",
    "department": "departments/social-services/",
    "departments": "departments/",
    "domain": "domains/mobility-transport/",
    "changes": "changes/",
    "about": "about/",
    "accessibility": "accessibility/",
    "privacy": "privacy/",
    "readiness": "readiness/",
    "open-data": "data/",
    "export": "exports-nl-1.0/",
    "not-found": "404.html",
}
PHONE = WIDTHS["mobile"]

# Every element a keyboard can reach that is rendered but lies outside the screen sideways (the closed menu drawer's
# links were at x = -242), or has no size.
OFF_SCREEN = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length)
  .filter(e => { const s = getComputedStyle(e); return s.visibility !== 'hidden'; })
  .filter(e => { const r = e.getBoundingClientRect(); return r.right <= 0 || r.left >= innerWidth || r.width === 0 || r.height === 0; })
  .map(e => e.outerHTML.slice(0, 120))"""
FOCUSED = """() => { const e = document.activeElement; return {tag: e.tagName, href: e.getAttribute('href'),
  label: e.getAttribute('aria-label'), for: e.getAttribute('data-air-toggle') || e.getAttribute('for'), text: (e.textContent || '').trim().slice(0, 60),
  card: !!e.closest('.air-card__title')}; }"""
VIOLATIONS = "window.__violations = []; document.addEventListener('securitypolicyviolation', " \
             "e => window.__violations.push([e.violatedDirective, e.blockedURI, e.sample]));"


@pytest.fixture
def phone(browser, base_url):
    opened = []

    def open_page(path: str, width: int = PHONE) -> Visit:
        v = Visit(browser, base_url, path, width)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.parametrize("page_type", ["home", "browse", "system", "department"])
def test_on_a_phone_nothing_focusable_is_off_the_screen(phone, page_type):
    v = phone(CITIZEN_PAGES[page_type])
    assert v.page.evaluate(OFF_SCREEN) == []
    v.page.locator("header button[data-air-toggle='__drawer']").click()  # the menu open: its closed sections stay out of reach
    v.page.wait_for_timeout(400)
    assert v.page.evaluate(OFF_SCREEN) == []


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_type", CITIZEN_PAGES)
def test_the_first_tab_stop_is_a_skip_link_to_the_main_content(phone, page_type, width_name):
    v = phone(CITIZEN_PAGES[page_type], WIDTHS[width_name])
    v.page.keyboard.press("Tab")
    focused = v.page.evaluate(FOCUSED)
    assert focused["href"] == "#air-content" and focused["text"] == "Skip to main content", focused
    assert v.page.locator(".air-skip").is_visible(), "the skip link shows while it has focus"
    v.page.keyboard.press("Enter")
    target = v.page.evaluate("() => { const e = document.activeElement; return [e.id, !!e.closest('main')]; }")
    assert target == ["air-content", True]
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("() => !!document.activeElement.closest('main, footer')"), v.page.evaluate(FOCUSED)


def test_a_keyboard_user_on_a_phone_opens_the_menu_and_reaches_a_system(phone):
    v = phone("")
    page = v.page
    for presses in range(1, 6):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["for"] == "__drawer":
            break
    focused = page.evaluate(FOCUSED)
    assert focused["for"] == "__drawer" and focused["label"] == "Menu", focused
    assert page.locator("header button[data-air-toggle='__drawer']").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.locator("header button[data-air-toggle='__drawer']").get_attribute("aria-expanded") == "true"
    assert page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')"), "focus moves into the menu"
    for _ in range(15):
        if (page.evaluate(FOCUSED)["href"] or "").endswith("systems/"):
            break
        page.keyboard.press("Tab")
    assert (page.evaluate(FOCUSED)["href"] or "").endswith("systems/"), page.evaluate(FOCUSED)
    assert page.evaluate(OFF_SCREEN) == []
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/systems/")
    for tabs in range(1, 120):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["card"]:
            break
    assert page.evaluate(FOCUSED)["card"], "Tab reaches the first system in the list"
    name = page.evaluate(FOCUSED)["text"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").inner_text().strip() == name


def test_escape_closes_the_menu_and_returns_to_its_button(phone):
    v = phone("")
    page = v.page
    page.locator("header button[data-air-toggle='__drawer']").focus()
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUSED)["for"] == "__drawer"
    assert page.evaluate(OFF_SCREEN) == []


def _every_page(site_root: str, example_site) -> list[str]:
    root = example_site / LANGUAGE
    paths = sorted("" if str(p.relative_to(root).parent) == "." else str(p.relative_to(root).parent)
                   for p in root.rglob("index.html"))
    systems = [p for p in paths if p.startswith("systems/") and p != "systems"]
    return [p for p in paths if p not in systems[2:]] + ["404.html"]  # two system pages stand for all of them


@pytest.mark.parametrize("width_name", WIDTHS)
def test_no_console_error_and_no_policy_violation_on_any_page(browser, site_root, example_site, width_name):
    context = browser.new_context(viewport={"width": WIDTHS[width_name], "height": 900})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    problems: list = []
    page.on("console", lambda message: problems.append((page.url, message.type, message.text))
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append((page.url, "pageerror", str(error))))
    pages = _every_page(site_root, example_site)
    assert len(pages) > 25
    try:
        for path in pages:
            page.goto(site_root + LANGUAGE + "/" + (path + "/" if path and not path.endswith(".html") else path))
            page.wait_for_load_state("networkidle")
            page.mouse.wheel(0, 1500)
            page.wait_for_timeout(100)
            violations = page.evaluate("window.__violations")
            assert violations == [], (path, violations)
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_type", CITIZEN_PAGES)
def test_axe_finds_nothing_on_any_page_type_with_best_practice(browser, base_url, axe_script, page_type, width_name):
    v = Visit(browser, base_url, CITIZEN_PAGES[page_type], WIDTHS[width_name], bypass_csp=True)
    try:
        v.page.add_script_tag(content=axe_script)
        result = v.page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                                 "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
        violations = [(x["id"], x["help"], [n["target"] for n in x["nodes"][:3]]) for x in result["violations"]]
        assert violations == []
        assert len(result["passes"]) > 10, "axe really ran"
    finally:
        v.close()


def test_the_footer_links_resolve_on_every_page_type(phone):
    for page_type in ("home", "system", "not-found"):
        v = phone(CITIZEN_PAGES[page_type], WIDTHS["desktop"])
        links = v.page.locator("footer .air-footer a[href]")
        assert links.count() == 5  # the contact address, then about, accessibility, privacy, open data
        for i in range(links.count()):
            href = links.nth(i).evaluate("a => a.href")
            if href.startswith("mailto:"):
                continue
            response = v.page.request.get(href)
            assert response.status == 200, (page_type, href)


def test_in_short_holds_who_is_affected_and_the_fairness_line(phone):
    v = phone(CITIZEN_PAGES["system"])
    box = v.page.locator(".air-summary")
    terms = box.locator("dt").all_inner_texts()
    assert "Who is affected" in terms and "Fairness" in terms
    assert terms.index("Who is affected") < terms.index("Who is responsible") < terms.index("Fairness")
    fairness = box.locator("dt:text-is('Fairness') + dd").inner_text()
    assert fairness.startswith("The city checked whether the system treats groups of people unfairly.")
    assert "What it found:" in fairness and "What was done:" in fairness
    top = box.bounding_box()
    assert top is not None and top["y"] < 900 * 3, "In short is near the top on a phone"


def test_a_closed_section_is_not_printed_and_the_page_prints_in_fewer_pages(phone):
    v = phone(CITIZEN_PAGES["system"], WIDTHS["desktop"])
    page = v.page
    page.emulate_media(media="print")
    full = page.pdf(format="A4")
    page.emulate_media(media="screen")
    for summary in page.locator("details.air-fold > summary").all():
        summary.click()
    page.emulate_media(media="print")
    assert not page.locator("details.air-fold .air-section").first.is_visible()
    assert page.locator(".air-summary").is_visible()
    short = page.pdf(format="A4")
    count = lambda pdf: max(int(n) for n in re.findall(rb"/Count (\d+)", pdf))  # noqa: E731 (the page tree's root)
    assert count(short) <= 3 < count(full), (count(short), count(full))
