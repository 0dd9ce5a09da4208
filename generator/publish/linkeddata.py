"""Linked data: the schema.org description embedded in each system's page and the DCAT-AP 3.0.1 catalogue.

Every IRI is absolute (``OpenDataOptions.iri``). The catalogue types every resource the DCAT-AP 3.0.1 shapes
expect a class for (licence, media type, standard, contact point, landing page), and names the standard each
file follows by an IRI (``tests/test_linked_data.py`` holds the rules, taken from the DCAT-AP specification).
"""
from __future__ import annotations

import json
import re
from typing import Any

from generator.core.fields import field_index
from generator.core.layout import HOME, OPEN_DATA, system_page
from generator.model.links import link_languages, pick_link
from generator.model.objects import Registry, System
from generator.core.schema import Schemas, load_schemas
from generator.crosswalk.plaintext import plain_text
from generator.publish import identity
from generator.publish.options import OpenDataOptions

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d"}
SPDX = "http://spdx.org/licenses/"
IANA = "http://www.iana.org/assignments/media-types/"


def script_json(value: Any) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: characters that could end the script or be
    read as template syntax are written as \\u escapes inside strings (still the same JSON)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda m: "".join(_UNSAFE_IN_SCRIPT.get(ch, ch) for ch in m.group()), text)


def _text(system: System, value: Any) -> str:
    return system.text(value) or "" if value is not None else ""


def _provider(system: System) -> list[dict[str, Any]] | None:
    """The suppliers, when the city deploys a system that a supplier provides (None: the city provides it)."""
    meanings = system.meanings
    role = (system.data.get("ai_act") or {}).get("role")
    suppliers = system.data.get("suppliers") or []
    if not suppliers or (role and meanings.has("ai_act.role", role, "provides")):
        return None
    if not meanings.has("development", system.data.get("development"), "involves-supplier"):
        return None
    return [{"@type": "Organization", "name": supplier["name"]} for supplier in suppliers]


def system_jsonld(system: System, options: OpenDataOptions) -> dict[str, Any]:
    """schema.org description of one system, embedded in its page (the context is inline: nothing is fetched)."""
    register = system.register
    organisation = system.organisation.data  # the owner: the department's organisation (in a city's register, the city)
    record = system.data.get("record", {})
    history = options.history
    permanent = history.permanent_id(system.id) if history else system.id
    owner = {"@type": "GovernmentOrganization", "name": register.text(organisation["name"]) or ""}
    language = options.language or system.main_language
    if organisation.get("website"):
        owner["url"] = pick_link(organisation["website"], language, register.default_language)[0]
    status = field_index(register.schemas or load_schemas(), options.language).get("status")
    node: dict[str, Any] = {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "SoftwareApplication",
        "@id": identity.system_id(register, permanent),
        "identifier": system.id,
        "name": _text(system, system.data["name"]),
        "description": plain_text(_text(system, system.data["summary"])),  # no Markdown or HTML marks
        "url": options.iri(system_page(system.id)),
        "applicationCategory": "Algorithmic or AI system used by a public organisation",
        "inLanguage": system.languages,
        "keywords": [_text(system, t) for t in system.data.get("tags", [])] + [  # and the register's categories
            register.text(register.categories[c].label, options.language) or c for c in system.categories
            if c in register.categories],
        "creativeWorkStatus": status.label(system.status) if status is not None else system.status,
        "provider": _provider(system) or {**owner, "department": {
            "@type": "GovernmentOrganization", "name": register.text(system.department.name) or ""}},
        "publisher": {"@type": "GovernmentOrganization", "name": register.text(register.organisation.name) or ""},
    }
    if record.get("first_published"):
        node["datePublished"] = record["first_published"]
    changed = history.of(system.id)[0].date.date().isoformat() if history and history.of(system.id) else None
    modified = max((d for d in (changed, record.get("last_reviewed")) if d), default=None)
    if modified:
        node["dateModified"] = modified
    same_as = [url for r in system.data.get("registrations", []) if r.get("url") for url in _addresses(r["url"])]
    if same_as:
        node["sameAs"] = same_as
    if system.data.get("website"):
        node["mainEntityOfPage"] = _pages(system.data["website"], language, system.main_language)
    return node


