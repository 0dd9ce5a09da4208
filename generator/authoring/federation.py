"""A register of registers: one register made from the open data (``registry.json``) of several others.

A federation file (YAML) names the federated register (title, organisation,
languages, contact, as in register.yaml) and its sources: each a
``registry.json`` file or its web address, optionally with the address of the
source's site and the region of its organisations. ``federate`` reads every
source and writes one register folder: register.yaml with an organisation for
each source's organisation (a source that publishes for several organisations
brings all of them), a department for each of their departments, their own categories (one id and name: one
category), and one
record per system, its id prefixed with its organisation's id. Each record's
``source`` block says where it came from (the source's address and the
system's page there) and when it was read, so the federated site's open data
carries the origin of every record. A source that cannot be read is reported
and left out; the others are still written. Systems that several organisations
run (the same supplier and product name, or the same ``shared_id`` given in a
record's registrations) are grouped on the site's page of shared systems.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.authoring.scaffold import record_text
from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.load.yamlload import load_file, to_yaml

FORMAT = "registry-json"  # the source block's format for a record read from another register's registry.json
REGISTER_KEYS = ("title", "introduction", "organisation", "default_language", "languages", "contact", "objection",
                 "repository", "licence")
MAX_BYTES = 200 * 1024 * 1024


class FederationError(Exception):
    """The federation file cannot be used (a usage problem: nothing is written)."""


@dataclass
class SourceResult:
    """What one source gave: its address, how many records, and the problem when it could not be read."""

    address: str
    records: int = 0
    organisations: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class Federation:
    register: dict[str, Any]
    sources: list[dict[str, Any]]
    base: Path  # the folder of the federation file: relative source paths start there


def read_federation(path: Path) -> Federation:
    doc, problems = load_file(path, str(path))
    if doc is None:
        raise FederationError(problems)  # the YAML problems, each told where it is shown
    data = doc.data if isinstance(doc.data, dict) else {}
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        raise FederationError(L_("{file}: list the registers to federate under 'sources:', each with 'registry:' (the "
                                 "path or web address of its registry.json)", file=str(path)))
    for number, source in enumerate(sources, 1):
        if not isinstance(source, dict) or not isinstance(source.get("registry"), str):
            raise FederationError(L_("{file}: source {number} needs 'registry:', the path or web address of its "
                                     "registry.json", file=str(path), number=number))
    missing = [key for key in ("title", "organisation", "default_language", "contact") if key not in data]
    if missing:
        raise FederationError(L_("{file}: the federated register needs {keys} (written as in register.yaml)",
                                 file=str(path), keys=", ".join(missing)))
    unknown = sorted(set(data) - set(REGISTER_KEYS) - {"sources"})
    if unknown:
        raise FederationError(L_("{file}: {keys} cannot be used here; use {allowed} and sources", file=str(path),
                                 keys=", ".join(unknown), allowed=", ".join(REGISTER_KEYS)))
    return Federation({k: data[k] for k in REGISTER_KEYS if k in data}, sources, path.resolve().parent)


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        out = out[: limit + 1].rsplit("-", 1)[0] if "-" in out[: limit + 1] else out[:limit]
    return out if len(out) >= 3 else f"org-{out or 'x'}"


def _unique(candidate: str, taken: set[str]) -> str:
    out, number = candidate, 2
    while out in taken:
        out, number = f"{candidate}-{number}", number + 1
    taken.add(out)
    return out


def _fetch(address: str, base: Path) -> tuple[bytes, str]:
    """The bytes of a source and its absolute address (a web address, or a file path)."""
    if re.match(r"https?://", address):
        with urllib.request.urlopen(address, timeout=60) as response:  # noqa: S310 (an address the clerk configured)
            return response.read(MAX_BYTES + 1), address
    path = (base / address).resolve()
    return path.read_bytes(), path.as_uri()


def _site_of(address: str, given: str | None, published: Any) -> str | None:
    """The address of the source's site: given in the federation file, else in its registry.json, else the folder
    above ``data/registry.json`` when it is a web address."""
    for candidate in (given, published):
        if isinstance(candidate, str) and re.match(r"https?://", candidate):
            return candidate if candidate.endswith("/") else candidate + "/"
    if address.startswith("http") and address.endswith("data/registry.json"):
        return address[: -len("data/registry.json")]
    return None


def _in_languages(entry: dict[str, Any], languages: list[str], default: str) -> dict[str, Any]:
    """An organisation or department of a source's register.yaml with its texts in the federated register's
    languages: translations in other languages are left out; with none left, the text in the source's default
    language stays (as a text without a language)."""
    out = {}
    for key, value in entry.items():
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            kept = {k: v for k, v in value.items() if k in languages}
            value = kept or value.get(default) or next(iter(value.values()))
        out[key] = value
    return out


def _name(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values()), ""))
    return str(value or "")


def federate(federation: Federation, target: Path, schemas: Schemas, today: dt.date,
             comment: str = "Written by 'airegister federate' from its source register.") -> list[SourceResult]:
    """Write the federated register into ``target`` (replacing the records it held); returns what each source gave.
    ``comment``: the first line of each record file, in the register's language."""
    register = json.loads(json.dumps(federation.register))
    register["schema_version"] = schemas.version
    languages = list(register.get("languages") or [register["default_language"]])
    organisations: dict[str, dict[str, Any]] = {}
    departments: dict[str, dict[str, Any]] = {}
    categories: dict[str, dict[str, Any]] = {}  # the sources' own categories, by id (one id, one name: one category)
    records: list[dict[str, Any]] = []
    taken: set[str] = set()
    results = []
    for source in federation.sources:
        result = SourceResult(source["registry"])
        results.append(result)
        try:
            content, address = _fetch(source["registry"], federation.base)
            if len(content) > MAX_BYTES:  # said as such, not as "not a JSON file"
                result.problem = L_("it is larger than {size} MB", size=f"{MAX_BYTES / 2 ** 20:g}")
                continue
            data = json.loads(content.decode("utf-8-sig"))
            theirs, systems = data["register"], data["systems"]
            if not isinstance(theirs, dict) or not isinstance(systems, list):
                raise KeyError("systems")
        except OSError as exc:
            result.problem = L_("it could not be read ({problem})",
                                problem=str(getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc))
            continue
        except (ValueError, UnicodeDecodeError):
            result.problem = L_("it is not a JSON file")
            continue
        except (KeyError, TypeError):
            result.problem = L_("it is not a register's registry.json (it has no 'register' and 'systems')")
            continue
        site = _site_of(address, source.get("site"), data.get("site_url"))
        before = (set(organisations), set(departments), set(categories))
        _add_source(register, theirs, systems, source, site, address, today, organisations, departments, records,
                    taken, result, categories)
        default = theirs.get("default_language", "en")
        for table, known in ((organisations, before[0]), (departments, before[1])):
            for key in set(table) - known:
                table[key] = _in_languages(table[key], languages, default)
        for key in set(categories) - before[2]:  # only the texts (external_categories is a set of fields, not a text)
            texts = {k: v for k, v in categories[key].items() if k in ("label", "description")}
            categories[key] = {**categories[key], **_in_languages(texts, languages, default)}
    register["organisations"] = organisations
    register["departments"] = departments
    if categories:
        register["categories"] = list(categories.values())
    _write(target, register, records, schemas, comment)
    return results


