"""Export to the EU AI Act, Annex VIII Section C: what public-authority deployers register (Article 49(3)).

Only high-risk systems of Annex III that the city deploys (``ai_act.role``
deployer or provider-and-deployer) are exported: one JSON file per system
(``records/<id>.json``) with the five items C.1 to C.5, and one CSV
(``eu-ai-act-annex-viii-c.csv``) with a row per system. The columns and where
each is filled from are in ``mappings/eu-ai-act-annex-viii-c.yaml``; this module
holds the rules that need code and writes the files. The deployer (C.1) is the
organisation in ``register.yaml``; the person submitting (C.2) is the record's
accountable role and its mailbox. Every item a record cannot fill becomes a
gap; items the Act does not require for a system (the fundamental rights impact
assessment for critical infrastructure, a DPIA without personal data) say so
instead. The lossy points are explained in ``docs/exports-eu-ai-act-annex-viii-c.md``.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.crosswalk import Export, ExportContext, Gap, Standard, plain_text, register, retired_before
from generator.crosswalk.files import csv_text
from generator.core.i18n import L_, joined
from generator.crosswalk.reasons import withheld
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import Cell, Rules, Source, evaluate, load_mapping, row_gaps, unmapped
from generator.core.meanings import meanings
from generator.core.schema import Schemas
from generator.crosswalk.links import one_address
from generator.crosswalk.words import choice, said
from generator.model.objects import Registry, System

KEY = "eu-ai-act-annex-viii-c"
CSV_NAME = "eu-ai-act-annex-viii-c.csv"
MAPPING = load_mapping(KEY)
RULES = Rules()

# The items of Annex VIII, Section C of Regulation (EU) 2024/1689.
ITEMS: dict[str, str] = {
    "C.1": "The name, address and contact details of the deployer",
    "C.2": "The name, address and contact details of the person submitting information on behalf of the deployer",
    "C.3": "The URL of the entry of the AI system in the EU database by its provider",
    "C.4": "A summary of the findings of the fundamental rights impact assessment conducted in accordance with Article 27",
    "C.5": "A summary of the data protection impact assessment carried out in accordance with Article 35 of Regulation "
           "(EU) 2016/679 or Article 27 of Directive (EU) 2016/680 as specified in Article 26(8) of this Regulation, "
           "where applicable",
}

# CSV columns: the items split into their parts, with the record's id and name first to tell rows apart.
COLUMNS: tuple[str, ...] = tuple(f.label for f in MAPPING.fields)
AREA, ROLE = "ai_act.annex_iii_area", "ai_act.role"
# Article 49 applies to the high-risk systems of Annex III from 2 August 2026 (Article 113).
DUTY_FROM = dt.date(2026, 8, 2)
# The fixed sentences the export writes into an item (in the record's main language, as its texts; see words.py).
NON_PUBLIC = L_("Not registered: in the secure non-public section of the EU database, the registration holds only "
                "Section C, points 1 to 3 (Article 49(4)).")
NO_FRIA = L_("Not required: deployers of high-risk AI systems in critical infrastructure (Annex III, point 2) do not "
             "carry out a fundamental rights impact assessment (Article 27(1)).")
NO_DPIA = L_("Not applicable: the system uses no personal data.")


# --- which systems ----------------------------------------------------------------------------------

def in_scope(system: System, schemas: Schemas) -> bool:
    """High-risk systems of Annex III that the city deploys: those a public-authority deployer registers.

    Article 49(3) covers the systems listed in Annex III; those of point 2 (critical infrastructure) are
    registered at national level instead (Article 49(5)) and are included with a note. A system that is
    high-risk only as part of a product under Annex I is not registered in the EU database at all.
    """
    ai_act, meaning = system.data["ai_act"], meanings(schemas)
    return (meaning.has("ai_act.classification", system.classification, "high-risk")
            and meaning.has(ROLE, ai_act.get("role"), "deploys") and bool(ai_act.get("annex_iii_area"))
            and not retired_before(system, DUTY_FROM))


def _non_public(source: Source) -> bool:
    """Annex III points 1, 6 and 7: registered in the secure non-public section, with items C.1 to C.3 only."""
    return source.meanings.has(AREA, source.get(AREA), "non-public-section")


def _national(source: Source) -> bool:
    return source.meanings.has(AREA, source.get(AREA), "registered-nationally")


# --- the rules that need code -----------------------------------------------------------------------

@RULES.rule
def registration(source: Source) -> str:
    """Where the information is registered: at national level for the areas so registered (Article 49(5)), else in the EU database (Article 49(3)); in the record's main language."""
    if _national(source):
        where = L_("at national level (Article 49(5))")
    elif _non_public(source):
        where = L_("in the secure non-public section of the EU database (Article 49(4))")
    else:
        where = L_("in the EU database (Article 49(3))")
    return said(where, source.system.main_language)


