"""Choices a standard cannot place: a city's own choice values, checked against what the schema says of them.

A city may add a value to any choice field of its schema. Every standard that
reads that field (a ``from:`` path of its mapping file) then lists the record
with a gap that says what to add where, instead of dropping or misreading the
value:

- where the schema has a value table for the standard (``x-mappings`` → the
  standard's key, or the table named by a field's ``options: {table: …}``), a
  value missing from it must be mapped there;
- where the field declares meanings (``x-meanings``) and the value carries none
  of them, the engine cannot tell what it means (every built-in value carries at
  least one), so its meaning must be declared there.

Each value is reported once per record, at the first field of the standard that
reads it (a field that reads an object, such as ``datasets``, reads the choices
inside it).
"""
from __future__ import annotations

from typing import Any

from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.crosswalk.mapping import FieldMap, Mapping, unmapped, values_at
from generator.model.objects import System


def undeclared(info_meanings: dict[str, tuple[str, ...]], value: str) -> bool:
    return bool(info_meanings) and not any(value in values for values in info_meanings.values())


_PLANS: dict[tuple[int, Schemas], tuple[Mapping, list[tuple[FieldMap, list[tuple[str, FieldInfo, Any]]]]]] = {}


def _plan(mapping: Mapping, schemas: Schemas) -> list[tuple[FieldMap, list[tuple[str, FieldInfo, Any]]]]:
    """For each field of the standard, the choice fields it reads (path, field, the standard's value table), each
    at the first field that reads it; made once per standard and schema set, not once per record."""
    cached = _PLANS.get((id(mapping), schemas))
    if cached is not None and cached[0] is mapping:
        return cached[1]
    index = field_index(schemas)
    seen: set[str] = set()
    plan = []
    for target in mapping.fields:
        # a source that is an object or a list of objects reads every choice field inside it too
        paths = [key for source in target.sources for key, info in index.items()
                 if (key == source or key.startswith(source + ".")) and info.choices]
        read = []
        for path in paths:
            if path in seen:
                continue
            seen.add(path)
            info = index[path]
            read.append((path, info, info.mappings.get(str(target.options.get("table") or mapping.key))))
        plan.append((target, read))
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[(id(mapping), schemas)] = (mapping, plan)
    return plan


def choice_gaps(mapping: Mapping, system: System, schemas: Schemas) -> list[tuple[FieldMap, str]]:
    """(the standard's field, reason) for every choice value of the record the standard cannot place."""
    out: list[tuple[FieldMap, str]] = []
    for target, read in _plan(mapping, schemas):
        for path, info, table in read:
            for value in dict.fromkeys(v for v in values_at(system.data, path) if isinstance(v, str)):
                if table is not None and value not in table:
                    out.append((target, unmapped(mapping.key, path, value, info.label(value))))
                elif table is None and undeclared(info.meanings, value):
                    out.append((target, L_("the choice “{label}” ('{value}') of {path} does not say what it means, so "
                                           "{standard} cannot place it: add it to one of {meanings} under "
                                           "\"x-meanings\" of '{path}' in the schema", label=L_(info.label(value)),
                                           value=value, path=path, standard=mapping.key,
                                           meanings=", ".join(repr(m) for m in info.meanings))))
    return out


def new_choice_gaps(mapping: Mapping, system: System, schemas: Schemas, known: set[str]) -> list[tuple[FieldMap, str]]:
    """``choice_gaps`` less the reasons the export already gave (``known``: the record's gap reasons)."""
    return [(target, reason) for target, reason in choice_gaps(mapping, system, schemas)
            if not any(reason in given or given in reason for given in known)]


def add_choice_gaps(gaps: list, mapping: Mapping, system: System, schemas: Schemas, by_label: bool = False) -> None:
    """Append to ``gaps`` (a list of ``Gap``) the choice gaps of ``system`` that are not in it yet; the standard's
    field is named by its ``field`` (or, with ``by_label``, its label), as the standard's other gaps are."""
    from generator.crosswalk import Gap

    found = choice_gaps(mapping, system, schemas)
    if not found:  # the usual case: no need to read the gaps already given (a long list in a large register)
        return
    known = {g.reason for g in gaps if g.record_id == system.id}
    for target, reason in found:
        if not any(reason in given or given in reason for given in known):
            gaps.append(Gap(system.id, target.label if by_label else target.target, reason))
