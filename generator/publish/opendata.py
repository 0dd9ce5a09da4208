"""The register as open data, built with every site: JSON, CSV, one file per record, the schema, schema.org
JSON-LD, a DCAT-AP catalogue, an Atom feed of changes, the exports to other standards, and checksums.

Everything is returned as ``{site path: bytes}``; the MkDocs plugin adds the
files to the site and ``airegister render`` writes them next to the pages.
The files and columns are documented on the site's "Open data" page, which is
generated from ``CSV_COLUMNS`` and ``FILES`` below.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable
from xml.etree import ElementTree as ET

from generator import __version__
from generator.core.layout import CHANGES, HOME, OPEN_DATA, Layout, system_page
from generator.core.i18n import N_
from generator.crosswalk import ExportContext, all_standards, gap_files
from generator.load.history import History
from generator.model.objects import Registry, System
from generator.core.schema import Schemas

DATA = "data"
FEED_LIMIT = 500

# (file, what it is) — shown on the Open data page, in this order.
FILES = [
    ("data/registry.json", N_("Every record, as written in the register, with the register's settings, the schema version, the build time and the source commit.")),
    ("data/registry.csv", N_("One row per system, with the columns listed below (UTF-8, comma-separated, in a fixed order). "
                             "A text that starts with =, +, @ or a tab is written with an apostrophe before it, so that "
                             "spreadsheet programs show it as text and never run it as a formula.")),
    ("data/systems/<id>.json", N_("One record, at an address that stays the same as long as the record exists.")),
    ("data/history.json", N_("Every change to every record since the register started: date, commit, change note and the fields that changed, with old and new values.")),
    ("data/feed.xml", N_("An Atom feed of added, changed, retired and removed systems, for feed readers and alerts.")),
    ("data/catalog.jsonld", N_("A DCAT-AP description of this data set and its files, for open data portals.")),
    ("data/exports/<standard>/", N_("The register in the formats of other registers and laws, with gaps.csv listing what each record lacks for that standard.")),
    ("schema/<version>/*.schema.json", N_("The record format (JSON Schema), at the address its $id names.")),
    ("data/SHA256SUMS", N_("The SHA-256 checksum of every file above, to check that a download is complete and unchanged.")),
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


@dataclass(frozen=True)
class OpenDataOptions:
    layout: Layout = Layout()  # the pages' URL style and the site's public address
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    source_commit: str | None = None
    history: History | None = None

    @property
    def site_url(self) -> str | None:
        return self.layout.site_url

    def url(self, path: str) -> str:
        """The address of a page (``systems/x.md``) or file: absolute when the site's address is known, else
        relative to the site root; a page's address follows the site's URL style (see ``core.layout``)."""
        return self.layout.address(path)


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


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """A cell that spreadsheet programs show as text: a leading apostrophe before =, +, @, tab or return,
    so that a record's text can never run as a formula when the CSV is opened (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def registry_csv(registry: Registry, options: OpenDataOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in CSV_COLUMNS])
    for system in registry:
        writer.writerow([spreadsheet_safe(c.value(system, options)) for c in CSV_COLUMNS])
    return buffer.getvalue()


def system_json(system: System, schemas: Schemas, options: OpenDataOptions) -> dict[str, Any]:
    history = options.history.of(system.id) if options.history else None
    return {
        "schema": schemas.record["$id"],
        "file": system.file,
        "page_url": options.url(system_page(system.id)),
        "record": system.data,
        "history": None if history is None else [_change_json(c) for c in history],
    }


def _change_json(change: Any) -> dict[str, Any]:
    return {"record_id": change.record_id, "kind": change.kind, "date": change.date.isoformat(timespec="seconds"),
            "commit": change.commit, "note": change.note, "file": change.file, "old_file": change.old_file,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in change.fields]}


# --- linked data ---------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d"}


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: characters that could end the script or be
    read as template syntax are written as \\u escapes inside strings (still the same JSON)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda m: "".join(_UNSAFE_IN_SCRIPT.get(ch, ch) for ch in m.group()), text)


