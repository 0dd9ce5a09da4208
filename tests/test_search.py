"""Searching and browsing as a citizen does, in real Chromium: the header's search box and the "All systems" page,
on the example register's English tree (each language tree has its own index; test_browser.py tries Finnish and
Swedish words). Built once with the repository's mkdocs.yml and served on 127.0.0.1."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from test_browser import (RECORDS, WIDTHS, Visit, _page_of, axe_script, base_url, browser,  # noqa: F401 (fixtures)
                          search_header, site_root, visit)

pytestmark = pytest.mark.browser

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
    # words in brackets and quotes, as the summaries write them
    "(income support)": "social-assistance-application-check",
    '"Ask Lakeholm"': "citizen-chatbot",
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


@pytest.mark.parametrize("width_name", WIDTHS)
def test_the_browse_page_does_not_shift_while_it_loads(browser, base_url, width_name):  # noqa: F811
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
    assert facets >= {"domain", "department", "status", "classification", "oversight", "personal"}
    fields = {"status": lambda r: [r["status"]], "classification": lambda r: [r["ai_act"]["classification"]],
              "domain": lambda r: r.get("domains", []), "department": lambda r: [r["owner"]["department"]]}
    for option in options:
        listing = visit(option["href"].split("/en/", 1)[1], javascript=False)
        ids = set(_ids(listing.page.locator("li.air-card .air-card__title a").evaluate_all("ls => ls.map(a => a.href)")))
        assert len(ids) == option["count"], option
        if option["facet"] in fields:
            assert ids == {rid for rid, r in RECORDS.items() if option["value"] in fields[option["facet"]](r)}, option
        listing.close()
