"""Organisations in register.yaml for an import from a register of many organisations (``import --by-organisation``).

Each imported record names its organisation (such as "Gemeente Zwolle"). The
record goes to a department of that organisation: the first department that
belongs to it in register.yaml. An organisation that register.yaml does not
have yet is added under ``organisations``, with one department of the same name
and id under ``departments``. The new entries are written into the file's text
(at the end of each block), so everything already in register.yaml stays as it
was, comments included.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from generator.core.i18n import L_
from generator.load.yamlload import to_yaml
from generator.model.objects import Register

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class OrganisationError(Exception):
    """register.yaml cannot take the new organisations (its departments are not written as a block)."""


def organisation_id(name: str, taken: set[str]) -> str:
    """A short id from an organisation's name, such as ``gemeente-zwolle``, cut between words, unique in ``taken``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisation"
    if len(base) > 60:
        base = base[:61].rsplit("-", 1)[0] if "-" in base[:61] else base[:60]
    out, number = base, 2
    while out in taken or len(out) < 3:
        out = f"{base}-{number}" if len(base) >= 3 else f"organisation-{base}-{number}".replace("--", "-")
        number += 1
    taken.add(out)
    return out


def assign_departments(root: Path, register: Register, records: list[dict[str, Any]], names: list[str]) -> int:
    """Give each record (``names``: the organisation each one names, same order) the department of its organisation,
    adding the organisations (and a department for each) that register.yaml lacks. Returns how many were added."""
    by_name: dict[str, str | None] = {}  # organisation name, case-folded -> its first department
    for dep_id, dep in register.data["departments"].items():
        organisation = register.organisation_of(dep_id)
        for text in _names(organisation.data["name"]):
            by_name.setdefault(text, dep_id)
    for org_id, organisation in register.organisations.items():
        for text in _names(organisation.name):
            by_name.setdefault(text, None)
    own_department = next((d for d in register.data["departments"]
                           if not register.data["departments"][d].get("organisation")), None)
    taken = set(register.data["departments"]) | set(register.organisations)
    new_organisations: dict[str, dict[str, Any]] = {}
    new_departments: dict[str, dict[str, Any]] = {}
    for record, name in zip(records, names):
        name = " ".join(name.split())
        if not name:
            if own_department is None:
                raise OrganisationError(L_("the record '{id}' names no organisation, and register.yaml has no department "
                                           "of its own organisation to give it to; add one", id=str(record.get("id"))))
            department = own_department
        else:
            department = by_name.get(name.casefold())
            if department is None:
                org_id = next((k for k, o in register.organisations.items() if name.casefold() in _names(o.name)), None)
                if org_id is None:
                    org_id = organisation_id(name, taken)
                    new_organisations[org_id] = {"name": name}
                department = org_id if org_id not in register.data["departments"] else organisation_id(name, taken)
                taken.add(department)
                new_departments[department] = {"name": name, "organisation": org_id}
                by_name[name.casefold()] = department
        record.setdefault("owner", {})["department"] = department
    if new_organisations or new_departments:
        _write(root / "register.yaml", new_organisations, new_departments)
    return len(new_organisations)


def _names(value: Any) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {" ".join(str(t).split()).casefold() for t in texts if t}


def _write(path: Path, organisations: dict[str, Any], departments: dict[str, Any]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, entries in (("departments", departments), ("organisations", organisations)):
        if not entries:
            continue
        start = next((i for i, line in enumerate(lines) if re.match(rf"{key}:\s*(#.*)?$", line)), None)
        if start is None:
            if any(re.match(rf"{key}:", line) for line in lines):
                raise OrganisationError(L_("{file}: '{key}' is not written as a block (one entry per line), so the new "
                                           "ones cannot be added; write it as a block and import again", file=str(path),
                                           key=key))
            lines += [f"{key}:\n"]
            start = len(lines) - 1
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        indent = next((len(l) - len(l.lstrip(" ")) for l in lines[start + 1:end] if l.strip() and not l.lstrip().startswith("#")), 2)
        block = "".join(" " * indent + line + "\n" if line else "\n" for line in to_yaml(entries).splitlines())
        lines[end:end] = [block]
    path.write_text("".join(lines), encoding="utf-8")
