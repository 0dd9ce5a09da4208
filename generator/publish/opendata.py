"""The register as open data, built with every site: JSON, CSV, one file per record, the schema, schema.org
JSON-LD, a DCAT-AP catalogue, an Atom feed of changes, the exports to other standards, and checksums.

Everything is returned as ``{site path: bytes}``; the MkDocs plugin adds the
files to the site and ``airegister render`` writes them next to the pages.
The files and columns are documented on the site's "Open data" page, which is
generated from ``CSV_COLUMNS`` and ``FILES`` below.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable

from generator import __version__
from generator.core.layout import system_page
from generator.core.i18n import N_, translator
from generator.crosswalk import ExportContext, all_standards, gap_files
from generator.crosswalk.files import csv_text
from generator.load.history import History
from generator.model.objects import Registry, System
from generator.core.schema import Schemas
from generator.publish.feed import FEED_LIMIT, atom_feed  # noqa: F401  (FEED_LIMIT: part of this module's interface)
from generator.publish.linkeddata import catalog_jsonld, script_json, system_jsonld  # noqa: F401  (used by the pages)
from generator.publish.options import OpenDataOptions
from generator.publish.redirects import redirect_data

DATA = "data"

# (file, what it is) — shown on the Open data page, in this order.
FILES = [
    ("data/registry.json", N_("Every record, as written in the register, with the register's settings, the schema version, the build time and the source commit.")),
    ("data/registry.csv", N_("One row per system, with the columns listed below (UTF-8 with a byte-order mark, "
                             "comma-separated, Windows line endings, in a fixed order). In this file and every CSV "
                             "export, a text that starts with =, +, -, @ or a tab is written with an apostrophe before "
                             "it, so that spreadsheet programs show it as text and never run it as a formula; the JSON "
                             "files hold the exact text.")),
    ("data/systems/<id>.json", N_("One record, with its permanent id (the id it was first published with); after a "
                                  "rename, the old address says where the record is now.")),
    ("data/history.json", N_("Every change to every record since the register started: date, commit, change note and the fields that changed, with old and new values.")),
    ("data/feed.xml", N_("An Atom feed of added, changed, retired and removed systems, for feed readers and alerts.")),
    ("data/redirects.json", N_("The earlier ids of renamed systems, each with its new id and addresses; the old "
                               "page and JSON addresses lead to the new ones.")),
    ("data/catalog.jsonld", N_("A DCAT-AP description of this data set and its files, for open data portals.")),
    ("data/exports/<standard>/", N_("The register in the formats of other registers and laws, with gaps.csv listing what each record lacks for that standard.")),
    ("schema/<version>/*.schema.json", N_("The record format (JSON Schema), at the address its $id names.")),
    ("data/SHA256SUMS", N_("The SHA-256 checksum of every file above, to check that a download is complete and "
                            "unchanged: in the downloaded data folder, run sha256sum -c SHA256SUMS.")),
]


def _text(system: System, value: Any) -> str:
    return system.text(value) or "" if value is not None else ""


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[System, "OpenDataOptions"], Any]


def _category_names(system: System, language: str | None = None) -> list[str]:
    known = system.register.categories
    return [system.register.text(known[c].label, language) or c for c in system.categories if c in known]


def _status_date(system: System) -> str:
    found = system.status_date  # the schema's x-dates, the same date the system's page shows
    return found[1] if found else ""


CSV_COLUMNS = [
    Column("id", N_("The record's permanent id (also its file name and web address)."), lambda s, o: s.id),
    Column("name", N_("Name of the system, in the record's main language."), lambda s, o: _text(s, s.data["name"])),
    Column("summary", N_("Short plain-language summary."), lambda s, o: _text(s, s.data["summary"])),
    Column("department_id", N_("Id of the owning department."), lambda s, o: s.department_id),
    Column("department", N_("Name of the owning department."), lambda s, o: s.register.text(s.department.name) or ""),
    Column("organisation_id", N_("Id of the owning organisation (empty: the organisation that runs the register)."), lambda s, o: s.organisation.id),
    Column("organisation", N_("Name of the owning organisation."), lambda s, o: s.organisation_name()),
    Column("team", N_("Team that runs the system."), lambda s, o: _text(s, _get(s.data, "owner.team"))),
    Column("status", N_("planned, in development, pilot, in use, paused or retired."), lambda s, o: s.status),
    Column("status_date", N_("The date that goes with the status (in use since, retired on...), YYYY-MM-DD."), lambda s, o: _status_date(s)),
    Column("ai_act_classification", N_("EU AI Act classification (prohibited, high-risk, transparency, minimal, not-an-ai-system, not-assessed)."), lambda s, o: s.classification),
    Column("ai_act_annex_iii_area", N_("For high-risk systems, the Annex III area."), lambda s, o: _get(s.data, "ai_act.annex_iii_area") or ""),
    Column("ai_act_role", N_("provider, deployer or provider-and-deployer."), lambda s, o: _get(s.data, "ai_act.role") or ""),
    Column("significant_impact", N_("true when the system contributes to decisions with legal or similar effects on people."), lambda s, o: "" if s.data.get("significant_impact") is None else str(s.data["significant_impact"]).lower()),
    Column("human_oversight", N_("Level of human oversight."), lambda s, o: s.oversight_level or ""),
    Column("uses_personal_data", N_("yes, no or unknown (from the data sets listed)."), lambda s, o: s.personal_data_answer),
    Column("domains", N_("City domains, separated by semicolons."), lambda s, o: ";".join(s.domains)),
    Column("categories", N_("Ids of the register's own categories, separated by semicolons."), lambda s, o: ";".join(s.categories)),
    Column("category_names", N_("Names of those categories, in the register's default language, separated by semicolons."), lambda s, o: ";".join(_category_names(s))),
    Column("tags", N_("Keywords, separated by semicolons."), lambda s, o: ";".join(_text(s, t) for t in s.data.get("tags", []))),
    Column("development", N_("in-house, supplier or both."), lambda s, o: s.data.get("development", "")),
    Column("suppliers", N_("Names of suppliers and partners, separated by semicolons."), lambda s, o: ";".join(x["name"] for x in s.data.get("suppliers", []))),
    Column("contact_email", N_("Mailbox for questions about the system."), lambda s, o: s.data["contact"]["email"]),
    Column("accountable_role", N_("The accountable role (a job title)."), lambda s, o: _text(s, s.data["accountable"]["role"])),
    Column("bias_assessment", N_("done, in-progress, not-done or not-applicable."), lambda s, o: _get(s.data, "bias_assessment.status") or ""),
    Column("impact_assessments", N_("Types of completed impact assessments, separated by semicolons."), lambda s, o: ";".join(a["type"] for a in s.completed_assessments())),
    Column("first_published", N_("When the record was first published, YYYY-MM-DD."), lambda s, o: _get(s.data, "record.first_published") or ""),
    Column("last_reviewed", N_("When the record was last checked, YYYY-MM-DD."), lambda s, o: _get(s.data, "record.last_reviewed") or ""),
    Column("next_review", N_("When the record is due to be checked again, YYYY-MM-DD."), lambda s, o: _get(s.data, "record.next_review") or ""),
    Column("languages", N_("Languages of the record, separated by semicolons."), lambda s, o: ";".join(s.languages)),
    Column("page_url", N_("The system's page on the register website."), lambda s, o: o.url(system_page(s.id))),
    Column("record_url", N_("The record as JSON."), lambda s, o: o.url(f"data/systems/{s.id}.json")),
]


def schema_path(schema: dict[str, Any]) -> str:
    """The site path that matches a schema's $id (https://host/schema/1.0/x.json -> schema/1.0/x.json)."""
    return urllib.parse.urlparse(schema["$id"]).path.lstrip("/")


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def registry_json(registry: Registry, schemas: Schemas, options: OpenDataOptions) -> dict[str, Any]:
    return {
        "register": registry.register.data,
        "schema_version": schemas.version,
        "schema": schemas.record["$id"],
        "generated_at": options.generated_at.isoformat(timespec="seconds"),
        "source_commit": options.source_commit,
        "generator": f"airegister {__version__}",
        "site_url": options.site_url,  # where the pages are (a register of registers links each record to its page)
        "count": len(registry),
        "systems": [system.data for system in registry],
    }