def _add_source(register: dict[str, Any], theirs: dict[str, Any], systems: list[Any], source: dict[str, Any],
                site: str | None, address: str, today: dt.date, organisations: dict[str, Any],
                departments: dict[str, Any], records: list[dict[str, Any]], taken: set[str],
                result: SourceResult, categories: dict[str, Any] | None = None) -> None:
    language = theirs.get("default_language", "en")
    own = dict(theirs.get("organisation") or {"name": address})
    ids: dict[str, str] = {}  # the source's organisation id ("" for its own) -> the federated id
    for key, org in [("", own), *((k, v) for k, v in (theirs.get("organisations") or {}).items())]:
        org = {k: v for k, v in org.items()}
        if source.get("region"):
            org["region"] = source["region"]
        ids[key] = _unique(_slug(_name(org.get("name"), language)), set(organisations))
        organisations[ids[key]] = org
        result.organisations.append(_name(org.get("name"), language))
    dept_ids: dict[str, str] = {}
    for key, dept in (theirs.get("departments") or {}).items():
        organisation = ids.get(dept.get("organisation") or "", ids[""])
        new = _unique(f"{organisation}-{key}"[:80].strip("-"), set(departments))
        departments[new] = {**{k: v for k, v in dept.items() if k != "organisation"}, "organisation": organisation}
        dept_ids[key] = new
    category_ids = _add_categories(theirs, categories if categories is not None else {}, ids[""], language)
    record_ids: dict[str, str] = {}
    for system in systems:
        if isinstance(system, dict) and isinstance(system.get("id"), str):
            department = dept_ids.get((system.get("owner") or {}).get("department", ""))
            prefix = departments[department]["organisation"] if department else ids[""]
            record_ids[system["id"]] = _unique(_join(prefix, system["id"]), taken)
    for system in systems:
        if not isinstance(system, dict) or system.get("id") not in record_ids:
            continue
        record = json.loads(json.dumps(system))
        old_id = record["id"]
        record["id"] = record_ids[old_id]
        owner = record.setdefault("owner", {})
        owner["department"] = dept_ids.get(owner.get("department", ""), owner.get("department", ""))
        record.setdefault("languages", [language])  # a record without them is written in its register's language
        if isinstance(record.get("categories"), list):
            record["categories"] = [category_ids.get(c, c) for c in record["categories"]]
        replaced = (record.get("lifecycle") or {}).get("replaced_by")
        if replaced in record_ids:
            record["lifecycle"]["replaced_by"] = record_ids[replaced]
        earlier = record.pop("source", None)
        block: dict[str, Any] = {"format": FORMAT, "id": old_id}
        if site:
            block["url"] = urllib.parse.urljoin(site, f"systems/{old_id}/")
        elif address.startswith("http"):
            block["url"] = address
        block["read_on"] = today.isoformat()
        if earlier:
            block["not_imported"] = [{"key": "source", "value": json.dumps(earlier, ensure_ascii=False)}]
        record["source"] = block
        records.append(record)
        result.records += 1


