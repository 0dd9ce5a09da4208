"""Misspellings in real Chromium on the example register (issue 11): "did you mean" whenever a word is wrong.

Pagefind searches a word that no word of its index begins with as the longest indexed word that begins it, among
the parts of the index already fetched ("oficer" typed a letter at a time is searched as "of", on nearly every
page): the search box and the browse page must then say that nothing was
found and offer the word meant, while stemmed and inflected forms, words typed half-way, compound words and real
words of the pages keep their results without a false suggestion."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from sites import serve
from test_browser import RECORDS, Visit, search_header

pytestmark = pytest.mark.browser

NONE = "No results for these words."
COUNT = re.compile(r"\d+ results?")


@pytest.fixture(scope="module")
def site_root(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture
def visit(browser, site_root):
    """Open a page of a language's tree ("en/", or "" for Finnish at the root) in a fresh browser context."""
    opened: list[Visit] = []

    def open_page(path: str, tree: str = "en/") -> Visit:
        opened.append(Visit(browser, site_root + tree, path))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def _settled(page) -> None:
    """Wait until nothing more is fetched (the "did you mean" words come after the results)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def _type_slowly(page, query: str) -> None:
    """Type as a reader does, each letter searched: the box fetches the part of the index holding the short word
    ("of") on the way, so that Pagefind then searches the whole misspelt word as that short word."""
    field = page.locator("input.air-search__input")
    field.click()
    field.type(query, delay=250)
    page.wait_for_function("""q => document.querySelector('.air-search__input').value === q
        && !document.querySelector('.air-search__panel').hidden""", arg=query, timeout=20000)
    _settled(page)


def _paths(links: list[str]) -> list[str]:
    return [urllib.parse.urlparse(link).path.strip("/") for link in links]


def _pagefind_systems(page, query: str) -> int:
    """How many systems Pagefind itself gives for ``query``: what the reader saw before the words were checked."""
    return page.evaluate("""q => window.airSearch.engine(document.querySelector('form.air-search').dataset.root)
        .then(pf => pf.search(q, { filters: { kind: window.airSearch.kindFilter('system') } })).then(s => s.results.length)""", query)


def _naming(word: str) -> set[str]:
    """The systems whose English name or summary uses ``word``: where the corrected search must lead."""
    return {rid for rid, record in RECORDS.items()
            if re.search(rf"\b{word}", f"{record['name']['en']} {record['summary']['en']}", re.IGNORECASE)}


# The misspelling, the word meant, and the short word of the index that Pagefind searches instead.
# None of them may appear on any page of the example site, documentation included: there they would be real words.
SHORT_WORD = [("forecsat", "forecast", "for"), ("oficer", "officer", "of"), ("isued", "issued", "is")]


@pytest.mark.parametrize("typo, meant, instead", SHORT_WORD)
def test_a_misspelling_searched_as_a_short_word_finds_nothing_and_offers_the_word_meant(visit, typo, meant, instead):
    v = visit("")
    page = v.page
    _type_slowly(page, typo)
    assert _pagefind_systems(page, typo) >= 10, f"Pagefind no longer searches {typo!r} as {instead!r}: pick another case"
    assert page.locator(".air-search__panel a.air-search__link").count() == 0, "no system matched by the short word"
    assert page.locator(".air-search__count").inner_text() == NONE
    suggestion = page.locator(".air-search__suggestion")
    assert suggestion.inner_text() == meant
    assert page.locator(".air-search__status").inner_text() == f"{NONE} Did you mean: {meant}"
    # By keyboard, as before: the down arrow reaches the suggestion, Enter searches the word meant.
    page.locator("input.air-search__input").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('air-search__suggestion')")
    page.keyboard.press("Enter")
    page.wait_for_function("""m => document.querySelector('.air-search__input').value === m
        && document.activeElement === document.querySelector('.air-search__input')
        && /^\\d+ results?$/.test(document.querySelector('.air-search__status').textContent)""", arg=meant)
    _settled(page)
    found = {path.rsplit("/", 1)[-1] for path in _paths(page.locator(".air-search__panel a.air-search__link")
                                                          .evaluate_all("ls => ls.map(a => a.href)"))}
    assert found & _naming(meant), (meant, found)
    assert page.locator(".air-search__suggestion").count() == 0


# A word as the reader may type it, the tree, and a page its results must hold.
KEPT = [
    ("parking", "en/", "en/systems/parking-scan-car"),
    ("parked", "en/", "en/systems/parking-scan-car"),  # the same stem
    ("library", "en/", "en/systems/lift-escalator-maintenance"),  # the pages say "libraries"
    ("esc", "en/", "en/systems/lift-escalator-maintenance"),  # typed half-way
    ("escala", "en/", "en/systems/lift-escalator-maintenance"),  # half-way, longer than the stem "escal"
    ("updatted", "en/", "en/systems/crowd-monitoring-video"),  # Pagefind's stemmer takes it as "updated": kept
    ("parking fines", "en/", "en/systems/parking-scan-car"),  # once offered "parking fixes"
    ("pysakointi", "", "systems/parking-scan-car"),  # without the accents of "pysäköinti"
    ("kameroillaan", "", "systems/parking-scan-car"),  # an inflected form of "kamera"
    ("tarkastajakoulutus", "", "systems/bridge-crack-detection"),  # a compound: its first part "tarkastaja" is found
]


@pytest.mark.parametrize("query, tree, expected", KEPT)
def test_stemmed_inflected_and_compound_words_keep_their_results_without_a_suggestion(visit, query, tree, expected):
    v = visit("", tree)
    links = search_header(v.page, query)
    _settled(v.page)
    assert expected in _paths(links), (query, links)
    assert v.page.locator(".air-search__suggestion").count() == 0


# Real words of the system pages, not in any name or summary, each one letter from a word that is (and once offered).
REAL = [("gravel", "heat-digital-twin", "travel"), ("fridges", "illegal-dumping-detection", "bridges"),
        ("drain", "flood-prediction", "rain")]


@pytest.mark.parametrize("word, system, neighbour", REAL)
def test_a_real_word_of_the_pages_gets_its_results_and_no_false_suggestion(visit, word, system, neighbour):
    v = visit("")
    links = search_header(v.page, word)
    _settled(v.page)
    assert f"en/systems/{system}" in _paths(links), links
    assert v.page.locator(".air-search__suggestion").count() == 0, f"{neighbour!r} offered for a word of the pages"
    assert COUNT.fullmatch(v.page.locator(".air-search__status").inner_text())


def test_the_browse_page_offers_the_word_meant_for_a_misspelling_and_keeps_stemmed_results(visit):
    v = visit("systems/?q=oficer")
    page = v.page
    page.wait_for_function("() => /found/.test(document.getElementById('air-result-count').textContent)")
    _settled(page)
    count = page.locator("#air-result-count")
    assert count.get_attribute("role") == "status"
    assert count.text_content() == "0 systems found Did you mean: officer"  # announced with the count
    assert page.locator("#air-results li").count() == 0
    assert page.locator("#air-no-results").is_visible()
    page.locator("#air-suggest .air-search__suggestion").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'officer'")
    page.wait_for_function("() => /^\\d+ systems? found$/.test(document.getElementById('air-result-count').textContent)"
                           " && document.querySelectorAll('#air-results li').length > 0")
    shown = {a.rsplit("/", 2)[-2] for a in page.locator("#air-results .air-card__title a").evaluate_all(
        "ls => ls.map(a => a.href)")}
    assert shown & _naming("officer"), shown
    assert page.locator("#air-suggest").is_hidden()

    v = visit("systems/?q=parked")
    v.page.wait_for_function("() => /found/.test(document.getElementById('air-result-count').textContent)")
    _settled(v.page)
    assert v.page.locator("#air-results a[href*='parking-scan-car']").count() == 1
    assert v.page.locator("#air-suggest").is_hidden()
