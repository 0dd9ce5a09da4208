"""One change to a record in plain words: its title ("Changed: Parking scan car") and one sentence per changed
field with the old and the new value ("Status: in use → paused").

The Atom feed (``publish.feed``) writes its entries with these; a page that lists changes can use the same
sentences, so a change reads the same wherever it is shown. Field names are the schema's titles and choice
values their labels, in the language of the translator given.
"""
from __future__ import annotations

import re
from typing import Any

from generator.core.fields import field_index
from generator.core.i18n import N_, Translator
from generator.core.schema import Schemas
from generator.load.history import ADDED, CHANGED, DELETED, RENAMED, RETIRED, Change

KIND_LABELS = {ADDED: N_("Added"), CHANGED: N_("Changed"), RENAMED: N_("Moved"), RETIRED: N_("Retired"),
               DELETED: N_("Removed")}
LONGEST_VALUE = 200  # characters of an old or new value shown in a sentence; the history JSON has them whole
_INDEX = re.compile(r"\[\d+\]")
_LANGUAGE_PART = re.compile(r"\.[a-z]{2,3}(-[A-Za-z]{2,4})?$")  # the text of one language: accountable.role.fi


def change_title(change: Change, name: str, t: Translator) -> str:
    """``Changed: Parking scan car``: what happened, then the record's name."""
    kind = t.gettext(KIND_LABELS[change.kind]) if change.kind in KIND_LABELS else change.kind
    return t.gettext("%(kind)s: %(name)s") % {"kind": kind, "name": name}


def _words(value: Any, info: Any, t: Translator) -> str:
    if value is None or value == "" or value == []:
        return t.gettext("(empty)")
    if isinstance(value, bool):
        return t.gettext("yes") if value else t.gettext("no")
    if isinstance(value, dict):  # a text in several languages: each with its language code
        return "; ".join(f"{key}: {_words(item, None, t)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_words(item, info, t) for item in value)
    text = info.label(value) if info is not None and isinstance(value, str) and info.choices else str(value)
    text = " ".join(text.split())
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1].rstrip() + "…"


def change_sentences(change: Change, schemas: Schemas, t: Translator, limit: int = 20) -> list[str]:
    """One sentence per changed field (at most ``limit``, then how many more), with old and new values."""
    if change.kind == ADDED:
        return [t.gettext("The record was added to the register.")]
    if change.kind == DELETED:
        return [t.gettext("The record was removed from the register; its page and files are no longer published.")]
    index = field_index(schemas, t.language)
    sentences = []
    old_id = next((str(f.old) for f in change.fields if f.field == "id" and f.old), None)
    if change.kind == RENAMED and old_id:
        sentences.append(t.gettext("The record's id changed from %(old)s to %(new)s; its old addresses lead to the "
                                   "new ones.") % {"old": old_id, "new": change.record_id})
    fields = [f for f in change.fields if f.field != "id" or change.kind != RENAMED]
    for item in fields[:limit]:
        path = _INDEX.sub("", item.field)
        info = index.get(path) or (index.get(_LANGUAGE_PART.sub("", path)) if _LANGUAGE_PART.search(path) else None)
        label = f"{info.title} ({item.field})" if info is not None and info.title else item.field
        sentences.append(t.gettext("%(field)s: %(old)s → %(new)s") % {
            "field": label, "old": _words(item.old, info, t), "new": _words(item.new, info, t)})
    if len(fields) > limit:
        more = len(fields) - limit
        sentences.append(t.ngettext("and %(count)s more change", "and %(count)s more changes", more) % {"count": more})
    return sentences
