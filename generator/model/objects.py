"""The register as objects: ``Register``, ``Department`` and ``System``, built only from valid data.

Nothing here reads files or validates; ``registry.load_registry`` builds these
objects after every check has passed. A ``System`` keeps its validated record
data as plain dictionaries (the schema defines their shape) and adds what pages
and exports derive from it: texts in a chosen language, the department, whether
personal data is used, which expected fields are missing or withheld.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from generator.core.meanings import Meanings, meanings
from generator.core.schema import Schemas, load_schemas

Text = str | dict[str, str]

# The answer to "does it use personal data?" (System.uses_personal_data) as written on cards, in the browse
# filter's addresses and in registry.csv: a fixed vocabulary of the register, not the values of a schema field.
PERSONAL_DATA_ANSWERS: dict[bool | None, str] = {True: "yes", False: "no", None: "unknown"}


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
class Category:
    """One of the register's own categories (``categories`` in register.yaml): a label per language, and the
    category of each other standard it stands for (the same keys as a record's ``external_categories``)."""

    id: str
    data: dict[str, Any]

    @property
    def label(self) -> Text:
        return self.data["label"]

    @property
    def description(self) -> Text | None:
        return self.data.get("description")

    def mapped(self, key: str) -> list[str]:
        """The values this category gives for one standard's category field (``nl_themes``, ``uk_function``...)."""
        value = (self.data.get("external_categories") or {}).get(key)
        return [] if value is None else list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Organisation:
    """An organisation whose systems the register holds: the one that runs it (id ``""``), or one of its
    ``organisations``."""

    id: str
    data: dict[str, Any]

    @property
    def name(self) -> Text:
        return self.data["name"]

    @property
    def region(self) -> Text | None:
        return self.data.get("region")


@dataclass(frozen=True)
class Register:
    """The register configuration (``registry/register.yaml``)."""

    data: dict[str, Any]
    file: str
    schemas: Schemas | None = field(default=None, repr=False, compare=False)  # None: the bundled schemas

    @property
    def meanings(self) -> Meanings:
        """What the choice values of this register's schema mean (core.meanings)."""
        return meanings(self.schemas if self.schemas is not None else load_schemas())

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
    def category_title(self) -> Text | None:
        """What the register calls its categories ("Themes"), one text per language; None: the word "Category"."""
        return self.data.get("category_title")

    @property
    def categories(self) -> dict[str, Category]:
        """The register's own categories by id, in the order register.yaml lists them."""
        return {item["id"]: Category(item["id"], item) for item in self.data.get("categories") or ()}

    @property
    def organisation(self) -> Organisation:
        """The organisation that runs the register (and owns the systems of departments that name no other)."""
        return Organisation("", self.data["organisation"])

    @property
    def organisations(self) -> dict[str, Organisation]:
        """The organisations the register publishes for, by id (empty in a register of one organisation)."""
        return {key: Organisation(key, value) for key, value in (self.data.get("organisations") or {}).items()}

    @property
    def several_organisations(self) -> bool:
        """Whether the register publishes for more than one organisation (then pages and data name each)."""
        return bool(self.data.get("organisations"))

    def organisation_of_id(self, organisation_id: str) -> Organisation:
        """The organisation with this id ("" or an unknown id: the one that runs the register)."""
        found = (self.data.get("organisations") or {}).get(organisation_id) if organisation_id else None
        return Organisation(organisation_id, found) if found else self.organisation

    def organisation_of(self, department_id: str) -> Organisation:
        """The organisation a department belongs to: the one it names, else the one that runs the register."""
        wanted = (self.data["departments"].get(department_id) or {}).get("organisation")
        found = (self.data.get("organisations") or {}).get(wanted) if wanted else None
        return Organisation(wanted, found) if found else self.organisation

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
        return Department(self.department_id, self.register.data["departments"][self.department_id])

    @property
    def organisation(self) -> Organisation:
        """The organisation that owns the system: its department's organisation (in a register of one city, the
        city)."""
        return self.register.organisation_of(self.department_id)

    def organisation_name(self, language: str | None = None) -> str:
        """The owning organisation's name in ``language`` (else the register's default language)."""
        return self.register.text(self.organisation.name, language) or ""

    @property
    def domains(self) -> list[str]:
        return list(self.data.get("domains", ()))

    @property
    def categories(self) -> list[str]:
        """The ids of the register's categories the system belongs to, as the record lists them."""
        return list(self.data.get("categories", ()))

    def mapped_categories(self, key: str) -> list[str]:
        """What the register's categories of this system give for one standard's category field (a key of
        ``external_categories``, such as ``nl_themes``), in the record's order, each value once; empty when none
        of its categories has a mapping for that standard."""
        known = self.register.categories
        values = [value for category in self.categories if category in known for value in known[category].mapped(key)]
        return list(dict.fromkeys(values))

    @property
    def oversight_level(self) -> str | None:
        return (self.data.get("human_oversight") or {}).get("level")

    @property
    def meanings(self) -> Meanings:
        return self.register.meanings

    def status_means(self, meaning: str) -> bool:
        """Whether the system's status carries ``meaning`` ("used", "retired"... from the schema's x-meanings)."""
        return self.meanings.has("status", self.status, meaning)

    @property
    def status_date(self) -> tuple[str, str] | None:
        """The lifecycle field and date that go with the status (the schema's x-dates), if the record has one."""
        return self.meanings.status_date(self.data)

    @property
    def status_date_label(self) -> str | None:
        """How pages word the status date ("since", "retired on": the schema's x-date-labels)."""
        found = self.status_date
        return self.meanings.date_label(self.status, found[0]) if found else None

    @property
    def reviewed(self) -> bool:
        """Whether the record is kept under review (a status that means "not-reviewed", such as retired, is not)."""
        return not self.status_means("not-reviewed")

    def review_overdue(self, today: dt.date) -> bool:
        """Whether the record's next review date has passed (never for a status exempt from review)."""
        due = (self.data.get("record") or {}).get("next_review")
        return bool(due) and self.reviewed and dt.date.fromisoformat(due) < today

    @property
    def uses_personal_data(self) -> bool | None:
        """True if any data set holds personal data, False if none does, None if unknown or no data sets are listed.

        A level the schema does not declare "no-personal-data" or "unknown" counts as personal data (the careful
        default: a level a city adds to its schema is personal data unless it says otherwise)."""
        meaning = self.meanings
        kinds = {d["personal_data"] for d in self.data.get("datasets", ())}
        none = meaning.values("datasets.personal_data", "no-personal-data")
        unknown = meaning.values("datasets.personal_data", "unknown")
        if kinds - none - unknown:
            return True
        if not kinds or kinds & unknown:
            return None
        return False

    def completed_assessments(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The impact assessments whose status means "completed" (an absent status counts as the schema's default),
        only those whose type means ``kind`` ("fria", "dpia") when it is given."""
        meaning = self.meanings
        default = meaning.default("impact_assessments.status")
        return [a for a in self.data.get("impact_assessments", ())
                if meaning.has("impact_assessments.status", a.get("status", default), "completed")
                and (kind is None or meaning.has("impact_assessments.type", a["type"], kind))]

    @property
    def personal_data_answer(self) -> str:
        """uses_personal_data as "yes", "no" or "unknown" (PERSONAL_DATA_ANSWERS)."""
        return PERSONAL_DATA_ANSWERS[self.uses_personal_data]

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

    @property
    def schemas(self) -> Schemas:
        """The schemas the register was checked against (the bundled ones for a register built by hand)."""
        return self.register.schemas if self.register.schemas is not None else load_schemas()

    @property
    def meanings(self) -> Meanings:
        """What the choice values of the register's schema mean."""
        return self.register.meanings

    def __len__(self) -> int:
        return len(self.systems)

    def get(self, system_id: str) -> System | None:
        return next((s for s in self.systems if s.id == system_id), None)