def registry_csv(registry: Registry, options: OpenDataOptions) -> str:
    return csv_text([c.name for c in CSV_COLUMNS], ([c.value(system, options) for c in CSV_COLUMNS] for system in registry))


def system_json(system: System, schemas: Schemas, options: OpenDataOptions) -> dict[str, Any]:
    history = options.history.of(system.id) if options.history else None
    return {
        "schema": schemas.record["$id"],
        "permanent_id": options.history.permanent_id(system.id) if options.history else system.id,
        "file": system.file,
        "page_url": options.url(system_page(system.id)),
        "record": system.data,
        # the register's categories of the record, with their labels as register.yaml gives them (one per language)
        "categories": [{"id": c, "label": system.register.categories[c].label} for c in system.categories
                       if c in system.register.categories],
        "history": None if history is None else [_change_json(c) for c in history],
    }


def _change_json(change: Any) -> dict[str, Any]:
    return {"record_id": change.record_id, "permanent_id": change.permanent_id or change.record_id, "kind": change.kind, "date": change.date.isoformat(timespec="seconds"),
            "commit": change.commit, "note": change.note, "file": change.file, "old_file": change.old_file,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in change.fields]}


def checksums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS for ``files`` (by site path), with paths relative to the data folder the list is kept in, so
    ``cd data && sha256sum -c SHA256SUMS`` checks a download (the schema, outside it, as ``../schema/…``)."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {posixpath.relpath(path, DATA)}\n"
             for path, content in sorted(files.items())]
    return "".join(lines).encode("utf-8")


