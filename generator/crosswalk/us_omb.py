"""Export to the US federal agency AI use case inventory, 2025 format (OMB memorandum M-25-21).

One CSV (``us-omb-2025.csv``) with the 34 columns of the 2025 data dictionary in
its order, using its allowed values letter for letter, and one JSON file per
record (``records/<id>.json``). The columns, their data types, when the
dictionary requires each, their allowed answers and where each is filled from
are in ``mappings/us-omb-2025.yaml``; which of our values becomes which answer
comes from the record schema's ``x-mappings`` (key ``us-omb-2025``). This module
holds the rules that need code and writes the files. Every required column a
record cannot fill becomes a gap, including the federal columns that do not
apply to a city, which say so in plain words. Lossy points are explained in
``docs/exports-us-omb-2025.md``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from generator.crosswalk import Export, ExportContext, Gap, Standard, numbers, register, retired_before
from generator.crosswalk.files import csv_text
from generator.core.i18n import L_, joined
from generator.crosswalk.reasons import missing_fields as _missing
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import Cell, MappingError, Rules, Source, evaluate, load_mapping
from generator.core.schema import Schemas
from generator.crosswalk.links import one_address
from generator.crosswalk.words import choice, said
from generator.model.objects import Registry, System

KEY = "us-omb-2025"
CSV_NAME = "us-omb-2025.csv"
MULTI_SEPARATOR = "; "  # between the answers of a "select multiple" column
MAPPING = load_mapping(KEY)
RULES = Rules()

# When a column is required (``when`` in the mapping file), as the data dictionary's instructions say.
ALWAYS, ACTIVE, OPERATING, HIGH_IMPACT_DEPLOYED, OPTIONAL = (
    "always", "pre-deployment, pilot and deployed", "pilot and deployed", "high-impact and deployed", "no")
PRE_DEPLOYMENT, PILOT, DEPLOYED = "Pre-deployment", "Pilot", "Deployed"  # the dictionary's stage names
HIGH_IMPACT = "a) High-impact"
BY_VENDOR = ("a)", "c)")  # the contracting_usage answers with a vendor
YES, NO = "Yes", "No"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str  # as in the data dictionary: structured_text, free_text, multiple_choice, select_multiple, date
    required: str  # when the dictionary requires it: a key of WHEN


COLUMNS: tuple[Column, ...] = tuple(Column(f.target, str(f.options.get("type", "")), str(f.options.get("when", "")))
                                    for f in MAPPING.fields)
# The allowed values of every choice column, exactly as the data dictionary writes them.
ALLOWED: dict[str, tuple[str, ...]] = {f.target: tuple(f.options["allowed"]) for f in MAPPING.fields
                                       if "allowed" in f.options}

# Whether a column is required, by its ``when``: from the use case's stage and the answers so far.
WHEN: dict[str, Callable[[str, dict[str, Cell]], bool]] = {
    ALWAYS: lambda stage, cells: True,
    ACTIVE: lambda stage, cells: stage in (PRE_DEPLOYMENT, PILOT, DEPLOYED),
    OPERATING: lambda stage, cells: stage in (PILOT, DEPLOYED),
    HIGH_IMPACT_DEPLOYED: lambda stage, cells: stage == DEPLOYED and cells["is_high_impact"].value == HIGH_IMPACT,
    "with a vendor": lambda stage, cells: (stage in (PILOT, DEPLOYED)
                                           and str(cells["contracting_usage"].value).startswith(BY_VENDOR)),
    "presumed high-impact": lambda stage, cells: str(cells["is_high_impact"].value).startswith("b)"),
    "with an ATO": lambda stage, cells: stage in (PILOT, DEPLOYED) and cells["have_ato"].value == YES,
    OPTIONAL: lambda stage, cells: False,
}

for _column in COLUMNS:
    if _column.required not in WHEN:
        raise MappingError(f"{KEY}: the column '{_column.name}' has `when: {_column.required}`; "
                           f"known: {', '.join(WHEN)}")


# --- the dictionary's answers -----------------------------------------------------------------------

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


def _answer(source: Source, path: str, value: Any, column: str) -> Cell:
    """``value`` of the choice field ``path`` as an answer of ``column``, or the gap that says where to map it."""
    mapped = source.choice(path, value)
    if mapped.gap or mapped.empty:
        return Cell("", mapped.gap)
    answer = allowed_value(column, str(mapped.value))
    if answer is None:
        return Cell("", L_("the schema maps '{value}' of {path} to “{answer}”, which is not an answer of {column} in "
                           "the data dictionary: correct the \"x-mappings\" → \"{standard}\" table of '{path}'",
                           value=value, path=path, answer=mapped.value, column=column, standard=KEY))
    return Cell(answer)


# --- the rules that need code -----------------------------------------------------------------------

@RULES.rule
def agency(source: Source) -> str:
    """The name of the record's department (from register.yaml), in the record's main language."""
    system = source.system
    return system.register.text(system.department.name, system.main_language) or system.department_id


@RULES.rule
def allowed(source: Source) -> Cell:
    """Our choice, mapped with the schema's value table for this standard, as the dictionary's full answer."""
    path = source.target.sources[0]
    found = source.get(path)
    return Cell("") if found is None else _answer(source, path, found, source.target.target)


@RULES.rule
def empty(source: Source) -> Cell:
    """Not filled (see the note)."""
    return Cell("")


@RULES.rule
def high_impact(source: Source) -> Cell:
    """High-impact when the schema's value table says so for the AI Act classification; otherwise “a) High-impact” when the record says it has a significant impact on people, “c) Not high-impact” when it says not."""
    path = source.target.sources[0]
    classification = source.get(path)
    mapped = source.choice(path, classification)
    if mapped.value:
        return _answer(source, path, classification, source.target.target)
    significant = source.data.get("significant_impact")
    if significant is None:
        return Cell("", mapped.gap or _missing(source, "significant_impact"))
    return Cell(HIGH_IMPACT if significant else "c) Not high-impact", mapped.gap)


