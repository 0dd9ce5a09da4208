"""Problems found in register files: one located, hinted message type for every stage.

Every stage of the pipeline (reading YAML, checking the schema, register-wide
checks) reports what is wrong as a list of ``Problem`` values instead of raising,
so one run can report every problem in every file. Messages and hints are
English strings that can be told in another language (``Problem.told``; see
``core/i18n.py``), so the command line reports in the register's language.
"""
from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from generator.core.i18n import L_, Translator, told


class ExitCode(enum.IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    INVALID = 1
    USAGE = 2
    INTERNAL = 3


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in one file.

    ``line`` and ``column`` are 1-based and ``None`` only when the problem is
    about the file as a whole (for example, it is too large to read).
    ``field`` is the dotted path of the field, such as ``datasets[0].name``, or
    an empty string for problems with the file itself.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def told(self, translator: Translator) -> "Problem":
        """The same problem with its message and hint in the translator's language."""
        return dataclasses.replace(self, message=told(self.message, translator), hint=told(self.hint, translator))

    def headline(self, translator: Translator | None = None) -> str:
        """The one-line form: ``file:line:col: [warning: ]field: message`` (in the translator's language)."""
        parts = [self.location()]
        if self.severity is Severity.WARNING:
            word = L_("warning")
            parts.append(told(word, translator) if translator is not None else word)
        if self.field:
            parts.append(self.field)
        parts.append(told(self.message, translator) if translator is not None else self.message)
        return ": ".join(parts)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.field, self.message)


def field_path(path: tuple) -> str:
    """Turn a path tuple like ``("datasets", 0, "name")`` into ``datasets[0].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = str(part)
        if not all(ch.isprintable() and ch not in " .[]" for ch in name) or not name:
            name = shown(name)  # keep odd keys visible and on one line
        out += f".{name}" if out else name
    return out


def shown(text: str, limit: int = 60) -> str:
    """Quote a value for a message, making invisible characters visible and long text short."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    escaped = "".join(
        ch if ch.isprintable() and ch not in "\u200b\u200c\u200d\u2060\ufeff" else f"\\u{ord(ch):04x}"
        for ch in text
    )
    return "'" + escaped.replace("'", "\\'") + "'"
