"""Export to, and import from, the Eurocities / Algoritmeregister algorithmic transparency standard 0.3.1.

The attribute table below is written from the standard's own definition
(``_data/schema-v0_3_1.yaml`` in github.com/Algoritmeregister/standard): 49
attributes in six categories, each with its English and Dutch name, its type,
whether it is required, and the English and Dutch values of the five closed
lists (domain, status, risk category, algorithm type, type of use). Our enum
values map to theirs through the ``x-mappings["eurocities-0.3.1"]`` of our schema.

Export: ``eurocities-0.3.1.csv`` (the standard's CSV template: one row per
record, the 49 attributes as columns in the standard's order, UTF-8) and
``records/<id>.json`` (one object per record, ``null`` when empty). Texts are
written in the register's Markdown subset, which reads as plain text.

Import: a CSV in that template (column names as attribute keys, or as the
English or Dutch names; comma, semicolon or tab separated), one record per row.
What the standard cannot say becomes a placeholder or an item on the to-do list.
The mapping and every lossy point are documented in docs/exports-eurocities-0.3.1.md.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from generator.model.objects import Registry, System
from generator.core.schema import Schemas
from generator.crosswalk import using_schemas
from generator.crosswalk import CannotImport, Export, ExportContext, Gap, ImportResult, Standard, register, shorten
from generator.crosswalk.htmltext import looks_like_html, to_markdown, unwrap
from generator.crosswalk.importkit import (CENTRAL_REGISTRATION, MAILBOX_PLACEHOLDER, ROLE_PLACEHOLDER, Draft, collapse, field, fits, get,
                        is_date, is_email, is_url, is_uuid, mapped, mapping, organisation_name, pick, placeholder_choice,
                        reverse, slug, unique)

KEY = "eurocities-0.3.1"
VERSION = "0.3.1"

# --- the standard's own tables (from schema-v0_3_1.yaml) -------------------------------------------

DOMAINS = ("taxes", "housing, living and living environment", "culture, sports and leisure", "defence",
           "economy and entrepreneurship", "family, youth and households", "finance", "generic",
           "health and health care", "immigration and integration", "international collaboration and development aid",
           "agriculture, nature and food", "environment, spacial planning and water", "education and science",
           "public safety", "government", "justice", "travel, living and working abroad",
           "subsidies, benefits and allowances", "traffic and transportation", "work and career")
DOMAINS_NL = ("belastingen", "bouwen, wonen en leefomgeving", "cultuur, sport en vrije tijd", "defensie",
              "economie en ondernemen", "familie, jeugd en gezin", "financiën", "generiek", "gezondheid en zorg",
              "immigratie, integratie en inburgering", "internationale- en ontwikkelingssamenwerking",
              "landbouw, natuur en voedsel", "milieu, ruimte en water", "onderwijs en wetenschap",
              "openbare orde en veiligheid", "overheid, bestuur en koninkrijk", "rechtspraak",
              "reizen, wonen en werken in het buitenland", "subsidies, uitkeringen en toeslagen", "verkeer en vervoer",
              "werk en loopbaan")
STATUSES = ("planned", "design", "development", "pilot", "evaluation", "operational", "retired")
STATUSES_NL = ("gepland", "ontwerp", "ontwikkeling", "pilot", "evaluatie", "operationeel", "beëindigd")
RISK_CATEGORIES = ("minimal risk", "limited risk", "high risk", "unacceptable")
RISK_CATEGORIES_NL = ("minimaal risico", "beperkt risico", "hoog risico", "onaanvaardbaar")
ALGORITHM_TYPES = ("self-learning", "rule-based", "hybrid")
ALGORITHM_TYPES_NL = ("zelflerend", "regelgebaseerd", "hybride")
USE_TYPES = ("descriptive", "diagnostic", "predictive", "prescriptive")
USE_TYPES_NL = ("descriptief", "diagnostisch", "voorspellend", "prescriptief")

BASIC, USE_CASE, DATA, ALGORITHM, OVERSIGHT, METADATA = (
    "BASIC INFORMATION", "USE CASE", "DATA", "ALGORITHM", "OVERSIGHT", "METADATA")
SHORT_DESCRIPTION_MAX = 150  # "a short description of maximum 150 chars"
DESCRIPTION_MIN, DESCRIPTION_MAX = 500, 10000  # "an extensive description between 500 and 10000 chars"


@dataclass(frozen=True)
class Attribute:
    """One attribute of the standard."""

    key: str
    en: str
    nl: str
    category: str
    kind: str  # string, email, url, enum, const, uuid, date
    required: bool = False
    values: tuple[str, ...] = ()
    values_nl: tuple[str, ...] = ()


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("name", "Name", "Naam", BASIC, "string", True),
    Attribute("description_short", "Short description", "Korte omschrijving", BASIC, "string", True),
    Attribute("organization", "Responsible organization", "Responsible organisatie", BASIC, "string", True),
    Attribute("department", "Department", "Afdeling", BASIC, "string", True),
    Attribute("contact_email", "Contact e-mail", "Contact e-mailadres", BASIC, "email", True),
    Attribute("contact_phone", "Contact phone number", "Contact telefoonnummer", BASIC, "string"),
    Attribute("contact_name", "Contact name", "Contact naam", BASIC, "string"),
    Attribute("area", "Geographical area", "Geografisch gebied", BASIC, "string", True),
    Attribute("domain", "Domain", "Domein", BASIC, "enum", True, DOMAINS, DOMAINS_NL),
    Attribute("website", "Website", "Website", BASIC, "url"),
    Attribute("status", "Status", "Status", BASIC, "enum", True, STATUSES, STATUSES_NL),
    Attribute("remark", "Remark", "Opmerking", BASIC, "string"),
    Attribute("decision_making_process", "Decision-making process", "Besluitvormingsproces", USE_CASE, "string", True),
    Attribute("goal", "Goals", "Doelen", USE_CASE, "string", True),
    Attribute("impact", "Impact", "Impact", USE_CASE, "string", True),
    Attribute("risks", "Risks", "Risico's", USE_CASE, "string", True),
    Attribute("risk_category", "Risk category", "Risicocategorie", USE_CASE, "enum", True, RISK_CATEGORIES,
              RISK_CATEGORIES_NL),
    Attribute("proportionality", "Proportionality", "Proportionaliteit", USE_CASE, "string", True),
    Attribute("lawful_basis", "Lawful basis", "Wettelijke grondslag", USE_CASE, "string", True),
    Attribute("documentation", "More information", "Meer informatie", USE_CASE, "url"),
    Attribute("training_data", "Training data", "Training data", DATA, "string", True),
    Attribute("source_data", "Source data", "Brondata", DATA, "string", True),
    Attribute("data_bias", "Data bias", "Data bias", DATA, "string"),
    Attribute("connected_data_sources", "Connections to data sources", "Aangesloten databronnen", DATA, "string", True),
    Attribute("DPIA_description", "Description of the DPIA", "Omschrijving van de DPIA", DATA, "string"),
    Attribute("DPIA_url", "DPIA URL", "URL van de DPIA", DATA, "url"),
    Attribute("algorithm_type", "Type of algorithm", "Type algoritme", ALGORITHM, "enum", True, ALGORITHM_TYPES,
              ALGORITHM_TYPES_NL),
    Attribute("description", "Explanation", "Uitleg", ALGORITHM, "string", True),
    Attribute("methods_and_models", "Methods and models", "Methoden en modellen", ALGORITHM, "string"),
    Attribute("performance", "Algorithm performance", "Prestaties van het algoritme", ALGORITHM, "string"),
    Attribute("alternatives_considered", "Considered alternatives", "Overwogen alternatieven", ALGORITHM, "string"),
    Attribute("product_information", "Central registration URL", "URL van de centrale registratie", ALGORITHM, "url"),
    Attribute("codebase_url", "Source code URL", "URL van de broncode", ALGORITHM, "url"),
    Attribute("product_page", "Product page URL", "URL van de productpagina", ALGORITHM, "url"),
    Attribute("AIA_description", "Algorithm impact assessment", "Algoritme impact assessment", ALGORITHM, "string"),
    Attribute("AIA_url", "Algorithm impact assessment URL", "URL van de algoritme impact assessment", ALGORITHM, "url"),
    Attribute("monitoring", "Performance monitoring", "Prestatiemonitoring", OVERSIGHT, "string", True),
    Attribute("type", "Type of use of the algorithm", "Type gebruik van het algoritme", OVERSIGHT, "enum", True,
              USE_TYPES, USE_TYPES_NL),
    Attribute("human_intervention", "Human intervention", "Menselijke tussenkomst", OVERSIGHT, "string", True),
    Attribute("objection_procedure", "Objection procedure", "Bezwaarprocedure", OVERSIGHT, "string", True),
    Attribute("rollback", "Rollback", "Terugdraaien", OVERSIGHT, "string"),
    Attribute("standard_version", "Version of the standard used", "Gebruikte versie van de standaard", METADATA, "const",
              True, (VERSION,)),
    Attribute("uuid", "Unique identifier", "Unieke identificatie", METADATA, "uuid"),
    Attribute("lang", "Language", "Taal", METADATA, "string", True),
    Attribute("publication_date", "Publication date", "Publicatiedatum", METADATA, "date", True),
    Attribute("last_change_date", "Last change date", "Datum laatste wijziging", METADATA, "date", True),
    Attribute("revision_date", "Revision date", "Herzieningsdatum", METADATA, "date", True),
    Attribute("revision_note", "Revision date note", "Aantekening bij herzieningsdatum", METADATA, "string"),
    Attribute("keywords", "Keywords", "Kernwoorden", METADATA, "string"),
)
BY_KEY = {a.key: a for a in ATTRIBUTES}

# Expected fields of our schema that a Eurocities record can fill (for the wording of the to-do list).
FILLABLE = {"domains", "purpose", "decision_role", "affected_people", "proportionality", "data_summary",
            "datasets", "technique", "human_oversight", "objection", "bias_assessment", "impact_assessments",
            "legal_basis", "record"}

# Titles of the links this crosswalk writes for the standard's extra addresses (and reads back).
MORE_INFORMATION = "More information"
PRODUCT_PAGE = "Product page"
TRAINING_DATA = "Training data"  # the data set an import makes from the "training_data" text
DEPARTMENT_SEPARATOR = " – "  # between the department and the team in "department"

# Plain words for the gaps of required attributes the record leaves empty.
EMPTY = {
    "domain": "the record has no city domains (domains) and no Eurocities domain (external_categories.eurocities_domain)",
    "decision_making_process": "the record does not say how the system's output is used in decisions (decision_role)",
    "goal": "the record does not say why the system is used (purpose)",
    "impact": "the record does not say who is affected by the system and how (affected_people)",
    "risks": "the record describes no risks (risk_summary or risks)",
    "risk_category": "the system has not been classified under the EU AI Act yet (ai_act.classification is "
                     "not-assessed), so there is no risk category",
    "proportionality": "the record does not explain why using the system is proportionate (proportionality)",
    "lawful_basis": "the record gives no legal basis (legal_basis)",
    "training_data": "the record lists no data set used to develop or train the system (datasets with used_for: "
                     "development or both)",
    "source_data": "the record does not describe the data it uses (data_summary, or datasets used in operation)",
    "connected_data_sources": "the record does not list the systems or data sources it is connected to "
                              "(data_connections)",
    "algorithm_type": "the record does not say whether the system follows rules or learns from data (technique.approach)",
    "description": "the record does not explain how the system works (technique.how_it_works or description)",
    "monitoring": "the record does not say how the system is monitored (technique.monitoring)",
    "type": "the record does not say what kind of output the system gives (technique.output_type)",
    "human_intervention": "the record does not describe human oversight (human_oversight)",
    "objection_procedure": "neither the record nor register.yaml says how people can object (objection)",
    "lang": "the record's language code is not a two-letter ISO 639-1 code",
    "publication_date": "the record does not say when it was first published (record.first_published)",
    "last_change_date": "the record has no date of its last review or publication (record.last_reviewed or "
                        "record.first_published)",
    "revision_date": "the record does not say when it will be reviewed next (record.next_review)",
}
SOURCES = {"decision_making_process": ("decision_role",), "goal": ("purpose",), "impact": ("affected_people",),
           "risks": ("risk_summary", "risks"), "proportionality": ("proportionality",), "lawful_basis": ("legal_basis",),
           "training_data": ("datasets",), "source_data": ("data_summary", "datasets"),
           "connected_data_sources": ("data_connections",), "algorithm_type": ("technique.approach", "technique"),
           "description": ("technique.how_it_works", "technique", "description"),
           "monitoring": ("technique.monitoring", "technique"), "type": ("technique.output_type", "technique"),
           "human_intervention": ("human_oversight",), "objection_procedure": ("objection",)}


# --- export ----------------------------------------------------------------------------------------

class _Writer:
    """Builds the Eurocities object of one record and collects its gaps."""

    def __init__(self, system: System, context: ExportContext) -> None:
        self.system = system
        self.data = system.data
        self.context = context
        self.gaps: list[Gap] = []

    def t(self, value: Any) -> str:
        return unwrap(pick(self.system, value))

    def gap(self, key: str, reason: str) -> None:
        self.gaps.append(Gap(self.system.id, key, reason))

    def build(self) -> dict[str, Any]:
        d, s = self.data, self.system
        technique = d.get("technique") or {}
        page = self.context.page_url(s)
        website = d.get("website") or page
        out: dict[str, Any] = {
            "name": collapse(self.t(d["name"])),
            "description_short": shorten(collapse(self.t(d["summary"])), SHORT_DESCRIPTION_MAX, s.id,
                                         "description_short", self.gaps),
            "organization": organisation_name(s),
            "department": self.department(),
            "contact_email": d["contact"]["email"],
            "contact_phone": get(d, "contact.phone"),
            "contact_name": get(d, "accountable.name"),
            "area": self.t(d.get("area")) or organisation_name(s),
            "domain": self.domain(),
            "website": website,
            "status": mapped("status", KEY, s.status, s.id, "status", self.gaps),
            "remark": self.t(d.get("remarks")),
            "decision_making_process": self.t(d.get("decision_role")),
            "goal": _join(self.t(d.get("purpose")), _labelled("Benefits", self.t(d.get("benefits")))),
            "impact": self.t(d.get("affected_people")),
            "risks": _join(self.t(d.get("risk_summary")), self.risk_list()),
            "risk_category": mapping("ai_act.classification", KEY).get(s.classification),
            "proportionality": self.t(d.get("proportionality")),
            "lawful_basis": self.lawful_basis(),
            "documentation": self.link(MORE_INFORMATION) or (page if page and page != website else None),
            "training_data": self.training_data(),
            "source_data": _join(self.t(d.get("data_summary")), self.dataset_list(("operation", "both"))),
            "data_bias": self.data_bias(),
            "connected_data_sources": self.t(d.get("data_connections")),
            "DPIA_description": self.assessment_text(dpia=True),
            "DPIA_url": self.assessment_url(dpia=True),
            "algorithm_type": mapping("technique.approach", KEY).get(technique.get("approach")),
            "description": self.description(),
            "methods_and_models": self.models(),
            "performance": self.t(technique.get("performance")),
            "alternatives_considered": self.t(d.get("alternatives_considered")),
            "product_information": self.central_registration(),
            "codebase_url": technique.get("source_code_url"),
            "product_page": self.link(PRODUCT_PAGE),
            "AIA_description": self.assessment_text(dpia=False),
            "AIA_url": self.assessment_url(dpia=False),
            "monitoring": self.t(technique.get("monitoring")),
            "type": self.use_type(),
            "human_intervention": self.human_intervention(),
            "objection_procedure": self.t(get(d, "objection.procedure")) or self.register_objection(),
            "rollback": self.t(technique.get("fallback")),
            "standard_version": VERSION,
            "uuid": d.get("uuid"),
            "lang": self.language(),
            "publication_date": get(d, "record.first_published"),
            "last_change_date": get(d, "record.last_reviewed") or get(d, "record.first_published"),
            "revision_date": get(d, "record.next_review"),
            "revision_note": None,
            "keywords": ", ".join(collapse(self.t(tag)) for tag in d.get("tags", ())),
        }
        out = {key: (value if value not in ("", []) else None) for key, value in out.items()}
        self.empty_gaps(out)
        return out

    def department(self) -> str:
        name = self.system.register.text(self.system.department.name, self.system.main_language) or ""
        team = collapse(self.t(get(self.data, "owner.team")))
        return f"{name}{DEPARTMENT_SEPARATOR}{team}" if team else name

    def domain(self) -> str | None:
        chosen = get(self.data, "external_categories.eurocities_domain")
        if chosen:
            return chosen
        table = mapping("domains", KEY)
        values = list(dict.fromkeys(table[d] for d in self.system.domains if table.get(d)))
        if len(values) > 1:
            self.gap("domain", f"the standard allows one domain: '{values[0]}' was used and "
                               f"{', '.join(repr(v) for v in values[1:])} left out; to choose another, set "
                               "external_categories.eurocities_domain")
        return values[0] if values else None

    def link(self, title: str) -> str | None:
        return next((link["url"] for link in self.data.get("links", ())
                     if collapse(self.t(link["title"])).casefold() == title.casefold()), None)

    def risk_list(self) -> str:
        items = []
        for risk in self.data.get("risks", ()):
            item = _one_line(self.t(risk["risk"]))
            if risk.get("mitigation"):
                item = _sentence(item) + f" Measures: {_one_line(self.t(risk['mitigation']))}"
            items.append(f"- {item}")
        return "\n".join(items)

    def lawful_basis(self) -> str:
        legal = self.data.get("legal_basis") or {}
        laws = []
        for law in legal.get("laws", ()):
            title = _one_line(self.t(law["title"]))
            laws.append(f"- [{title}]({law['url']})" if law.get("url") else f"- {title}")
        return _join(self.t(legal.get("description")), "\n".join(laws))

    def datasets(self, uses: tuple[str, ...]) -> list[dict[str, Any]]:
        return [ds for ds in self.data.get("datasets", ()) if ds.get("used_for") in uses]

    def dataset_list(self, uses: tuple[str, ...]) -> str:
        items = []
        for dataset in self.datasets(uses):
            line = f"- **{_one_line(self.t(dataset['name']))}**"
            line += f" ({_one_line(self.t(dataset['source']))})" if dataset.get("source") else ""
            line += f": {_one_line(self.t(dataset['description']))}" if dataset.get("description") else ""
            items.append(line)
        return "\n".join(items)

    def training_data(self) -> str:
        training = self.datasets(("development", "both"))
        if len(training) == 1 and collapse(self.t(training[0]["name"])) == TRAINING_DATA and training[0].get("description"):
            return self.t(training[0]["description"])  # the text an import put there
        return self.dataset_list(("development", "both"))

    def data_bias(self) -> str:
        bias = self.data.get("bias_assessment") or {}
        return _join(self.t(bias.get("findings") or bias.get("reason")), self.t(bias.get("mitigations")))

    def assessments(self, dpia: bool) -> list[dict[str, Any]]:
        return [a for a in self.data.get("impact_assessments", ()) if (a["type"] == "dpia") == dpia]

    def assessment_text(self, dpia: bool) -> str:
        chosen = self.assessments(dpia)
        plain_kind = "dpia" if dpia else "aia"  # the kind the attribute is named after
        if len(chosen) == 1 and chosen[0]["type"] == plain_kind and not chosen[0].get("title"):
            return self.t(chosen[0].get("summary"))
        parts = []
        for assessment in chosen:
            title = collapse(self.t(assessment.get("title"))) or field("impact_assessments.type").label(assessment["type"])
            summary = self.t(assessment.get("summary"))
            parts.append(f"{title}: {summary}" if summary else title)
        return "\n\n".join(parts)

    def assessment_url(self, dpia: bool) -> str | None:
        return next((a["url"] for a in self.assessments(dpia) if a.get("url")), None)

    def description(self) -> str:
        technique = self.data.get("technique") or {}
        text = _join(self.t(self.data.get("description")), self.t(technique.get("how_it_works")))
        text = shorten(text, DESCRIPTION_MAX, self.system.id, "description", self.gaps)
        if text and len(text) < DESCRIPTION_MIN:
            self.gap("description", f"the explanation has {len(text)} characters; the standard asks for "
                                    f"{DESCRIPTION_MIN:,} to {DESCRIPTION_MAX:,}, so explain in more detail how the "
                                    "system works (technique.how_it_works)")
        return text

    def models(self) -> str:
        """One model as a line of text; several as a list (the import reads both back)."""
        lines = []
        for model in (self.data.get("technique") or {}).get("models", ()):
            line = _one_line(self.t(model["name"])) + (f" (version {model['version']})" if model.get("version") else "")
            facts = [_one_line(self.t(model[k])) for k in ("task", "architecture") if model.get(k)]
            lines.append(line + (f": {'; '.join(facts)}" if facts else ""))
        return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)

    def central_registration(self) -> str | None:
        eu = get(self.data, "ai_act.eu_database_url")
        return eu or next((r["url"] for r in self.data.get("registrations", ()) if r.get("url")), None)

    def use_type(self) -> str | None:
        output = get(self.data, "technique.output_type")
        value = mapping("technique.output_type", KEY).get(output) if output else None
        if output and value is None:
            self.gap("type", f"the record says the system's output is '{output}', which is not one of the four "
                             f"Eurocities types ({', '.join(USE_TYPES)}); the attribute is left empty")
        return value

    def human_intervention(self) -> str:
        oversight = self.data.get("human_oversight") or {}
        level = oversight.get("level")
        sentence = f"Level of human oversight: {field('human_oversight.level').label(level).lower()}." if level else ""
        return _join(sentence, self.t(oversight.get("description")))

    def register_objection(self) -> str:
        register = self.system.register
        return unwrap(register.text(get(register.data, "objection.procedure"), self.system.main_language) or "")

    def language(self) -> str | None:
        code = self.system.main_language.split("-")[0]
        return code if len(code) == 2 else None

    def empty_gaps(self, out: dict[str, Any]) -> None:
        withheld = self.system.withheld
        for attribute in ATTRIBUTES:
            if not attribute.required or out.get(attribute.key) is not None:
                continue
            if any(g.field == attribute.key for g in self.gaps):
                continue  # already explained (such as a generated output with no Eurocities type)
            held = [name for name in SOURCES.get(attribute.key, ()) if name in withheld]
            if held:
                reason = (f"withheld in the record ({held[0]}: {collapse(self.t(withheld[held[0]]))}); the standard "
                          "requires this attribute")
            else:
                reason = EMPTY.get(attribute.key, f"the record has no value for '{attribute.en}', which the standard "
                                                  "requires")
            self.gap(attribute.key, reason)


def _join(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _labelled(label: str, text: str) -> str:
    return f"{label}:\n\n{text}" if text else ""


def _one_line(markdown: str) -> str:
    lines = [re.sub(r"^\s*(?:[-+*]|\d+[.)])\s+", "", line) for line in markdown.splitlines()]
    return collapse(" ".join(lines))


def _sentence(text: str) -> str:
    return text if not text or text[-1] in ".!?…:" else text + "."


def export_records(registry: Registry, context: ExportContext) -> tuple[list[dict[str, Any]], list[Gap]]:
    """The Eurocities object of every record (in id order) and the gaps found."""
    objects, gaps = [], []
    for system in registry:
        writer = _Writer(system, context)
        objects.append(writer.build())
        gaps += writer.gaps
    return objects, gaps


# --- import ----------------------------------------------------------------------------------------

def _header_key(name: str) -> str | None:
    wanted = collapse(name.lstrip("\ufeff")).casefold()
    return next((a.key for a in ATTRIBUTES if wanted in (a.key.casefold(), a.en.casefold(), a.nl.casefold())), None)


def _enum(attribute: str, value: str) -> str | None:
    """A closed-list value (English or Dutch) as the standard's English value."""
    spec = BY_KEY[attribute]
    wanted = collapse(value).casefold()
    for en, nl in zip(spec.values, spec.values_nl or spec.values):
        if wanted in (en.casefold(), nl.casefold()):
            return en
    return None


