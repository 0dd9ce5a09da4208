"""Exports to other registers' standards, and imports from them (the crosswalk).

Each standard is a mapping file, ``mappings/<key>.yaml`` (the standard's fields,
where each is filled from, limits, required flags and gap messages), read by
one interpreter (``mapping.py``), plus a module of the same name with the few
rules that need code and the writer of the standard's files; the module
registers a ``Standard`` here. An export returns the files to publish (under
``data/exports/<key>/`` on the site, or a folder of your choice with
``airegister export``) and, for every record, what the standard needs that the
record does not have (``Gap``). The mapping table in
``docs/exports-<standard>.md`` is generated from the mapping file (``docs.py``).
The value tables between our choices and each standard's live in the schema
(``x-mappings``), and what our choices mean in its ``x-meanings``: exports and
imports read them from the schema of the register at hand, passed explicitly
(``ExportContext.schemas``, the ``schemas`` argument of ``Standard.read``), so a
city that adds a choice to its schema can map it there too.

This package may import ``core``, ``load`` and ``model``.
"""
from __future__ import annotations

import abc
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.i18n import L_, Translator, told
from generator.core.layout import Layout, system_page
from generator.model.objects import Registry, System, pick_text
from generator.core.schema import Schemas, load_schemas


@dataclass(frozen=True)
class Gap:
    """A field a standard needs (or a value it cannot hold) that the record cannot fill."""

    record_id: str
    field: str  # the standard's own field name
    reason: str  # plain words: what is missing or lost, and why (a Text: English, told in the reader's language)


@dataclass
class Export:
    """What an export produced: files by path (relative to the standard's folder) and the gaps found."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True)
class ExportContext:
    """What exports need besides the records: where the register is published (and its URL style), and the date."""

    site_url: str | None = None  # such as https://lakeholm.github.io/ai-register/ (None: pages are not linked)
    today: dt.date = field(default_factory=dt.date.today)
    schemas: Schemas | None = None  # the register's own schema (None: the one that comes with the tool)
    use_directory_urls: bool = True  # as the site is built: systems/<id>/ or systems/<id>.html
    raw_csv: bool = False  # CSVs with the exact texts (no spreadsheet guard, no byte-order mark), see files.py

    @classmethod
    def for_layout(cls, page_layout: Layout, today: dt.date, schemas: Schemas | None = None) -> ExportContext:
        """The context for a build: its pages' URL style and public address, its date and schema."""
        return cls(site_url=page_layout.site_url, today=today, schemas=schemas,
                   use_directory_urls=page_layout.use_directory_urls)

    def schemas_for(self, registry: Registry) -> Schemas:
        """The schema in use: the one given here, else the registry's own, else the built-in one."""
        return self.schemas or getattr(registry, "schemas", None) or load_schemas()

    def page_url(self, system: System) -> str | None:
        """The system's page on the published site (None when the site's address is not known)."""
        if not self.site_url:
            return None
        return Layout(self.use_directory_urls, self.site_url).address(system_page(system.id))


@dataclass
class ImportResult:
    """Records read from another standard's file, with what each still needs before it can be published."""

    records: list[dict[str, Any]] = field(default_factory=list)
    todo: dict[str, list[str]] = field(default_factory=dict)  # record id -> things to complete, in plain words
    problems: list[str] = field(default_factory=list)  # parts of the file that could not be read, in plain words
    refused: int = 0  # entries of the file that could not become a record (each with a problem saying why)
    origins: list[Origin] = field(default_factory=list)  # for each record (same order): where it comes from


@dataclass(frozen=True)
class Origin:
    """Where an imported record comes from: its organisation (as the file names it) and its stable key there.

    ``key`` identifies the system in the source across exports (the national id where there is one, else the
    organisation's own id together with the organisation's name); an update finds the record again by it."""

    organisation: str = ""
    key: str = ""


class CannotImport(Exception):
    """The standard has no importer, or the file given is not in its format at all."""


class Standard(abc.ABC):
    """One other standard. Subclasses set the attributes and implement ``export`` (and ``read`` to import)."""

    key: str = ""  # such as "nl-1.0"
    title: str = ""  # such as "Dutch Algorithm Register, publication standard 1.0"
    source: str = ""  # where the specification is published
    importable: bool = False

    @abc.abstractmethod
    def export(self, registry: Registry, context: ExportContext) -> Export:
        """The standard's files for the whole register, and the gaps of every record."""

    def read(self, content: bytes, department: str, options: dict[str, str],
             schemas: Schemas | None = None) -> ImportResult:
        """Records from a file in this standard's format (only standards with ``importable = True``).

        ``schemas`` is the register's own schema (its ``x-mappings`` translate the standard's values); None means
        the schema that comes with the tool.
        """
        raise CannotImport(L_("records cannot be imported from {standard}", standard=self.title))


