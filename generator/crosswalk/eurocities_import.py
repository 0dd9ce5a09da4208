"""Import from the Eurocities / Algoritmeregister standard 0.3.1: its CSV template, one record per row.

The file's first line names the columns: the attribute keys, or their English
or Dutch names; commas, semicolons and tabs all work as separators. Each row
becomes a record (``eurocities_row.py``); rows without a name and columns that
are not in the template are listed as problems.
"""
from __future__ import annotations

import csv
import io

from generator.core.i18n import L_
from generator.core.schema import Schemas, load_schemas
from generator.crosswalk import CannotImport, ImportResult, Origin
from generator.crosswalk.files import unguarded
from generator.crosswalk.eurocities_row import RowReader, cell_markdown
from generator.crosswalk.eurocities_rules import ATTRIBUTES
from generator.crosswalk.importkit import collapse, fits


def _header_key(name: str) -> str | None:
    wanted = collapse(name.lstrip("\ufeff")).casefold()
    return next((a.key for a in ATTRIBUTES if wanted in (a.key.casefold(), a.en.casefold(), a.nl.casefold())), None)


def _rows(content: bytes) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """The attribute of each column, the rows keyed by attribute, and the columns that are not in the template."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CannotImport(L_("this file is not UTF-8 text; save the Eurocities CSV template as CSV (UTF-8) and "
                              "try again")) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        header = []
    keys = [_header_key(name) for name in header]
    if "name" not in keys or sum(1 for k in keys if k) < 2:
        raise CannotImport(L_("this is not a CSV file in the Eurocities template (standard 0.3.1): its first line "
                              "must name the columns, such as name, description_short, organization and status"))
    unknown = [name for name, key in zip(header, keys) if key is None and name.strip()]
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rows.append({key: unguarded(value) for key, value in zip(keys, values) if key})
    except csv.Error as exc:
        raise CannotImport(L_("the CSV file could not be read ({problem})", problem=str(exc))) from None
    return keys, rows, unknown


def read_records(content: bytes, department: str, options: dict[str, str],
                 schemas: Schemas | None = None) -> ImportResult:
    """Records from a CSV file in the Eurocities template, one record per row (``schemas``: the schema in use)."""
    schemas = schemas or load_schemas()
    _, rows, unknown = _rows(content)
    result = ImportResult()
    for name in unknown:
        result.problems.append(L_("the column '{name}' is not part of the Eurocities 0.3.1 template, so it was not read",
                                  name=name))
    taken: set[str] = set()
    for number, row in enumerate(rows, 2):
        name, cut = fits(collapse(cell_markdown((row.get("name") or ""))), 100)
        if not name:
            result.problems.append(L_("row {number} has no name (the column 'name'), so it was skipped; add a name "
                                      "and import the file again", number=number))
            result.refused += 1
            continue
        record, todo = RowReader(row, department, options, taken, schemas).build(name)
        if cut:
            todo.insert(0, L_("The name was longer than 100 characters and was cut: check it."))
        result.records.append(record)
        organisation = collapse(row.get("organization") or "")
        result.origins.append(Origin(organisation, f"uuid:{collapse(row['uuid']).lower()}" if collapse(row.get("uuid") or "")
                                     else f"{organisation}|{name}"))
        result.todo[record["id"]] = todo
    return result
