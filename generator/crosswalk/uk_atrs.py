"""Export to the UK Algorithmic Transparency Recording Standard (ATRS), version 3.0.

One JSON file per record (``records/<id>.json``) with the ATRS fields grouped as
the template groups them (metadata, title information, Tier 1, Tier 2), and one
CSV (``uk-atrs-3.0.csv``) with a row per record and a column per ATRS field,
headed by its reference number and attribute name (``1.1 name``). Every
required ATRS field a record cannot fill becomes a gap.

The field table below is written from the ATRS 3.0 template table (reference
number, attribute, name, tier, required flag); the permitted values of the
GOV.UK facets (organisation type, function, capability, phase, region) from the
GOV.UK finder. Which of our values becomes which ATRS value comes from the
record schema's ``x-mappings`` (key ``uk-atrs-3.0``). What is lost on the way
is explained in ``docs/exports-uk-atrs-3.0.md``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from generator.core.fields import FieldInfo, register_fields
from generator.model.objects import Registry, System
from generator.crosswalk import (Export, ExportContext, Gap, Standard, choice_label, field_info, plain_text, register, schemas_in_use,
               text, withheld_reason)

KEY = "uk-atrs-3.0"
VERSION = "3.0"
CSV_NAME = "uk-atrs-3.0.csv"


@dataclass(frozen=True)
class AtrsField:
    """One field of the ATRS 3.0 template."""

    ref: str  # reference number, such as "2.1.3"
    attribute: str  # machine name, such as "senior_responsible_owner"
    name: str  # display name, such as "Senior responsible owner"
    section: str  # metadata, title_information, tier_1 or tier_2 (the template's tier and category)
    required: bool  # the template's "required" flag

    @property
    def column(self) -> str:
        return f"{self.ref} {self.attribute}"


def _f(ref: str, attribute: str, name: str, section: str, required: bool = True) -> AtrsField:
    return AtrsField(ref, attribute, name, section, required)


# Every field of the ATRS 3.0 template table, in its order (65 fields; 55 required).
FIELDS: tuple[AtrsField, ...] = (
    _f("0.1", "id", "ID", "metadata"),
    _f("0.2", "standard_version", "Standard version", "metadata"),
    _f("0.3", "organisation_type", "Organisation type", "metadata"),
    _f("0.4", "function", "Function", "metadata"),
    _f("0.5", "capability", "Capability", "metadata"),
    _f("0.6", "task", "Task", "metadata"),
    _f("0.7", "tags", "Tags", "metadata"),
    _f("0.8", "date_of_completion", "Date of completion", "metadata"),
    _f("0.9", "date_updated", "Date updated", "metadata"),
    _f("0.10", "date_archived", "Date archived", "metadata"),
    _f("0.11", "title", "Title", "title_information"),
    _f("0.12", "organisation_name", "Organisation name", "title_information"),
    _f("0.13", "phase", "Phase", "title_information"),
    _f("0.14", "region", "Region", "title_information"),
    _f("0.15", "one_sentence_description", "One sentence description", "title_information"),
    _f("1.1", "name", "Name", "tier_1"),
    _f("1.2", "description", "Description", "tier_1"),
    _f("1.3", "website_url", "Website URL", "tier_1"),
    _f("1.4", "contact_email", "Contact email", "tier_1"),
    _f("2.1.1", "organisation_or_department", "Organisation or department", "tier_2"),
    _f("2.1.2", "team", "Team", "tier_2"),
    _f("2.1.3", "senior_responsible_owner", "Senior responsible owner", "tier_2"),
    _f("2.1.4", "external_supplier_involvement", "External supplier involvement", "tier_2"),
    _f("2.1.4.1", "external_supplier", "External supplier", "tier_2", False),
    _f("2.1.4.2", "companies_house_number", "Companies House Number", "tier_2", False),
    _f("2.1.4.3", "external_supplier_role", "External supplier role", "tier_2", False),
    _f("2.1.4.4", "procurement_procedure_type", "Procurement procedure type", "tier_2", False),
    _f("2.1.4.5", "data_access_terms", "Data access terms", "tier_2", False),
    _f("2.2.1", "detailed_description", "Detailed description", "tier_2", False),
    _f("2.2.2", "scope", "Scope", "tier_2"),
    _f("2.2.3", "benefit", "Benefit", "tier_2"),
    _f("2.2.4", "previous_process", "Previous process", "tier_2", False),
    _f("2.2.5", "alternatives_considered", "Alternatives considered", "tier_2", False),
    _f("2.3.1", "process_integration", "Process integration", "tier_2"),
    _f("2.3.2", "provided_information", "Provided information", "tier_2"),
    _f("2.3.3", "frequency_and_scale_of_usage", "Frequency and scale of usage", "tier_2"),
    _f("2.3.4", "human_decisions_and_review", "Human decisions and review", "tier_2"),
    _f("2.3.5", "required_training", "Required training", "tier_2"),
    _f("2.3.6", "appeals_and_review", "Appeals and review", "tier_2", False),
    _f("2.4.1.1", "system_architecture", "System architecture", "tier_2"),
    _f("2.4.1.2", "phase", "Phase", "tier_2"),
    _f("2.4.1.3", "maintenance", "Maintenance", "tier_2"),
    _f("2.4.1.4", "models", "Models", "tier_2"),
    _f("2.4.2.1", "model_name", "Model name", "tier_2"),
    _f("2.4.2.2", "model_version", "Model version", "tier_2"),
    _f("2.4.2.3", "model_task", "Model task", "tier_2"),
    _f("2.4.2.4", "model_input", "Model input", "tier_2"),
    _f("2.4.2.5", "model_output", "Model output", "tier_2"),
    _f("2.4.2.6", "model_architecture", "Model architecture", "tier_2"),
    _f("2.4.2.7", "model_performance", "Model performance", "tier_2"),
    _f("2.4.2.8", "datasets", "Datasets", "tier_2"),
    _f("2.4.2.9", "dataset_purposes", "Dataset purposes", "tier_2"),
    _f("2.4.3.1", "source_data_name", "Source data name", "tier_2"),
    _f("2.4.3.2", "data_modality", "Data modality", "tier_2"),
    _f("2.4.3.3", "data_description", "Data description", "tier_2"),
    _f("2.4.3.4", "data_quantities", "Data quantities", "tier_2"),
    _f("2.4.3.5", "sensitive_attributes", "Sensitive attributes", "tier_2"),
    _f("2.4.3.6", "data_completeness_and_representativeness", "Data completeness and representativeness", "tier_2"),
    _f("2.4.3.7", "source_data_url", "Source data URL", "tier_2"),
    _f("2.4.3.8", "data_collection", "Data collection", "tier_2"),
    _f("2.4.3.9", "data_cleaning", "Data cleaning", "tier_2", False),
    _f("2.4.3.10", "data_sharing_agreements", "Data sharing agreements", "tier_2"),
    _f("2.4.3.11", "data_access_and_storage", "Data access and storage", "tier_2"),
    _f("2.5.1", "impact_assessment", "Impact assessment", "tier_2"),
    _f("2.5.2", "risks_and_mitigations", "Risks and mitigations", "tier_2"),
)

SECTIONS = ("metadata", "title_information", "tier_1", "tier_2")

# Permitted values of the GOV.UK facets of ATRS records (v3.0 era).
ORGANISATION_TYPES = ("Ministerial department", "Non-ministerial department", "Agency or public body", "Local authority",
                      "Devolved administration", "High profile group", "Public corporation")
FUNCTIONS = ("General public services", "Defence", "Public order and safety", "Economic affairs",
             "Environmental protection", "Housing and community amenities", "Health", "Recreation culture and religion",
             "Education", "Social protection", "Regulation")
CAPABILITIES = ("Computer vision", "Computer audition", "Computer linguistics", "Robotics", "Forecasting", "Discovery",
                "Planning", "Creation", "Analysis", "Management", "Other")
PHASES = ("Pre-deployment", "Beta/Pilot", "Production", "Retired")
REGIONS = ("UK", "Northern Ireland", "Scotland", "Wales", "England", "London", "North East", "North West",
           "Yorkshire and the Humber", "East Midlands", "West Midlands", "South East", "East of England", "South West")

# Fields whose values must come from a closed list; several values are joined with "; ".
ALLOWED: dict[str, tuple[str, ...]] = {
    "0.3": ORGANISATION_TYPES, "0.4": FUNCTIONS, "0.5": CAPABILITIES, "0.13": PHASES, "0.14": REGIONS, "2.4.1.2": PHASES,
}
MULTI_SEPARATOR = "; "
_LIST_START = re.compile(r"([-*+]|\d+[.)])\s")

# Where each ATRS field comes from in a record (for gap messages and the documentation).
SOURCES: dict[str, tuple[str, ...]] = {
    "0.3": ("organisation.type",), "0.4": ("external_categories.uk_function", "domains"),
    "0.5": ("technique.capabilities",), "0.6": ("technique.models.task", "technique.output_type"), "0.7": ("tags",),
    "0.8": ("record.first_published",), "0.9": ("record.last_reviewed",), "0.10": ("lifecycle.retired_on",),
    "0.11": ("name",), "0.12": ("organisation.name",), "0.13": ("status",), "0.15": ("summary",),
    "1.1": ("name",), "1.2": ("summary",), "1.3": ("website",), "1.4": ("contact.email",),
    "2.1.1": ("owner.department",), "2.1.2": ("owner.team", "accountable.team"), "2.1.3": ("accountable.role",),
    "2.1.4": ("development", "suppliers"), "2.1.4.1": ("suppliers.name",), "2.1.4.2": ("suppliers.company_id",),
    "2.1.4.3": ("suppliers.role",), "2.1.4.4": ("suppliers.procurement",), "2.1.4.5": ("suppliers.data_access",),
    "2.2.1": ("description",), "2.2.2": ("purpose",), "2.2.3": ("benefits",), "2.2.4": ("previous_process",),
    "2.2.5": ("alternatives_considered",), "2.3.1": ("decision_role",),
    "2.3.2": ("technique.output_type", "technique.models.outputs"), "2.3.3": ("scale",),
    "2.3.4": ("human_oversight.description",), "2.3.5": ("human_oversight.training",), "2.3.6": ("objection",),
    "2.4.1.1": ("technique.how_it_works", "data_connections", "technique.source_code_url"), "2.4.1.2": ("status",),
    "2.4.1.3": ("technique.monitoring",), "2.4.1.4": ("technique.models",), "2.4.2.1": ("technique.models.name",),
    "2.4.2.2": ("technique.models.version",), "2.4.2.3": ("technique.models.task",),
    "2.4.2.4": ("technique.models.inputs",), "2.4.2.5": ("technique.models.outputs",),
    "2.4.2.6": ("technique.models.architecture",),
    "2.4.2.7": ("technique.models.performance", "technique.performance", "bias_assessment.findings"),
    "2.4.2.8": ("datasets.used_for",), "2.4.2.9": ("datasets.used_for",), "2.4.3.1": ("datasets.name",),
    "2.4.3.2": ("datasets.modality",), "2.4.3.3": ("data_summary", "datasets.description"),
    "2.4.3.4": ("datasets.size",), "2.4.3.5": ("datasets.personal_data", "datasets.protected_attributes"),
    "2.4.3.6": ("datasets.completeness",), "2.4.3.7": ("datasets.url",), "2.4.3.8": ("datasets.collection",),
    "2.4.3.9": ("datasets.cleaning",), "2.4.3.10": ("data_sharing",),
    "2.4.3.11": ("datasets.access_and_storage", "datasets.retention"),
    "2.5.1": ("impact_assessments", "impact_assessment_note"), "2.5.2": ("risks", "risk_summary"),
}


@dataclass(frozen=True)
class Missing:
    """A field the record cannot fill, with the reason in plain words (None: explain from the sources)."""

    reason: str | None = None


Value = str | Missing


# --- the schema's mappings and titles ----------------------------------------------------------------


def _register_field(path: str) -> FieldInfo | None:
    for top in register_fields(schemas_in_use()):
        for info in top.walk():
            if info.dotted == path:
                return info
    return None


def _mapping(info: FieldInfo | None) -> dict[str, Any]:
    return dict(info.mappings.get(KEY, {})) if info else {}


def _label(path: str) -> str:
    """A field as a clerk knows it: its title (and its parent's) with the path to write in YAML."""
    info = field_info(path) or _register_field(path)
    if info is None:
        return path
    if len(info.path) > 1:
        parent = field_info(".".join(info.path[:-1])) or _register_field(".".join(info.path[:-1]))
        if parent is not None:
            return f"“{info.title}” under “{parent.title}” ({path})"
    return f"“{info.title}” ({path})"


def _missing_reason(system: System, ref: str) -> str:
    sources = SOURCES.get(ref, ())
    for path in sources:
        reason = withheld_reason(system, path)
        if reason:
            return f"withheld in the record: {reason}"
    if not sources:
        return "the register has no field for this"
    wanted = " or ".join(_label(path) for path in sources)
    where = "register.yaml" if sources[0].startswith("organisation.") else "the record"
    return f"not in {where} yet: fill in {wanted}"


# --- small readers ----------------------------------------------------------------------------------


def _per_item(system: System, items: list[dict[str, Any]], key: str, separator: str = "\n\n",
              reader: Callable[[System, Any], str] | None = None) -> str:
    """One value per item: the value alone for a single item, else "item name: value" for each item that has it."""
    read = reader or plain_text
    values = [(plain_text(system, item.get("name")), read(system, item.get(key))) for item in items]
    values = [(name, value) for name, value in values if value]
    if len(items) == 1:
        return values[0][1] if values else ""
    return separator.join(_labelled(name, value) for name, value in values)


def _labelled(label: str, value: str) -> str:
    """"label: value", with a list-shaped value starting on its own line."""
    return f"{label}:\n{value}" if _LIST_START.match(value) else f"{label}: {value}"


def _as_text(system: System, value: Any) -> str:
    return str(value) if value else ""


def _first_sentence(value: str) -> str:
    flat = " ".join(value.split())
    return re.split(r"(?<=[.!?])\s+(?=[^a-z\s])", flat, maxsplit=1)[0]


def _choices(values: list[str], path: str, allowed: tuple[str, ...], problems: list[str]) -> list[str]:
    """Our values mapped to ATRS values with the schema's mapping (unique, in order); unmapped ones noted."""
    mapping = _mapping(field_info(path) or _register_field(path))
    out: list[str] = []
    for value in values:
        target = mapping.get(value)
        if target in allowed:
            if target not in out:
                out.append(target)
        else:
            problems.append(f"'{value}' has no ATRS value")
    return out


def _models(system: System) -> list[dict[str, Any]]:
    return list((system.data.get("technique") or {}).get("models") or [])


def _datasets(system: System) -> list[dict[str, Any]]:
    return list(system.data.get("datasets") or [])


def _suppliers(system: System) -> list[dict[str, Any]]:
    return list(system.data.get("suppliers") or [])


# --- one field at a time ----------------------------------------------------------------------------

def _organisation_type(system: System) -> Value:
    kind = system.register.data["organisation"].get("type")
    if kind is None:
        return Missing()
    target = _mapping(_register_field("organisation.type")).get(kind)
    return target if target in ORGANISATION_TYPES else Missing(f"the organisation type '{kind}' has no ATRS value")


def _function(system: System) -> Value:
    chosen = (system.data.get("external_categories") or {}).get("uk_function")
    if chosen in FUNCTIONS:
        return chosen
    problems: list[str] = []
    values = _choices(system.domains, "domains", FUNCTIONS, problems)
    return MULTI_SEPARATOR.join(values) if values else Missing(problems[0] if problems else None)


def _capability(system: System) -> Value:
    capabilities = (system.data.get("technique") or {}).get("capabilities") or []
    problems: list[str] = []
    values = _choices(capabilities, "technique.capabilities", CAPABILITIES, problems)
    return MULTI_SEPARATOR.join(values) if values else Missing(problems[0] if problems else None)


def _task(system: System) -> str:
    tasks = [plain_text(system, m.get("task")) for m in _models(system)]
    if any(tasks):
        return MULTI_SEPARATOR.join(t for t in tasks if t)
    output = (system.data.get("technique") or {}).get("output_type")
    return choice_label("technique.output_type", output) if output else ""


def _phase(system: System) -> Value:
    target = _mapping(field_info("status")).get(system.status)
    return target if target in PHASES else Missing(f"the status '{system.status}' has no ATRS phase")


def _region(system: System) -> Missing:
    country = system.register.data["organisation"].get("country")
    if country and country != "GB":
        return Missing(f"ATRS regions are parts of the United Kingdom; the organisation is in {country}, "
                       "so no region fits")
    return Missing("the register has no field for the UK region; choose one of the ATRS regions by hand")


def _organisation(system: System) -> str:
    return system.register.text(system.register.data["organisation"]["name"], system.main_language) or ""


def _department(system: System) -> str:
    department = system.register.text(system.department.name, system.main_language) or system.department_id
    return f"{department}, {_organisation(system)}"


def _senior_responsible_owner(system: System) -> str:
    accountable = system.data["accountable"]
    role = plain_text(system, accountable["role"])
    return f"{accountable['name']}, {role}" if accountable.get("name") else role


def _supplier_involvement(system: System) -> Value:
    development = system.data.get("development")
    if development in ("supplier", "both"):
        return "Yes"
    if development == "in-house":
        return "No"
    return "Yes" if _suppliers(system) else Missing()


def _supplier_names(system: System) -> str:
    return MULTI_SEPARATOR.join(s["name"] for s in _suppliers(system))


def _companies_house(system: System) -> str:
    if system.register.data["organisation"].get("country") != "GB":
        return ""  # a company number from another country's register is not a Companies House number
    suppliers = _suppliers(system)
    return _per_item(system, suppliers, "company_id", MULTI_SEPARATOR, reader=_as_text)


def _provided_information(system: System) -> str:
    technique = system.data.get("technique") or {}
    parts = []
    if technique.get("output_type"):
        parts.append(choice_label("technique.output_type", technique["output_type"]) + ".")
    outputs = _per_item(system, _models(system), "outputs", "\n")
    if outputs:
        parts.append(outputs)
    return "\n".join(parts)


def _human_review(system: System) -> str:
    oversight = system.data.get("human_oversight") or {}
    description = plain_text(system, oversight.get("description"))
    if not description:
        return ""
    level = oversight.get("level")
    return f"{choice_label('human_oversight.level', level)}. {description}" if level else description


def _appeals(system: System) -> str:
    objection = system.data.get("objection") or system.register.data.get("objection") or {}
    parts = [plain_text(system, objection.get("procedure")), objection.get("url", ""), objection.get("email", "")]
    return "\n".join(p for p in parts if p)


def _architecture(system: System) -> str:
    technique = system.data.get("technique") or {}
    parts = [plain_text(system, technique.get("how_it_works"))]
    connections = plain_text(system, system.data.get("data_connections"))
    if connections:
        parts.append(f"Connected systems: {connections}")
    if technique.get("source_code_url"):
        parts.append(f"Source code: {technique['source_code_url']}")
    return "\n\n".join(p for p in parts if p)


def _model_performance(system: System) -> str:
    performance = _per_item(system, _models(system), "performance")
    parts = [performance or plain_text(system, (system.data.get("technique") or {}).get("performance"))]
    bias = system.data.get("bias_assessment") or {}
    if bias.get("status") == "done" and bias.get("findings"):
        parts.append(_labelled(f"Bias assessment ({bias['date']})", plain_text(system, bias["findings"])))
    return "\n\n".join(p for p in parts if p)


def _development_sets(system: System) -> list[dict[str, Any]]:
    return [d for d in _datasets(system) if d.get("used_for") in ("development", "both")]


def _dataset_purposes(system: System) -> str:
    sets = _development_sets(system)
    return "\n".join(f"{plain_text(system, d['name'])}: {choice_label('datasets.used_for', d['used_for'])}" for d in sets)


def _sensitive(system: System, dataset: dict[str, Any]) -> str:
    labels = [choice_label("datasets.personal_data", dataset["personal_data"])]
    labels += [choice_label("datasets.protected_attributes", a) for a in dataset.get("protected_attributes", ())]
    return MULTI_SEPARATOR.join(labels)


def _sensitive_attributes(system: System) -> str:
    sets = _datasets(system)
    if len(sets) == 1:
        return _sensitive(system, sets[0])
    return "\n".join(f"{plain_text(system, d['name'])}: {_sensitive(system, d)}" for d in sets)


def _access_and_storage(system: System) -> str:
    def both(system: System, dataset: dict[str, Any]) -> str:
        parts = [plain_text(system, dataset.get("access_and_storage"))]
        if dataset.get("retention"):
            parts.append(f"Kept: {plain_text(system, dataset['retention'])}")
        return " ".join(p for p in parts if p)

    sets = _datasets(system)
    values = [(plain_text(system, d["name"]), both(system, d)) for d in sets]
    values = [(n, v) for n, v in values if v]
    if len(sets) == 1:
        return values[0][1] if values else ""
    return "\n\n".join(_labelled(n, v) for n, v in values)


def _impact_assessment(system: System) -> str:
    parts = []
    for item in system.data.get("impact_assessments", ()):
        title = plain_text(system, item.get("title")) or choice_label("impact_assessments.type", item["type"])
        facts = [choice_label("impact_assessments.status", item["status"]) if item.get("status") else "", item.get("date", "")]
        facts_text = ", ".join(f for f in facts if f)
        line = f"{title} ({facts_text})" if facts_text else title
        if item.get("summary"):
            line += f": {plain_text(system, item['summary'])}"
        if item.get("url"):
            line += f" {item['url']}"
        parts.append(line)
    note = plain_text(system, system.data.get("impact_assessment_note"))
    if note:
        parts.append(note)
    return "\n\n".join(parts)


def _risks(system: System) -> str:
    lines = []
    for item in system.data.get("risks", ()):
        line = f"- {plain_text(system, item['risk'])}"
        if item.get("mitigation"):
            line += f" Mitigation: {plain_text(system, item['mitigation'])}"
        lines.append(line)
    parts = [plain_text(system, system.data.get("risk_summary")), "\n".join(lines)]
    return "\n\n".join(p for p in parts if p)


def _record_date(system: System, key: str) -> str:
    return str((system.data.get("record") or {}).get(key, ""))


def _date_archived(system: System) -> str:
    return str((system.data.get("lifecycle") or {}).get("retired_on", "")) if system.status == "retired" else ""


def _values(system: System, context: ExportContext) -> dict[str, Value]:
    """Every ATRS field of one record, by reference number (an empty string: nothing to say, not needed)."""
    d = system.data
    phase = _phase(system)
    models = _models(system)
    datasets = _datasets(system)
    development = _development_sets(system)
    website = d.get("website") or context.page_url(system)
    no_models = _no_models_reason(system)
    no_development_data = _no_development_data_reason(system)
    no_datasets = _no_datasets_reason(system)
    return {
        "0.1": Missing("ATRS ids are numbers given by the GOV.UK team when the record is published; nothing to fill in"),
        "0.2": VERSION,
        "0.3": _organisation_type(system),
        "0.4": _function(system),
        "0.5": _capability(system),
        "0.6": _task(system),
        "0.7": MULTI_SEPARATOR.join(plain_text(system, tag) for tag in d.get("tags", ())),
        "0.8": _record_date(system, "first_published"),
        "0.9": _record_date(system, "last_reviewed"),
        "0.10": _date_archived(system),
        "0.11": plain_text(system, d["name"]),
        "0.12": _organisation(system),
        "0.13": phase,
        "0.14": _region(system),
        "0.15": _first_sentence(plain_text(system, d["summary"])),
        "1.1": plain_text(system, d["name"]),
        "1.2": plain_text(system, d["summary"]),
        "1.3": _or(website or "", "the record has no “Public information page” (website), and the export was made "
                                  "without the register's web address (--site-url), so its register page cannot be "
                                  "linked instead"),
        "1.4": d["contact"]["email"],
        "2.1.1": _department(system),
        "2.1.2": plain_text(system, d["owner"].get("team") or d["accountable"].get("team")),
        "2.1.3": _senior_responsible_owner(system),
        "2.1.4": _supplier_involvement(system),
        "2.1.4.1": _supplier_names(system),
        "2.1.4.2": _companies_house(system),
        "2.1.4.3": _per_item(system, _suppliers(system), "role", "\n"),
        "2.1.4.4": _per_item(system, _suppliers(system), "procurement", "\n"),
        "2.1.4.5": _per_item(system, _suppliers(system), "data_access"),
        "2.2.1": plain_text(system, d.get("description")),
        "2.2.2": plain_text(system, d.get("purpose")),
        "2.2.3": plain_text(system, d.get("benefits")),
        "2.2.4": plain_text(system, d.get("previous_process")),
        "2.2.5": plain_text(system, d.get("alternatives_considered")),
        "2.3.1": plain_text(system, d.get("decision_role")),
        "2.3.2": _provided_information(system),
        "2.3.3": plain_text(system, d.get("scale")),
        "2.3.4": _human_review(system),
        "2.3.5": plain_text(system, (d.get("human_oversight") or {}).get("training")),
        "2.3.6": _appeals(system),
        "2.4.1.1": _architecture(system),
        "2.4.1.2": phase,
        "2.4.1.3": plain_text(system, (d.get("technique") or {}).get("monitoring")),
        "2.4.1.4": _or(MULTI_SEPARATOR.join(plain_text(system, m["name"]) for m in models), no_models),
        "2.4.2.1": _or(MULTI_SEPARATOR.join(plain_text(system, m["name"]) for m in models), no_models),
        "2.4.2.2": _or(_per_item(system, models, "version", MULTI_SEPARATOR, reader=_as_text), no_models),
        "2.4.2.3": _or(_per_item(system, models, "task", "\n"), no_models),
        "2.4.2.4": _or(_per_item(system, models, "inputs", "\n"), no_models),
        "2.4.2.5": _or(_per_item(system, models, "outputs", "\n"), no_models),
        "2.4.2.6": _or(_per_item(system, models, "architecture", "\n"), no_models),
        "2.4.2.7": _model_performance(system),
        "2.4.2.8": _or(MULTI_SEPARATOR.join(plain_text(system, s["name"]) for s in development), no_development_data),
        "2.4.2.9": _or(_dataset_purposes(system), no_development_data),
        "2.4.3.1": _or(MULTI_SEPARATOR.join(plain_text(system, s["name"]) for s in datasets), no_datasets),
        "2.4.3.2": _or(_per_item(system, datasets, "modality", "\n"), no_datasets),
        "2.4.3.3": _or(plain_text(system, d.get("data_summary")) or _per_item(system, datasets, "description"), no_datasets),
        "2.4.3.4": _or(_per_item(system, datasets, "size", "\n"), no_datasets),
        "2.4.3.5": _or(_sensitive_attributes(system), no_datasets),
        "2.4.3.6": _or(_per_item(system, datasets, "completeness"), no_datasets),
        "2.4.3.7": _or(_per_item(system, datasets, "url", "\n"), no_datasets),
        "2.4.3.8": _or(_per_item(system, datasets, "collection"), no_datasets),
        "2.4.3.9": _per_item(system, datasets, "cleaning"),
        "2.4.3.10": plain_text(system, d.get("data_sharing")),
        "2.4.3.11": _or(_access_and_storage(system), no_datasets),
        "2.5.1": _impact_assessment(system),
        "2.5.2": _risks(system),
    }


def _or(value: str, reason: str | None) -> Value:
    """``value``, or a Missing with ``reason`` (None: explained from the field's sources) when it is empty."""
    return value if value else Missing(reason)


def _no_models_reason(system: System) -> str | None:
    if _models(system) or withheld_reason(system, "technique.models"):
        return None
    return ("the record lists no models; for a system that only follows rules, describe the set of rules "
            "as a model under technique.models")


def _no_datasets_reason(system: System) -> str | None:
    if _datasets(system) or withheld_reason(system, "datasets"):
        return None
    return "the record lists no data sets yet: add each data set the system uses under “Data sets” (datasets)"


def _no_development_data_reason(system: System) -> str | None:
    if not _datasets(system):
        return _no_datasets_reason(system)
    if _development_sets(system) or withheld_reason(system, "datasets"):
        return None
    return ("no data set in the record is marked as used for development (used_for: development or both); "
            "ATRS asks which data sets were used to build and test the model")


def _resolve(system: System, context: ExportContext) -> tuple[dict[str, str], list[Gap]]:
    """The record's ATRS values by reference number, and the gaps of its required fields."""
    raw_values = _values(system, context)
    values: dict[str, str] = {}
    gaps: list[Gap] = []
    for spec in FIELDS:
        raw = raw_values[spec.ref]
        values[spec.ref] = raw if isinstance(raw, str) else ""
        if values[spec.ref] or not spec.required:
            continue
        if spec.ref == "0.10" and system.status != "retired":
            continue  # only archived (retired) records have an archiving date
        reason = raw.reason if isinstance(raw, Missing) else None
        gaps.append(Gap(system.id, spec.column, reason or _missing_reason(system, spec.ref)))
    return values, gaps


def record_json(system: System, values: dict[str, str], context: ExportContext) -> dict[str, Any]:
    """One record as ATRS JSON: each section maps attribute names to values (null when empty)."""
    out: dict[str, Any] = {"standard": "Algorithmic Transparency Recording Standard", "standard_version": VERSION,
                           "record_id": system.id, "register_page": context.page_url(system)}
    for section in SECTIONS:
        out[section] = {f.attribute: values[f.ref] or None for f in FIELDS if f.section == section}
    out["reference_numbers"] = {section: {f.attribute: f.ref for f in FIELDS if f.section == section}
                                for section in SECTIONS}
    return out


def _csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["record_id", *(f.column for f in FIELDS)])
    for row in rows:
        writer.writerow([row["record_id"], *(row[f.ref] for f in FIELDS)])
    return buffer.getvalue()


class UkAtrs(Standard):
    key = KEY
    title = "UK Algorithmic Transparency Recording Standard 3.0"
    source = "https://github.com/co-cddo/algorithmic-transparency-recording-standard (previous-versions/v3.0)"

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export = Export()
        rows = []
        for system in registry:
            values, gaps = _resolve(system, context)
            export.gaps.extend(gaps)
            rows.append({"record_id": system.id, **values})
            document = record_json(system, values, context)
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = _csv(rows)
        return export


register(UkAtrs())
