"""Putting imported records into a register: new files, updates from a newer export, and what changed.

The crosswalk reads another standard's file into records; this module writes
them. Each record comes with its stable key in the source (``Origin.key``: the
national id where there is one). What the import wrote for that key is kept in
the register's hidden folder ``.imported/<format>/`` (one JSON file per record),
so that a later ``airegister import --update`` can tell three things apart for
every field: what the source said last time, what it says now, and what the
file says now. A field the source changed and nobody edited is updated; a field
a clerk edited is kept, and when the source changed it too, the import says so
(nothing written by hand is overwritten). Work is linear in the number of
records: the register is listed once, and each record is found by its key.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from generator.authoring.scaffold import ScaffoldError, record_text, write_new_file
from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.load.discover import list_files
from generator.load.yamlload import load_file

SNAPSHOTS = ".imported"
# Fields that describe the import itself: always taken from the newer export, never reported as a change.
BOOKKEEPING = ("source",)


@dataclass
class Incoming:
    """One imported record with its stable key in the source and its to-do list."""

    record: dict[str, Any]
    key: str
    todo: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What one record of the import became."""

    record_id: str
    path: Path | None
    kind: str  # "new", "updated", "unchanged" or "refused"
    changed: list[str] = field(default_factory=list)  # fields taken from the newer export
    kept: list[str] = field(default_factory=list)  # fields edited by hand that the newer export also changed
    reason: str = ""  # why a record was refused (a Text, told in the reader's language)
    todo: list[str] = field(default_factory=list)


def snapshot_path(root: Path, standard: str, key: str) -> Path:
    """Where the import keeps what it wrote for the record with ``key`` (a hidden folder: never read as a record)."""
    return root / SNAPSHOTS / standard / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json")


def _read_snapshot(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("record"), dict) else None


def _write_snapshot(path: Path, key: str, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": key, "id": record["id"], "record": record}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


def merge(base: dict[str, Any] | None, theirs: dict[str, Any], ours: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """The record after an update, the fields taken from ``theirs`` and the fields kept from ``ours`` although
    ``theirs`` changed them (hand edits). ``base`` is what the import wrote last time (None: not known, so every
    difference counts as a hand edit)."""
    merged: dict[str, Any] = {}
    changed, kept = [], []
    for name in dict.fromkeys([*ours, *theirs]):
        mine, new = ours.get(name), theirs.get(name)
        old = base.get(name) if base is not None else None
        if name == "id":
            merged[name] = mine
        elif name in BOOKKEEPING:
            merged[name] = new
        elif mine == new:
            merged[name] = mine
        elif base is not None and mine == old:
            merged[name] = new
            changed.append(name)
        else:
            merged[name] = mine
            if base is None or new != old:
                kept.append(name)
        if merged[name] is None:
            del merged[name]
    return merged, changed, kept


def unique_id(candidate: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    out, number = candidate, 2
    while out in taken:
        suffix = f"-{number}"
        head = candidate[: 80 - len(suffix)]
        out = (head.rsplit("-", 1)[0] if len(candidate) > 80 - len(suffix) and "-" in head else head) + suffix
        number += 1
    return out


def put_records(root: Path, schemas: Schemas, standard: str, incoming: list[Incoming], comment: str, update: bool,
                progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Write ``incoming`` into the register at ``root``: new records as new files; records imported before (same key)
    updated when ``update`` is true, else refused with the reason."""
    files = list_files(root)
    known: dict[str, Path] = {p.stem: p for p in files.records}
    outcomes = []
    for number, item in enumerate(incoming, 1):
        outcomes.append(_put(root, schemas, standard, item, comment, update, known))
        if progress:
            progress(number)
    return outcomes


def _put(root: Path, schemas: Schemas, standard: str, item: Incoming, comment: str, update: bool,
         known: dict[str, Path]) -> Outcome:
    snapshot_file = snapshot_path(root, standard, item.key)
    snapshot = _read_snapshot(snapshot_file) if snapshot_file.is_file() else None
    record = dict(item.record)
    existing_id = snapshot["id"] if snapshot and snapshot.get("id") in known else None
    if existing_id is None and record["id"] in known and _same_source(known[record["id"]], record):
        existing_id = record["id"]
    if existing_id is None:
        if record["id"] in known:
            record["id"] = unique_id(record["id"], known)
        try:
            target = write_new_file(root, schemas, record, comment, known)
        except (ScaffoldError, OSError) as exc:
            return Outcome(record["id"], None, "refused", reason=exc.args[0] if isinstance(exc, ScaffoldError) else
                           L_("{file} could not be written ({problem})", file=str(exc.filename or ""),
                              problem=exc.strerror or str(exc)), todo=item.todo)
        _write_snapshot(snapshot_file, item.key, record)
        return Outcome(record["id"], target, "new", todo=item.todo)
    path = known[existing_id]
    if not update:
        return Outcome(existing_id, path, "refused", todo=item.todo,
                       reason=L_("it was imported before, as {file}; use --update to bring it up to date", file=str(path)))
    doc, problems = load_file(path, str(path))
    if doc is None or not isinstance(doc.data, dict):
        first = problems[0].message if problems else L_("it is not a record")
        return Outcome(existing_id, path, "refused", todo=item.todo,
                       reason=L_("{file} cannot be read ({problem}); fix it and import again", file=str(path), problem=first))
    record["id"] = existing_id
    merged, changed, kept = merge(snapshot["record"] if snapshot else None, record, doc.data)
    if merged == doc.data:
        _write_snapshot(snapshot_file, item.key, record)
        return Outcome(existing_id, path, "unchanged", kept=kept, todo=item.todo)
    path.write_text(record_text(path.parent, schemas, merged, comment), encoding="utf-8")
    _write_snapshot(snapshot_file, item.key, record)
    return Outcome(existing_id, path, "updated", changed=changed, kept=kept, todo=item.todo)


def _same_source(path: Path, record: dict[str, Any]) -> bool:
    """Whether the file at ``path`` holds the same system from the same source as ``record`` (its source block)."""
    doc, _ = load_file(path, str(path))
    theirs = (doc.data or {}).get("source") if doc is not None and isinstance(doc.data, dict) else None
    ours = record.get("source") or {}
    return isinstance(theirs, dict) and bool(ours.get("id")) and \
        (theirs.get("format"), theirs.get("id")) == (ours.get("format"), ours.get("id"))
