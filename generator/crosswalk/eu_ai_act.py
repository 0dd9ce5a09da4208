"""Export to the EU AI Act, Annex VIII Section C: what public-authority deployers register (Article 49(3)).

Only high-risk systems of Annex III that the city deploys (``ai_act.role``
deployer or provider-and-deployer) are exported: one JSON file per system
(``records/<id>.json``) with the five items C.1 to C.5, and one CSV
(``eu-ai-act-annex-viii-c.csv``) with a row per system. The deployer (C.1) is
the organisation in ``register.yaml``; the person submitting (C.2) is the
record's accountable role and its mailbox. Every item a record cannot fill
becomes a gap; items the Act does not require for a system (the fundamental
rights impact assessment for critical infrastructure, a DPIA without personal
data) say so instead. The mapping and its lossy points are explained in
``docs/exports-eu-ai-act-annex-viii-c.md``.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from generator.model.objects import Registry, System
from generator.crosswalk import (Export, ExportContext, Gap, Standard, choice_label, field_info, plain_text, register, text,
               withheld_reason)

KEY = "eu-ai-act-annex-viii-c"
CSV_NAME = "eu-ai-act-annex-viii-c.csv"
DEPLOYER_ROLES = ("deployer", "provider-and-deployer")

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
COLUMNS = ("record_id", "system_name", "annex_iii_area", "registration", "status_in_eu_database",
           "C.1 deployer name", "C.1 deployer address", "C.1 deployer contact",
           "C.2 submitter name", "C.2 submitter address", "C.2 submitter contact",
           "C.3 provider's EU database entry", "C.4 fundamental rights impact assessment summary",
           "C.5 data protection impact assessment summary", "register_page")

FRIA_TYPES = ("fria", "fraia", "iama")  # the EU FRIA first; the Dutch assessments cover the same questions
DPIA_TYPES = ("dpia",)


@dataclass(frozen=True)
class Filled:
    """An item's value: text to publish, or None with the reason it is a gap."""

    value: str | None
    gap: str | None = None


# --- which systems ----------------------------------------------------------------------------------

def in_scope(system: System) -> bool:
    """High-risk systems of Annex III that the city deploys: those a public-authority deployer registers.

    Article 49(3) covers the systems listed in Annex III; those of point 2 (critical infrastructure) are
    registered at national level instead (Article 49(5)) and are included with a note. A system that is
    high-risk only as part of a product under Annex I is not registered in the EU database at all.
    """
    ai_act = system.data["ai_act"]
    return (ai_act["classification"] == "high-risk" and ai_act.get("role") in DEPLOYER_ROLES
            and bool(ai_act.get("annex_iii_area")))


def registration(system: System) -> str:
    """Where the information is registered."""
    if system.data["ai_act"].get("annex_iii_area") == "critical-infrastructure":
        return "at national level (Article 49(5))"
    return "in the EU database (Article 49(3))"


# --- the items --------------------------------------------------------------------------------------

def _organisation(system: System) -> dict[str, Any]:
    return system.register.data["organisation"]


def _address(system: System) -> Filled:
    address = system.register.text(_organisation(system).get("address"), system.main_language)
    if address:
        return Filled(address)
    return Filled(None, "register.yaml has no postal address of the organisation yet: fill in “Postal address” "
                        "under “Organisation” (organisation.address)")


def _deployer(system: System) -> dict[str, Filled]:
    name = system.register.text(_organisation(system)["name"], system.main_language) or ""
    return {"name": Filled(name), "address": _address(system),
            "contact": Filled(system.register.data["contact"]["email"])}


def _submitter(system: System) -> dict[str, Filled]:
    accountable = system.data["accountable"]
    role = plain_text(system, accountable["role"])
    person = f"{accountable['name']}, {role}" if accountable.get("name") else role
    if accountable.get("team"):
        person += f", {plain_text(system, accountable['team'])}"
    department = system.register.text(system.department.name, system.main_language) or system.department_id
    email = accountable.get("email") or system.data["contact"]["email"]
    return {"name": Filled(f"{person} ({department})"), "address": _address(system), "contact": Filled(email)}


