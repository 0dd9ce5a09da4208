"""The change history of every record, read from git in one pass.

Two git processes in all, whatever the size of the register: ``git log``
lists every commit that touched the register folder (with renames), and one
``git cat-file --batch`` process returns every version of every file. Versions
are compared field by field, so a change reads as "status: pilot → in use".
A copy of the register without git history (such as a downloaded archive)
gets ``None`` and the site says that history is not available.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.core.errors import field_path
from generator.core.meanings import meanings
from generator.core.schema import Schemas, load_schemas, schema_dir_beside
from generator.load.yamlload import load_bytes

ADDED, CHANGED, RENAMED, RETIRED, DELETED = "added", "changed", "renamed", "retired", "deleted"


@dataclass(frozen=True)
class FieldChange:
    """One field that changed: its path (such as ``datasets[0].name``), the old and the new value (None when absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """What one commit did to one record."""

    record_id: str  # the record's id as it is now (or was when deleted)
    kind: str  # added, changed, renamed, retired or deleted
    commit: str
    date: dt.datetime  # commit time, UTC
    note: str  # the record's change note of that version when it was updated, else the commit message
    file: str  # path of the file after the commit (before, for a deletion)
    old_file: str | None = None
    fields: tuple[FieldChange, ...] = ()
    name: Any = None  # the record's name at that version (text, or one text per language)
    permanent_id: str = ""  # the id the record had when it was first added (kept across renames)
    earlier_ids: tuple[str, ...] = ()  # ids the record had before its current one, oldest first


@dataclass
class History:
    """Every change to every record, newest first, plus where the history comes from."""

    changes: list[Change] = field(default_factory=list)
    head: str | None = None  # the commit the site was built from
    head_date: dt.datetime | None = None
    shallow: bool = False  # only part of the history was available (a shallow clone)
    uncommitted: bool = False  # the register folder has changes that are not committed yet

    def of(self, record_id: str) -> list[Change]:
        return [c for c in self.changes if c.record_id == record_id]

    def permanent_id(self, record_id: str) -> str:
        """The record's permanent id: the id it had when it was first added (its current id when unknown)."""
        return next((c.permanent_id for c in self.changes if c.record_id == record_id and c.permanent_id), record_id)

    def moved(self, current: set[str]) -> dict[str, str]:
        """Earlier ids of the records in ``current`` -> their id now (an id that a record has now is left out)."""
        out: dict[str, str] = {}
        for change in self.changes:
            if change.record_id in current and change.kind != DELETED:
                for old in change.earlier_ids:
                    if old not in current:
                        out.setdefault(old, change.record_id)
        return dict(sorted(out.items()))

    @property
    def by_record(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.record_id, []).append(change)
        return out


def _git(args: list[str], cwd: Path, input_text: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=input_text, capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def flatten(value: Any, prefix: tuple = ()) -> dict[str, Any]:
    """Every leaf value of a record by its field path (``owner.department``, ``datasets[0].name``)."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for key, child in value.items():
            out.update(flatten(child, prefix + (key,)))
    elif isinstance(value, list) and value and any(isinstance(item, (dict, list)) for item in value):
        for index, child in enumerate(value):
            out.update(flatten(child, prefix + (index,)))
    elif prefix:
        out[field_path(prefix)] = value
    return out


def compare(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a record."""
    before, after = flatten(old or {}), flatten(new or {})
    keys = sorted(set(before) | set(after))
    return tuple(FieldChange(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key))


def _parse_log(raw: str) -> list[tuple[str, dt.datetime, str, list[list[str]]]]:
    commits = []
    for block in raw.split("\x1e"):
        block = block.strip("\n")
        if not block:
            continue
        header, _, rest = block.partition("\n")
        sha, timestamp, subject = header.split("\x1f", 2)
        entries = [line.split("\t") for line in rest.splitlines() if line.strip()]
        commits.append((sha, dt.datetime.fromtimestamp(int(timestamp), tz=dt.timezone.utc), subject, entries))
    return commits


def _read_blobs(top: Path, wanted: list[str]) -> dict[str, bytes | None]:
    """The contents of ``commit:path`` objects, all through one git process."""
    if not wanted:
        return {}
    raw = _git(["cat-file", "--batch"], top, ("\n".join(wanted) + "\n").encode("utf-8"))
    out: dict[str, bytes | None] = {}
    if raw is None:
        return {name: None for name in wanted}
    position = 0
    for name in wanted:
        end = raw.index(b"\n", position)
        header = raw[position:end].decode("utf-8", errors="replace")
        position = end + 1
        parts = header.split()
        if len(parts) == 3 and parts[1] == "blob":
            size = int(parts[2])
            out[name] = raw[position:position + size]
            position += size + 1
        else:
            out[name] = None
    return out


def _status(version: Any) -> str | None:
    status = version.get("status") if isinstance(version, dict) else None
    return status if isinstance(status, str) else None  # an old version may be malformed


def read_history(root: Path, schemas: Schemas | None = None) -> History | None:
    """The history of the register folder ``root``; None when it is not in a git repository (or git is missing).

    A change is a retirement when the status comes to mean "retired" in ``schemas`` (default: the schema
    beside the register, else the bundled one)."""
    root = root.resolve()
    retired = meanings(schemas or load_schemas(schema_dir_beside(root))).values("status", "retired")
    top_raw = _git(["rev-parse", "--show-toplevel"], root)
    if top_raw is None:
        return None
    top = Path(top_raw.decode().strip())
    folder = root.relative_to(top).as_posix() if root != top else "."
    head = _git(["rev-parse", "HEAD"], top)
    if head is None:
        return History()  # a repository without commits yet
    shallow = (_git(["rev-parse", "--is-shallow-repository"], top) or b"").strip() == b"true"
    status = _git(["status", "--porcelain", "--", folder], top) or b""
    log = _git(["log", "--reverse", "-M", "--format=%x1e%H%x1f%ct%x1f%s", "--name-status",
                "--diff-filter=AMDR", "--", folder], top)
    commits = _parse_log((log or b"").decode("utf-8", errors="replace"))

    def is_record(path: str) -> bool:
        pure = PurePosixPath(path)
        return pure.suffix in (".yaml", ".yml") and pure.name != "register.yaml" and not any(
            part.startswith(".") for part in pure.parts)

    wanted = [f"{sha}:{entry[-1]}" for sha, _, _, entries in commits for entry in entries
              if entry[0][0] in "AMR" and is_record(entry[-1])]
    blobs = _read_blobs(top, wanted)

    current: dict[str, dict[str, Any] | None] = {}  # file path -> its latest parsed version
    chains: dict[str, str] = {}  # file path -> key of its record chain (the first path it had)
    changes_by_chain: dict[str, list[dict[str, Any]]] = {}
    for sha, date, subject, entries in commits:
        for entry in entries:
            status_code, paths = entry[0][0], entry[1:]
            if not paths or not is_record(paths[-1]) and status_code != "D":
                continue
            if status_code == "D":
                path = paths[0]
                if not is_record(path):
                    continue
                before = current.pop(path, None)
                chain = chains.pop(path, path)
                changes_by_chain.setdefault(chain, []).append(dict(
                    kind=DELETED, commit=sha, date=date, note=subject, file=path, old_file=None,
                    fields=compare(before, None), data=before, previous=before))
                continue
            new_path = paths[-1]
            old_path = paths[0] if status_code == "R" else None
            doc, _ = load_bytes(blobs.get(f"{sha}:{new_path}") or b"", new_path)
            data = doc.data if doc is not None else None
            if old_path is not None:
                before = current.pop(old_path, None)
                chain = chains.pop(old_path, old_path)
            else:
                before = current.get(new_path)
                chain = chains.get(new_path, new_path)
            chains[new_path] = chain
            current[new_path] = data
            if status_code == "A":
                kind = ADDED
            elif old_path is not None:
                kind = RENAMED
            elif _status(data) in retired and _status(before) not in retired:
                kind = RETIRED
            else:
                kind = CHANGED
            note = subject
            if isinstance(data, dict):
                new_note = (data.get("record") or {}).get("change_note") if isinstance(data.get("record"), dict) else None
                old_note = (before or {}).get("record", {}).get("change_note") if isinstance((before or {}).get("record"), dict) else None
                if isinstance(new_note, str) and new_note != old_note:
                    note = new_note
            changes_by_chain.setdefault(chain, []).append(dict(
                kind=kind, commit=sha, date=date, note=note, file=new_path, old_file=old_path,
                fields=compare(before, data), data=data, previous=before))

    changes: list[Change] = []
    for chain, items in changes_by_chain.items():
        last = items[-1]
        record_id = PurePosixPath(last["file"]).stem
        latest = next((i["data"] for i in reversed(items) if isinstance(i["data"], dict)), None)
        if isinstance(latest, dict) and isinstance(latest.get("id"), str) and last["kind"] != DELETED:
            record_id = latest["id"]
        ids: list[str] = []  # every id the record had, oldest first: the id field, else the file's name
        for item in items:
            for version, path in ((item["previous"], item["old_file"]), (item["data"], item["file"])):
                found = version.get("id") if isinstance(version, dict) and isinstance(version.get("id"), str) \
                    else PurePosixPath(path).stem if path else None
                if found and found not in ids:
                    ids.append(found)
        first = ids[0] if ids else record_id
        earlier = tuple(i for i in ids if i != record_id)
        for item in items:
            version = item["data"] if isinstance(item["data"], dict) else item["previous"]
            name = version.get("name") if isinstance(version, dict) else None
            changes.append(Change(record_id, item["kind"], item["commit"], item["date"], item["note"],
                                  item["file"], item["old_file"], item["fields"], name, first, earlier))
    changes.sort(key=lambda c: (c.date, c.commit, c.record_id), reverse=True)
    head_sha = head.decode().strip()
    head_date = next((c[1] for c in commits if c[0] == head_sha), None)
    if head_date is None:
        stamp = _git(["log", "-1", "--format=%ct"], top)
        head_date = dt.datetime.fromtimestamp(int(stamp.decode().strip()), tz=dt.timezone.utc) if stamp else None
    return History(changes, head_sha, head_date, shallow, bool(status.strip()))

