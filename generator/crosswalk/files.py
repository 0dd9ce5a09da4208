"""Writing an export's tables: one CSV writer for every standard, so every CSV follows the same rules."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], line_terminator: str = "\n") -> str:
    """A CSV file: the header row, then one row per item (values written as text); lines end with ``line_terminator``
    (CR LF where a standard asks for Windows line endings)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_terminator)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()
