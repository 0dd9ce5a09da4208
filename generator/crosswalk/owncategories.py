"""Imported records into the register's own categories, by the standard's category they came with.

An import keeps the other standard's category of a record under ``external_categories`` (the Dutch themes,
the Eurocities domain). A register whose categories say what they stand for in that standard (their own
``external_categories`` in ``register.yaml``) reads that mapping backwards here: a record whose theme a
category stands for is put in that category, in every one that stands for it, and its to-do list says so.
A theme that several categories stand for, or none, is said plainly; nothing is guessed.
"""
from __future__ import annotations

from typing import Any

from generator.core.fields import field_index
from generator.core.i18n import L_, Listing, Text
from generator.core.schema import Schemas
from generator.model.objects import Register, pick_text


class _Label(Text):
    """A category's label, told in the reader's language where register.yaml gives it (else its main language)."""

    def __new__(cls, label: Any, main: str) -> "_Label":
        text = super().__new__(cls, pick_text(label, "en", main) or "")
        text.label, text.main = label, main
        return text

    def __reduce__(self):
        return (type(self), (self.label, self.main))

    def told(self, translator) -> str:
        return pick_text(self.label, translator.language, self.main) or str(self)


def _values(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]


def place_in_categories(records: list[dict[str, Any]], todo: dict[str, list[Any]], register: Register,
                        schemas: Schemas) -> None:
    """Give each of ``records`` the register's categories its standard's category stands for, with notes in
    ``todo`` (record id -> notes). A register without categories, or a record that names its own, is left as is."""
    categories = register.categories
    if not categories:
        return
    titles = {info.name: info.title for info in field_index(schemas)["external_categories"].children}
    for record in records:
        theirs = record.get("external_categories")
        if not isinstance(theirs, dict) or record.get("categories"):
            continue
        chosen: list[str] = []
        notes = todo.setdefault(record["id"], [])
        for key, value in theirs.items():
            field = Text(titles.get(key, key))  # the schema's title, told in the reader's language
            mapped = {cid: category.mapped(key) for cid, category in categories.items()}
            if not any(mapped.values()):
                notes.append(L_("None of the register's categories says which value of '{field}' it stands for "
                                "(external_categories under categories in register.yaml), so the record was put in "
                                "no category: choose its categories yourself.", field=field))
                continue
            for wanted in _values(value):
                found = [cid for cid, values in mapped.items() if wanted in values]
                chosen += [cid for cid in found if cid not in chosen]
                if len(found) == 1:
                    notes.append(L_("The record was put in the category '{category}' ({id}), which stands for "
                                    "'{value}' ({field}) in register.yaml: check its categories.",
                                    category=_Label(categories[found[0]].label, register.default_language), id=found[0],
                                    value=wanted, field=field))
                elif found:
                    notes.append(L_("Several categories in register.yaml stand for '{value}' ({field}): {categories}. "
                                    "The record was put in all of them: remove from its categories those that do not "
                                    "fit.", value=wanted, field=field,
                                    categories=Listing([L_("'{category}' ({id})", id=cid, category=_Label(
                                        categories[cid].label, register.default_language)) for cid in found])))
                else:
                    notes.append(L_("No category in register.yaml stands for '{value}' ({field}), so the record was "
                                    "put in no category for it: choose its categories yourself if one fits.",
                                    value=wanted, field=field))
        if chosen:
            _put_after(record, "domains", "categories", [cid for cid in categories if cid in chosen])


def _put_after(record: dict[str, Any], after: str, key: str, value: Any) -> None:
    """Set ``record[key]`` right after ``after`` (where a clerk looks for it in the file), else at the end."""
    items = list(record.items())
    record.clear()
    for name, old in items:
        record[name] = old
        if name == after:
            record[key] = value
    record.setdefault(key, value)