def _provider_entry(system: System) -> Filled:
    ai_act = system.data["ai_act"]
    if ai_act.get("eu_database_url"):
        return Filled(ai_act["eu_database_url"])
    if withheld_reason(system, "ai_act.eu_database_url"):
        return Filled(None, f"withheld in the record: {withheld_reason(system, 'ai_act.eu_database_url')}")
    if ai_act.get("annex_iii_area") == "critical-infrastructure":
        return Filled(None, "systems in critical infrastructure (Annex III, point 2) are registered at national level, "
                            "not in the public EU database (article 49(5)); add the link to the provider's national "
                            "registration as “EU database entry” (ai_act.eu_database_url)")
    if ai_act.get("role") == "provider-and-deployer":
        return Filled(None, "the city is also the provider: add the link to its own entry as provider in the EU "
                            "database as “EU database entry” (ai_act.eu_database_url)")
    return Filled(None, "not in the record yet: add the link to the provider's entry in the EU database as "
                        "“EU database entry” (ai_act.eu_database_url); the provider must register the system "
                        "before it is used")


def _assessments(system: System, types: tuple[str, ...]) -> list[dict[str, Any]]:
    """The record's assessments of these types; the first type listed that the record has wins."""
    items = system.data.get("impact_assessments", ())
    for kind in types:
        found = [item for item in items if item["type"] == kind]
        if found:
            return found
    return []


def _summaries(system: System, items: list[dict[str, Any]]) -> str:
    """The summaries of these assessments; unfinished ones say so, and several are told apart by title and date."""
    parts = []
    for item in items:
        if not item.get("summary"):
            continue
        summary = plain_text(system, item["summary"])
        if item.get("status") in ("in-progress", "planned"):
            summary = f"{choice_label('impact_assessments.status', item['status'])}: {summary}"
        if len([i for i in items if i.get("summary")]) > 1:
            title = plain_text(system, item.get("title")) or choice_label("impact_assessments.type", item["type"])
            summary = f"{title}{' (' + item['date'] + ')' if item.get('date') else ''}: {summary}"
        parts.append(summary)
    return "\n\n".join(parts)


def _no_summary_reason(system: System, items: list[dict[str, Any]], name: str) -> str:
    if withheld_reason(system, "impact_assessments"):
        return f"withheld in the record: {withheld_reason(system, 'impact_assessments')}"
    note = " (the record's note on impact assessments may explain why)" if system.data.get("impact_assessment_note") else ""
    if items:
        return (f"the record lists a {name} but no summary of it: fill in “Summary” under “Impact assessments” "
                f"(impact_assessments.summary){note}")
    return f"the record has no {name} under “Impact assessments” (impact_assessments){note}"


def _fria(system: System) -> Filled:
    ai_act = system.data["ai_act"]
    if ai_act.get("annex_iii_area") == "critical-infrastructure":
        return Filled("Not required: deployers of high-risk AI systems in critical infrastructure (Annex III, point 2) "
                      "do not carry out a fundamental rights impact assessment (Article 27(1)).")
    items = _assessments(system, FRIA_TYPES)
    summary = _summaries(system, items)
    if summary:
        return Filled(summary)
    return Filled(None, _no_summary_reason(system, items, "fundamental rights impact assessment (FRIA)"))


def _dpia(system: System) -> Filled:
    items = _assessments(system, DPIA_TYPES)
    summary = _summaries(system, items)
    if summary:
        return Filled(summary)
    if not items and system.uses_personal_data is False:
        return Filled("Not applicable: the system uses no personal data.")
    return Filled(None, _no_summary_reason(system, items, "data protection impact assessment (DPIA)"))


def _status(system: System) -> str | None:
    info = field_info("status")
    return (info.mappings.get("eu-ai-act", {}) if info else {}).get(system.status)


