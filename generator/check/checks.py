"""Register-wide checks: rules that need more than one file to decide.

Unique ids, id equal to the file name, safe file names, owners that exist in
the register configuration, categories that the register lists, records in the right department folder, references
between records, withheld fields and the order of dates.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from generator.core.errors import Problem, Severity, shown
from generator.core.fields import FieldInfo, field_index
from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.load.yamlload import Document

SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.yaml")
# ids that would give a record (or department) the address of a list page
RESERVED_IDS = {"index", "readme"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _at(doc: Document, path: tuple, field: str, message: str, hint: str | None, code: str,
        severity: Severity = Severity.ERROR) -> Problem:
    pos = doc.position(path)
    return Problem(doc.file, pos.line, pos.column, field, message, hint, severity, code)


def config_problems(doc: Document) -> list[Problem]:
    """Checks on the register configuration that need more than its schema."""
    departments = doc.data.get("departments")
    out = []
    if isinstance(departments, dict):
        for name in departments:
            if name in RESERVED_IDS:
                pos = doc.key_position(("departments", name))
                out.append(Problem(doc.file, pos.line, pos.column, f"departments.{name}",
                                   L_("the department id '{name}' is reserved for the page that lists all departments", name=name),
                                   L_("Choose another id for this department, and use it in the records' owner.department."),
                                   Severity.ERROR, "reserved-id"))
        organisations = doc.data.get("organisations")
        declared = set(organisations) if isinstance(organisations, dict) else set()
        for name, department in departments.items():
            wanted = department.get("organisation") if isinstance(department, dict) else None
            if isinstance(wanted, str) and wanted not in declared:
                choices = ", ".join(sorted(declared)[:10]) if declared else ""
                out.append(_at(doc, ("departments", name, "organisation"), f"departments.{name}.organisation",
                               L_("the organisation '{organisation}' is not listed under organisations", organisation=wanted),
                               L_("Use one of: {choices}.", choices=choices) if choices else
                               L_("Add the organisation under organisations: (with its name), or leave the field out when "
                                  "the department belongs to the organisation that runs the register."),
                               "unknown-organisation"))
    return out + _category_config_problems(doc)


def _category_config_problems(doc: Document) -> list[Problem]:
    """Each category id once, and none that is reserved."""
    categories = doc.data.get("categories")
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(categories if isinstance(categories, list) else ()):
        name = item.get("id") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        path = ("categories", number, "id")
        if name in seen:
            first = doc.position(("categories", seen[name], "id"))
            out.append(_at(doc, path, f"categories[{number}].id",
                           L_("the category id '{id}' is also used by the category on line {line}", id=name, line=first.line),
                           L_("Every category needs its own id: change one of them (and the records that use it)."),
                           "duplicate-id"))
        elif name in RESERVED_IDS:
            out.append(_at(doc, path, f"categories[{number}].id",
                           L_("the category id '{id}' is reserved for the page that lists all systems", id=name),
                           L_("Choose another id for this category, and use it in the records' categories."), "reserved-id"))
        seen.setdefault(name, number)
    return out


def _category_problems(doc: Document, categories: list[str]) -> list[Problem]:
    """A record's categories must be listed under categories: in register.yaml."""
    out = []
    given = doc.data.get("categories")
    for number, name in enumerate(given if isinstance(given, list) else ()):
        if not isinstance(name, str) or name in categories:
            continue
        guess = difflib.get_close_matches(name, categories, n=1, cutoff=0.6)
        if guess:
            message = L_("'{category}' is not a category in the register configuration (did you mean '{guess}'?)",
                         category=name, guess=guess[0])
        else:
            message = L_("'{category}' is not a category in the register configuration", category=name)
        hint = L_("Use one of: {categories}; or add the category under categories: in register.yaml.",
                  categories=", ".join(categories)) if categories else \
            L_("This register has no categories yet: add them under categories: in register.yaml (each with an id and a "
               "label), or remove this line.")
        out.append(_at(doc, ("categories", number), f"categories[{number}]", message, hint, "unknown-category"))
    return out


