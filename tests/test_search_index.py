"""The search's build-time parts without a browser: the "did you mean" words, which pages of a tree are indexed,
and the marks the plugin adds to a finished page. (The search itself is tried in Chromium in test_browser.py.)"""
from __future__ import annotations

import json

from generator.build.search import body_attributes, index_tree, tree_glob, vocabulary, words_of
from generator.model.registry import load_registry
from generator.site.search import add_box, mark_body

from conftest import REPO


def test_words_lose_the_punctuation_around_them():
    assert words_of('The (NPR) register, “Westerners” and don\'t-care: Pysäköinninvalvonnan!') == \
        ["the", "npr", "register", "westerners", "and", "don't-care", "pysäköinninvalvonnan"]


def test_the_vocabulary_holds_the_words_of_names_and_summaries_in_the_trees_language_by_length():
    registry = load_registry(REPO / "registry").registry
    english = vocabulary(registry, "en")
    lengths = json.loads(english["search/words.json"])
    assert lengths == sorted(lengths) and min(lengths) >= 4
    for length in lengths:
        words = json.loads(english[f"search/words-{length}.json"])
        assert words and all(len(w) == length and w == w.lower() for w in words)
    assert "escalators" in json.loads(english["search/words-10.json"])  # "Predictive maintenance for lifts and escalators"
    finnish = vocabulary(registry, "fi")
    assert "pysäköinninvalvonnan" in json.loads(finnish["search/words-20.json"])  # the Finnish name of the scan car
    assert "pysäköinninvalvonnan" not in json.loads(english.get("search/words-20.json", b"[]"))


def test_a_trees_index_leaves_out_the_other_languages_folders(tmp_path):
    for folder in ("systems/a", "sv/systems/a", "en", "pagefind", "about"):
        (tmp_path / folder).mkdir(parents=True)
    glob = tree_glob(tmp_path, ("sv", "en"))
    assert glob == "{*.html,about/**/*.html,systems/**/*.html}"


def test_pagefind_indexes_only_the_marked_content_of_its_own_tree(tmp_path):
    page = ('<html lang="{lang}"><body><header>Menu words</header><article {attributes}><h1>{title}</h1>'
            "<h2>Benefits</h2><p>{text}</p></article></body></html>")
    marked = " ".join(f'{k}="{v}"' if v else k for k, v in body_attributes("system").items())
    (tmp_path / "systems" / "a").mkdir(parents=True)
    (tmp_path / "systems" / "a" / "index.html").write_text(
        page.format(lang="en", attributes=marked, title="Parking scan car", text="Reads number plates (NPR)."))
    (tmp_path / "sv" / "systems" / "a").mkdir(parents=True)
    (tmp_path / "sv" / "systems" / "a" / "index.html").write_text(
        page.format(lang="sv", attributes=marked, title="Skanningsbil", text="Läser registreringsskyltar."))
    report = index_tree(tmp_path, "en", ("sv",))
    assert report.pages == 1 and (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "sv" / "pagefind").exists()
    from sites import search_records
    records = search_records(tmp_path)
    assert list(records) == ["/systems/a/"]
    record = records["/systems/a/"]
    assert "kind" not in record["filters"], "systems are the pages without a kind: the filter stays small"
    assert record["meta"]["title"] == "Parking scan car"
    assert "Menu words" not in record["content"] and "Benefits" not in record["content"]  # repeated headings left out
    assert "Reads number plates (NPR)." in record["content"]
    assert "Parking scan car" not in record["content"], "a system page's heading is not searched (its name is, once)"


def test_the_plugin_marks_the_article_and_puts_the_box_at_the_end_of_the_header_bar():
    page = ('<header class="md-header"><nav class="md-header__inner md-grid"><a>logo</a>'
            '<nav class="inner"><a>x</a></nav></nav></header><main><article class="md-content__inner md-typeset">'
            "<h1>T</h1></article></main>")
    marked = mark_body(page, body_attributes("staff"))
    assert '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-filter="kind:staff"' in marked
    assert mark_body(marked, body_attributes("system")) == marked  # once only
    boxed = add_box(marked, "<form>BOX</form>")
    assert '<nav class="inner"><a>x</a></nav><form>BOX</form></nav></header>' in boxed
    assert add_box("<p>no header</p>", "<form>BOX</form>") == "<p>no header</p>"
