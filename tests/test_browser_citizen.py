"""A resident on a phone with a keyboard, in real Chromium: the skip link first, the menu reached and opened by
keyboard, nothing focusable off the screen, no console error and no Content-Security-Policy violation on any page
at either width, axe-core clean (WCAG 2.1 AA and best practice) on every page type, the footer's links working,
and "In short" answering who is affected and whether the system is fair."""
from __future__ import annotations

import re

import pytest

from test_browser import LANGUAGE, RICHEST, WIDTHS, Visit, axe_script, base_url, browser, site_root  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGE_TYPES = {
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
def phone(browser, base_url):  # noqa: F811
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
    v = phone(PAGE_TYPES[page_type])
    assert v.page.evaluate(OFF_SCREEN) == []
    v.page.locator("header button[data-air-toggle='__drawer']").click()  # the menu open: its closed sections stay out of reach
    v.page.wait_for_timeout(400)
    assert v.page.evaluate(OFF_SCREEN) == []


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_first_tab_stop_is_a_skip_link_to_the_main_content(phone, page_type, width_name):
    v = phone(PAGE_TYPES[page_type], WIDTHS[width_name])
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
def test_no_console_error_and_no_policy_violation_on_any_page(browser, site_root, example_site, width_name):  # noqa: F811
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
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_nothing_on_any_page_type_with_best_practice(browser, base_url, axe_script, page_type, width_name):  # noqa: F811
    v = Visit(browser, base_url, PAGE_TYPES[page_type], WIDTHS[width_name], bypass_csp=True)
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
        v = phone(PAGE_TYPES[page_type], WIDTHS["desktop"])
        links = v.page.locator("footer .air-footer a[href]")
        assert links.count() == 5  # the contact address, then about, accessibility, privacy, open data
        for i in range(links.count()):
            href = links.nth(i).evaluate("a => a.href")
            if href.startswith("mailto:"):
                continue
            response = v.page.request.get(href)
            assert response.status == 200, (page_type, href)


def test_in_short_holds_who_is_affected_and_the_fairness_line(phone):
    v = phone(PAGE_TYPES["system"])
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
    v = phone(PAGE_TYPES["system"], WIDTHS["desktop"])
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
    count = lambda pdf: int(re.findall(rb"/Count (\d+)", pdf)[0])  # noqa: E731 (pages in the PDF's page tree)
    assert count(short) <= 3 < count(full) <= 10, (count(short), count(full))