def _add_categories(theirs: dict[str, Any], categories: dict[str, Any], organisation: str, language: str) -> dict[str, str]:
    """A source's own categories into the federated register: a category with the id and name of one already there is
    that one; another with a taken id gets its organisation's id in front. Returns the source's id -> the new id."""
    out: dict[str, str] = {}
    for category in theirs.get("categories") or ():
        if not isinstance(category, dict) or not isinstance(category.get("id"), str):
            continue
        key = category["id"]
        known = categories.get(key)
        if known is not None and _name(known.get("label"), language) != _name(category.get("label"), language):
            key = _unique(f"{organisation}-{key}"[:80].strip("-"), set(categories))
            known = None
        if known is None:
            categories[key] = {**category, "id": key}
        out[category["id"]] = key
    return out


def _join(prefix: str, record_id: str) -> str:
    """``prefix-record_id`` in at most 80 characters, cut between words of the prefix."""
    room = 80 - len(record_id) - 1
    if room < 3:
        return record_id[:80].rstrip("-")
    head = prefix if len(prefix) <= room else prefix[: room + 1].rsplit("-", 1)[0]
    return f"{head}-{record_id}"


def _write(target: Path, register: dict[str, Any], records: list[dict[str, Any]], schemas: Schemas, comment: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for child in target.iterdir():  # the records of an earlier run (the folder is the federation's own output)
        if child.is_dir() and not child.name.startswith("."):
            shutil.rmtree(child)
    (target / "register.yaml").write_text(
        "# The federated register, written by 'airegister federate' from its sources: do not edit by hand.\n"
        + to_yaml(register), encoding="utf-8")
    for record in records:
        folder = target / record["owner"]["department"]
        folder.mkdir(exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(
            record_text(folder, schemas, record, comment),
            encoding="utf-8")