def _markdown(value: str) -> str:
    value = value.strip()
    return to_markdown(value) if looks_like_html(value) else value


class _Reader:
    """Turns one row of the template into a record for our schema, with its to-do list."""

    def __init__(self, row: dict[str, str], department: str, options: dict[str, str], taken: set[str]) -> None:
        self.row = row
        self.department = department
        self.options = options
        self.taken = taken
        self.draft = Draft()

    def value(self, key: str) -> str:
        return (self.row.get(key) or "").strip()

    def text(self, path: str, key: str, limit: int = 5000) -> None:
        markdown, cut = fits(_markdown(self.value(key)), limit)
        if cut:
            self.draft.note(f"'{BY_KEY[key].en}' ({key}) was longer than {limit} characters and was cut when it was put "
                            f"in {path}: add the rest by hand.")
        self.draft.set(path, markdown)

    def short(self, path: str, key: str, limit: int) -> None:
        text, cut = fits(collapse(_markdown(self.value(key))), limit)
        if cut:
            self.draft.note(f"'{BY_KEY[key].en}' ({key}) was longer than {limit} characters and was cut: check {path}.")
        self.draft.set(path, text)

    def url(self, key: str) -> str | None:
        value = self.value(key)
        if value and not is_url(value):
            self.draft.note(f"'{BY_KEY[key].en}' ({key}) is not a web address starting with https:// ('{value[:80]}'), "
                            "so it was not imported.")
            return None
        return value or None

    def build(self, name: str) -> tuple[dict[str, Any], list[str]]:
        d = self.draft
        d.set("schema_version", "1.0")
        d.set("id", unique(slug(name), self.taken))
        self.uuid()
        self.language()
        d.set("name", name)
        self.summary()
        self.domain()
        self.tags()
        self.short("area", "area", 300)
        d.set("website", self.url("website"))
        self.owner()
        self.contact()
        self.accountable()
        self.organisation()
        self.text("purpose", "goal")
        self.text("decision_role", "decision_making_process")
        self.text("affected_people", "impact")
        self.text("alternatives_considered", "alternatives_considered")
        self.text("proportionality", "proportionality")
        self.text("data_summary", "source_data")
        self.training_data()
        self.text("data_connections", "connected_data_sources")
        self.technique()
        self.text("human_oversight.description", "human_intervention")
        self.text("objection.procedure", "objection_procedure")
        self.data_bias()
        self.text("risk_summary", "risks")
        self.assessments()
        self.text("legal_basis.description", "lawful_basis")
        self.risk_category()
        self.status()
        self.dates()
        self.links()
        self.text("remarks", "remark")
        self.revision_note()
        d.missing_expected("the Eurocities record", "the Eurocities standard", FILLABLE, also=("human_oversight.level",))
        return d.record(), d.todo

    def uuid(self) -> None:
        value = self.value("uuid")
        if value and is_uuid(value):
            self.draft.set("uuid", value.lower())
        elif value:
            self.draft.note(f"The unique identifier '{value[:80]}' is not a UUID, so it was not imported.")

    def language(self) -> None:
        lang = self.value("lang").lower()
        if re.fullmatch(r"[a-z]{2}", lang):
            self.draft.set("languages", [lang])
        elif lang:
            self.draft.note(f"The language '{lang}' is not a two-letter language code; say in which language the record "
                            "is written (languages).")
        version = self.value("standard_version")
        if version and version != VERSION:
            self.draft.note(f"The row was written for version {version} of the standard and read as {VERSION}: check "
                            "every field.")

    def summary(self) -> None:
        summary, cut = fits(collapse(_markdown(self.value("description_short"))), 400)
        if not summary:
            summary = "<Short summary>"
            self.draft.note("Write a short summary (summary): the Eurocities record has no short description.")
        elif cut:
            self.draft.note("The short description was longer than 400 characters and was cut: check the summary.")
        self.draft.set("summary", summary)

    def domain(self) -> None:
        raw = self.value("domain")
        if not raw:
            return
        value = _enum("domain", raw)
        if value is None:
            self.draft.note(f"'{raw}' is not one of the Eurocities domains, so it was not imported: choose the city "
                            "domains (domains).")
            return
        self.draft.set("external_categories.eurocities_domain", value)
        ours, candidates = reverse("domains", KEY, value)
        if len(candidates) == 1:
            self.draft.set("domains", [ours])
        elif candidates:
            labels = " or ".join(f"'{c}'" for c in candidates)
            self.draft.note(f"The Eurocities domain '{value}' can be the city domain {labels}: choose in domains.")
        else:
            self.draft.note(f"The Eurocities domain '{value}' has no matching city domain: choose the city domains "
                            "(domains) yourself. The Eurocities domain is kept in external_categories.")

    def tags(self) -> None:
        tags: list[str] = []
        for piece in (p.strip() for p in re.split(r"[,;]", _markdown(self.value("keywords")))):
            if len(piece) > 40:
                self.draft.note(f"The keywords '{piece[:60]}' were longer than a keyword may be (40 characters), so they "
                                "were split at the spaces: check tags.")
            for tag in ([piece] if len(piece) <= 40 else piece.split()):
                tag = fits(tag, 40)[0]
                if tag and tag not in tags:
                    tags.append(tag)
        self.draft.set("tags", tags)

    def owner(self) -> None:
        self.draft.set("owner.department", self.department)
        raw = collapse(self.value("department"))
        team = raw.split(DEPARTMENT_SEPARATOR, 1)[1].strip() if DEPARTMENT_SEPARATOR in raw else raw
        if team:
            self.draft.set("owner.team", fits(team, 300)[0])
            self.draft.note(f"The Eurocities department '{raw}' was kept as the team (owner.team) of the department "
                            f"'{self.department}': check it.")

    def contact(self) -> None:
        email = self.value("contact_email")
        if is_email(email):
            self.draft.set("contact.email", email)
        elif is_email(self.options.get("contact", "")):
            self.draft.set("contact.email", self.options["contact"])
        else:
            self.draft.set("contact.email", MAILBOX_PLACEHOLDER)
            self.draft.note(f"Replace {MAILBOX_PLACEHOLDER} in contact.email with the team mailbox that answers questions "
                            "about this system (use --contact to give one).")
        phone = self.value("contact_phone")
        if phone and re.fullmatch(r"\+?[0-9][0-9 ()-]{4,24}", phone):
            self.draft.set("contact.phone", phone)
        elif phone:
            self.draft.note(f"The phone number '{phone[:40]}' could not be read (digits, spaces and a leading + only), "
                            "so it was not imported.")

    def accountable(self) -> None:
        role = self.options.get("accountable_role", "").strip()
        self.draft.set("accountable.role", role or ROLE_PLACEHOLDER)
        if not role:
            self.draft.note(f"Replace {ROLE_PLACEHOLDER} in accountable.role with the job title of the person accountable "
                            "for the system (the Eurocities standard has no such field; use --accountable-role).")
        name = collapse(self.value("contact_name"))
        if name:
            self.draft.set("accountable.name", fits(name, 100)[0])
            self.draft.note(f"The contact name '{name}' was put in accountable.name. Publish a person's name only with "
                            "their agreement; remove it otherwise.")

    def organisation(self) -> None:
        theirs = collapse(self.value("organization"))
        ours = self.options.get("organisation", "")
        if theirs and ours and theirs.casefold() != ours.casefold():
            self.draft.note(f"The Eurocities record belongs to '{theirs}', but this register is for '{ours}': check that "
                            "the system belongs in this register.")

    def training_data(self) -> None:
        text = _markdown(self.value("training_data"))
        if text:
            description, _ = fits(text, 5000)
            self.draft.append("datasets", {"name": TRAINING_DATA, "description": description, "used_for": "development",
                                           "personal_data": "unknown"})
            self.draft.note(f"The training data was kept as one data set called '{TRAINING_DATA}': split it into the real "
                            "data sets, and say whether each holds personal data (datasets[].personal_data is "
                            "'unknown').")

    def technique(self) -> None:
        raw = self.value("algorithm_type")
        if raw:
            value = _enum("algorithm_type", raw)
            ours, candidates = reverse("technique.approach", KEY, value, ("rule-based", "machine-learning")) \
                if value else (None, [])
            if ours:
                self.draft.set("technique.approach", ours)
                if len(candidates) > 1:
                    self.draft.note(f"The algorithm type '{value}' can mean {' or '.join(repr(c) for c in candidates)}; it "
                                    f"was read as '{ours}'. Check technique.approach.")
            else:
                self.draft.note(f"'{raw}' is not one of the Eurocities algorithm types, so it was not imported.")
        self.text("technique.how_it_works", "description")
        self.models()
        self.text("technique.performance", "performance")
        self.text("technique.monitoring", "monitoring")
        self.text("technique.fallback", "rollback")
        self.draft.set("technique.source_code_url", self.url("codebase_url"))
        raw = self.value("type")
        if raw:
            value = _enum("type", raw)
            ours, _ = reverse("technique.output_type", KEY, value) if value else (None, [])
            if ours:
                self.draft.set("technique.output_type", ours)
            else:
                self.draft.note(f"'{raw}' is not one of the Eurocities types of use, so it was not imported.")

    def models(self) -> None:
        text = _markdown(self.value("methods_and_models"))
        if not text:
            return
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if all(re.match(r"[-*+]\s+", line) for line in lines):
            names = [re.sub(r"^[-*+]\s+", "", line) for line in lines]
        elif len(text) <= 300 and len(lines) == 1:
            names = [text]
        else:
            how = get(self.draft.data, "technique.how_it_works")
            self.draft.set("technique.how_it_works", fits(f"{how}\n\nMethods and models:\n\n{text}" if how else text,
                                                          5000)[0])
            self.draft.note("The methods and models were too long to be a list of models, so they were added to "
                            "technique.how_it_works: list the models in technique.models.")
            return
        for name in names:
            self.draft.append("technique.models", {"name": fits(name, 300)[0]})

    def data_bias(self) -> None:
        text = _markdown(self.value("data_bias"))
        if text:
            self.draft.set("bias_assessment", {"status": placeholder_choice("bias_assessment.status"),
                                               "findings": fits(text, 5000)[0]})
            self.draft.note("Say whether a bias assessment was done (bias_assessment.status): the text about data bias "
                            "was put in bias_assessment.findings. If it was done, also give its date.")

    def assessments(self) -> None:
        for kind, prefix in (("dpia", "DPIA"), ("aia", "AIA")):
            summary, cut = fits(_markdown(self.value(f"{prefix}_description")), 5000)
            url = self.url(f"{prefix}_url")
            if summary or url:
                assessment = {"type": kind}
                if summary:
                    assessment["summary"] = summary
                if url:
                    assessment["url"] = url
                self.draft.append("impact_assessments", assessment)
        if any(a["type"] == "aia" for a in self.draft.data.get("impact_assessments", ())):
            self.draft.note("The algorithm impact assessment was read as an 'aia' (impact_assessments[].type); if it was "
                            "a FRAIA, IAMA or FRIA, change the type.")

    def risk_category(self) -> None:
        raw = self.value("risk_category")
        value = _enum("risk_category", raw) if raw else None
        preference = ("minimal",)  # the most cautious: an AI system with no specific obligations, not "not an AI system"
        ours, candidates = reverse("ai_act.classification", KEY, value, preference) if value else (None, [])
        if ours is None:
            self.draft.set("ai_act.classification", "not-assessed")
            self.draft.note(f"'{raw}' is not one of the Eurocities risk categories; ai_act.classification was set to "
                            "not-assessed: classify the system." if raw else
                            "Classify the system under the EU AI Act (ai_act.classification): the Eurocities record has "
                            "no risk category, so it was set to not-assessed.")
            return
        self.draft.set("ai_act.classification", ours)
        self.draft.set("ai_act.role", placeholder_choice("ai_act.role"))
        self.draft.note("Replace the placeholder in ai_act.role: say whether the city is the provider or the deployer of "
                        "the system (the Eurocities standard does not say).")
        if len(candidates) > 1:
            self.draft.note(f"The risk category '{value}' can mean {' or '.join(repr(c) for c in candidates)}; it was read "
                            f"as '{ours}', the more cautious choice. Change ai_act.classification if the system is not "
                            "an AI system.")
        if ours == "high-risk":
            self.draft.note("Say which area of Annex III of the AI Act applies (ai_act.annex_iii_area), or which Annex I "
                            "product law (ai_act.annex_i_product): the Eurocities standard does not say.")
        elif ours == "transparency":
            self.draft.note("Say which transparency obligations apply (ai_act.transparency_obligations).")
        elif ours == "prohibited":
            self.draft.note("The risk category is 'unacceptable': a prohibited practice must not be used by the city. "
                            "Check the classification and explain it in ai_act.explanation.")

    def status(self) -> None:
        raw = self.value("status")
        value = _enum("status", raw) if raw else None
        if value == "design":
            status, candidates = "in development", ["in development"]
            self.draft.note("The Eurocities status 'design' was read as 'in development' (this register has no design "
                            "status).")
        else:
            status, candidates = reverse("status", KEY, value) if value else (None, [])
        if status is None:
            self.draft.set("status", placeholder_choice("status"))
            self.draft.note(f"Choose the status: '{raw}' is not one of the Eurocities statuses." if raw else
                            "Choose the status: the Eurocities record has none.")
            return
        self.draft.set("status", status)
        if status == "paused":
            self.draft.set("lifecycle.paused_on", "<YYYY-MM-DD>")
            self.draft.set("lifecycle.pause_reason", "<Why it was paused>")
            self.draft.note("The Eurocities status 'evaluation' was read as paused. Write since when and why "
                            "(lifecycle.paused_on and lifecycle.pause_reason), or change the status if the system is "
                            "still in use while it is evaluated.")
        elif status == "retired":
            self.draft.set("lifecycle.retired_on", "<YYYY-MM-DD>")
            self.draft.set("lifecycle.retirement_reason", "<Why it was retired>")
            self.draft.note("Write when and why the system was retired (lifecycle.retired_on and "
                            "lifecycle.retirement_reason): the Eurocities record does not say.")

    def dates(self) -> None:
        for key, path in (("publication_date", "record.first_published"), ("last_change_date", "record.last_reviewed"),
                          ("revision_date", "record.next_review")):
            value = self.value(key)[:10]
            if value and is_date(value):
                self.draft.set(path, value)
            elif value:
                self.draft.note(f"'{BY_KEY[key].en}' ('{self.value(key)[:40]}') is not a date written as YYYY-MM-DD, so "
                                "it was not imported.")

    def links(self) -> None:
        for key, title in (("documentation", MORE_INFORMATION), ("product_page", PRODUCT_PAGE)):
            url = self.url(key)
            if url:
                self.draft.append("links", {"title": title, "url": url})
        url = self.url("product_information")
        if url:
            self.draft.append("registrations", {"register": CENTRAL_REGISTRATION, "url": url})

    def revision_note(self) -> None:
        note = collapse(self.value("revision_note"))
        if note:
            self.draft.note(f"The record says why it will be revised: '{note[:200]}'. This register has no such field; "
                            "put it in the remarks if it matters.")