@RULES.rule
def topic_area(source: Source) -> Cell:
    """The US topic area chosen in the record, else the first of its categories' (register.yaml), else the first domain's."""
    given = [source.get("external_categories.us_topic_area"), *source.system.mapped_categories("us_topic_area")]
    if (chosen := next((value for value in given if value in ALLOWED["topic_area"]), None)):
        return Cell(chosen)
    domains = source.system.domains
    if not domains:
        return Cell("", _missing(source, "external_categories.us_topic_area", "domains"))
    value = allowed_value("topic_area", source.choice("domains", domains[0]).value or None)  # the first is the closest
    return Cell(value) if value else Cell("", L_("the domain '{domain}' has no US topic area; choose one under "
                                                 "external_categories.us_topic_area", domain=domains[0]))


@RULES.rule
def ai_class(source: Source) -> Cell:
    """The first kind of AI listed, mapped with the schema's value table; none for a record that says it is not an AI system."""
    if source.meanings.has("ai_act.classification", source.system.classification, "not-ai"):
        return Cell("", L_("the record says this is not an AI system; every class of the US inventory is a kind of "
                           "AI, so none fits"))
    capabilities = source.get("technique.capabilities")
    if not capabilities:
        return Cell("", _missing(source, "technique.capabilities"))
    value = allowed_value(source.target.target, source.choice("technique.capabilities", capabilities[0]).value or None)
    return Cell(value) if value else Cell("", L_("the kind of AI '{value}' has no US class",
                                                                   value=capabilities[0]))


@RULES.rule
def system_outputs(source: Source) -> Cell:
    """The label of the type of output (in the record's main language), then the outputs of each model (with its name
    when there are several)."""
    technique = source.data.get("technique") or {}
    parts = []
    if technique.get("output_type"):
        parts.append(choice(source, "technique.output_type", technique["output_type"]) + ".")
    models = technique.get("models") or []
    outputs = [(source.plain(m["name"]), source.plain(m.get("outputs"))) for m in models if m.get("outputs")]
    parts += [value if len(models) == 1 else f"{name}: {value}" for name, value in outputs]
    if parts:
        return Cell("\n".join(parts))
    return Cell("", _missing(source, "technique.output_type", "technique.models.outputs"))


@RULES.rule
def operational_date(source: Source) -> Cell:
    """For a trial (a pilot) the date it started, otherwise the date it was first in use."""
    trial = source.meanings.has("status", source.system.status, "trial")
    path = "lifecycle.started_on" if trial else "lifecycle.in_use_since"
    value = source.get(path)
    return Cell(str(value)) if value else Cell("", _missing(source, path))