def _addresses(value: str | dict[str, str]) -> list[str]:
    """Every address of a link (one, or one per language)."""
    return list(value.values()) if isinstance(value, dict) else [value]


def _pages(value: str | dict[str, str], language: str, main: str) -> str | list[dict[str, str]]:
    """A web page given once, or once per language: then one schema.org WebPage per language, with its
    ``inLanguage``, the page's language (else the record's main language) first."""
    if isinstance(value, str):
        return value
    first = pick_link(value, language, main)[1]
    return [{"@type": "WebPage", "@id": value[lang], "inLanguage": lang}
            for lang in sorted(link_languages(value), key=lambda lang: lang != first)]


def _typed(iri: str, kind: str) -> dict[str, str]:
    return {"@id": iri, "@type": kind}


def catalog_jsonld(registry: Registry, schemas: Schemas, options: OpenDataOptions,
                   distributions: list[tuple[str, str, str, str | None]]) -> dict[str, Any]:
    """A DCAT-AP catalogue with one data set (the register) and its files as distributions.

    ``distributions``: (site path, media type, title, the IRI of the standard the file follows or None).
    """
    register = registry.register
    title = register.text(register.title) or "AI register"
    organisation = register.text(register.data["organisation"]["name"]) or ""
    licence = register.data.get("licence")
    licence_node = _typed(SPDX + licence, "dct:LicenseDocument") if licence else None
    modified = (options.history.head_date if options.history and options.history.head_date
                else options.generated_at).date().isoformat()
    publisher = {"@id": options.iri(HOME) + "#publisher", "@type": "foaf:Agent", "foaf:name": organisation}
    dataset: dict[str, Any] = {
        "@id": options.iri(OPEN_DATA) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:title": title,
        "dct:description": f"The algorithms and AI systems that {organisation} uses: what each does, why, with what data, "
                           "who is accountable, how people oversee it, and its assessments.",
        "dct:identifier": identity.register_id(register),
        "dct:publisher": {"@id": publisher["@id"]},
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "dct:conformsTo": _typed(options.iri(_schema_path(schemas)), "dct:Standard"),
        "dcat:keyword": ["algorithm register", "artificial intelligence", "transparency", "public sector",
                         *(register.text(c.label) or key for key, c in register.categories.items())],
        "dcat:landingPage": _typed(options.iri(HOME), "foaf:Document"),
        "dcat:contactPoint": {"@id": options.iri(HOME) + "#contact", "@type": ["vcard:Kind", "vcard:Organization"],
                              "vcard:fn": organisation,
                              "vcard:hasEmail": {"@id": "mailto:" + register.data["contact"]["email"]}},
        "dcat:distribution": [],
    }
    if licence_node:
        dataset["dct:license"] = licence_node
    for path, media_type, title_text, conforms in distributions:
        distribution: dict[str, Any] = {
            "@id": options.iri(path) + "#distribution",
            "@type": "dcat:Distribution",
            "dct:title": title_text,
            "dcat:downloadURL": {"@id": options.iri(path)},
            "dcat:accessURL": {"@id": options.iri(path)},
            "dcat:mediaType": _typed(IANA + media_type, "dct:MediaType"),
        }
        if conforms:
            distribution["dct:conformsTo"] = _typed(conforms, "dct:Standard")
        if licence_node:
            distribution["dct:license"] = licence_node
        dataset["dcat:distribution"].append(distribution)
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": options.iri("data/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": f"{title}: open data",
        "dct:description": f"Open data published by {organisation} about its register of algorithms and AI systems.",
        "dct:publisher": publisher,
        "dct:modified": {"@value": modified, "@type": "xsd:date"},
        "foaf:homepage": _typed(options.iri(HOME), "foaf:Document"),
        "dcat:dataset": [dataset],
    }


def _schema_path(schemas: Schemas) -> str:
    import urllib.parse

    return urllib.parse.urlparse(schemas.record["$id"]).path.lstrip("/")