def system_jsonld(system: System, options: OpenDataOptions) -> dict[str, Any]:
    """schema.org description of one system, embedded in its page (the context is inline: nothing is fetched)."""
    register = system.register
    organisation = system.organisation.data  # the owner: the department's organisation (in a city's register, the city)
    record = system.data.get("record", {})
    node: dict[str, Any] = {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "SoftwareApplication",
        "@id": options.url(system_page(system.id)) + "#system",
        "identifier": system.id,
        "name": _text(system, system.data["name"]),
        "description": _text(system, system.data["summary"]),
        "url": options.url(system_page(system.id)),
        "applicationCategory": "Algorithmic or AI system used by a public organisation",
        "inLanguage": system.languages,
        "keywords": [_text(system, t) for t in system.data.get("tags", [])],
        "creativeWorkStatus": system.status,
        "provider": {"@type": "GovernmentOrganization", "name": register.text(organisation["name"]) or "",
                     "department": {"@type": "GovernmentOrganization", "name": register.text(system.department.name) or ""}},
        "publisher": {"@type": "GovernmentOrganization", "name": register.text(register.organisation.name) or ""},
    }
    if organisation.get("website"):
        node["provider"]["url"] = organisation["website"]
    if record.get("first_published"):
        node["datePublished"] = record["first_published"]
    if record.get("last_reviewed"):
        node["dateModified"] = record["last_reviewed"]
    same_as = [r["url"] for r in system.data.get("registrations", []) if r.get("url")]
    if same_as:
        node["sameAs"] = same_as
    if system.data.get("website"):
        node["mainEntityOfPage"] = system.data["website"]
    return node


def catalog_jsonld(registry: Registry, schemas: Schemas, options: OpenDataOptions, distributions: list[tuple[str, str, str, str | None]]) -> dict[str, Any]:
    """A DCAT-AP catalogue with one data set (the register) and its files as distributions."""
    register = registry.register
    title = register.text(register.title) or "AI register"
    organisation = register.text(register.data["organisation"]["name"]) or ""
    licence = register.data.get("licence")
    licence_url = f"https://spdx.org/licenses/{licence}.html" if licence else None
    modified = options.generated_at.date().isoformat()
    dataset: dict[str, Any] = {
        "@id": options.url(OPEN_DATA) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:title": title,
        "dct:description": f"The algorithms and AI systems that {organisation} uses: what each does, why, with what data, "
                           "who is accountable, how people oversee it, and its assessments.",
        "dct:publisher": {"@id": options.url(HOME) + "#publisher"},
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "dct:conformsTo": {"@id": schemas.record["$id"]},
        "dcat:keyword": ["algorithm register", "artificial intelligence", "transparency", "public sector"],
        "dcat:landingPage": {"@id": options.url(HOME)},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": organisation,
                              "vcard:hasEmail": {"@id": "mailto:" + register.data["contact"]["email"]}},
        "dcat:distribution": [],
    }
    if licence_url:
        dataset["dct:license"] = {"@id": licence_url}
    for path, media_type, title_text, conforms in distributions:
        distribution: dict[str, Any] = {
            "@id": options.url(path) + "#distribution",
            "@type": "dcat:Distribution",
            "dct:title": title_text,
            "dcat:downloadURL": {"@id": options.url(path)},
            "dcat:accessURL": {"@id": options.url(path)},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        }
        if conforms:
            distribution["dct:conformsTo"] = {"@id": conforms}
        if licence_url:
            distribution["dct:license"] = {"@id": licence_url}
        dataset["dcat:distribution"].append(distribution)
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": options.url("data/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": f"{title}: open data",
        "dct:description": f"Open data published by {organisation} about its register of algorithms and AI systems.",
        "dct:publisher": {"@id": options.url(HOME) + "#publisher", "@type": "foaf:Agent", "foaf:name": organisation},
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "dcat:dataset": [dataset],
    }


# --- the feed ---------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
_TITLES = {"added": "Added", "changed": "Changed", "renamed": "Moved", "retired": "Retired", "deleted": "Removed"}