STANDARDS: dict[str, Standard] = {}


def register(standard: Standard) -> Standard:
    STANDARDS[standard.key] = standard
    return standard


# --- helpers shared by the standards --------------------------------------------------------------

def text(system: System, value: Any) -> str:
    """A record text in the record's main language (empty when missing)."""
    return pick_text(value, system.main_language, system.main_language) or "" if value is not None else ""


_MARKDOWN = [(re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)"), r"\1 (\2)"), (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
             (re.compile(r"(?<![*\w])[*_](?!\s)(.+?)(?<!\s)[*_](?![*\w])"), r"\1"), (re.compile(r"`([^`]*)`"), r"\1")]


_MARKS = re.compile(r"[\[*_`]")  # every pattern above needs one of these: a text without them has nothing to remove


def plain(markdown: str) -> str:
    """A Markdown-subset text as plain text: link targets in brackets, emphasis marks removed."""
    if not _MARKS.search(markdown):
        return markdown.strip()
    out = markdown
    for pattern, replacement in _MARKDOWN:
        out = pattern.sub(replacement, out)
    return out.strip()


_LIST_ITEM = re.compile(r"([-*+]|\d+[.)])\s")


def flowed(markdown: str) -> str:
    """``plain`` text with the line breaks inside a paragraph or list item joined: one line each."""
    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", plain(markdown)):
        lines: list[str] = []
        for line in (part.strip() for part in paragraph.splitlines()):
            if lines and line and not _LIST_ITEM.match(line):
                lines[-1] += " " + line
            elif line:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def plain_text(system: System, value: Any) -> str:
    """A record text in the main language, as plain text with one line per paragraph or list item."""
    return flowed(text(system, value)) if value is not None else ""


def withheld_reason(system: System, path: str) -> str | None:
    """The reason the record gives for withholding ``path`` (or a field that holds it), if it does."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in system.withheld:
            return text(system, system.withheld[key])
    return None


def retired_before(system: System, day: dt.date) -> bool:
    """Whether the system was retired before ``day`` (its status means "retired" and its date is earlier)."""
    found = system.status_date
    if not system.status_means("retired") or not found:
        return False
    try:
        return dt.date.fromisoformat(str(found[1])[:10]) < day
    except ValueError:
        return False


def shorten(value: str, limit: int, record_id: str, target_field: str, gaps: list[Gap]) -> str:
    """``value`` cut to ``limit`` characters (at a word, with an ellipsis), noting the loss as a gap."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    from generator.crosswalk.mapping import shortened

    gaps.append(Gap(record_id, target_field, shortened(len(value), len(cut), limit)))
    return cut


def all_standards() -> dict[str, Standard]:
    """Every standard, after importing the modules that define them."""
    from generator.crosswalk import eu_ai_act, eurocities, nl, nyc, uk_atrs, us_omb  # noqa: F401  (each module registers itself)

    return STANDARDS



def gap_files(gaps: list[Gap], raw: bool = False, t: Translator | None = None) -> dict[str, str]:
    """The gaps of an export as gaps.csv and gaps.json (one row per record and field), the reasons in ``t``'s language
    (None: English). The column names and the order of the rows are the same in every language."""
    import json

    from generator.crosswalk.files import csv_text

    rows = sorted(gaps, key=lambda g: (g.record_id, g.field, str(g.reason)))
    reasons = [str(told(g.reason, t)) if t is not None else str(g.reason) for g in rows]
    table = csv_text(["record_id", "field", "reason"], ([g.record_id, g.field, r] for g, r in zip(rows, reasons)),
                     raw=raw)
    as_json = json.dumps([{"record_id": g.record_id, "field": g.field, "reason": r} for g, r in zip(rows, reasons)],
                         ensure_ascii=False, indent=2) + "\n"
    return {"gaps.csv": table, "gaps.json": as_json}


def write_export(export: Export, folder: Path, raw: bool = False, t: Translator | None = None) -> list[Path]:
    """Write an export's files and its gap lists under ``folder`` (``raw``: gaps.csv with the exact texts; ``t``: the
    language of the gaps' reasons)."""
    written = []
    for relative, content in {**export.files, **gap_files(export.gaps, raw, t)}.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
        written.append(target)
    return written
