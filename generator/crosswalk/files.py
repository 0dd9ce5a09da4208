"""Writing an export's tables: one CSV writer for every standard, so every CSV follows the same rules."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], lineterminator: str = "\n") -> str:
    """A CSV file: the header row, then one row per item (values written as text).

    ``lineterminator`` ends each row: ``"\n"`` unless a standard asks for Windows line endings (``"\r\n"``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()
