"""Record numbers for standards that identify a record by a number (the UK ATRS ``id``, the US use case id).

The numbers are kept in the register, under ``exports.numbers`` in ``register.yaml`` (record id -> number), so
that they stay the same from one export to the next: a clerk gives each new record the next free number and
never changes or reuses one. A record without a number, or with a number another record has too, gets none
and its gap says what to do.
"""
from __future__ import annotations

from typing import Any

from generator.core.i18n import L_
from generator.model.objects import Register, System


def _settings(register: Register) -> dict[str, Any]:
    return register.data.get("exports") or {}


def numbers(register: Register) -> dict[str, int]:
    return dict(_settings(register).get("numbers") or {})


def record_number(system: System) -> tuple[int | None, str | None]:
    """The record's number, or None and the reason (in plain words, with the fix) when it has none."""
    table = numbers(system.register)
    number = table.get(system.id)
    if number is None:
        free = max(table.values(), default=0) + 1
        return None, L_("the record has no number yet: add “{id}: {number}” (the next free number) under “Record "
                        "numbers” in register.yaml (exports.numbers); never change or reuse a number", id=system.id,
                        number=free)
    others = sorted(key for key, value in table.items() if value == number and key != system.id)
    if others:
        return None, L_("the number {number} is given to {records} in register.yaml (exports.numbers): give each "
                        "record its own number", number=number, records=", ".join([system.id, *others]))
    return number, None


def agency_number(system: System) -> tuple[str | None, str | None]:
    """``[Agency]-[#]`` (the US use case id): ``exports.agency_abbreviation`` and the record's number, or None and
    the reason."""
    agency = _settings(system.register).get("agency_abbreviation")
    if not agency:
        return None, L_("the use case id starts with the agency's abbreviation: write it as “Agency abbreviation” in "
                        "register.yaml (exports.agency_abbreviation), such as LKH")
    number, reason = record_number(system)
    return (f"{agency}-{number}", None) if number is not None else (None, reason)