# --- everything together --------------------------------------------------------------------------

def planned_paths(schemas: Schemas, history: History | None) -> tuple[str, ...]:
    """The fixed open-data files a build publishes (without building them), for links from the pages."""
    paths = ["data/registry.json", "data/registry.csv", "data/feed.xml", "data/catalog.jsonld", "data/SHA256SUMS",
             schema_path(schemas.record), schema_path(schemas.register)]
    if history is not None:
        paths += ["data/history.json", "data/redirects.json"]
    return tuple(paths)


BASE = "base"  # the part of the open data that is not an export: JSON, CSV, one file per record, the feed, the schema

Distribution = tuple[str, str, str, "str | None"]  # (site path, media type, title, the standard it conforms to)


def open_data_parts() -> list[str]:
    """The open data in pieces of work that do not depend on each other (``BASE``, then each export standard), so a
    large register's can be built in several processes at once; ``assemble_open_data`` puts them together."""
    return [BASE, *sorted(all_standards())]


def build_open_data_part(registry: Registry, schemas: Schemas, options: OpenDataOptions,
                         part: str) -> tuple[dict[str, bytes], Distribution | None]:
    """The files of one part of the open data (see ``open_data_parts``), by site path, and for an export the
    distribution the catalogue lists for it (None when it has no CSV file)."""
    if part == BASE:
        files: dict[str, bytes] = {
            "data/registry.json": _json(registry_json(registry, schemas, options)),
            "data/registry.csv": registry_csv(registry, options).encode("utf-8"),
        }
        for system in registry:
            files[f"data/systems/{system.id}.json"] = _json(system_json(system, schemas, options))
        if options.history is not None:
            files["data/history.json"] = _json({"head": options.history.head, "complete": not options.history.shallow,
                                                "changes": [_change_json(c) for c in options.history.changes]})
        files.update(redirect_data(registry, options.history, options))
        files["data/feed.xml"] = atom_feed(registry, schemas, options)
        for schema in (schemas.record, schemas.register):
            files[schema_path(schema)] = _json(schema)
        return files, None
    standard = all_standards()[part]
    context = ExportContext.for_layout(options.layout, options.generated_at.date(), schemas)
    export = standard.export(registry, context)
    gap_words = translator(registry.register.default_language)  # the city's language, as on the NYC report page
    files = {f"data/exports/{part}/{relative}": content.encode("utf-8") if isinstance(content, str) else content
             for relative, content in {**export.files, **gap_files(export.gaps, t=gap_words)}.items()}
    main = next((f"data/exports/{part}/{r}" for r in sorted(export.files) if r.endswith(".csv")), None)
    if not main:
        return files, None
    # the standard's address, without the words after it ("https://… (Annex VIII, Section C)")
    conforms = standard.source.split()[0] if standard.source.strip() else None
    return files, (main, "text/csv", f"{standard.title} (CSV)", conforms)


def assemble_open_data(registry: Registry, schemas: Schemas, options: OpenDataOptions,
                       parts: list[tuple[dict[str, bytes], Distribution | None]]) -> dict[str, bytes]:
    """Every open-data file, from the parts built in the order of ``open_data_parts``: the catalogue of them all
    added, and SHA256SUMS last."""
    files: dict[str, bytes] = {}
    for part_files, _ in parts:
        files.update(part_files)
    distributions = [
        ("data/registry.json", "application/json", "All records (JSON)", options.iri(schema_path(schemas.record))),
        ("data/registry.csv", "text/csv", "All systems, one row each (CSV)", None),
        ("data/feed.xml", "application/atom+xml", "Changes (Atom feed)", "https://www.rfc-editor.org/rfc/rfc4287"),
        (schema_path(schemas.record), "application/json", "The record format (JSON Schema)",
         "https://json-schema.org/draft/2020-12/schema"),
    ]
    if options.history is not None:
        distributions.insert(2, ("data/history.json", "application/json", "Change history (JSON)", None))
    distributions += [distribution for _, distribution in parts if distribution is not None]
    files["data/catalog.jsonld"] = _json(catalog_jsonld(registry, schemas, options, distributions))
    files["data/SHA256SUMS"] = checksums(files)
    return files


def build_open_data(registry: Registry, schemas: Schemas, options: OpenDataOptions) -> dict[str, bytes]:
    """Every open-data file of the site, by site path, with SHA256SUMS last."""
    return assemble_open_data(registry, schemas, options, [build_open_data_part(registry, schemas, options, part)
                                                           for part in open_data_parts()])
