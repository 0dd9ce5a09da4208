"""Words that several standards share: gap reasons and lists, as messages told in the reader's language (``L_``).

A gap's reason is a ``Text``: English as a string (so the gap lists are sorted
and compared the same in every language), told in the auditor's language when
``gaps.csv`` is written (``gap_files``).
"""
from __future__ import annotations

from generator.core.i18n import L_


def shortened(before: int, after: int, limit: int) -> str:
    """The gap for a text cut to fit the standard's limit."""
    return L_("shortened from {before} to {after} characters (the standard allows at most {limit}); the full text is "
              "on the register page", before=before, after=after, limit=limit)


def unmapped(key: str, path: str, value: str, label: str) -> str:
    """The gap for a choice value that the standard's value table in the schema does not list."""
    return L_("the choice “{label}” ('{value}') of {path} has no {standard} equivalent yet: add it to the "
              "\"x-mappings\" → \"{standard}\" table of '{path}' in the schema (or map it to null if the standard has "
              "none)", label=L_(label), value=value, path=path, standard=key)


def withheld(reason: str) -> str:
    """The gap for a field the record withholds, with the record's own reason (record text, shown as written)."""
    return L_("withheld in the record: {reason}", reason=reason)


def either(items: list) -> str:
    """Messages as one choice (“A or B or C”), each told in the reader's language."""
    out = items[0]
    for item in items[1:]:
        out = L_("{first} or {second}", first=out, second=item)
    return out


def missing_fields(source, *paths: str) -> str:
    """Why a field of the standard is empty (``source``: a mapping ``Source``): the reason the record gives for
    withholding one of ``paths``, else which of them to fill in."""
    for path in paths:
        reason = source.withheld(path)
        if reason:
            return withheld(reason)
    titles = [L_("“{field}” ({path})", field=L_(source.title(path)), path=path) if source.info(path) else path
              for path in paths]
    return L_("not in the record yet: fill in {fields}", fields=either(titles))


def every(items: list) -> str:
    """Messages as one list (“A and B and C”), each told in the reader's language."""
    out = items[0]
    for item in items[1:]:
        out = L_("{first} and {second}", first=out, second=item)
    return out
