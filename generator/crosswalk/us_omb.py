"""Export to the US federal agency AI use case inventory, 2025 format (OMB memorandum M-25-21).

One CSV (``us-omb-2025.csv``) with the 34 columns of the 2025 data dictionary in
its order, using its allowed values letter for letter, and one JSON file per
record (``records/<id>.json``). The column table below is written from the
data dictionary (column names, types, allowed values, when a column is
required); which of our values becomes which allowed value comes from the
record schema's ``x-mappings`` (key ``us-omb-2025``). Every required column a
record cannot fill becomes a gap, including the federal columns that do not
apply to a city, which say so in plain words. Lossy points are explained in
``docs/exports-us-omb-2025.md``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from generator.model.objects import Registry, System
from generator.crosswalk import (Export, ExportContext, Gap, Standard, choice_label, field_info, plain_text, register, text,
               withheld_reason)

KEY = "us-omb-2025"
CSV_NAME = "us-omb-2025.csv"
MULTI_SEPARATOR = "; "  # between the answers of a "select multiple" column

# When a column is required, as the data dictionary's instructions say.
ALWAYS, ACTIVE, OPERATING, HIGH_IMPACT_DEPLOYED, CONDITIONAL, OPTIONAL = (
    "always", "pre-deployment, pilot and deployed", "pilot and deployed", "high-impact and deployed",
    "only after a certain answer", "no")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str  # as in the data dictionary: structured_text, free_text, multiple_choice, select_multiple, date
    required: str  # one of the constants above


COLUMNS: tuple[Column, ...] = (
    Column("id", "structured_text", ALWAYS),
    Column("use_case_name", "free_text", ALWAYS),
    Column("agency_bureau", "free_text", ALWAYS),
    Column("contact_email", "free_text", ALWAYS),
    Column("is_withheld", "multiple_choice", ALWAYS),
    Column("development_stage", "multiple_choice", ALWAYS),
    Column("is_high_impact", "multiple_choice", ALWAYS),
    Column("HI_justification", "free_text", CONDITIONAL),
    Column("topic_area", "multiple_choice", ACTIVE),
    Column("classification", "multiple_choice", ACTIVE),
    Column("problem_solved", "free_text", ACTIVE),
    Column("benefits", "free_text", ACTIVE),
    Column("system_outputs", "free_text", ACTIVE),
    Column("operational_date", "date", OPERATING),
    Column("contracting_usage", "multiple_choice", OPERATING),
    Column("vendor_name", "free_text", CONDITIONAL),
    Column("have_ato", "multiple_choice", OPERATING),
    Column("system_name_ato", "free_text", CONDITIONAL),
    Column("data_description", "free_text", OPERATING),
    Column("link_to_data", "free_text", OPTIONAL),
    Column("has_pii", "multiple_choice", OPERATING),
    Column("pia_url", "free_text", OPTIONAL),
    Column("demographic_features", "select_multiple", OPERATING),
    Column("has_custom_code", "multiple_choice", OPERATING),
    Column("code_url", "free_text", OPTIONAL),
    Column("hi_testing_conducted", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_assessment_completed", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_potential_impacts", "free_text", HIGH_IMPACT_DEPLOYED),
    Column("hi_independent_review", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_ongoing_monitoring", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_training_established", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_failsafe_presence", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_appeal_process", "multiple_choice", HIGH_IMPACT_DEPLOYED),
    Column("hi_public_consultation", "select_multiple", HIGH_IMPACT_DEPLOYED),
)

_WAIVED = "Agency CAIO has waived this minimum practice and reported such waiver to OMB"

# The allowed values of every choice column, exactly as the data dictionary writes them.
ALLOWED: dict[str, tuple[str, ...]] = {
    "is_withheld": (
        "a) No",
        "b) Yes – agency has determined that there’s a risk to disclosure, such as a harm to an interest protected "
        "by a FOIA exemption",
        "c) Yes – disclosure is prohibited by law",
        "d) Other"),
    "development_stage": (
        "a) Pre-deployment – The use case is in a development or acquisition status.",
        "b) Pilot – The use case has been deployed in a limited test or pilot capacity.",
        "c) Deployed – The use case is being actively authorized or utilized to support the functions or mission "
        "of an agency.",
        "d) Retired – The use case was reported in the agency’s prior year’s inventory, but its development "
        "and/or use has since been discontinued."),
    "is_high_impact": ("a) High-impact", "b) Presumed high-impact, but determined not high impact", "c) Not high-impact"),
    "topic_area": (
        "Administrative Functions", "Cybersecurity", "Emergency Management", "Energy and the Environment",
        "Government Benefits Processing", "Health and Medical", "Human Resources", "Information Technology",
        "International Affairs", "Law Enforcement", "Other", "Procurement and Financial Management", "Science",
        "Service Delivery", "Transportation"),
    "classification": (
        "Agentic AI: AI systems that perform tasks or make decisions autonomously with minimal human intervention.",
        "Classical/Predictive Machine Learning: Models trained on data to make predictions or classifications based "
        "on identified patterns or relationships.",
        "Computer Vision: AI that processes and interprets visual data (e.g., images and videos).",
        "Generative AI: AI that generates new or synthetic content (e.g., images, videos, audio, text, code).",
        "Natural Language Processing: AI that processes, interprets, and shares information in human language.",
        "Reinforcement Learning: AI trained through trial and error using rewards and penalties to optimize "
        "decision-making policies."),
    "contracting_usage": ("a) Purchased from a vendor", "b) Developed in-house",
                          "c) Developed with both contracting and in-house resources"),
    "have_ato": ("No", "Yes"),
    "has_pii": ("No", "Yes"),
    "demographic_features": (
        "a) Race/Ethnicity", "b) Sex", "c) Age", "d) Religious Affiliation", "e) Socioeconomic Status",
        "f) Ability Status", "g) Residency Status", "h) Marital Status", "i) Income", "j) Employment Status",
        "k) None of the above", "l) Other"),
    "has_custom_code": ("No", "Yes"),
    "hi_testing_conducted": ("a) Yes", "b) In-progress", f"c) {_WAIVED}"),
    "hi_assessment_completed": ("a) Yes", "b) In-progress", f"c) {_WAIVED}"),
    "hi_independent_review": (
        "a) Yes – by another appropriate agency office or reviewer not directly involved in the AI’s development",
        "b) Yes – by an agency AI oversight board not directly involved in the AI’s development",
        "c) Yes – by the CAIO", "d) In-progress", f"e) {_WAIVED}"),
    "hi_ongoing_monitoring": (
        "a) Yes, sufficient monitoring protocols have been established",
        "b) Development of monitoring protocols is in-progess",  # sic: the dictionary's own spelling
        f"c) {_WAIVED}"),
    "hi_training_established": (
        "a) Yes, sufficient and periodic training has been established",
        "b) Establishment of sufficient and periodic training is in-progress", f"c) {_WAIVED}"),
    "hi_failsafe_presence": ("a) Yes", "b) Not applicable", "c) In-progress", f"d) {_WAIVED}"),
    "hi_appeal_process": (
        "a) Yes, an appropriate appeal process has been established", "b) Not applicable",
        "c) Establishment of an appropriate appeal process is in-progress",
        "d) Law, operational limitations, or governmentwide guidance precludes an opportunity for an individual to "
        "appeal",
        f"e) {_WAIVED}"),
    "hi_public_consultation": (
        "a) Direct usability testing", "b) General solicitations of feedback and comments from the public",
        "c) Public hearings or meetings ",  # sic: with the trailing space of the dictionary
        "d) Other", "e) In-progress", f"f) {_WAIVED}"),
}

STAGE_NAMES = ("Pre-deployment", "Pilot", "Deployed", "Retired")
AI_ASSESSMENT_TYPES = ("fria", "iama", "fraia", "aia")  # assessments of the AI use itself, not only of privacy

# Columns that only make sense for a US federal agency: why a city leaves them empty.
NOT_FOR_A_CITY = {
    "have_ato": "does not apply to a city: an Authorization to Operate (ATO) is the security approval of a US "
                "federal information system; nothing to fill in",
}


@dataclass(frozen=True)
class Cell:
    """A column's value, or an empty one with the reason it would be a gap when the column is required."""

    value: str = ""
    reason: str | None = None