def _contracting(source: Source) -> str:
    """The answer of contracting_usage (who built the system), to know whether a vendor is involved."""
    path = MAPPING.field("contracting_usage").sources[0]
    found = source.get(path)
    return "" if found is None else str(_answer(source, path, found, "contracting_usage").value)


@RULES.rule
def use_case_id(source: Source) -> Cell:
    """``[Agency]-[#]``: the agency abbreviation and the record's number, both kept in register.yaml."""
    found, reason = numbers.agency_number(source.system)
    return Cell(found) if found else Cell("", reason)


@RULES.rule
def vendor_name(source: Source) -> Cell:
    """The suppliers' names, only where the dictionary asks: a pilot or deployed use case a vendor built or runs."""
    stage_name = _core(str(_answer(source, "status", source.get("status"), "development_stage").value or ""))
    if stage_name not in (PILOT, DEPLOYED) or not _contracting(source).startswith(BY_VENDOR):
        return Cell()
    names = MULTI_SEPARATOR.join(s["name"] for s in source.data.get("suppliers") or [])
    return Cell(names) if names else Cell("", _missing(source, "suppliers"))


@RULES.rule
def data_description(source: Source) -> Cell:
    """The data overview; without one, the name and description of each data set."""
    summary = source.plain(source.data.get("data_summary"))
    if summary:
        return Cell(summary)
    datasets = source.data.get("datasets") or []
    parts = [f"{source.plain(d['name'])}: {source.plain(d['description'])}" if d.get("description")
             else source.plain(d["name"]) for d in datasets]
    return Cell("\n".join(parts)) if parts else Cell("", _missing(source, "data_summary", "datasets"))


@RULES.rule
def link_to_data(source: Source) -> str:
    """The link of each data set, each once."""
    return MULTI_SEPARATOR.join(dict.fromkeys(d["url"] for d in source.data.get("datasets", ()) if d.get("url")))


@RULES.rule
def has_pii(source: Source) -> Cell:
    """“Yes” when any data set holds personal data, “No” when none does (from the schema's value table); a gap when a data set says it is not known."""
    datasets = source.data.get("datasets") or []
    if not datasets:
        return Cell("", _missing(source, "datasets"))
    cells = [_answer(source, "datasets.personal_data", d["personal_data"], "has_pii") for d in datasets]
    answers = {c.value for c in cells}
    if YES in answers:
        return Cell(YES)
    if answers == {NO}:
        return Cell(NO)
    return Cell("", joined(dict.fromkeys(c.gap for c in cells if c.gap)) or L_(
        "a data set says it is not known whether it holds personal data (personal_data: unknown); find out and update "
        "datasets.personal_data"))


@RULES.rule
def pia_url(source: Source) -> str:
    """The link of the record's first data protection impact assessment that has one."""
    types = source.target.options["types"]
    urls = [a["url"] for a in source.data.get("impact_assessments", ()) if a["type"] in types and a.get("url")]
    return urls[0] if urls else ""


@RULES.rule
def demographics(source: Source) -> Cell:
    """The protected attributes of all data sets, mapped with the schema's value table; “k) None of the above” when no data set lists any."""
    datasets = source.data.get("datasets") or []
    if not datasets:
        return Cell("", _missing(source, "datasets"))
    path = "datasets.protected_attributes"
    cells = [_answer(source, path, a, "demographic_features") for d in datasets for a in d.get("protected_attributes", ())]
    found = {c.value for c in cells}
    gaps = joined(dict.fromkeys(c.gap for c in cells if c.gap))
    values = [v for v in ALLOWED["demographic_features"] if v in found]
    return Cell(MULTI_SEPARATOR.join(values) if values else "k) None of the above", gaps)


@RULES.rule
def custom_code(source: Source) -> Cell:
    """“Yes” when the city's own staff built the system (alone or with a supplier), “No” when it was bought from a supplier."""
    path = source.target.sources[0]
    development = source.get(path)
    if source.meanings.has(path, development, "in-house"):
        return Cell(YES)
    if source.meanings.has(path, development, "involves-supplier"):
        return Cell(NO)
    if development is None:
        return Cell("", _missing(source, path))
    return Cell("", L_("the choice '{value}' of {path} does not say who built the system: add it to \"in-house\" or "
                       "\"involves-supplier\" under \"x-meanings\" of '{path}' in the schema", value=development, path=path))


