"""Links that have one address per language: choosing the address for a reader, and reducing them to one address.

A link field of the schema (the ``x-link`` annotation, ``$defs/link``) holds
either one address for every language or one address per language code
(``{fi: https://…/fi/…, sv: https://…/sv/…}``). A page in a language without
its own address uses the address in the record's main language (else the
register's default language, else the first one given) and says that the target
is in that language. Exports whose standard holds one address get the address
in the export's language (``with_single_links``); ``registry.json`` keeps the
whole set.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from generator.core.fields import FieldInfo, record_fields, register_fields
from generator.core.schema import Schemas
from generator.model.objects import Register, Registry, System

Link = str | dict[str, str]


def pick_link(value: Link | None, language: str, *fallbacks: str) -> tuple[str | None, str | None]:
    """The address of a link for a reader of ``language``, and the language of that address.

    The language is None for a single address (its language is not known); for a set, it is ``language`` when the
    set has it, else the first of ``fallbacks`` it has, else the first language given."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return value, None
    for lang in (language, *fallbacks, *value):
        if lang in value:
            return value[lang], lang
    return None, None


def link_languages(value: Link | None) -> list[str]:
    """The languages a link has its own address in (none for a single address)."""
    return list(value) if isinstance(value, dict) else []


def _flat(value: Any, info: FieldInfo | None, pick: Callable[[dict[str, str]], str]) -> Any:
    if info is None:
        return value
    if info.per_language:
        if isinstance(value, dict):
            return pick(value)
        if isinstance(value, list):
            return [pick(item) if isinstance(item, dict) else item for item in value]
        return value
    if info.kind != "object" or not info.children:
        return value
    kids = {child.name: child for child in info.children}
    keyed = len(info.children[0].path) >= 2 and info.children[0].path[-2] == "*"  # a map by id (departments)

    def fields(entry: Any) -> Any:
        return {key: _flat(item, kids.get(key), pick) for key, item in entry.items()} if isinstance(entry, dict) else entry

    def one(entry: Any) -> Any:
        if keyed and isinstance(entry, dict):
            return {key: fields(item) for key, item in entry.items()}
        return fields(entry)

    return [one(item) for item in value] if isinstance(value, list) else one(value)


def single_links(data: dict[str, Any], infos: tuple[FieldInfo, ...], language: str | None,
                 *fallbacks: str) -> tuple[dict[str, Any], bool]:
    """``data`` with each link that has one address per language reduced to the address in ``language`` (else in the
    first of ``fallbacks`` it has), and whether any was reduced."""
    changed = False

    def pick(value: dict[str, str]) -> str:
        nonlocal changed
        changed = True
        return pick_link(value, language or fallbacks[0], *fallbacks)[0] or ""

    by_name = {info.name: info for info in infos}
    out = {key: _flat(value, by_name.get(key), pick) for key, value in data.items()}
    return out, changed


def _has_set(value: Any, parts: tuple[str, ...]) -> bool:
    """Whether a link at ``parts`` (lists on the way walked item by item) has one address per language."""
    if isinstance(value, list):
        return any(_has_set(item, parts) for item in value)
    if not parts:
        return isinstance(value, dict)
    return isinstance(value, dict) and parts[0] in value and _has_set(value[parts[0]], parts[1:])


def with_single_links(registry: Registry, preferred: str | None = None, schemas: Schemas | None = None) -> Registry:
    """The register as an export whose standard holds one address per link sees it: every link with one address per
    language reduced to the address in ``preferred`` (such as ``nl`` for the Dutch register) when it has one, else in
    the record's main language (for the register's own links, its default language)."""
    schemas = schemas or registry.schemas
    register = registry.register
    default = register.default_language
    data, changed = single_links(register.data, register_fields(schemas), preferred, default)
    new_register = dataclasses.replace(register, data=data) if changed else register
    infos = record_fields(schemas)
    paths = [tuple(info.path) for top in infos for info in top.walk() if info.per_language]
    systems = []
    for system in registry:
        if any(_has_set(system.data, path) for path in paths):  # else the record is kept as it is (the common case)
            record, _ = single_links(system.data, infos, preferred, system.main_language, default)
            system = dataclasses.replace(system, data=record, register=new_register)
        elif new_register is not register:
            system = dataclasses.replace(system, register=new_register)
        systems.append(system)
    return Registry(new_register, systems)
