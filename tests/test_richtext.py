"""Record text becomes safe HTML: only the Markdown subset is live; everything else is inert text."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.model.richtext import plain, rich

HOSTILE = [
    "Hello <script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click me](javascript:alert(document.cookie))",
    "[x](jav&#x61;script:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "[site](https://example.org){: onmouseover=\"alert(3)\" }",
    "{: onclick=\"alert(4)\" }",
    "<a href=\"javascript:x\">a</a>",
    "<https://example.org\" onmouseover=\"alert(5)>",
    "[ref]\n\n[ref]: javascript:alert(6)",
    "![](https://tracker.example/pixel.gif)",
    "<style>body{display:none}</style>",
    "<iframe src=\"https://example.org\"></iframe>",
]


def elements(html: str):
    return BeautifulSoup(f"<div>{html}</div>", "html.parser").find_all(True)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_without_live_code(text):
    html = str(rich(text))
    for element in elements(html):
        assert element.name in {"div", "p", "ul", "ol", "li", "em", "strong", "code", "a", "br", "blockquote"}, html
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), html
            if attribute in ("href", "src"):
                assert value.startswith(("https://", "http://", "mailto:")), html


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% if true %}x{% endif %}", "{: #id .class }", "{#- comment -#}"])
def test_braces_can_never_become_template_or_attribute_syntax(text):
    for html in (str(rich(text)), str(plain(text))):
        assert "{" not in html and "}" not in html
        assert "&#123;" in html and "&#125;" in html


def test_snippet_lines_are_not_include_directives():
    html = str(rich('--8<-- "mkdocs.yml"'))
    assert "--8<--" not in html and "--8&lt;--" in html


def test_the_markdown_subset_works():
    html = str(rich("Para *em* **strong** `code` [link](https://example.org/a?b=1&c=2)\n\n- one\n- two\n\nThen:\n\n1. first\n2. second"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("em").text == "em" and soup.find("strong").text == "strong" and soup.find("code").text == "code"
    link = soup.find("a")
    assert link["href"] == "https://example.org/a?b=1&c=2" and link["rel"] == ["noopener", "noreferrer"]
    assert [li.text for li in soup.find("ul").find_all("li")] == ["one", "two"]
    assert [li.text for li in soup.find("ol").find_all("li")] == ["first", "second"]


def test_headings_are_not_allowed_in_record_text():
    html = str(rich("# Not a heading\n\nText"))
    assert "<h1" not in html and "# Not a heading" in html


def test_plain_paragraphs_keep_their_text_exactly():
    text = "First paragraph, with 5 < 6 & 7 > 3.\n\nSecond paragraph."
    soup = BeautifulSoup(str(rich(text)), "html.parser")
    assert [p.text for p in soup.find_all("p")] == ["First paragraph, with 5 < 6 & 7 > 3.", "Second paragraph."]


def test_plain_text_is_escaped():
    assert str(plain("<b>x</b> & y")) == "&lt;b&gt;x&lt;/b&gt; &amp; y"