@RULES.rule
def assessment_completed(source: Source) -> Cell:
    """“a) Yes” when an impact assessment of the AI use is finished, “b) In-progress” when one is planned or under way."""
    options = source.target.options
    items = [a for a in source.data.get("impact_assessments", ()) if a["type"] in options["types"]]
    if any(a.get("status") in options["finished"] for a in items):
        return Cell("a) Yes")
    if items:
        return Cell("b) In-progress")
    return Cell("", L_("the record has no impact assessment of the AI use (FRIA, IAMA, FRAIA or AIA) under “Impact "
                       "assessments” (impact_assessments); a data protection impact assessment alone does not count"))


@RULES.rule
def potential_impacts(source: Source) -> Cell:
    """The risk summary, then each risk with its mitigation (“Mitigation:”, in the record's main language)."""
    lines = []
    for risk in source.data.get("risks", ()):
        line = f"- {source.plain(risk['risk'])}"
        if risk.get("mitigation"):
            line += " " + said(L_("Mitigation: {mitigation}", mitigation=source.plain(risk["mitigation"])), source.system.main_language)
        lines.append(line)
    parts = [source.plain(source.data.get("risk_summary")), "\n".join(lines)]
    value = "\n\n".join(p for p in parts if p)
    return Cell(value) if value else Cell("", _missing(source, "risks", "risk_summary"))


@RULES.rule
def described(source: Source) -> Cell:
    """The fixed answer named in the note when the record describes the practice."""
    path = source.target.sources[0]
    return Cell(source.target.options["answer"]) if source.get(path) else Cell("", _missing(source, path))


@RULES.rule
def appeal(source: Source) -> Cell:
    """“a) Yes, an appropriate appeal process has been established” when the record or the register gives a route to object."""
    if source.data.get("objection") or source.system.register.data.get("objection"):
        return Cell("a) Yes, an appropriate appeal process has been established")
    return Cell("", _missing(source, "objection"))


# --- assembling -------------------------------------------------------------------------------------

def stage(cells: dict[str, Cell]) -> str:
    """The short name of the record's stage (Pre-deployment, Pilot, Deployed or Retired; empty if not known)."""
    value = cells["development_stage"].value
    return _core(value) if value else ""


def _cells(system: System, schemas: Schemas, context: ExportContext) -> dict[str, Cell]:
    cells = evaluate(MAPPING, system, schemas, context, RULES)
    if cells["is_high_impact"].value != HIGH_IMPACT:  # the hi_ columns are only for high-impact use cases
        cells.update({c.name: Cell() for c in COLUMNS if c.required == HIGH_IMPACT_DEPLOYED})
    return cells


def _gaps(system: System, cells: dict[str, Cell]) -> list[Gap]:
    """A required column left empty, with the reason; and what was lost in a filled one."""
    stage_name = stage(cells)
    gaps = []
    for column in COLUMNS:
        cell = cells[column.name]
        if cell.empty and WHEN[column.required](stage_name, cells):
            gaps.append(Gap(system.id, column.name, cell.gap or L_("not in the record yet: fill in {fields}",
                                                                         fields=column.name)))
        elif not cell.empty and cell.gap:
            gaps.append(Gap(system.id, column.name, cell.gap))
    return gaps


def record_json(system: System, cells: dict[str, Cell], context: ExportContext) -> dict[str, Any]:
    """One use case as JSON: the columns in order (null when empty), with our id and register page."""
    return {"inventory": MAPPING.title, "record_id": system.id, "register_page": context.page_url(system),
            "use_case": {column.name: cells[column.name].value or None for column in COLUMNS}}


class UsOmb2025(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES

    def export(self, registry: Registry, context: ExportContext) -> Export:
        listed = lambda s: not retired_before(s, dt.date(context.today.year - 1, 1, 1))  # noqa: E731
        export, registry = one_address(registry, MAPPING, context, include=listed)
        schemas, rows = context.schemas_for(registry), []
        for system in registry:
            if not listed(system):
                continue  # "d) Retired" is for use cases of the prior year's inventory, which this one was not in
            cells = _cells(system, schemas, context)
            export.gaps.extend(_gaps(system, cells))
            add_choice_gaps(export.gaps, MAPPING, system, schemas)
            rows.append([cells[column.name].value for column in COLUMNS])
            document = record_json(system, cells, context)
            export.files[f"records/{system.id}.json"] = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        export.files[CSV_NAME] = csv_text([column.name for column in COLUMNS], rows, raw=context.raw_csv)
        return export


register(UsOmb2025())