# --- the schema's mappings --------------------------------------------------------------------------


def _mapping(path: str) -> dict[str, Any]:
    info = field_info(path)
    return dict(info.mappings.get(KEY, {})) if info else {}


def _core(allowed: str) -> str:
    """The name inside an allowed value: "a) Pilot – The use case…" -> "Pilot", "Computer Vision: AI…" -> "Computer Vision"."""
    without_letter = re.sub(r"^[a-z]\) ", "", allowed)
    return re.split(r" – |: ", without_letter, maxsplit=1)[0].strip()


def allowed_value(column: str, name: str | None) -> str | None:
    """The allowed value of ``column`` that ``name`` (as the schema's mappings write it) stands for."""
    if name is None:
        return None
    for value in ALLOWED[column]:
        if value == name or _core(value) == name:
            return value
    return None


def _mapped(column: str, path: str, value: str | None) -> str | None:
    return allowed_value(column, _mapping(path).get(value)) if value is not None else None


# --- small readers ----------------------------------------------------------------------------------


def _missing(system: System, *paths: str) -> str:
    for path in paths:
        reason = withheld_reason(system, path)
        if reason:
            return f"withheld in the record: {reason}"
    titles = []
    for path in paths:
        info = field_info(path)
        titles.append(f"“{info.title}” ({path})" if info else path)
    return f"not in the record yet: fill in {' or '.join(titles)}"