@RULES.rule
def table_choice(source: Source) -> Cell:
    """The choice in the standard's words, from the schema's value table named in the mapping file."""
    path, table_key = source.target.sources[0], source.target.options["table"]
    found = source.get(path)
    info = source.info(path)
    table = (info.mappings if info else {}).get(table_key) or {}
    if found is None:
        return Cell("")
    if found not in table:
        return Cell("", unmapped(table_key, path, found, source.label(path, found)))
    return Cell(table[found] or "")


def _organisation(system: System) -> dict[str, Any]:
    return system.organisation.data  # the department's organisation (in a city's register, the city)


@RULES.rule
def deployer_name(source: Source) -> str:
    """The organisation's name (register.yaml), in the record's main language."""
    system = source.system
    return system.register.text(_organisation(system)["name"], system.main_language) or ""


@RULES.rule
def address(source: Source) -> Cell:
    """The organisation's postal address (register.yaml)."""
    system = source.system
    found = system.register.text(_organisation(system).get("address"), system.main_language)
    if found:
        return Cell(found)
    return Cell("", L_("register.yaml has no postal address of the organisation yet: fill in “Postal address” under "
                       "“Organisation” (organisation.address)"))


@RULES.rule
def register_contact(source: Source) -> str:
    """The register's contact e-mail (register.yaml)."""
    return source.system.register.data["contact"]["email"]


def _submitter(source: Source) -> dict[str, Any]:
    return (source.system.register.data.get("exports") or {}).get("eu_submitter") or {}


@RULES.rule
def submitter_name(source: Source) -> Cell:
    """The person who submits the registration: ``exports.eu_submitter`` in register.yaml, else the record's
    accountable person when it names one; the Act asks for a person's name, not a role."""
    system = source.system
    accountable = source.data["accountable"]
    name = _submitter(source).get("name") or accountable.get("name")
    if not name:
        return Cell("", L_("the Act asks for the name of the person who submits the registration, not a job title: "
                           "fill in “Name” under “Person who submits the EU registration” in register.yaml "
                           "(exports.eu_submitter.name), or the accountable person's name in the record "
                           "(accountable.name)"))
    if _submitter(source).get("name"):
        return Cell(name)
    role = source.plain(accountable["role"])
    department = system.register.text(system.department.name, system.main_language) or system.department_id
    return Cell(f"{name}, {role} ({department})")


@RULES.rule
def submitter_contact(source: Source) -> str:
    """The submitting person's e-mail (register.yaml), else the accountable person's, else the record's contact."""
    return (_submitter(source).get("email") or source.data["accountable"].get("email")
            or source.data["contact"]["email"])


@RULES.rule
def provider_entry(source: Source) -> Cell:
    """The link to the provider's entry in the EU database (or the national registration)."""
    url = source.get("ai_act.eu_database_url")
    if url:
        return Cell(url)
    if source.withheld("ai_act.eu_database_url"):
        return Cell("", withheld(source.withheld("ai_act.eu_database_url")))
    if _national(source):
        return Cell("", L_("systems in critical infrastructure (Annex III, point 2) are registered at national level, "
                           "not in the public EU database (article 49(5)); add the link to the provider's national "
                           "registration as “EU database entry” (ai_act.eu_database_url)"))
    if source.meanings.has(ROLE, source.get(ROLE), "provides"):
        return Cell("", L_("the city is also the provider: add the link to its own entry as provider in the EU "
                           "database as “EU database entry” (ai_act.eu_database_url)"))
    return Cell("", L_("not in the record yet: add the link to the provider's entry in the EU database as “EU database "
                       "entry” (ai_act.eu_database_url); the provider must register the system before it is used"))


def _assessments(system: System, types: list[str]) -> list[dict[str, Any]]:
    """The record's assessments of these types; the first type listed that the record has wins."""
    items = system.data.get("impact_assessments", ())
    for kind in types:
        found = [item for item in items if item["type"] == kind]
        if found:
            return found
    return []


def _summaries(source: Source, items: list[dict[str, Any]]) -> str:
    """The summaries of these assessments; unfinished ones say so, and several are told apart by title and date."""
    finished = source.target.options["finished"]
    parts = []
    for item in items:
        if not item.get("summary"):
            continue
        summary = source.plain(item["summary"])
        if item.get("status") and item["status"] not in finished:
            summary = f"{choice(source, 'impact_assessments.status', item['status'])}: {summary}"
        if len([i for i in items if i.get("summary")]) > 1:
            title = source.plain(item.get("title")) or choice(source, "impact_assessments.type", item["type"])
            summary = f"{title}{' (' + item['date'] + ')' if item.get('date') else ''}: {summary}"
        parts.append(summary)
    return "\n\n".join(parts)


def _no_summary_reason(source: Source, items: list[dict[str, Any]], unsummarised: str, absent: str) -> str:
    """Why there is no summary: withheld, or the assessment has no summary (``unsummarised``) or is not listed."""
    if source.withheld("impact_assessments"):
        return withheld(source.withheld("impact_assessments"))
    note = L_(" (the record's note on impact assessments may explain why)") \
        if source.data.get("impact_assessment_note") else ""
    return joined([unsummarised if items else absent, note], "")


