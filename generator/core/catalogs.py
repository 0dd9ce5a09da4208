"""Keeping the message catalogs complete: collect every interface text, and add new ones to each catalog.

Texts come from three places, all written in English:

- the Python code: ``gettext("…")``, ``ngettext("…", "…", n)``, ``pgettext("context", "…")``, the marker
  ``N_("…")`` (a text translated later, where it is shown) and the messages told later, ``L_("…", name=…)``
  and ``Ln_("…", "…", n)``;
- the Jinja templates: ``{{ _("…") }}``, ``{% trans %}…{% endtrans %}`` and ``ngettext``;
- the schemas: every ``title``, ``description``, choice label (``x-labels``), choice description
  (``x-enum-descriptions``) and section (``x-sections``) that a reader or a clerk sees.

``python -m generator.core.catalogs`` (``make messages``) writes the template
``generator/locale/airegister.pot`` and updates every catalog: new texts are
added untranslated, texts nothing uses any more are removed.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.core.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE, catalog_languages, catalog_path

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "L_": None,
            "Ln_": (1, 2)}
METHODS = [("**/templates/project/**", "ignore"), ("**.py", "python"), ("**.j2", "jinja2.ext:babel_extract"),
           ("site/theme/**.html", "jinja2.ext:babel_extract")]  # the theme files of the page frame (site/frame.py)
JINJA_OPTIONS = {"**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
                 "site/theme/**.html": {"extensions": "jinja2.ext.i18n"}}
SCHEMA_TEXT_KEYS = ("title", "description", "x-hint", "x-pattern-message")  # the last two: in the checks' messages
PAGE_MAPPINGS = ("nyc-ll35",)  # standards whose export includes a web page: their column labels are shown
SCHEMA_TEXT_MAPS = ("x-labels", "x-enum-descriptions")
SCHEMA_WORDING = ("x-date-labels", "x-notices", "x-meaning-notes", "x-summaries")  # nested maps whose every text is shown


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.strip():
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)


def _schema_texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """(text, where) for every text of a schema a person reads."""
    if isinstance(node, dict):
        for key in SCHEMA_TEXT_KEYS:
            if isinstance(node.get(key), str) and node[key].strip():
                yield node[key], f"{where}/{key}"
        for key in SCHEMA_TEXT_MAPS:
            for value in (node.get(key) or {}).values():
                if isinstance(value, str) and value.strip():
                    yield value, f"{where}/{key}"
        for key in SCHEMA_WORDING:
            for text in _leaves(node.get(key)):
                yield text, f"{where}/{key}"
        for section in node.get("x-sections", ()):
            for key in SCHEMA_TEXT_KEYS:
                if section.get(key):
                    yield section[key], f"{where}/x-sections/{section.get('id', '')}"
        for key, child in node.items():
            if key not in SCHEMA_TEXT_MAPS and key not in SCHEMA_WORDING and key not in ("examples", "x-mappings", "x-mapping-notes", "x-aliases",
                                                           "x-sections", "enum", "const", "default"):
                yield from _schema_texts(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _schema_texts(child, f"{where}/{index}")


# Texts of the mapping files that reach a clerk or an auditor: the gap of a field (in gaps.csv and the export's
# summary), what an import asks a clerk to do (the ``todo`` options of the Eurocities import), and the sentences an
# export writes into a standard's value in the export's language (the ``personal_data`` options of nl-1.0).
MAPPING_TEXT_KEYS = ("gap",)
MAPPING_TEXT_MAPS = ("todo", "personal_data")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:- )?(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*)$")


def _scalar(value: str, following: list[str], indent: int) -> str:
    """A YAML scalar as the mapping files write texts: plain, quoted, or folded (``>-``) on the lines below."""
    value = value.strip()
    if value in (">-", ">", "|", "|-"):
        lines = []
        for line in following:
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            lines.append(line.strip())
        return " ".join(part for part in lines if part)
    if value.startswith('"'):
        return json.loads(value)
    if value.startswith("'"):
        return value[1:-1].replace("''", "'")
    return value.split(" #", 1)[0].strip()


def mapping_texts(path: Path) -> Iterator[str]:
    """The texts of a mapping file (``crosswalk/mappings/*.yaml``) that a clerk or an auditor reads."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        found = _KEY_LINE.match(line)
        if not found:
            continue
        indent = len(found["indent"]) + (2 if line.lstrip().startswith("- ") else 0)
        if found["key"] in MAPPING_TEXT_KEYS and found["value"].strip():
            yield _scalar(found["value"], lines[number + 1:], indent)
        elif found["key"] in MAPPING_TEXT_MAPS and not found["value"].strip():
            for inner in lines[number + 1:]:
                item = _KEY_LINE.match(inner)
                if inner.strip() and (not item or len(item["indent"]) <= indent):
                    break
                if item and item["value"].strip():
                    yield _scalar(item["value"], [], len(item["indent"]))


def schema_dir() -> Path:
    packaged = PACKAGE / "schema"
    return packaged if packaged.is_dir() else PACKAGE.parent / "schema"


# Fixed header dates: the catalogs change only when their texts do.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
HEADER = {"project": "airegister", "version": "1", "copyright_holder": "AI register contributors",
          "msgid_bugs_address": "", "creation_date": STAMP, "revision_date": STAMP, "fuzzy": False}


def extract() -> Catalog:
    """Every interface text of the package and the built-in schemas, as a catalog template."""
    template = Catalog(domain=DOMAIN, locale=None, **HEADER)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, METHODS, JINJA_OPTIONS, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True):
        template.add(message, locations=[(f"generator/{filename}", lineno)], auto_comments=comments, context=context)
    for key in PAGE_MAPPINGS:  # the column labels of exports that publish a web page
        mapping = PACKAGE / "crosswalk" / "mappings" / f"{key}.yaml"
        for line in mapping.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("label:"):
                label = line.split(":", 1)[1].strip()
                if label and template.get(label) is None:
                    template.add(label, auto_comments=[f"export page: {key}"])
    for mapping in sorted((PACKAGE / "crosswalk" / "mappings").glob("*.yaml")):  # the gaps of every export
        for text in mapping_texts(mapping):
            if text and template.get(text) is None:
                template.add(text, auto_comments=[f"mapping: {mapping.name}"])
    for path in sorted(schema_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        for text, where in _schema_texts(schema, path.name):
            existing = template.get(text)
            if existing is None:
                template.add(text, auto_comments=[f"schema: {where}"])
    return template


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # Each message names the files that use it, without line numbers: a line number changes whenever code above it
        # does, which rewrote every catalog on every change and made merges of parallel work conflict.
        write_po(handle, catalog, width=100, sort_output=False, omit_header=False, ignore_obsolete=True,
                 include_previous=False, include_lineno=False)


def update(languages: list[str] | None = None) -> list[str]:
    """Write the template and bring each catalog up to date with it; returns what was done, in plain words."""
    template = extract()
    done = []
    _write(LOCALE_DIR / f"{DOMAIN}.pot", template)
    for language in languages or [code for code in catalog_languages() if code != SOURCE_LANGUAGE]:
        path = catalog_path(language)
        if path.is_file():
            catalog = _read(path, language)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, last_translator="AI register contributors",
                              language_team=f"{language} translators of the AI register", **HEADER)
            catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.revision_date = STAMP
        _write(path, catalog)
        missing = sum(1 for m in catalog if m.id and not m.string)
        done.append(f"{path.relative_to(PACKAGE.parent)}: {len(template)} texts, {missing} still to translate")
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.core.catalogs [LANGUAGE ...]``: update every catalog (or start one for each LANGUAGE)."""
    args = list(sys.argv[1:] if argv is None else argv)
    for line in update(args or None):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