def _text_cell(system: System, path: str) -> Cell:
    value = plain_text(system, system.data.get(path))
    return Cell(value) if value else Cell("", _missing(system, path))


def _choice(value: str | None, reason: str) -> Cell:
    return Cell(value) if value else Cell("", reason)


# --- the columns ------------------------------------------------------------------------------------

def stage(system: System) -> str:
    """The short name of the record's stage (Pre-deployment, Pilot, Deployed or Retired)."""
    value = allowed_value("development_stage", _mapping("status").get(system.status))
    return _core(value) if value else ""


def high_impact(system: System) -> Cell:
    """High-risk and prohibited systems are high-impact; for the others significant_impact decides."""
    if system.classification in ("high-risk", "prohibited"):
        return Cell(allowed_value("is_high_impact", _mapping("ai_act.classification").get(system.classification)) or "")
    significant = system.data.get("significant_impact")
    if significant is None:
        return Cell("", _missing(system, "significant_impact"))
    return Cell("a) High-impact" if significant else "c) Not high-impact")


def _topic_area(system: System) -> Cell:
    chosen = (system.data.get("external_categories") or {}).get("us_topic_area")
    if chosen in ALLOWED["topic_area"]:
        return Cell(chosen)
    if not system.domains:
        return Cell("", _missing(system, "external_categories.us_topic_area", "domains"))
    value = _mapped("topic_area", "domains", system.domains[0])  # the first domain is the closest
    return _choice(value, f"the domain '{system.domains[0]}' has no US topic area; choose one under "
                          "external_categories.us_topic_area")


def _classification(system: System) -> Cell:
    if system.classification == "not-an-ai-system":
        return Cell("", "the record says this is not an AI system; every class of the US inventory is a kind of AI, "
                        "so none fits")
    capabilities = (system.data.get("technique") or {}).get("capabilities") or []
    if not capabilities:
        return Cell("", _missing(system, "technique.capabilities"))
    value = _mapped("classification", "technique.capabilities", capabilities[0])  # the first kind listed is the main one
    return _choice(value, f"the kind of AI '{capabilities[0]}' has no US class")


def _system_outputs(system: System) -> Cell:
    technique = system.data.get("technique") or {}
    parts = []
    if technique.get("output_type"):
        parts.append(choice_label("technique.output_type", technique["output_type"]) + ".")
    models = technique.get("models") or []
    outputs = [(plain_text(system, m["name"]), plain_text(system, m.get("outputs"))) for m in models if m.get("outputs")]
    parts += [value if len(models) == 1 else f"{name}: {value}" for name, value in outputs]
    if parts:
        return Cell("\n".join(parts))
    return Cell("", _missing(system, "technique.output_type", "technique.models.outputs"))


def _operational_date(system: System) -> Cell:
    lifecycle = system.data.get("lifecycle") or {}
    path = "lifecycle.started_on" if system.status == "pilot" else "lifecycle.in_use_since"
    value = lifecycle.get(path.split(".")[1])
    return Cell(str(value)) if value else Cell("", _missing(system, path))


def _contracting(system: System) -> Cell:
    development = system.data.get("development")
    return _choice(_mapped("contracting_usage", "development", development), _missing(system, "development"))


def _vendor_name(system: System, contracting: str) -> Cell:
    names = MULTI_SEPARATOR.join(s["name"] for s in system.data.get("suppliers") or [])
    if names:
        return Cell(names)
    if not contracting.startswith(("a)", "c)")):
        return Cell()
    return Cell("", _missing(system, "suppliers"))