def atom_feed(registry: Registry, options: OpenDataOptions) -> bytes:
    register = registry.register
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    changes = options.history.changes[:FEED_LIMIT] if options.history else []
    updated = (changes[0].date if changes else options.generated_at).isoformat(timespec="seconds")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    title = register.text(register.title) or "AI register"
    sub(feed, "id", options.url("data/feed.xml") if options.site_url else "urn:airegister:feed:" + registry.register.data["contact"]["email"])
    sub(feed, "title", f"{title}: changes")
    sub(feed, "updated", updated)
    author = sub(feed, "author")
    sub(author, "name", register.text(register.data["organisation"]["name"]) or title)
    sub(feed, "link", rel="self", href=options.url("data/feed.xml"))
    sub(feed, "link", rel="alternate", href=options.url(CHANGES))
    for change in changes:
        system = registry.get(change.record_id)
        name = (system.text(change.name) if system else (change.name if isinstance(change.name, str) else None)) \
            or (next(iter(change.name.values())) if isinstance(change.name, dict) else change.record_id)
        entry = sub(feed, "entry")
        entry_id = f"{change.record_id}/{change.commit}"
        sub(entry, "id", options.url(system_page(change.record_id)) + f"#change-{change.commit[:12]}" if options.site_url
            else f"urn:airegister:change:{entry_id}")
        sub(entry, "title", f"{_TITLES.get(change.kind, change.kind.title())}: {name}")
        sub(entry, "updated", change.date.isoformat(timespec="seconds"))
        if system is not None:
            sub(entry, "link", rel="alternate", href=options.url(system_page(change.record_id)))
        fields = ", ".join(f.field for f in change.fields[:20]) + (" and more" if len(change.fields) > 20 else "")
        summary = change.note + (f" Fields changed: {fields}." if fields and change.kind != "added" else "")
        sub(entry, "summary", summary)
        sub(entry, "category", term=change.kind)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


# --- everything together --------------------------------------------------------------------------

def planned_paths(schemas: Schemas, history: History | None) -> tuple[str, ...]:
    """The fixed open-data files a build publishes (without building them), for links from the pages."""
    paths = ["data/registry.json", "data/registry.csv", "data/feed.xml", "data/catalog.jsonld", "data/SHA256SUMS",
             schema_path(schemas.record), schema_path(schemas.register)]
    if history is not None:
        paths.append("data/history.json")
    return tuple(paths)


def build_open_data(registry: Registry, schemas: Schemas, options: OpenDataOptions) -> dict[str, bytes]:
    """Every open-data file of the site, by site path, with SHA256SUMS last."""
    files: dict[str, bytes] = {
        "data/registry.json": _json(registry_json(registry, schemas, options)),
        "data/registry.csv": registry_csv(registry, options).encode("utf-8"),
    }
    for system in registry:
        files[f"data/systems/{system.id}.json"] = _json(system_json(system, schemas, options))
    if options.history is not None:
        files["data/history.json"] = _json({"head": options.history.head, "complete": not options.history.shallow,
                                            "changes": [_change_json(c) for c in options.history.changes]})
    files["data/feed.xml"] = atom_feed(registry, options)
    for schema in (schemas.record, schemas.register):
        files[schema_path(schema)] = _json(schema)
    distributions = [
        ("data/registry.json", "application/json", "All records (JSON)", schemas.record["$id"]),
        ("data/registry.csv", "text/csv", "All systems, one row each (CSV)", None),
        ("data/feed.xml", "application/atom+xml", "Changes (Atom feed)", None),
        (schema_path(schemas.record), "application/schema+json", "The record format (JSON Schema)", None),
    ]
    if options.history is not None:
        distributions.insert(2, ("data/history.json", "application/json", "Change history (JSON)", None))
    context = ExportContext.for_layout(options.layout, options.generated_at.date(), schemas)
    for key, standard in sorted(all_standards().items()):
        export = standard.export(registry, context)
        for relative, content in {**export.files, **gap_files(export.gaps)}.items():
            files[f"data/exports/{key}/{relative}"] = content.encode("utf-8") if isinstance(content, str) else content
        main = next((f"data/exports/{key}/{r}" for r in sorted(export.files) if r.endswith(".csv")), None)
        if main:
            distributions.append((main, "text/csv", f"{standard.title} (CSV)", standard.source or None))
    files["data/catalog.jsonld"] = _json(catalog_jsonld(registry, schemas, options, distributions))
    files["data/SHA256SUMS"] = "".join(f"{hashlib.sha256(content).hexdigest()}  {path}\n"
                                       for path, content in sorted(files.items())).encode("utf-8")
    return files
