"""The register as objects: ``Register``, ``Department`` and ``System``, built only from valid data.

Nothing here reads files or validates; ``registry.load_registry`` builds these
objects after every check has passed. A ``System`` keeps its validated record
data as plain dictionaries (the schema defines their shape) and adds what pages
and exports derive from it: texts in a chosen language, the department, whether
personal data is used, which expected fields are missing or withheld.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

Text = str | dict[str, str]


def pick_text(value: Text | None, language: str, fallback: str) -> str | None:
    """The text of a field in ``language``, else in ``fallback``, else in any language given."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    for lang in (language, fallback):
        if lang in value:
            return value[lang]
    return next(iter(value.values()), None)


def text_languages(value: Text | None, main: str) -> set[str]:
    """The languages a text is available in (a plain string counts as the main language)."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {main}
    return set(value)


@dataclass(frozen=True)
class Department:
    id: str
    data: dict[str, Any]

    @property
    def name(self) -> Text:
        return self.data["name"]


@dataclass(frozen=True)
class Register:
    """The register configuration (``registry/register.yaml``)."""

    data: dict[str, Any]
    file: str

    @property
    def title(self) -> Text:
        return self.data["title"]

    @property
    def default_language(self) -> str:
        return self.data["default_language"]

    @property
    def languages(self) -> list[str]:
        return list(self.data.get("languages") or [self.default_language])

    @property
    def departments(self) -> dict[str, Department]:
        return {key: Department(key, value) for key, value in self.data["departments"].items()}

    @property
    def functional_mailboxes(self) -> set[str]:
        return {m.lower() for m in self.data.get("functional_mailboxes", ())}

    def text(self, value: Text | None, language: str | None = None) -> str | None:
        return pick_text(value, language or self.default_language, self.default_language)


@dataclass(frozen=True)
class System:
    """One validated record: an AI or algorithmic system used by the city."""

    id: str
    file: str  # as shown to people: relative to the working folder
    data: dict[str, Any]
    register: Register = field(repr=False, compare=False)
    path: Path | None = field(default=None, repr=False, compare=False)  # absolute path of the record file

    # -- core fields -----------------------------------------------------
    @property
    def languages(self) -> list[str]:
        return list(self.data.get("languages") or [self.register.default_language])

    @property
    def main_language(self) -> str:
        return self.languages[0]

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def classification(self) -> str:
        return self.data["ai_act"]["classification"]

    @property
    def department_id(self) -> str:
        return self.data["owner"]["department"]

    @property
    def department(self) -> Department:
        return self.register.departments[self.department_id]

    @property
    def domains(self) -> list[str]:
        return list(self.data.get("domains", ()))

    @property
    def oversight_level(self) -> str | None:
        return (self.data.get("human_oversight") or {}).get("level")

    @property
    def uses_personal_data(self) -> bool | None:
        """True if any data set holds personal data, False if none does, None if unknown or no data sets are listed."""
        kinds = {d["personal_data"] for d in self.data.get("datasets", ())}
        if kinds & {"identified", "pseudonymised"}:
            return True
        if not kinds or "unknown" in kinds:
            return None
        return False

    def text(self, value: Text | None, language: str | None = None) -> str | None:
        """A text of this record in ``language`` (falling back to the record's main language)."""
        return pick_text(value, language or self.main_language, self.main_language)

    @property
    def withheld(self) -> dict[str, Text]:
        """Withheld field names mapped to the reason given."""
        return {item["field"]: item["reason"] for item in self.data.get("withheld", ())}

    def missing(self, expected: list[str]) -> list[str]:
        """Names of expected top-level fields that are neither filled in nor withheld."""
        withheld = self.withheld
        return [name for name in expected if name not in self.data and name not in withheld]


@dataclass
class Registry:
    """A register and all its systems, sorted by id."""

    register: Register
    systems: list[System]

    def __iter__(self) -> Iterator[System]:
        return iter(self.systems)

    def __len__(self) -> int:
        return len(self.systems)

    def get(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)
