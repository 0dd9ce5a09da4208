"""What choice values *mean*, read from the schema's ``x-meanings`` annotations, never written in code.

A choice field of the schema may say which of its values carry a meaning the
engine acts on, for example on ``status``::

    "x-meanings": {"used": ["pilot", "in use", "paused"], "retired": ["retired"]}

Code asks ``meanings.has("status", system.status, "used")`` instead of comparing
with ``"in use"``; a city that adds a value to its schema says in the same place
what the new value means. A value listed under no meaning simply has none (each
meaning is chosen so that "none" is the careful default: a personal-data level
that is not declared ``no-personal-data`` counts as personal data). The meanings
the engine relies on are listed in ``REQUIRED``; a schema without one of them is
reported as broken, by name, instead of silently changing what pages say.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.core.fields import FieldInfo, field_index
from generator.core.schema import Schemas, SchemaError

# field path -> meanings the engine reads there (each documented in the schema, beside the values).
REQUIRED: dict[str, tuple[str, ...]] = {}


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
