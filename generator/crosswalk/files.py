"""Writing CSV files: one writer for the open data and every export, so every CSV follows the same rules.

The rules (documented on the Open data page and in ``docs/cli.md``):

- **Safe to open in a spreadsheet.** A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets an apostrophe (``'``) before it, so that LibreOffice, Excel and Google Sheets show it as text
  and never run it as a formula (CSV or formula injection, as OWASP describes it). A cell that is a plain
  number (``-3``, ``+4.5``) is left as it is: it cannot be a formula. The JSON files always hold the exact
  text; ``airegister export --raw`` writes CSVs without the apostrophes for programs that need the exact text.
- **UTF-8 with a byte-order mark** in the spreadsheet variant, so Excel on Windows reads accented letters
  and other scripts correctly; the raw variant has none.
- **RFC 4180 line endings** (CR LF) after every row, in both variants. Line breaks inside a cell stay as they
  are in the text (inside quotes).
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> str:
    """A cell as text that a spreadsheet shows and never runs: an apostrophe before a formula start."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unguarded(text: str) -> str:
    """A cell read back from a CSV this tool wrote: without the apostrophe ``spreadsheet_safe`` added."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START) and not _NUMBER.fullmatch(text[1:]):
        return text[1:]
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool = False) -> str:
    """A CSV file: the header row, then one row per item, CR LF after each row.

    By default the spreadsheet variant (a byte-order mark, every cell through ``spreadsheet_safe``); with
    ``raw``, the exact texts and no byte-order mark.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cell = (lambda v: "" if v is None else v) if raw else spreadsheet_safe
    writer.writerow([cell(v) for v in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue() if raw else BOM + buffer.getvalue()