def _rows(content: bytes) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """The attribute of each column, the rows keyed by attribute, and the columns that are not in the template."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CannotImport("this file is not UTF-8 text; save the Eurocities CSV template as CSV (UTF-8) and try "
                           "again") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        header = []
    keys = [_header_key(name) for name in header]
    if "name" not in keys or sum(1 for k in keys if k) < 2:
        raise CannotImport("this is not a CSV file in the Eurocities template (standard 0.3.1): its first line must "
                           "name the columns, such as name, description_short, organization and status")
    unknown = [name for name, key in zip(header, keys) if key is None and name.strip()]
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rows.append({key: value for key, value in zip(keys, values) if key})
    except csv.Error as exc:
        raise CannotImport(f"the CSV file could not be read ({exc})") from None
    return keys, rows, unknown


def read_records(content: bytes, department: str, options: dict[str, str]) -> ImportResult:
    """Records from a CSV file in the Eurocities template, one record per row."""
    _, rows, unknown = _rows(content)
    result = ImportResult()
    for name in unknown:
        result.problems.append(f"the column '{name}' is not part of the Eurocities 0.3.1 template, so it was not read")
    taken: set[str] = set()
    for number, row in enumerate(rows, 2):
        name, cut = fits(collapse(_markdown((row.get("name") or ""))), 100)
        if not name:
            result.problems.append(f"row {number} has no name (the column 'name'), so it was skipped; add a name and "
                                   "import the file again")
            continue
        record, todo = _Reader(row, department, options, taken).build(name)
        if cut:
            todo.insert(0, "The name was longer than 100 characters and was cut: check it.")
        result.records.append(record)
        result.todo[record["id"]] = todo
    return result


class Eurocities(Standard):
    key = KEY
    title = "Eurocities / Algoritmeregister algorithmic transparency standard 0.3.1"
    source = "https://github.com/Algoritmeregister/standard"
    importable = True

    def export(self, registry: Registry, context: ExportContext) -> Export:
        objects, gaps = export_records(registry, context)
        files: dict[str, str | bytes] = {}
        for system, obj in zip(registry, objects):
            files[f"records/{system.id}.json"] = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([a.key for a in ATTRIBUTES])
        writer.writerows(["" if obj[a.key] is None else str(obj[a.key]) for a in ATTRIBUTES] for obj in objects)
        files[f"{KEY}.csv"] = buffer.getvalue()
        return Export(files, gaps)

    def read(self, content: bytes, department: str, options: dict[str, str],
             schemas: Schemas | None = None) -> ImportResult:
        with using_schemas(schemas):  # to be replaced by passing ``schemas`` on explicitly
            return read_records(content, department, options)


register(Eurocities())
