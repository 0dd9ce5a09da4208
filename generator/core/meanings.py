"""What choice values *mean*, read from the schema's ``x-meanings`` annotations, never written in code.

A choice field of the schema may say which of its values carry a meaning the
engine acts on, for example on ``status``::

    "x-meanings": {"used": ["pilot", "in use", "paused"], "retired": ["retired"]}

Code asks ``meanings.has("status", system.status, "used")`` instead of comparing
with ``"in use"``; a city that adds a value to its schema says in the same place
what the new value means. A value listed under no meaning simply has none (each
meaning is chosen so that "none" is the careful default: a personal-data level
that is not declared ``no-personal-data`` counts as personal data). The meanings
the engine relies on are listed in ``MEANINGS``, each with what the engine does
with it (the field reference shows this beside the values); a schema without one
of them is reported as broken, by name, instead of silently changing what pages say.

Besides ``x-meanings``, the status field says per value which lifecycle date goes
with it (``x-dates``), how a page words that date (``x-date-labels``), which
field says why (``x-reasons``) and the note at the top of the system's page
(``x-notices``); ``status_date``, ``date_label``, ``reason_field`` and ``notice``
read them. docs/schema-annotations.md describes every keyword.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import N_
from generator.core.schema import Schemas, SchemaError

# field path -> the meanings the engine reads there, with what it does with the values that carry each one.
# The field reference shows these words beside the values; every meaning listed must be declared in the schema.
MEANINGS: dict[str, dict[str, str]] = {
    "status": {
        "used": N_("The city uses the system: it counts as in use in the exports to other standards."),
        "retired": N_("The system is no longer used: the record stays as a public archive, marked as retired, and its "
                   "change history says when it was retired."),
        "not-yet-used": N_("The system is not used for real cases yet."),
        "paused": N_("Use has been stopped for now."),
        "trial": N_("A limited trial with real cases: exports date its first use from when it started."),
        "not-reviewed": N_("The record is not due for review: its review date is never shown as overdue."),
    },
    "datasets.personal_data": {
        "no-personal-data": N_("The data set holds no personal data. A system counts as using personal data when any of its "
                            "data sets has a level that is neither this nor unknown."),
        "unknown": N_("Whether the data set holds personal data is not known: the system's answer is 'not known' "
                   "unless another data set holds personal data."),
        "personal-data": N_("The data set holds personal data (pseudonymised or identifiable)."),
    },
    "datasets.used_for": {
        "for-development": N_("The data set was used to build, train or test the system."),
        "for-operation": N_("The data set is used when the system runs."),
    },
    "development": {
        "involves-supplier": N_("A supplier or partner took part in building the system."),
        "in-house": N_("The city's own staff took part in building the system."),
    },
    "human_oversight.level": {
        "human-decides": N_("A person takes or confirms each decision."),
        "no-human": N_("No person is involved in the decisions."),
        "human-monitors": N_("People watch the system and can step in, but do not confirm each decision."),
    },
    "bias_assessment.status": {
        "finished": N_("The assessment is done: its date and findings are shown and exported."),
        "not-finished": N_("The assessment is not done (yet), or not needed: the reason is shown instead of findings."),
    },
    "ai_act.classification": {
        "high-risk": N_("A high-risk AI system: the readiness page checks its FRIA, DPIA summary, EU database entry and "
                     "description of human oversight."),
        "not-assessed": N_("The classification has not been assessed yet."),
        "ai-system": N_("An AI system in the sense of the AI Act: the record says whether the city is its provider or deployer."),
        "not-ai": N_("Not an AI system in the sense of the AI Act: exports leave the AI class empty."),
        "prohibited": N_("A prohibited practice (article 5): registers have no category for it, which exports list as a gap."),
    },
    "ai_act.role": {
        "deploys": N_("The city deploys (uses) the system: it is in the EU database export as a deployer's entry."),
        "provides": N_("The city provides (builds or sells) the system."),
    },
    "ai_act.annex_iii_area": {
        "no-fria": N_("No fundamental rights impact assessment is required in this area (article 27)."),
        "registered-nationally": N_("Systems in this area are registered at national level, not in the EU database "
                                 "(article 49(5))."),
        "eu-database": N_("Systems in this area are registered in the EU database."),
        "non-public-section": N_("Systems in this area are registered in the secure non-public section of the EU "
                                 "database, with only the deployer, the person submitting and the provider's entry "
                                 "(article 49(4))."),
    },
    "impact_assessments.type": {
        "fria": N_("A fundamental rights impact assessment, as the AI Act asks of deployers of high-risk systems."),
        "dpia": N_("A data protection impact assessment, whose summary the readiness page asks for."),
        "other-assessment": N_("Another assessment: exports list it with the others."),
    },
    "impact_assessments.status": {
        "completed": N_("The assessment is finished: it counts in the open data and on the readiness page."),
        "not-completed": N_("The assessment is planned or under way."),
    },
}
# What a value that carries none of the field's meanings counts as (the careful default), for the field reference.
UNMARKED: dict[str, str] = {
    "datasets.personal_data": N_("Counts as personal data: a level that is declared neither no-personal-data nor "
                              "unknown is personal data."),
}
REQUIRED: dict[str, tuple[str, ...]] = {path: tuple(names) for path, names in MEANINGS.items()}

# The field whose values carry dates, reasons and notices, and the object that holds those fields.
STATUS = "status"
LIFECYCLE = "lifecycle"


@dataclass(frozen=True)
class Meanings:
    """The meanings of the choice values of one schema set."""

    schemas: Schemas

    def _field(self, path: str) -> FieldInfo:
        info = field_index(self.schemas).get(path)
        if info is None or not info.choices:
            raise SchemaError(f"the schema has no choice field '{path}', which the register needs")
        return info

    def values(self, path: str, meaning: str) -> frozenset[str]:
        """The values of the choice field ``path`` that carry ``meaning`` (from its ``x-meanings``)."""
        return _values(self.schemas, path, meaning)

    def has(self, path: str, value: object, meaning: str) -> bool:
        """Whether ``value`` of the choice field ``path`` carries ``meaning``."""
        return isinstance(value, str) and value in self.values(path, meaning)

    def any(self, path: str, values: object, meaning: str) -> bool:
        """Whether any of ``values`` (a list, or one value) carries ``meaning``."""
        items = values if isinstance(values, (list, tuple, set, frozenset)) else [values]
        return any(self.has(path, value, meaning) for value in items)

    def declared(self, path: str) -> dict[str, tuple[str, ...]]:
        """Every meaning declared on the field, with its values (for the field reference)."""
        return dict(self._field(path).meanings)

    def of(self, path: str, value: object) -> list[str]:
        """The meanings ``value`` carries (in the schema's order)."""
        return [name for name, values in self._field(path).meanings.items() if value in values]

    # -- what goes with a status: its date, the words for it, the reason field, the notice ----------
    def date_fields(self, status: str) -> tuple[str, ...]:
        """The lifecycle fields whose date goes with ``status`` (``x-dates``), in order of preference."""
        return self._field(STATUS).dates.get(status, ())

    def status_date(self, data: dict[str, Any]) -> tuple[str, str] | None:
        """The lifecycle field and date that go with a record's status, or None (the first of x-dates found)."""
        lifecycle = data.get(LIFECYCLE) or {}
        return next(((name, lifecycle[name]) for name in self.date_fields(data.get(STATUS, "")) if lifecycle.get(name)),
                    None)

    def date_label(self, status: str, date_field: str) -> str:
        """How a page words the date of ``status`` ("since", "retired on": ``x-date-labels``); without a label,
        the title of the date field in lower case."""
        info = self._field(STATUS)
        if status in info.date_labels:
            return info.date_labels[status]
        child = field_index(self.schemas).get(f"{LIFECYCLE}.{date_field}")
        return (child.title if child else date_field).lower() + " {date}"

    def reason_field(self, status: str) -> str | None:
        """The lifecycle field that says why a system has ``status`` (``x-reasons``), if any."""
        return self._field(STATUS).reasons.get(status)

    def notice(self, status: str) -> dict[str, Any] | None:
        """The note at the top of the page of a system with ``status`` (``x-notices``), if any."""
        return self._field(STATUS).notices.get(status)

    def note(self, path: str, value: str, meaning: str) -> str | None:
        """The sentence that explains, for ``value``, what ``meaning`` implies (``x-meaning-notes``), if written."""
        return self._field(path).meaning_notes.get(value, {}).get(meaning)

    def default(self, path: str) -> Any:
        """What an absent value of the field counts as (the schema's ``default``)."""
        return self._field(path).default

    def problems(self) -> list[str]:
        """What is wrong with the annotations: a meaning the engine needs that is not declared, or a value or field
        named in an annotation that the schema does not have."""
        found = []
        index = field_index(self.schemas)
        for path, names in REQUIRED.items():
            info = index.get(path)
            if info is None or not info.choices:
                found.append(f"the schema has no choice field '{path}', which the register needs")
                continue
            found += [f"'{path}': x-meanings does not declare '{name}'" for name in names if name not in info.meanings]
        for info in index.values():
            for keyword, values in (("x-meanings", [v for vs in info.meanings.values() for v in vs]),
                                    ("x-dates", info.dates), ("x-date-labels", info.date_labels),
                                    ("x-reasons", info.reasons), ("x-notices", info.notices),
                                    ("x-meaning-notes", info.meaning_notes)):
                found += [f"'{info.dotted}': {keyword} names '{v}', which is not one of its values"
                          for v in values if v not in info.choices]
        status = index.get(STATUS)
        if status is not None:
            named = [f for fs in status.dates.values() for f in fs] + list(status.reasons.values()) \
                + [f for n in status.notices.values() for f in n.get("sentences", {})]
            found += [f"'{STATUS}': the annotations name the field '{LIFECYCLE}.{f}', which the schema does not have"
                      for f in named if f"{LIFECYCLE}.{f}" not in index]
        return found


@functools.lru_cache(maxsize=256)
def _values(schemas: Schemas, path: str, meaning: str) -> frozenset[str]:
    info = field_index(schemas).get(path)
    if info is None or not info.choices:
        raise SchemaError(f"the schema has no choice field '{path}', which the register needs")
    if meaning not in info.meanings:
        raise SchemaError(f"the choice field '{path}' does not say which values mean '{meaning}': add "
                          f"\"{meaning}\" to its \"x-meanings\" in the schema (an empty list if none do)")
    return frozenset(info.meanings[meaning])


def meanings(schemas: Schemas) -> Meanings:
    """The meanings of ``schemas`` (cheap: answers are cached per schema set)."""
    return Meanings(schemas)


def describe(info: FieldInfo, value: str) -> list[str]:
    """What the register does with one value of a choice field, in words, from its annotations (for the field
    reference page): the meanings it carries, its date, the words for that date, its reason field and notice."""
    path = info.dotted
    out = [MEANINGS.get(path, {}).get(name) or f"Means “{name}”."
           for name, values in info.meanings.items() if value in values]
    if not out and path in UNMARKED:
        out.append(UNMARKED[path])
    out += [note for note in info.meaning_notes.get(value, {}).values()]
    if info.dates.get(value):
        fields = ", else ".join(f"{LIFECYCLE}.{name}" for name in info.dates[value])
        words = info.date_labels.get(value)
        out.append(f"Its date is {fields}" + (f", shown as “{words.replace('{date}', '…')}”." if words else "."))
    if value in info.reasons:
        out.append(f"Why: {LIFECYCLE}.{info.reasons[value]}.")
    if value in info.notices:
        out.append(f"Its page starts with the note “{info.notices[value]['title']}”.")
    return out