def _data_description(system: System) -> Cell:
    summary = plain_text(system, system.data.get("data_summary"))
    if summary:
        return Cell(summary)
    datasets = system.data.get("datasets") or []
    parts = [f"{plain_text(system, d['name'])}: {plain_text(system, d['description'])}" if d.get("description")
             else plain_text(system, d["name"]) for d in datasets]
    return Cell("\n".join(parts)) if parts else Cell("", _missing(system, "data_summary", "datasets"))


def _has_pii(system: System) -> Cell:
    datasets = system.data.get("datasets") or []
    if not datasets:
        return Cell("", _missing(system, "datasets"))
    answers = {_mapped("has_pii", "datasets.personal_data", d["personal_data"]) for d in datasets}
    if "Yes" in answers:
        return Cell("Yes")
    if answers == {"No"}:
        return Cell("No")
    return Cell("", "a data set says it is not known whether it holds personal data (personal_data: unknown); "
                    "find out and update datasets.personal_data")


def _demographics(system: System) -> Cell:
    datasets = system.data.get("datasets") or []
    if not datasets:
        return Cell("", _missing(system, "datasets"))
    mapping = _mapping("datasets.protected_attributes")
    found = {allowed_value("demographic_features", mapping.get(a))
             for d in datasets for a in d.get("protected_attributes", ())}
    values = [v for v in ALLOWED["demographic_features"] if v in found]
    return Cell(MULTI_SEPARATOR.join(values) if values else "k) None of the above")


def _custom_code(system: System) -> Cell:
    development = system.data.get("development")
    if development in ("in-house", "both"):
        return Cell("Yes")
    if development == "supplier":
        return Cell("No")
    return Cell("", _missing(system, "development"))


def _pia_url(system: System) -> str:
    urls = [a["url"] for a in system.data.get("impact_assessments", ()) if a["type"] == "dpia" and a.get("url")]
    return urls[0] if urls else ""


def _link_to_data(system: System) -> str:
    return MULTI_SEPARATOR.join(dict.fromkeys(d["url"] for d in system.data.get("datasets", ()) if d.get("url")))


# --- the high-impact practices ----------------------------------------------------------------------

def _assessment_completed(system: System) -> Cell:
    items = [a for a in system.data.get("impact_assessments", ()) if a["type"] in AI_ASSESSMENT_TYPES]
    if any(a.get("status") == "completed" for a in items):
        return Cell("a) Yes")
    if items:
        return Cell("b) In-progress")
    return Cell("", "the record has no impact assessment of the AI use (FRIA, IAMA, FRAIA or AIA) under "
                    "“Impact assessments” (impact_assessments); a data protection impact assessment alone does not count")


def _potential_impacts(system: System) -> Cell:
    lines = []
    for risk in system.data.get("risks", ()):
        line = f"- {plain_text(system, risk['risk'])}"
        if risk.get("mitigation"):
            line += f" Mitigation: {plain_text(system, risk['mitigation'])}"
        lines.append(line)
    parts = [plain_text(system, system.data.get("risk_summary")), "\n".join(lines)]
    value = "\n\n".join(p for p in parts if p)
    return Cell(value) if value else Cell("", _missing(system, "risks", "risk_summary"))


def _described(system: System, value: Any, answer: str, path: str) -> Cell:
    """``answer`` (a "Yes" answer) when the record describes the practice, else a gap."""
    return Cell(answer) if value else Cell("", _missing(system, path))


def _appeal(system: System) -> Cell:
    if system.data.get("objection") or system.register.data.get("objection"):
        return Cell("a) Yes, an appropriate appeal process has been established")
    return Cell("", _missing(system, "objection"))


def _high_impact_practices(system: System) -> dict[str, Cell]:
    d = system.data
    technique = d.get("technique") or {}
    return {
        "hi_testing_conducted": Cell("", "the register has no field that says whether the system was tested before it "
                                         "was taken into use; answer this by hand"),
        "hi_assessment_completed": _assessment_completed(system),
        "hi_potential_impacts": _potential_impacts(system),
        "hi_independent_review": Cell("", "the register has no field that says whether someone not involved in "
                                          "building the system reviewed it; answer this by hand"),
        "hi_ongoing_monitoring": _described(system, technique.get("monitoring"),
                                            "a) Yes, sufficient monitoring protocols have been established",
                                            "technique.monitoring"),
        "hi_training_established": _described(system, (d.get("human_oversight") or {}).get("training"),
                                              "a) Yes, sufficient and periodic training has been established",
                                              "human_oversight.training"),
        "hi_failsafe_presence": _described(system, technique.get("fallback"), "a) Yes", "technique.fallback"),
        "hi_appeal_process": _appeal(system),
        "hi_public_consultation": _described(system, d.get("public_participation"), "d) Other", "public_participation"),
    }