@RULES.rule
def fria(source: Source) -> Cell:
    """The summary of each fundamental rights impact assessment of the first type the record has; “Not required” for the areas exempt under Article 27(1); not registered in the non-public section (Article 49(4))."""
    if _non_public(source):
        return Cell(said(NON_PUBLIC, source.system.main_language))
    if source.meanings.has(AREA, source.get(AREA), "no-fria"):
        return Cell(said(NO_FRIA, source.system.main_language))
    items = _assessments(source.system, source.target.options["types"])
    summary = _summaries(source, items)
    if summary:
        return Cell(summary)
    return Cell("", _no_summary_reason(source, items, L_(
        "the record lists a fundamental rights impact assessment (FRIA) but no summary of it: fill in “Summary” under "
        "“Impact assessments” (impact_assessments.summary)"), L_(
        "the record has no fundamental rights impact assessment (FRIA) under “Impact assessments” (impact_assessments)")))


@RULES.rule
def dpia(source: Source) -> Cell:
    """The summary of each data protection impact assessment; “Not applicable” without one when no data set holds personal data; not registered in the non-public section (Article 49(4))."""
    if _non_public(source):
        return Cell(said(NON_PUBLIC, source.system.main_language))
    items = _assessments(source.system, source.target.options["types"])
    summary = _summaries(source, items)
    if summary:
        return Cell(summary)
    kinds = [d["personal_data"] for d in source.data.get("datasets", ())]
    if not items and kinds and all(source.meanings.has("datasets.personal_data", k, "no-personal-data") for k in kinds):
        return Cell(said(NO_DPIA, source.system.main_language))
    return Cell("", _no_summary_reason(source, items, L_(
        "the record lists a data protection impact assessment (DPIA) but no summary of it: fill in “Summary” under "
        "“Impact assessments” (impact_assessments.summary)"), L_(
        "the record has no data protection impact assessment (DPIA) under “Impact assessments” (impact_assessments)")))


# --- the files --------------------------------------------------------------------------------------

def _sources(system: System, types: list[str]) -> list[dict[str, Any]]:
    return [{key: (plain_text(system, item[key]) if key == "title" else item[key])
             for key in ("type", "title", "status", "date", "url") if item.get(key)}
            for item in _assessments(system, types)]


def record_json(system: System, row: dict[str, Cell]) -> dict[str, Any]:
    """One system's Section C information as JSON (null where the record cannot fill an item)."""
    value = {key: (cell.value if not (cell.empty and cell.gap) else None) for key, cell in row.items()}
    fria_types, dpia_types = MAPPING.field("fria_summary").options["types"], MAPPING.field("dpia_summary").options["types"]
    return {
        "standard": "Regulation (EU) 2024/1689 (AI Act), Annex VIII, Section C",
        "record_id": system.id,
        "system_name": value["system_name"],
        "register_page": value["register_page"] or None,
        "role": system.data["ai_act"]["role"],
        "annex_iii_area": value["annex_iii_area"] or None,
        "registration": value["registration"],
        "status_in_eu_database": value["status_in_eu_database"] or None,
        "C.1": {"item": ITEMS["C.1"], "name": value["deployer_name"], "address": value["deployer_address"],
                "contact": value["deployer_contact"]},
        "C.2": {"item": ITEMS["C.2"], "name": value["submitter_name"], "address": value["submitter_address"],
                "contact": value["submitter_contact"]},
        "C.3": {"item": ITEMS["C.3"], "url": value["provider_entry"]},
        "C.4": {"item": ITEMS["C.4"], "summary": value["fria_summary"], "assessments": _sources(system, fria_types)},
        "C.5": {"item": ITEMS["C.5"], "summary": value["dpia_summary"], "assessments": _sources(system, dpia_types)},
    }


class EuAiActAnnexVIIIC(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES

    def export(self, registry: Registry, context: ExportContext) -> Export:
        schemas = context.schemas_for(registry)
        export, registry = one_address(registry, MAPPING, context, include=lambda s: in_scope(s, schemas))
        rows = []
        for system in (s for s in registry if in_scope(s, schemas)):
            row = evaluate(MAPPING, system, schemas, context, RULES)
            export.gaps.extend(Gap(*gap) for gap in row_gaps(system, MAPPING, row))
            add_choice_gaps(export.gaps, MAPPING, system, schemas, by_label=True)
            rows.append([row[f.target].value for f in MAPPING.fields])
            document = record_json(system, row)
            if row["fria_summary"].value == said(NON_PUBLIC, system.main_language):  # Article 49(4): C.1 to C.3 only, no assessments named
                for item in ("C.4", "C.5"):
                    document[item].update(summary=None, assessments=[])
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = csv_text(COLUMNS, rows, raw=context.raw_csv)
        return export


register(EuAiActAnnexVIIIC())
