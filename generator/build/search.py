"""The site's search: a Pagefind index per language tree, and the words for "did you mean", made at build time.

After the pages of one language are written as HTML, ``index_tree`` runs
Pagefind (the ``pagefind`` package's own binary, no network) over that
language's tree only: the default language at the site's root, the others in
their folders (``sv/``), so each tree gets its own chunked index in its
language's stemming (``pagefind/`` in the tree). A reader's browser then fetches
only the small pieces of the index that a query needs.

``vocabulary`` collects the words of the systems' names and summaries in one
language, split into one small file per word length; the search box fetches the
files for a misspelt word's length and its neighbours to offer the word the
reader probably meant. Both work on any folder of HTML pages, so they serve
``mkdocs build`` (through the plugin) and ``airegister index`` alike.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.core.i18n import L_
from generator.model.objects import Registry

BUNDLE = "pagefind"  # the index's folder inside each language tree
WORDS = "search"  # the "did you mean" word lists' folder inside each language tree
MIN_WORD = 4  # shorter words are not corrected: too many neighbours
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Folders of a tree that hold no pages to find (the index itself). Other HTML files without the searchable mark
# (``body_attributes``), such as the open data's report pages, are read but left out of the index.
NOT_PAGES = frozenset({BUNDLE, WORDS})


# Words that every page of a kind repeats do not count as matches: on a system page the section headings ("Benefits",
# "Data sets") and the field names ("Purpose"), and everywhere the note under an untranslated text and the "¶" links.
# Nor does what a reader never searches for and every page repeats: the sections' fold buttons ("Hide this section"),
# the blocks the templates mark ``data-search-exclude`` (the badges, "Ask a question", the record's source file), the
# change history, and web and e-mail addresses shown as text (``air-address``: their words, such as "parking" in
# parking@city.example, would count again on every page that gives the address). This keeps each page's part of the
# index and the text fetched for each result small (issue 11: a first search of at most 300 KB at 5,000 records).
KIND = "data-air-search"  # the attribute that gives a page's group in the results (see ``body_attributes``)
IGNORED = (f'[{KIND}="system"] h1', f'[{KIND}="system"] h2', f'[{KIND}="system"] h3', f'[{KIND}="system"] dt', ".air-untranslated", ".headerlink",
           "[data-search-exclude]", ".air-fold > summary", ".air-history", ".air-address")


# The results groups other than the systems. Only their pages carry a "kind" filter value: the systems are the pages
# without one (the search asks for ``{kind: {none: OTHER_KINDS}}``, see site/assets/airegister.js), so the filter's part
# of the index lists a few dozen pages instead of every system (10 KB less in a first search at 5,000 records).
OTHER_KINDS = ("page", "staff")


def body_attributes(kind: str) -> dict[str, str]:
    """The attributes that make an element a page's searchable text, in the results group ``kind``
    ("system", "page" or "staff"); the search box asks for each group on its own, systems first."""
    if kind not in OTHER_KINDS:
        return {"data-pagefind-body": "", KIND: kind}
    return {"data-pagefind-body": "", "data-pagefind-filter": f"kind:{kind}", KIND: kind}


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says why, in plain words."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    bundle: Path


def _executable() -> str:
    try:
        from pagefind_bin import get_executable  # the binary shipped in the pagefind[bin] package
    except ImportError:
        raise SearchIndexError(L_("the search indexer is not installed: install the package 'pagefind[bin]' "
                                  "(pip install 'pagefind[bin]')")) from None
    try:
        return str(get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(L_("the search indexer's program is missing ({problem}); reinstall 'pagefind[bin]'",
                                  problem=str(exc))) from None


def tree_glob(tree: Path, other_trees: tuple[str, ...] = ()) -> str:
    """The pages of one language tree as a Pagefind glob: every HTML file, except in other languages' folders."""
    parts = ["*.html"]
    for entry in sorted(tree.iterdir()) if tree.is_dir() else ():
        if entry.is_dir() and entry.name not in other_trees and entry.name not in NOT_PAGES:
            parts.append(f"{entry.name}/**/*.html")
    return "{" + ",".join(parts) + "}"


def index_tree(tree: Path, language: str, other_trees: tuple[str, ...] = ()) -> IndexReport:
    """Run Pagefind over the HTML pages of one language tree; the index goes to ``tree/pagefind/``.

    ``other_trees`` names the folders inside ``tree`` that hold other languages' trees (``sv``, ``en``), which
    are left to their own index. The language is given, not guessed, so each index uses its language's stemming.
    """
    started = time.perf_counter()
    command = [_executable(), "--site", str(tree), "--output-subdir", BUNDLE, "--glob", tree_glob(tree, other_trees),
               "--force-language", language, "--silent"]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        raise SearchIndexError(L_("the search indexer could not be started: {problem}", problem=str(exc))) from None
    if result.returncode != 0:
        raise SearchIndexError(L_("the search indexer failed on {folder}:\n{output}", folder=str(tree),
                                  output=(result.stderr or result.stdout).strip()))
    entry = tree / BUNDLE / "pagefind-entry.json"
    pages = 0
    if entry.is_file():
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        pages = sum(int(info.get("page_count", 0)) for info in languages.values())
    return IndexReport(pages, time.perf_counter() - started, tree / BUNDLE)


def words_of(text: str) -> list[str]:
    """The words of a text, lower-cased, without the punctuation around them ("(NPR)" -> "npr")."""
    return [w.casefold() for w in _WORD.findall(text)]


def vocabulary(registry: Registry, language: str) -> dict[str, bytes]:
    """The words of every system's name and summary as the ``language`` tree shows them, by site path
    (``search/words-7.json``: the seven-letter words, most frequent first)."""
    counts: Counter[str] = Counter()
    for system in registry:
        for field in ("name", "summary"):
            counts.update(w for w in words_of(system.text(system.data.get(field), language) or "") if len(w) >= MIN_WORD)
    by_length: dict[int, list[str]] = {}
    for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        by_length.setdefault(len(word), []).append(word)
    files = {f"{WORDS}/words-{length}.json": json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
             for length, words in sorted(by_length.items())}
    files[f"{WORDS}/words.json"] = json.dumps(sorted(by_length), separators=(",", ":")).encode("utf-8")
    return files