# --- assembling -------------------------------------------------------------------------------------

def _cells(system: System) -> dict[str, Cell]:
    d = system.data
    impact = high_impact(system)
    contracting = _contracting(system)
    cells = {
        "id": Cell(system.id),
        "use_case_name": Cell(plain_text(system, d["name"])),
        "agency_bureau": Cell(system.register.text(system.department.name, system.main_language) or system.department_id),
        "contact_email": Cell(d["contact"]["email"]),
        "is_withheld": Cell("a) No"),
        "development_stage": Cell(allowed_value("development_stage", _mapping("status").get(system.status)) or ""),
        "is_high_impact": impact,
        "HI_justification": Cell(),
        "topic_area": _topic_area(system),
        "classification": _classification(system),
        "problem_solved": _text_cell(system, "purpose"),
        "benefits": _text_cell(system, "benefits"),
        "system_outputs": _system_outputs(system),
        "operational_date": _operational_date(system),
        "contracting_usage": contracting,
        "vendor_name": _vendor_name(system, contracting.value),
        "have_ato": Cell("", NOT_FOR_A_CITY["have_ato"]),
        "system_name_ato": Cell(),
        "data_description": _data_description(system),
        "link_to_data": Cell(_link_to_data(system)),
        "has_pii": _has_pii(system),
        "pia_url": Cell(_pia_url(system)),
        "demographic_features": _demographics(system),
        "has_custom_code": _custom_code(system),
        "code_url": Cell((d.get("technique") or {}).get("source_code_url") or ""),
    }
    practices = _high_impact_practices(system)
    for name, cell in practices.items():
        cells[name] = cell if impact.value == "a) High-impact" else Cell()
    return cells


def required(column: Column, stage_name: str, cells: dict[str, Cell]) -> bool:
    """Whether the data dictionary requires ``column`` for a use case at this stage with these answers."""
    if column.required == ALWAYS:
        return True
    if column.required == ACTIVE:
        return stage_name in ("Pre-deployment", "Pilot", "Deployed")
    if column.required == OPERATING:
        return stage_name in ("Pilot", "Deployed")
    if column.required == HIGH_IMPACT_DEPLOYED:
        return stage_name == "Deployed" and cells["is_high_impact"].value == "a) High-impact"
    if column.name == "vendor_name":
        return stage_name in ("Pilot", "Deployed") and cells["contracting_usage"].value.startswith(("a)", "c)"))
    if column.name == "HI_justification":
        return cells["is_high_impact"].value.startswith("b)")
    if column.name == "system_name_ato":
        return stage_name in ("Pilot", "Deployed") and cells["have_ato"].value == "Yes"
    return False


def _gaps(system: System, cells: dict[str, Cell]) -> list[Gap]:
    stage_name = stage(system)
    return [Gap(system.id, column.name, cells[column.name].reason or _missing(system, column.name))
            for column in COLUMNS if not cells[column.name].value and required(column, stage_name, cells)]


def record_json(system: System, cells: dict[str, Cell], context: ExportContext) -> dict[str, Any]:
    """One use case as JSON: the columns in order (null when empty), with our id and register page."""
    return {"inventory": "US federal agency AI use case inventory, 2025", "record_id": system.id,
            "register_page": context.page_url(system),
            "use_case": {column.name: cells[column.name].value or None for column in COLUMNS}}


class UsOmb2025(Standard):
    key = KEY
    title = "US federal agency AI use case inventory, 2025"
    source = "https://github.com/ombegov/2025-Federal-Agency-AI-Use-Case-Inventory (Validation/data_dictionary.json)"

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export = Export()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([column.name for column in COLUMNS])
        for system in registry:
            cells = _cells(system)
            export.gaps.extend(_gaps(system, cells))
            writer.writerow([cells[column.name].value for column in COLUMNS])
            document = record_json(system, cells, context)
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = buffer.getvalue()
        return export


register(UsOmb2025())
