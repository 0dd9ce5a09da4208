"""A change to a record in words, the same wherever it is shown, in the language of the translator given.

The history (``load.history``) lists, for every commit, the field paths that changed
(``datasets[1].collection.fi``) with their old and new values. Field names become the schema's titles and
choice values their labels, in the translator's language. Two forms:

- for the Atom feed (``publish.feed``): a title ("Changed: Parking scan car") and one compact sentence per
  changed field with the old and the new value ("Status (status): In use → Paused");
- for the pages (``site``): ``describe`` gives a ``ChangeView``, sentences a resident can read ("Status
  changed from Pilot to In use.", a date as the language writes it, a long text only said to have changed)
  and a table of the changed fields. The record's own change note, written for readers, comes first; a
  commit message (written for developers) is never shown as the description of a change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.core.fields import FieldInfo, field_index
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


def _feed_words(value: Any, info: Any, t: Translator) -> str:
    if value is None or value == "" or value == []:
        return t.gettext("(empty)")
    if isinstance(value, bool):
        return t.gettext("yes") if value else t.gettext("no")
    if isinstance(value, dict):  # a text in several languages: each with its language code
        return "; ".join(f"{key}: {_feed_words(item, None, t)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_feed_words(item, info, t) for item in value)
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
            "field": label, "old": _feed_words(item.old, info, t), "new": _feed_words(item.new, info, t)})
    if len(fields) > limit:
        more = len(fields) - limit
        sentences.append(t.ngettext("and %(count)s more change", "and %(count)s more changes", more) % {"count": more})
    return sentences


# --- the pages: sentences a resident can read, and a table of the changed fields ----------------------------

SHOWN = 4  # sentences per change; the rest are counted ("and 3 more changes")
HIDDEN = ("record.change_note",)  # shown as the change's note, not as a changed field
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
KIND_SENTENCES = {ADDED: N_("Added to the register."), DELETED: N_("Removed from the register."),
                  RENAMED: N_("The record's file was moved.")}


@dataclass
class FieldLine:
    """One changed field, for the table of a change: its title path, and its old and new value in words."""

    label: str = field(metadata={"help": "The field's title path in the page's language ('Data sets › Collection')."})
    old: str | None = field(metadata={"help": "The old value in words (None: empty)."})
    new: str | None = field(metadata={"help": "The new value in words (None: empty)."})


@dataclass
class ChangeView:
    """A change as the pages show it: the change, its note for readers, sentences and the changed fields."""

    change: Change = field(metadata={"help": "The change (date, kind, commit, record id, name)."})
    note: Any = field(metadata={"help": "The record's own change note (text or one per language), or None."})
    sentences: list[str] = field(metadata={"help": "What changed, in sentences, at most SHOWN of them."})
    more: int = field(metadata={"help": "How many more changes there are than the sentences say."})
    fields: list[FieldLine] = field(metadata={"help": "Every changed field, in words."})


def _parts(path: str) -> tuple[list[str], list[int]]:
    names, positions = [], []
    for match in _PART.finditer(path):
        if match.group(1) is not None:
            positions.append(int(match.group(1)))
        else:
            names.append(match.group(2))
    return names, positions


def _field(path: str, index: dict[str, FieldInfo]) -> tuple[list[FieldInfo], str | None]:
    """The fields along ``path`` (outermost first), and the language code when the path ends in one."""
    names, _ = _parts(path)
    infos: list[FieldInfo] = []
    language = None
    for depth in range(1, len(names) + 1):
        info = index.get(".".join(names[:depth]))
        if info is None:
            if infos and (infos[-1].multilingual or infos[-1].per_language) and depth == len(names):
                language = names[-1]
            break
        infos.append(info)
    return infos, language


def _words(info: FieldInfo | None, value: Any, t: Translator) -> str | None:
    """A value in words: a choice by its label, a date as the language writes it, a list joined; long text is not shown."""
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(w for item in value if (w := _words(info, item, t)) is not None)
    if info is not None and info.kind == "choice":
        return info.label(str(value))
    if info is not None and info.kind == "date":
        return t.date(str(value))
    if isinstance(value, bool):
        return t.gettext("Yes") if value else t.gettext("No")
    if isinstance(value, dict):
        return None
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@dataclass
class _Unit:
    """The changes to one field of a change (all its languages and list entries together)."""

    label: str
    info: FieldInfo | None
    items: list[tuple[str | None, Any, Any]]  # (language, old, new)


def _sentence(unit: _Unit, t: Translator) -> tuple[int, str]:
    """A sentence for one changed field, and its rank (a changed choice or date first, then added, removed, rewritten)."""
    olds = [old for _, old, _ in unit.items if old is not None]
    news = [new for _, _, new in unit.items if new is not None]
    where = {"field": unit.label}
    if not olds:
        return 2, t.gettext("%(field)s was added.") % where
    if not news:
        return 3, t.gettext("%(field)s was removed.") % where
    if _is_long(unit.info):
        before = {str(o) for o in olds}
        added = [language for language, old, new in unit.items
                 if language and old is None and new is not None and str(new) not in before]
        if added and before <= {str(n) for n in news}:
            names = ", ".join(t.language_name(code) for code in added)
            return 4, t.gettext("%(field)s was translated into %(languages)s.") % {**where, "languages": names}
        return 4, t.gettext("%(field)s was rewritten.") % where
    language, old, new = next((item for item in unit.items if item[1] is not None and item[2] is not None), unit.items[0])
    old_words, new_words = _words(unit.info, old, t), _words(unit.info, new, t)
    if old_words is None or new_words is None:
        return 4, t.gettext("%(field)s was rewritten.") % where
    rank = 0 if unit.info is not None and unit.info.kind in ("choice", "date") else 1
    return rank, t.gettext("%(field)s changed from %(old)s to %(new)s.") % {**where, "old": old_words, "new": new_words}


def _link_words(kind: str, count: int, t: Translator) -> str:
    """The sentence for addresses of a link that were added, changed or removed in ``count`` languages."""
    if kind == "added":
        return t.ngettext("%(field)s: the address in %(languages)s was added.",
                          "%(field)s: the addresses in %(languages)s were added.", count)
    if kind == "changed":
        return t.ngettext("%(field)s: the address in %(languages)s changed.",
                          "%(field)s: the addresses in %(languages)s changed.", count)
    return t.ngettext("%(field)s: the address in %(languages)s was removed.",
                      "%(field)s: the addresses in %(languages)s were removed.", count)


def _sentences(unit: _Unit, t: Translator) -> list[tuple[int, str]]:
    """The sentences for one changed field: one, or for a link with an address per language, one per kind of change."""
    if unit.info is not None and unit.info.per_language and any(language for language, _, _ in unit.items):
        return _link_sentences(unit, t)  # none when every language keeps its address (only its form changed)
    return [_sentence(unit, t)]


def _link_sentences(unit: _Unit, t: Translator) -> list[tuple[int, str]]:
    """A link given per language: which languages' addresses were added, changed or removed.

    A single address (no language) is the address for every language. When it becomes one per language, a language
    whose address differs from it counts as added while the single address is still one of the new ones (the Swedish
    page gained its own address), and as changed when it is not (no reader keeps the old address)."""
    plain_old = next((old for language, old, _ in unit.items if language is None and old is not None), None)
    plain_new = next((new for language, _, new in unit.items if language is None and new is not None), None)
    olds = {language: old for language, old, _ in unit.items if language and old is not None}
    news = {language: new for language, _, new in unit.items if language and new is not None}
    kinds: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    for language in dict.fromkeys([*olds, *news]):
        old, new = olds.get(language, plain_old), news.get(language, plain_new)
        if old == new:
            continue
        if old is None:
            kinds["added"].append(language)
        elif new is None:
            kinds["removed"].append(language)
        elif language not in olds and plain_old in news.values():
            kinds["added"].append(language)
        elif language not in news and plain_new in olds.values():
            kinds["removed"].append(language)
        else:
            kinds["changed"].append(language)
    out = []
    for rank, kind in ((1, "changed"), (2, "added"), (3, "removed")):
        if kinds[kind]:
            names = t.every([t.language_name(code) for code in kinds[kind]])
            out.append((rank, _link_words(kind, len(kinds[kind]), t) % {"field": unit.label, "languages": names}))
    return out


def describe(change: Change, index: dict[str, FieldInfo], t: Translator) -> ChangeView:
    """``change`` in the words of ``t``'s language, with field titles and labels from ``index`` (in that language)."""
    lines: list[FieldLine] = []
    units: dict[str, _Unit] = {}
    for item in change.fields:
        if any(item.field == hidden or item.field.startswith(hidden + ".") for hidden in HIDDEN):
            continue
        infos, language = _field(item.field, index)
        info = infos[-1] if infos else None
        label = " › ".join(i.title for i in infos) if infos else item.field
        shown = _short if _is_long(info) else (lambda value, t, info=info: _words(info, value, t))
        line_label = t.gettext("%(field)s (%(language_name)s)") % {"field": label, "language_name": t.language_name(language)} \
            if language else label
        lines.append(FieldLine(line_label, shown(item.old, t), shown(item.new, t)))
        units.setdefault(label, _Unit(label, info, [])).items.append((language, item.old, item.new))
    ranked = sorted((pair for unit in units.values() for pair in _sentences(unit, t)), key=lambda pair: pair[0])
    sentences = list(dict.fromkeys(sentence for _, sentence in ranked))
    if change.kind in KIND_SENTENCES:
        sentences = [t.gettext(KIND_SENTENCES[change.kind])] + ([] if change.kind in (ADDED, DELETED) else sentences)
    shown_sentences = sentences[:SHOWN]
    return ChangeView(change, change.record_note, shown_sentences, len(sentences) - len(shown_sentences),
                      [] if change.kind in (ADDED, DELETED) else lines)


def _is_long(info: FieldInfo | None) -> bool:
    return info is not None and info.kind in ("text", "markdown")


def _short(value: Any, t: Translator) -> str | None:
    """A long text for the table of changed fields: its start."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= 300 else text[:299] + "…"


def describe_all(changes: list[Change], index: dict[str, FieldInfo], t: Translator) -> list[ChangeView]:
    return [describe(change, index, t) for change in changes]

