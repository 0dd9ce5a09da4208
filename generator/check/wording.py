"""The words of the checks' messages: what a kind of value is called, and what to write instead.

Every text here is made with ``L_``, so a message that uses it is told in the
reader's language (see ``core/i18n.py``); ``describe`` says in words what an
author wrote, quoting text as it was written.
"""
from __future__ import annotations

from typing import Any, Iterable

from generator.core.errors import shown
from generator.core.i18n import L_

TYPE_HINTS = {
    "string": L_("Write the value as text after the ':' (or after '- ' in a list); put it in double quotes if it contains "
                 "': '."),
    "array": L_("Write the items as a list, one per line, each starting with '- '."),
    "object": L_("Write its fields on the lines below it, indented, one 'name: value' per line."),
    "boolean": L_("Write true or false (without quotes)."),
    "integer": L_("Write a whole number (without quotes)."),
}

TYPE_WORDS = {
    "string": L_("text"),
    "object": L_("a set of fields (lines like 'name: value')"),
    "array": L_("a list (lines starting with '- ')"),
    "boolean": L_("true or false"),
    "integer": L_("a whole number"),
    "number": L_("a number"),
    "null": L_("nothing"),
}
TEXT_OR_TRANSLATIONS = L_("text (or one text per language, such as 'en: ...')")
FILL_IN = L_("Fill in the text (or remove the line if the field is optional).")
LINK_OR_ADDRESSES = L_("a web address (or one address per language, such as 'fi: https://...')")
LINK_OR_ADDRESSES_HINT = L_("Write the address after the ':', or one line per language such as 'fi: https://...' and "
                            "'sv: https://...'.")
TEXT_OR_TRANSLATIONS_HINT = L_("Write the text after the ':', or one line per language such as 'en: ...' and 'fi: ...'.")


def either(words: Iterable[Any]) -> Any:
    """``a or b or c``, with the word for "or" in the reader's language."""
    words = list(words)
    out = words[0] if words else ""
    for word in words[1:]:
        out = L_("{first} or {second}", first=out, second=word)
    return out


def describe(value: Any) -> str:
    """Say in words what the author wrote."""
    if value is None:
        return L_("nothing")
    if isinstance(value, bool):
        return L_("the value {value}", value="true" if value else "false")
    if isinstance(value, int):
        return L_("the number {number}", number=value)
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return L_("a list")
    if isinstance(value, dict):
        return L_("a set of fields")
    return type(value).__name__
