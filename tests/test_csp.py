"""A Content-Security-Policy on every HTML file the build writes (the 404 page and the export pages included), and
aligned table columns that the policy does not block (style-src 'self': no style attribute anywhere).

The example site is built with `mkdocs build` and read with an HTML parser; the hashes are computed here, not by the
code under test.
"""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def policy_of(soup: BeautifulSoup) -> str | None:
    meta = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) if soup.head else None
    return meta["content"] if meta else None


@pytest.fixture(scope="module")
def html_files(example_site) -> dict[str, BeautifulSoup]:
    return {p.relative_to(example_site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(example_site.rglob("*.html"))}


def test_the_site_has_the_pages_this_test_is_about(html_files):
    assert {"404.html", "data/exports/nyc-ll35/nyc-ll35.html", "en/performance/index.html"} <= set(html_files)


def test_every_html_file_has_a_policy_that_allows_each_of_its_inline_scripts_and_nothing_from_elsewhere(html_files):
    missing = [name for name, soup in html_files.items() if policy_of(soup) is None]
    assert missing == []
    for name, soup in html_files.items():
        rules = directives(policy_of(soup))
        assert rules["default-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in rules["script-src"] + rules["style-src"], name
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type", "") not in ("", "text/javascript", "module"):
                continue
            assert sha256(script.string or "") in rules["script-src"], (name, (script.string or "")[:80])
        meta = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        first_active = soup.head.find(["script", "style", "link"])
        assert first_active is None or meta.sourceline < first_active.sourceline, f"{name}: the policy comes too late"


def test_no_page_uses_a_style_attribute_and_only_the_standalone_report_an_inline_style(html_files):
    styled = {name: [str(tag)[:80] for tag in soup.find_all(style=True)] for name, soup in html_files.items()}
    assert {name: tags for name, tags in styled.items() if tags} == {}
    for name, soup in html_files.items():
        blocks = soup.find_all("style")
        rules = directives(policy_of(soup))
        assert rules["style-src"] == ["'self'", *sorted({sha256(b.string or "") for b in blocks})], name
        if name != "data/exports/nyc-ll35/nyc-ll35.html":
            assert blocks == [], name


def test_aligned_table_columns_are_aligned_by_class(html_files):
    page = html_files["en/performance/index.html"]
    right = page.select("article td.air-align-right, article th.air-align-right")
    assert right, "the performance page has right-aligned columns (| ---: |)"
    stylesheet = (Path(__file__).resolve().parents[1] / "generator" / "site" / "assets" / "airegister.css").read_text(encoding="utf-8")
    assert ".air-align-right" in stylesheet and "text-align: right" in stylesheet