def file_name_problems(path: Path, display: str) -> list[Problem]:
    name = path.name
    if SAFE_NAME.fullmatch(name):
        return []
    stem = _slug(path.stem) or "record"
    if path.suffix == ".yml" and SAFE_NAME.fullmatch(path.stem + ".yaml"):
        message = L_("the file name {name} ends in .yml", name=shown(name))
    else:
        message = L_("the file name {name} is not allowed: use lower-case letters a-z, digits and hyphens, ending in .yaml",
                     name=shown(name))
    return [Problem(display, None, None, "", message, L_("Rename the file to '{name}' (and use the same id inside it).",
                                                         name=stem + ".yaml"),
                    Severity.ERROR, "file-name")]


def record_problems(docs: dict[str, tuple[Path, Document]], config: dict[str, Any], root: Path,
                    schemas: Schemas) -> list[Problem]:
    """Cross-record checks over every loaded record. ``docs`` maps display path -> (path, document)."""
    problems: list[Problem] = []
    departments = config.get("departments") or {}
    listed = config.get("categories")
    categories = [c["id"] for c in listed if isinstance(c, dict) and isinstance(c.get("id"), str)] \
        if isinstance(listed, list) else []
    ids: dict[str, list[str]] = {}
    folded: dict[str, list[str]] = {}
    index = field_index(schemas)

    for display, (path, doc) in docs.items():
        data = doc.data
        record_id = data.get("id")
        if isinstance(record_id, str):
            ids.setdefault(record_id, []).append(display)
            if record_id in RESERVED_IDS:
                problems.append(_at(doc, ("id",), "id", L_("the id '{id}' is reserved for the page that lists all systems",
                                                           id=record_id),
                                    L_("Choose an id that names the system, and rename the file to match."), "reserved-id"))
            if path.suffix in (".yaml", ".yml") and record_id != path.stem and SAFE_NAME.fullmatch(path.name):
                problems.append(_at(doc, ("id",), "id", L_("the id '{id}' is not the same as the file name '{file}'",
                                                           id=record_id, file=path.name),
                                    L_("Make them the same: rename the file to '{file}', or change the id to '{id}'.",
                                       file=record_id + ".yaml", id=path.stem),
                                    "id-mismatch"))
        folded.setdefault(unicodedata.normalize("NFC", path.relative_to(root).as_posix()).casefold(), []).append(display)

        owner = data.get("owner")
        department = owner.get("department") if isinstance(owner, dict) else None
        if isinstance(department, str) and departments and department not in departments:
            guess = difflib.get_close_matches(department, list(departments), n=1, cutoff=0.6)
            if guess:
                message = L_("'{department}' is not a department in the register configuration (did you mean '{guess}'?)",
                             department=department, guess=guess[0])
            else:
                message = L_("'{department}' is not a department in the register configuration", department=department)
            problems.append(_at(doc, ("owner", "department"), "owner.department", message,
                                L_("Use one of: {departments}; or add the department under departments: in register.yaml.",
                                   departments=", ".join(departments)),
                                "unknown-department"))
        relative = path.relative_to(root).parts
        if (len(relative) > 1 and relative[0] in departments and isinstance(department, str)
                and department in departments and department != relative[0]):
            problems.append(_at(doc, ("owner", "department"), "owner.department",
                                L_("the file is in the folder of department '{folder}', but its owner is '{department}'",
                                   folder=relative[0], department=department),
                                L_("Move the file to the folder '{folder}', or correct owner.department.", folder=department + "/"),
                                "department-folder"))

        problems += _category_problems(doc, categories)
        problems += _withheld_problems(doc, index)
        problems += _date_problems(doc)

    known = set(ids)
    for display, (path, doc) in docs.items():
        lifecycle = doc.data.get("lifecycle")
        replaced_by = lifecycle.get("replaced_by") if isinstance(lifecycle, dict) else None
        if isinstance(replaced_by, str):
            if replaced_by == doc.data.get("id"):
                problems.append(_at(doc, ("lifecycle", "replaced_by"), "lifecycle.replaced_by",
                                    L_("a system cannot be replaced by itself"),
                                    L_("Give the id of the system that replaced this one, or remove the line."), "reference"))
            elif replaced_by not in known:
                problems.append(_at(doc, ("lifecycle", "replaced_by"), "lifecycle.replaced_by",
                                    L_("there is no record with the id '{id}'", id=replaced_by),
                                    L_("Give the id (file name without .yaml) of an existing record, or remove the line."),
                                    "reference"))

    for record_id, files in ids.items():
        if len(files) > 1:
            for display in files:
                others = ", ".join(f for f in files if f != display)
                doc = docs[display][1]
                problems.append(_at(doc, ("id",), "id", L_("the id '{id}' is also used by {others}", id=record_id, others=others),
                                    L_("Every system needs its own id. Rename one of the files and change its id to match."),
                                    "duplicate-id"))
    for files in folded.values():
        if len(files) > 1 and len({f for f in files}) > 1:
            for display in files:
                others = ", ".join(f for f in files if f != display)
                problems.append(Problem(display, None, None, "",
                                        L_("the file name differs only in upper/lower case from {others}", others=others),
                                        L_("Rename one of the files: on Windows and macOS they would be the same file."),
                                        Severity.ERROR, "case-collision"))
    return problems