def _annex_area(system: System) -> str | None:
    area = system.data["ai_act"].get("annex_iii_area")
    return choice_label("ai_act.annex_iii_area", area) if area else None


# --- assembling -------------------------------------------------------------------------------------

def _items(system: System) -> dict[str, Any]:
    return {"C.1": _deployer(system), "C.2": _submitter(system), "C.3": _provider_entry(system),
            "C.4": _fria(system), "C.5": _dpia(system)}


_CELLS = (("C.1", "name", "C.1 deployer name"), ("C.1", "address", "C.1 deployer address"),
          ("C.1", "contact", "C.1 deployer contact"), ("C.2", "name", "C.2 submitter name"),
          ("C.2", "address", "C.2 submitter address"), ("C.2", "contact", "C.2 submitter contact"),
          ("C.3", None, "C.3 provider's EU database entry"),
          ("C.4", None, "C.4 fundamental rights impact assessment summary"),
          ("C.5", None, "C.5 data protection impact assessment summary"))


def _cells(items: dict[str, Any]) -> dict[str, Filled]:
    return {column: (items[item][part] if part else items[item]) for item, part, column in _CELLS}


def _sources(system: System, types: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{key: (plain_text(system, item[key]) if key == "title" else item[key])
             for key in ("type", "title", "status", "date", "url") if item.get(key)}
            for item in _assessments(system, types)]


def record_json(system: System, cells: dict[str, Filled], context: ExportContext) -> dict[str, Any]:
    """One system's Section C information as JSON (null where the record cannot fill an item)."""
    value = {column: filled.value for column, filled in cells.items()}
    return {
        "standard": "Regulation (EU) 2024/1689 (AI Act), Annex VIII, Section C",
        "record_id": system.id,
        "system_name": plain_text(system, system.data["name"]),
        "register_page": context.page_url(system),
        "role": system.data["ai_act"]["role"],
        "annex_iii_area": _annex_area(system),
        "registration": registration(system),
        "status_in_eu_database": _status(system),
        "C.1": {"item": ITEMS["C.1"], "name": value["C.1 deployer name"], "address": value["C.1 deployer address"],
                "contact": value["C.1 deployer contact"]},
        "C.2": {"item": ITEMS["C.2"], "name": value["C.2 submitter name"], "address": value["C.2 submitter address"],
                "contact": value["C.2 submitter contact"]},
        "C.3": {"item": ITEMS["C.3"], "url": value["C.3 provider's EU database entry"]},
        "C.4": {"item": ITEMS["C.4"], "summary": value["C.4 fundamental rights impact assessment summary"],
                "assessments": _sources(system, FRIA_TYPES)},
        "C.5": {"item": ITEMS["C.5"], "summary": value["C.5 data protection impact assessment summary"],
                "assessments": _sources(system, DPIA_TYPES)},
    }


def _row(system: System, cells: dict[str, Filled], context: ExportContext) -> list[str]:
    fixed = {"record_id": system.id, "system_name": plain_text(system, system.data["name"]),
             "annex_iii_area": _annex_area(system) or "", "registration": registration(system),
             "status_in_eu_database": _status(system) or "",
             "register_page": context.page_url(system) or ""}
    return [fixed[c] if c in fixed else (cells[c].value or "") for c in COLUMNS]


class EuAiActAnnexVIIIC(Standard):
    key = KEY
    title = "EU AI Act, Annex VIII Section C (registration by public-authority deployers)"
    source = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj (Annex VIII, Section C; Articles 27, 49 and 71)"

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export = Export()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for system in (s for s in registry if in_scope(s)):
            cells = _cells(_items(system))
            export.gaps.extend(Gap(system.id, column, filled.gap) for column, filled in cells.items() if filled.gap)
            writer.writerow(_row(system, cells, context))
            document = record_json(system, cells, context)
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = buffer.getvalue()
        return export


register(EuAiActAnnexVIIIC())
