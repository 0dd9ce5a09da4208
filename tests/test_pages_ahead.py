"""A full build converts the generated pages to HTML in the render workers, with MkDocs' own code: the site is the
same as when MkDocs converts them itself, a plugin that changes a page's Markdown is still heard, and a problem the
conversion finds (a link to a missing page) still fails a strict build."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build_in_process
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from conftest import FIXTURES, REPO, explain
from sites import ENGLISH_CONFIG, MKDOCS, make_project

# Changes every generated page's Markdown in a way that does not change its HTML (a trailing newline), so that
# MkDocs converts every page itself; and one page's Markdown in a way that shows (a paragraph).
HOOK = '''\
def on_page_markdown(markdown, page, config, files):
    if page.meta.get("air_generated"):
        markdown += "\\n"
        if page.file.src_uri == "systems/minimal.md":
            markdown += "\\nA paragraph added by a hook.\\n"
    return markdown
'''


def build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=project, capture_output=True,
                          text=True, timeout=900, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                       "SOURCE_DATE_EPOCH": "1767225600", **env})


def pages_of(site: Path) -> dict[str, str]:
    """Every HTML page of a site, by path (the search index, which Pagefind writes differently each run, aside)."""
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.rglob("*.html")) if "pagefind" not in path.parts}


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", FIXTURES / "valid", ENGLISH_CONFIG)


def test_mkdocs_does_not_convert_the_generated_pages_again(project, tmp_path, monkeypatch):
    monkeypatch.setenv("AIREGISTER_WORKERS", "2")
    monkeypatch.chdir(project)
    converted: list[str] = []
    render = Page.render

    def counting(page, config, files):  # counts in this process only: the workers are other processes
        converted.append(page.file.src_uri)
        return render(page, config, files)

    monkeypatch.setattr(Page, "render", counting)
    (project / "docs" / "notes.md").write_text("# Notes\n\nA hand-written page.\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build_in_process(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "systems" / "minimal" / "index.html").is_file()
    assert converted == ["notes.md"], "only the hand-written page is converted by MkDocs' own process"


def test_a_plugin_mkdocs_reuses_after_an_unfinished_build_still_publishes_the_next_site(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    site = str(tmp_path / "site")
    unfinished = load_config(str(project / "mkdocs.yml"), site_dir=site)
    unfinished.plugins.on_config(unfinished)  # a build that stopped before its pages were written
    config = load_config(str(project / "mkdocs.yml"), site_dir=site)
    assert config.plugins["airegister"] is unfinished.plugins["airegister"], "MkDocs hands the same plugin back"
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build_in_process(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "systems" / "minimal" / "index.html").is_file(), "the complete site is put in place"


def test_pages_made_ahead_are_the_pages_mkdocs_makes(project, tmp_path):
    ahead = build(project, tmp_path / "ahead", AIREGISTER_WORKERS="2")
    assert ahead.returncode == 0, explain(ahead)
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "hooks: [hook.py]\n", encoding="utf-8")
    by_mkdocs = build(project, tmp_path / "by-mkdocs", AIREGISTER_WORKERS="2")
    assert by_mkdocs.returncode == 0, explain(by_mkdocs)
    made_ahead, made_by_mkdocs = pages_of(tmp_path / "ahead"), pages_of(tmp_path / "by-mkdocs")
    changed = "systems/minimal/index.html"
    assert "A paragraph added by a hook." in made_by_mkdocs[changed], "a plugin's change to the Markdown is published"
    assert "A paragraph added by a hook." not in made_ahead[changed]
    assert made_ahead.keys() == made_by_mkdocs.keys() and len(made_ahead) > 20
    assert {path for path in made_ahead if made_ahead[path] != made_by_mkdocs[path]} == {changed}


def test_a_link_to_a_missing_page_in_a_generated_page_fails_a_strict_build(project, tmp_path):
    templates = project / "templates"
    templates.mkdir()
    (templates / "privacy.md.j2").write_text("---\ntitle: Privacy\n---\n\nSee [the notes](no-such-page.md).\n",
                                             encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      language: en\n", "      language: en\n"
                                                       "      templates: templates\n"), encoding="utf-8")
    result = build(project, tmp_path / "site", AIREGISTER_WORKERS="2")
    assert result.returncode != 0
    assert "privacy.md" in result.stderr and "no-such-page.md" in result.stderr, explain(result)
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr, explain(result)


# Pages that the two readings of a page's HTML (Python-Markdown's raw-HTML pass and MkDocs' anchor pass) could read
# differently: ids in every kind of tag, and the places where the two parsers part ways.
TRICKY = {
    "ids.md": '<div id="block" class="x">\n<p>A <a name="named">name</a> and <span id="inline">x</span>.</p>\n'
              '<hr id="rule">\n<img id="picture" src="a.png" alt="" />\n</div>\n\n## A heading {#custom}\n\n'
              'Text with <b id="bold">bold</b> &amp; &#233; &#x41; and <br id="break"/> in it.\n',
    "script.md": 'A paragraph <script>var s = "<a id=\'in-script\'>";</script> with a script.\n\n'
                 '<script type="application/ld+json">{"a": "<b id=\'in-block-script\'>"}</script>\n',
    "comment.md": '<div id="before"></div>\n\n<!-- a comment <a id="in-comment"> -->\n\nText <!-- never closed '
                  '<a id="after-open-comment"> and <span id="later">x</span>\n',
    "declaration.md": 'Text <!DOCTYPE html <a id="in-declaration"> and <? pi <a id="in-pi"> ?> <i id="i">x</i>\n',
    "charref.md": 'A broken reference &#x; and then <span id="after-reference">x</span>\n',
}


def _converted(config, files, file, source: str, render) -> Page:
    page = Page(None, file, config)
    page.markdown, page.meta = source, {}
    render(page, config, files)
    return page


def test_the_workers_read_a_pages_html_once_and_find_the_anchors_mkdocs_finds(tmp_path, monkeypatch):
    from mkdocs.structure import pages as mkdocs_pages
    from mkdocs.structure.files import File, Files

    from generator.build.register import BuildOptions, build_register
    from generator.plugin import pages

    sources = dict(TRICKY)
    with build_register(REPO / "registry", BuildOptions(language="en", workers=0)) as built:
        for index, plan in enumerate(built.plans):
            sources[plan.src] = built.markdown(index).split("\n---\n", 1)[-1]
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    config = load_config(config_file=None, docs_dir=str(docs), site_dir=str(site),
                         markdown_extensions=["admonition", "attr_list", "tables", "toc"])
    files = Files([File(src, str(docs), str(site), True) for src in sources])
    readings: list[str] = []
    original = mkdocs_pages._RawHTMLPreprocessor.run

    def counting(self, lines):
        readings.append("mkdocs")
        return original(self, lines)

    for file in files:
        source = sources[file.src_uri]
        by_mkdocs = _converted(config, files, file, source, Page.render)
        monkeypatch.setattr(mkdocs_pages._RawHTMLPreprocessor, "run", counting)
        readings.clear()
        once = _converted(config, files, file, source, pages._render)
        monkeypatch.undo()
        assert once.content == by_mkdocs.content and str(once.toc) == str(by_mkdocs.toc), file.src_uri
        assert once._title_from_render == by_mkdocs._title_from_render, file.src_uri
        assert once.present_anchor_ids == by_mkdocs.present_anchor_ids, file.src_uri
        if file.src_uri not in ("declaration.md", "charref.md"):  # those take MkDocs' usual way
            assert readings == [], f"{file.src_uri}: MkDocs read the page's HTML a second time"
    assert {"block", "named", "inline", "rule", "picture", "custom", "bold", "break"} <= \
        _converted(config, files, files.get_file_from_path("ids.md"), TRICKY["ids.md"], pages._render).present_anchor_ids
    assert len(sources) > 60


def _raw_html_pass(source: str, fast: bool) -> tuple[str, list[str], set[str]]:
    """Python-Markdown's raw-HTML pass over ``source``: its own (``fast=False``), or the build's quicker reading."""
    import markdown
    from markdown.htmlparser import HTMLExtractor

    from generator.plugin.htmlblocks import extract

    md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])
    anchors: set[str] = set()
    if fast:
        parser = extract(md, source, anchors)
    else:
        parser = HTMLExtractor(md)
        parser.feed(source)
        parser.close()
    return "".join(parser.cleandoc), list(md.htmlStash.rawHtmlBlocks), anchors


# Pieces of pages, put together at random below: plain and unusual tags, references, comments, scripts, blank lines.
PIECES = ['<div class="a">', '</div>', "<p>", "</p>", "\n", "\n\n", "   ", "text ", "&amp;", "&#233;", "&#x41;", "&nbsp",
          "& ", "<", ">", "<br/>", '<br id="b1"/>', '<hr id="h1">', '<span id="x">', "</span>", '<a href="u" title="a>b">',
          '<a name="n1">', "</a>", "<!-- c -->", "<!--", "<script>", "</script>", "<style>x</style>", "<?pi?>",
          "<!DOCTYPE x>", "`code`", '<b\nclass="y" id="y2">', "<i hidden id>", "</i >", "</ b>", "</>", "<a/b>",
          "<p class=x id=z3>", "<p class='y'>", "&#;", "&#x;", "# H\n", '<DIV ID="Z">', "</DIV>", "<details open>",
          "</details>", "<dl>", "<dt>", "</dt>", '<td align="left">', "</td>", '<img src="a" />', '<x-y a="1">', "</x-y>",
          '"', "=", "/", '<p a="&quot;b&lt;" id="q&amp;r">', "<table>", "</table>", "<ul>\n", '<li id="l">', "</li>\n",
          ' <div id="ind">', "  </div>"]


def test_the_quicker_reading_of_a_pages_html_sets_aside_exactly_what_python_markdown_does():
    import random

    from mkdocs.structure.pages import _HTMLHandler

    from generator.build.register import BuildOptions, build_register
    from generator.plugin import htmlblocks
    from generator.plugin.pages import _UNUSUAL

    # Whichever way this Python and Python-Markdown let the build read (with the shortcuts, or, where their code is not
    # the code the shortcuts were written against, the standard way), the result is Python-Markdown's own.
    sources = list(TRICKY.values())
    for language in ("en", "fi"):
        with build_register(REPO / "registry", BuildOptions(language=language, workers=0)) as built:
            sources += [built.markdown(index).split("\n---\n", 1)[-1] for index in range(len(built.plans))]
    pieces = random.Random(11)
    sources += ["".join(pieces.choice(PIECES) for _ in range(pieces.randint(1, 40))) for _ in range(3000)]
    anchors_compared = 0
    for source in sources:
        fast = _raw_html_pass(source, fast=True)
        assert fast[:2] == _raw_html_pass(source, fast=False)[:2], source
        parser = htmlblocks.PageExtractor(__import__("markdown").Markdown(), set())
        parser.feed(source)
        parser.close()
        if not parser.unsure and not _UNUSUAL.search(source):
            by_mkdocs = _HTMLHandler()
            by_mkdocs.feed(source)
            by_mkdocs.close()
            assert fast[2] == by_mkdocs.present_anchor_ids, source
            anchors_compared += 1
    assert anchors_compared > 500


def test_the_quicker_reading_is_quicker():
    """Not a timing: the shortcut reads a page's plain tags without HTMLParser's own steps for each."""
    from unittest import mock

    from generator.build.register import BuildOptions, build_register
    from generator.plugin import htmlblocks

    if not htmlblocks.FAST:
        pytest.skip("the shortcuts are written against the html.parser of CPython 3.11 and Python-Markdown 3.11 (their "
                    "code is compared when the module loads); with this Python or Python-Markdown the build reads pages "
                    "the standard way, which the test above compares")
    with build_register(REPO / "registry", BuildOptions(language="en", workers=0)) as built:
        page = next(built.markdown(index) for index, plan in enumerate(built.plans) if plan.src.startswith("systems/"))
    with mock.patch.object(htmlblocks.HTMLExtractor, "parse_starttag", autospec=True,
                           side_effect=htmlblocks.HTMLExtractor.parse_starttag) as slow:
        _raw_html_pass(page, fast=True)
        quick = slow.call_count
        _raw_html_pass(page, fast=False)
    assert page.count("<") > 300 and quick < (slow.call_count - quick) / 20