def _withheld_problems(doc: Document, index: dict[str, FieldInfo]) -> list[Problem]:
    out = []
    withheld = doc.data.get("withheld")
    if not isinstance(withheld, list):
        return out
    for number, item in enumerate(withheld):
        name = item.get("field") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        path = ("withheld", number, "field")
        info = index.get(name)
        if info is None:
            guess = difflib.get_close_matches(name, list(index), n=1, cutoff=0.6)
            message = L_("'{name}' is not a field of the record format (did you mean '{guess}'?)", name=name, guess=guess[0]) \
                if guess else L_("'{name}' is not a field of the record format", name=name)
            out.append(_at(doc, path, f"withheld[{number}].field", message,
                           L_("Write the field name as in the field reference, for example suppliers or technique.models."),
                           "withheld"))
            continue
        if all(index[".".join(info.path[: depth + 1])].required for depth in range(len(info.path))):
            out.append(_at(doc, path, f"withheld[{number}].field",
                           L_("'{name}' is a required field and cannot be withheld", name=name),
                           L_("Required fields must always be published. Write a general description instead."), "withheld"))
            continue
        value: Any = doc.data
        for part in info.path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            out.append(_at(doc, path, f"withheld[{number}].field",
                           L_("'{name}' is listed as withheld but is also filled in", name=name),
                           L_("Either remove the field's value or remove it from withheld."), "withheld"))
    return out


_DATE_RULES = [
    (("lifecycle", "started_on"), ("lifecycle", "in_use_since"), L_("the system cannot be in use before it was started")),
    (("lifecycle", "started_on"), ("lifecycle", "retired_on"), L_("the system cannot be retired before it was started")),
    (("lifecycle", "in_use_since"), ("lifecycle", "retired_on"), L_("the system cannot be retired before it was in use")),
    (("lifecycle", "started_on"), ("lifecycle", "paused_on"), L_("the system cannot be paused before it was started")),
    (("record", "first_published"), ("record", "last_reviewed"),
     L_("the record cannot be reviewed before it was first published")),
    (("record", "last_reviewed"), ("record", "next_review"), L_("the next review must come after the last review")),
]


def _date_problems(doc: Document) -> list[Problem]:
    out = []

    def get(path: tuple) -> str | None:
        value: Any = doc.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None

    for earlier, later, message in _DATE_RULES:
        first, second = get(earlier), get(later)
        if first and second and second < first:
            out.append(_at(doc, later, ".".join(later),
                           L_("{problem} ({later} {second} is before {earlier} {first})", problem=message,
                              later=".".join(later), second=second, earlier=".".join(earlier), first=first),
                           L_("Check both dates."), "date-order"))
    return out
