"""Export to, and import from, the Dutch Algorithm Register publication standard 1.0 (key ``nl-1.0``).

The field table below is written from the standard's own field configuration
(``backend/app/schemas/config/v1_0.json`` in github.com/MinBZK/Algoritmeregister):
31 fields with their keys, Dutch titles, maximum lengths, required and "always
shown" flags and permitted values. Enum values come from the ``x-mappings``
of our schema, so the schema stays the single source of truth.

Export: ``records/<id>.json`` (one NL object per record, every key of the
standard in its order, ``null`` when empty) and ``nl-1.0.csv`` (all records,
the NL keys as columns; lists are written as JSON). Long texts are HTML as the
Dutch register uses it: ``<p>``, ``<ul>``/``<ol>`` with ``<li>``, and ``<a href>``
links, made from the record's Markdown with ``richtext.rich``.

Import: a JSON file with one NL record or a list of them. Every NL field goes to
the field the export takes it from, so that a record survives the round trip;
what the Dutch format cannot say becomes a placeholder or an item on the to-do
list. The mapping and every lossy point are documented in docs/exports-nl-1.0.md.
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
from generator.crosswalk.htmltext import fit_blocks, looks_like_html, markdown_blocks, to_markdown, to_text
from generator.crosswalk.importkit import (DUTCH_REGISTER, MAILBOX_PLACEHOLDER, ROLE_PLACEHOLDER, SOURCE_REGISTRATION, Draft, collapse,
                        field, fits, get, is_date, is_email, is_id, is_url, is_uuid, mapped, mapping, organisation_name, pick,
                        placeholder_choice, reverse, slug, unique)

KEY = "nl-1.0"

# --- the standard's own tables (from the v1.0 field configuration) ---------------------------------

THEMES = ("Organisatie en bedrijfsvoering", "Cultuur en recreatie", "Economie", "Overheidsfinanciën", "Wonen",
          "Internationaal", "Migratie en integratie", "Natuur en milieu", "Onderwijs en wetenschap",
          "Openbare orde en veiligheid", "Recht", "Ruimte en infrastructuur", "Sociale zekerheid", "Verkeer", "Werk",
          "Zorg en gezondheid")
STATUSES = ("In ontwikkeling", "In gebruik", "Buiten gebruik")
HIGH_RISK, IMPACTFUL, OTHER = CATEGORIES = ("Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes")
LANGUAGES = ("nld",)
VERSIONS = ("1.0",)
# Recommended titles of impact assessments (an open list: other titles are allowed).
RECOMMENDED_ASSESSMENTS = ("AI Impact Assesment (AIIA)", "Data Protection Impact Assessment (DPIA)",
                           "De Ethische Bijsluiter", "De Ethische Data Assistant (DEDA)",
                           "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
                           "Impact Assessment Mensenrechten en Algoritmes (IAMA)", "Pre-scan DPIA", "Privacy Quickscan",
                           "Toetsingskader Algemene Rekenkamer", "Utrecht Uthiek Assessment", "Z-Inspection")
IN_HOUSE = "Intern ontwikkeld"  # what the guide asks for in "provider" when the system was built in-house


@dataclass(frozen=True)
class NLField:
    """One field of the publication standard."""

    key: str
    title: str  # the Dutch title shown by the register
    kind: str  # text (plain), html, enum, themes, grouping, month, url
    max_length: int | None = None
    required: bool = False
    show_always: bool = False  # the register shows the field even when empty ("niet ingevuld")
    permitted: tuple[str, ...] = ()


FIELDS: tuple[NLField, ...] = (
    NLField("name", "Naam", "text", 100, True, True),
    NLField("description_short", "Korte omschrijving", "text", 400, True, True),
    NLField("organization", "Organisatienaam", "text", 100, True, True),
    NLField("category", "Thema", "themes", None, False, True, THEMES),
    NLField("status", "Status", "enum", None, True, True, STATUSES),
    NLField("begin_date", "Begindatum", "month", 7, False, True),
    NLField("end_date", "Einddatum", "month", 7),
    NLField("contact_email", "Contactgegevens", "text", 500, True, True),
    NLField("website", "Link naar publiekspagina", "url", 500),
    NLField("publication_category", "Publicatiecategorie", "enum", None, True, True, CATEGORIES),
    NLField("url", "Link naar bronregistratie", "url", 500),
    NLField("goal", "Doel en impact", "html", 2500, False, True),
    NLField("proportionality", "Afwegingen", "html", 2500, False, True),
    NLField("human_intervention", "Menselijke tussenkomst", "html", 2500, False, True),
    NLField("risks", "Risicobeheer", "html", 2500, False, True),
    NLField("lawful_basis", "Wettelijke basis", "html", 2500),
    NLField("lawful_basis_grouping", "Verwijzingen wettelijke basis", "grouping"),
    NLField("process_index_url", "Link naar verwerkingsregister", "url", 500),
    NLField("impacttoetsen_grouping", "Impacttoetsen", "grouping"),
    NLField("impacttoetsen", "Toelichting op impacttoetsen", "html", 2500),
    NLField("source_data", "Gegevens", "html", 2500, False, True),
    NLField("source_data_grouping", "Verwijzingen gegevensbronnen", "grouping"),
    NLField("methods_and_models", "Technische werking", "html", 5000),
    NLField("provider", "Leverancier", "text", 200),
    NLField("publiccode", "Link naar broncode", "url", 500),
    NLField("lang", "Taal", "enum", None, True, False, LANGUAGES),
    NLField("standard_version", "Versie publicatiestandaard", "enum", None, False, False, VERSIONS),
    NLField("source_id", "Bron-ID", "text", 100),
    NLField("tags", "Zoektermen", "text", 2500),
    NLField("lars", "Algoritme-ID", "text"),
    NLField("publication_dt", "Publicatie datum", "text"),
)
BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True)
class Grouping:
    """The items of a grouping field: a title and a link, with their limits."""

    title_max: int | None
    link_max: int
    link_required: bool


GROUPINGS = {
    "lawful_basis_grouping": Grouping(100, 500, True),
    "impacttoetsen_grouping": Grouping(None, 500, False),
    "source_data_grouping": Grouping(500, 500, True),
}
# Fields of older versions still found in real files (such as the register's own templates).
LEGACY = {"id", "uuid", "type", "iama_description"}

# Expected fields of our schema that an NL record can fill (for the wording of the to-do list).
FILLABLE = {"domains", "purpose", "proportionality", "data_summary", "datasets", "technique", "development",
            "human_oversight", "impact_assessments", "legal_basis", "significant_impact", "lifecycle", "record"}

# --- labels for the texts the export puts together ------------------------------------------------

LABELS = {
    "benefits": ("Benefits", "Voordelen"),
    "affected_people": ("Who is affected", "Wie merkt er iets van"),
    "alternatives_considered": ("Alternatives considered", "Overwogen alternatieven"),
    "decision_role": ("Role in decisions", "Rol bij besluiten"),
    "oversight_level": ("Level of human oversight", "Mate van menselijk toezicht"),
    "risks": ("Risks and measures", "Risico's en maatregelen"),
    "measures": ("Measures", "Maatregelen"),
    "bias": ("Bias assessment", "Onderzoek naar vooroordelen (bias)"),
    "laws": ("Laws and regulations", "Wetten en regels"),
    "assessments": ("Impact assessments", "Impacttoetsen"),
    "datasets": ("Data sets", "Gegevensbronnen"),
    "models": ("Models", "Modellen"),
    "version": ("version", "versie"),
    "self_learning": ("Self-learning", "Zelflerend"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
}
PERSONAL_DATA = {
    "none": ("No personal data.", "Geen persoonsgegevens."),
    "pseudonymised": ("Pseudonymised personal data.", "Gepseudonimiseerde persoonsgegevens."),
    "identified": ("Contains personal data.", "Bevat persoonsgegevens."),
    "unknown": ("Not known whether it contains personal data.", "Niet bekend of er persoonsgegevens in zitten."),
}
DUTCH_CHOICE_LABELS = {
    "human_oversight.level": {"human-in-the-loop": "een mens controleert elke uitkomst",
                              "human-on-the-loop": "medewerkers houden toezicht en kunnen ingrijpen",
                              "human-in-command": "medewerkers houden toezicht op het systeem als geheel",
                              "fully-automated": "volledig geautomatiseerd"},
    "impact_assessments.status": {"completed": "afgerond", "in-progress": "in uitvoering", "planned": "gepland"},
    "bias_assessment.status": {"done": "uitgevoerd", "in-progress": "in uitvoering", "not-done": "niet uitgevoerd",
                               "not-applicable": "niet van toepassing"},
}

# Plain words for the gaps of fields the register always shows (or requires), when the record leaves them empty.
EMPTY = {
    "category": "the record has no city domains (domains) and no Dutch themes (external_categories.nl_themes); "
                "the Dutch register always shows the theme",
    "begin_date": "the record does not say when the system was taken into use (lifecycle.in_use_since or "
                  "lifecycle.started_on); the Dutch register always shows this month",
    "goal": "the record does not say why the system is used (purpose); the Dutch register always shows "
            "'Doel en impact' (goal and impact)",
    "proportionality": "the record has no considerations (proportionality) or alternatives considered; the Dutch "
                       "register always shows 'Afwegingen' (considerations)",
    "human_intervention": "the record does not describe human oversight (human_oversight) or the role of the system in "
                          "decisions (decision_role); the Dutch register always shows 'Menselijke tussenkomst' "
                          "(human intervention)",
    "risks": "the record describes no risks (risk_summary or risks); the Dutch register always shows "
             "'Risicobeheer' (risk management)",
    "source_data": "the record does not describe its data (data_summary or datasets); the Dutch register always "
                   "shows 'Gegevens' (data)",
}
SOURCES = {"category": ("domains",), "begin_date": ("lifecycle",), "goal": ("purpose", "benefits", "affected_people"),
           "proportionality": ("proportionality", "alternatives_considered"),
           "human_intervention": ("human_oversight", "decision_role"), "risks": ("risk_summary", "risks"),
           "source_data": ("data_summary", "datasets")}


# --- export ----------------------------------------------------------------------------------------

class _Writer:
    """Builds the NL object of one record and collects its gaps."""

    def __init__(self, system: System, context: ExportContext) -> None:
        self.system = system
        self.data = system.data
        self.context = context
        self.lang = "nl" if "nl" in system.languages else system.main_language
        self.gaps: list[Gap] = []

    # helpers
    def t(self, value: Any) -> str:
        return pick(self.system, value, self.lang).strip()

    def label(self, key: str) -> str:
        english, dutch = LABELS[key]
        return dutch if self.lang == "nl" else english

    def choice(self, path: str, value: str) -> str:
        if self.lang == "nl" and path in DUTCH_CHOICE_LABELS:
            return DUTCH_CHOICE_LABELS[path][value]
        return field(path).label(value)

    def personal(self, value: str) -> str:
        english, dutch = PERSONAL_DATA[value]
        return dutch if self.lang == "nl" else english

    def plain(self, key: str, value: str) -> str | None:
        limit = BY_KEY[key].max_length
        value = collapse(value)
        if limit:
            value = shorten(value, limit, self.system.id, key, self.gaps)
        return value or None

    def html(self, key: str, parts: list[str]) -> str | None:
        markdown = "\n\n".join(part for part in parts if part and part.strip())
        if not markdown:
            return None
        limit = BY_KEY[key].max_length
        blocks = markdown_blocks(markdown)  # parsed once, rendered in full and within the limit
        full, _ = fit_blocks(blocks, None, True)
        out, cut = fit_blocks(blocks, limit, True)
        if cut:
            self.gaps.append(Gap(self.system.id, key, f"shortened from {len(full)} to {len(out)} characters (the "
                                                      f"standard allows at most {limit}); the full text is on the "
                                                      "register page"))
        return out or None

    def labelled(self, key: str, text: str) -> list[str]:
        return [self.label(key), text] if text else []

    # the fields
    def build(self) -> dict[str, Any]:
        d, s = self.data, self.system
        out: dict[str, Any] = {
            "name": self.plain("name", self.t(d["name"])),
            "description_short": self.plain("description_short", self.t(d["summary"])),
            "organization": self.plain("organization", organisation_name(s, self.lang)),
            "category": self.category(),
            "status": mapped("status", KEY, s.status, s.id, "status", self.gaps),
            "begin_date": self.begin_date(),
            "end_date": self.end_date(),
            "contact_email": self.plain("contact_email", d["contact"]["email"]),
            "website": d.get("website"),
            "publication_category": self.publication_category(),
            "url": self.source_url(),
            "goal": self.html("goal", [self.t(d.get("purpose")), *self.labelled("benefits", self.t(d.get("benefits"))),
                                       *self.labelled("affected_people", self.t(d.get("affected_people")))]),
            "proportionality": self.html("proportionality", [
                self.t(d.get("proportionality")),
                *self.labelled("alternatives_considered", self.t(d.get("alternatives_considered")))]),
            "human_intervention": self.html("human_intervention", self.human_intervention()),
            "risks": self.html("risks", self.risks()),
            "lawful_basis": self.html("lawful_basis", self.lawful_basis()),
            "lawful_basis_grouping": self.laws_grouping(),
            "process_index_url": d.get("processing_register_url"),
            "impacttoetsen_grouping": self.assessments_grouping(),
            "impacttoetsen": self.html("impacttoetsen", self.assessment_notes()),
            "source_data": self.html("source_data", self.source_data()),
            "source_data_grouping": self.datasets_grouping(),
            "methods_and_models": self.html("methods_and_models", self.methods()),
            "provider": self.provider(),
            "publiccode": get(d, "technique.source_code_url"),
            "lang": "nld",
            "standard_version": "1.0",
            "source_id": self.source_id(),
            "tags": self.plain("tags", ", ".join(self.t(tag) for tag in d.get("tags", ()))),
            "lars": self.lars(),
            "publication_dt": get(d, "record.first_published"),
        }
        self.language_gap()
        self.empty_gaps(out)
        return out

    def category(self) -> list[str] | None:
        themes = list(get(self.data, "external_categories.nl_themes") or ())
        if not themes:
            table = mapping("domains", KEY)
            themes = [table[d] for d in self.system.domains if table.get(d)]
        unique_themes = [t for i, t in enumerate(themes) if t in THEMES and t not in themes[:i]]
        return unique_themes or None

    def begin_date(self) -> str | None:
        date = get(self.data, "lifecycle.in_use_since") or get(self.data, "lifecycle.started_on")
        return date[:7] if date else None

    def end_date(self) -> str | None:
        if self.system.status == "retired":
            date = get(self.data, "lifecycle.retired_on")
        elif self.system.status == "paused":
            date = get(self.data, "lifecycle.paused_on")
        else:
            date = None
        return date[:7] if date else None

    def publication_category(self) -> str:
        classification = self.system.classification
        if mapping("ai_act.classification", KEY).get(classification) == HIGH_RISK:
            return HIGH_RISK
        significant = self.data.get("significant_impact")
        if classification == "prohibited":
            self.gaps.append(Gap(self.system.id, "publication_category",
                                 "the record says the system is a prohibited practice under the EU AI Act; the Dutch "
                                 "register has no category for it, so the category follows significant_impact"))
        if significant is None:
            self.gaps.append(Gap(self.system.id, "publication_category",
                                 "the record does not say whether the system has a significant impact on people "
                                 f"(significant_impact), so '{OTHER}' was chosen; fill in significant_impact to be sure"))
        return IMPACTFUL if significant else OTHER

    def source_url(self) -> str | None:
        for registration in self.data.get("registrations", ()):
            if _is_source_registration(self.system, registration) and registration.get("url"):
                return registration["url"]
        return self.context.page_url(self.system)

    def source_id(self) -> str:
        """The id in the owner's own register: kept under registrations when it differs from ours, else our id."""
        for registration in self.data.get("registrations", ()):
            if _is_source_registration(self.system, registration) and registration.get("id"):
                return shorten(registration["id"], 100, self.system.id, "source_id", self.gaps)
        return self.system.id

    def human_intervention(self) -> list[str]:
        oversight = self.data.get("human_oversight") or {}
        parts = []
        if oversight.get("level"):
            level = self.choice("human_oversight.level", oversight["level"])
            parts.append(f"{self.label('oversight_level')}: {level[:1].lower()}{level[1:]}.")
        parts.append(self.t(oversight.get("description")))
        parts += self.labelled("decision_role", self.t(self.data.get("decision_role")))
        return parts

    def risks(self) -> list[str]:
        d = self.data
        parts = [self.t(d.get("risk_summary"))]
        items = []
        for risk in d.get("risks", ()):
            item = _sentence(_one_line(self.t(risk["risk"])))
            if risk.get("mitigation"):
                item += f" {self.label('measures')}: {_one_line(self.t(risk['mitigation']))}"
            items.append(f"- {item}")
        if items:
            parts += [self.label("risks"), "\n".join(items)]
        bias = d.get("bias_assessment")
        if bias:
            status = self.choice("bias_assessment.status", bias["status"]).lower()
            parts += [f"{self.label('bias')}: {status}.", self.t(bias.get("findings") or bias.get("reason")),
                      self.t(bias.get("mitigations"))]
        return parts

    def lawful_basis(self) -> list[str]:
        legal = self.data.get("legal_basis") or {}
        unlinked = [f"- {_one_line(self.t(law['title']))}" for law in legal.get("laws", ()) if not law.get("url")]
        parts = [self.t(legal.get("description"))]
        if unlinked:
            parts += [self.label("laws"), "\n".join(unlinked)]
        return parts

    def laws_grouping(self) -> list[dict[str, str]] | None:
        items = []
        for law in (self.data.get("legal_basis") or {}).get("laws", ()):
            if law.get("url"):
                title = shorten(collapse(self.t(law["title"])), 100, self.system.id, "lawful_basis_grouping", self.gaps)
                items.append({"title": title, "link": law["url"]})
            else:
                self.gaps.append(Gap(self.system.id, "lawful_basis_grouping",
                                     f"the law '{collapse(self.t(law['title']))}' has no link, which the Dutch register "
                                     "needs for each reference; it is named in the text of lawful_basis instead"))
        return items or None

    def assessment_title(self, assessment: dict[str, Any]) -> str:
        mapped = mapping("impact_assessments.type", KEY).get(assessment["type"])
        if mapped:
            return mapped
        return collapse(self.t(assessment.get("title"))) or field("impact_assessments.type").label(assessment["type"])

    def assessments_grouping(self) -> list[dict[str, str | None]] | None:
        items = [{"title": self.assessment_title(a), "link": a.get("url")}
                 for a in self.data.get("impact_assessments", ())]
        return items or None

    def assessment_notes(self) -> list[str]:
        details = []
        for assessment in self.data.get("impact_assessments", ()):
            facts = [self.choice("impact_assessments.status", assessment["status"]).lower()] if assessment.get("status") else []
            facts += [assessment["date"]] if assessment.get("date") else []
            summary = _one_line(self.t(assessment.get("summary")))
            if facts or summary:
                line = f"- {self.assessment_title(assessment)}" + (f" ({', '.join(facts)})" if facts else "")
                details.append(line + (f": {summary}" if summary else ""))
        parts = [self.t(self.data.get("impact_assessment_note"))]
        if details:
            parts += [self.label("assessments"), "\n".join(details)]
        return parts

    def source_data(self) -> list[str]:
        items = []
        for dataset in self.data.get("datasets", ()):
            if dataset.get("url") and not (dataset.get("description") or dataset.get("source")
                                           or dataset["personal_data"] != "unknown"):
                continue  # only a name and a link: the grouping says it all
            line = f"- {_one_line(self.t(dataset['name']))}"
            line += f" ({_one_line(self.t(dataset['source']))})" if dataset.get("source") else ""
            line += f": {_one_line(self.t(dataset['description']))}" if dataset.get("description") else ""
            items.append(_sentence(line) + " " + self.personal(dataset["personal_data"]))
        parts = [self.t(self.data.get("data_summary"))]
        if items:
            parts += [self.label("datasets"), "\n".join(items)]
        return parts

    def datasets_grouping(self) -> list[dict[str, str]] | None:
        items = [{"title": shorten(collapse(self.t(ds["name"])), 500, self.system.id, "source_data_grouping", self.gaps),
                  "link": ds["url"]} for ds in self.data.get("datasets", ()) if ds.get("url")]
        return items or None

    def methods(self) -> list[str]:
        technique = self.data.get("technique") or {}
        parts = [self.t(technique.get("how_it_works"))]
        approach = technique.get("approach")
        if approach:
            learning = mapping("technique.approach", KEY).get(approach) == "Zelflerend"
            answer = self.label("yes" if learning else "no")
            explained = "" if self.lang == "nl" else f" ({field('technique.approach').label(approach)})"
            parts.append(f"{self.label('self_learning')}: {answer}{explained}.")
        models = []
        for model in technique.get("models", ()):
            line = f"- {_one_line(self.t(model['name']))}"
            line += f" ({self.label('version')} {model['version']})" if model.get("version") else ""
            facts = [_one_line(self.t(model[k])) for k in ("task", "architecture") if model.get(k)]
            models.append(line + (f": {'; '.join(facts)}" if facts else ""))
        if models:
            parts += [self.label("models"), "\n".join(models)]
        return parts

    def provider(self) -> str | None:
        names = [collapse(s["name"]) for s in self.data.get("suppliers", ())]
        if not names and self.data.get("development") == "in-house":
            return IN_HOUSE
        return self.plain("provider", "; ".join(names)) if names else None

    def lars(self) -> str | None:
        for registration in self.data.get("registrations", ()):
            if _is_dutch_register(self.system, registration):
                if registration.get("id"):
                    return registration["id"]
                number = re.search(r"/(\d+)/?$", registration.get("url", ""))
                if number:
                    return number.group(1)
        return None

    # gaps
    def language_gap(self) -> None:
        if self.lang != "nl":
            self.gaps.append(Gap(self.system.id, "lang",
                                 f"the record is written in '{self.system.main_language}' and has no Dutch (nl) text; "
                                 "the Dutch register publishes Dutch texts only (nld), so the texts need translating"))

    def empty_gaps(self, out: dict[str, Any]) -> None:
        withheld = self.system.withheld
        for nl in FIELDS:
            if out.get(nl.key) not in (None, "", []) or not (nl.required or nl.show_always):
                continue
            held = [name for name in SOURCES.get(nl.key, ()) if name in withheld]
            if held:
                reason = (f"withheld in the record ({held[0]}: {collapse(self.t(withheld[held[0]]))}); the Dutch register "
                          f"always shows '{nl.title}' and will say it was not filled in")
            else:
                reason = EMPTY.get(nl.key, f"the record has no value for '{nl.title}', which the Dutch register needs")
            self.gaps.append(Gap(self.system.id, nl.key, reason))


def _one_line(markdown: str) -> str:
    """A text (possibly with paragraphs and lists) on one line, for a list item."""
    lines = [re.sub(r"^\s*(?:[-+*]|\d+[.)])\s+", "", line) for line in markdown.splitlines()]
    return collapse(" ".join(lines))


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def _is_dutch_register(system: System, registration: dict[str, Any]) -> bool:
    name = collapse(system.text(registration["register"]) or "").casefold()
    return ("algoritmes.overheid.nl" in registration.get("url", "") or "algoritmeregister" in name
            or ("algorithm register" in name and ("dutch" in name or "netherlands" in name)))


def _is_source_registration(system: System, registration: dict[str, Any]) -> bool:
    name = collapse(system.text(registration["register"]) or "").casefold()
    return "bronregistratie" in name or "source registration" in name


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def export_records(registry: Registry, context: ExportContext) -> tuple[list[dict[str, Any]], list[Gap]]:
    """The NL object of every record (in id order) and the gaps found."""
    objects, gaps = [], []
    for system in registry:
        writer = _Writer(system, context)
        objects.append(writer.build())
        gaps += writer.gaps
    return objects, gaps


# --- import ----------------------------------------------------------------------------------------

def _markdown(value: Any) -> str:
    """An NL text (HTML, or plain text) in the Markdown subset."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if looks_like_html(value):
        return to_markdown(value)
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return to_markdown("".join(f"<p>{_escape(p)}</p>" for p in paragraphs))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(value: Any) -> str:
    """An NL value as one line of plain text."""
    if value is None:
        return ""
    text = str(value)
    return collapse(to_text(text) if looks_like_html(text) else text)


def _month(value: str) -> str | None:
    """An NL month (yyyy-mm) as our date (the first of the month); a full date is kept."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-01"
    if is_date(value[:10]):
        return value[:10]
    return None


class _Reader:
    """Turns one NL object into a record for our schema, with its to-do list."""

    def __init__(self, item: dict[str, Any], department: str, options: dict[str, str], taken: set[str]) -> None:
        self.item = item
        self.options = options
        self.draft = Draft()
        self.department = department
        self.taken = taken
        self.used_source_id = False

    def value(self, key: str) -> str:
        raw = self.item.get(key)
        return raw.strip() if isinstance(raw, str) else ("" if raw is None else str(raw).strip())

    def text(self, path: str, key: str, limit: int = 5000) -> None:
        markdown = _markdown(self.item.get(key))
        markdown, cut = fits(markdown, limit)
        if cut:
            self.draft.note(f"The Dutch '{BY_KEY[key].title}' ({key}) was longer than {limit} characters and was cut "
                            f"when it was put in {path}: add the rest by hand.")
        self.draft.set(path, markdown)

    def url(self, path: str, key: str) -> None:
        value = self.value(key)
        if value and is_url(value):
            self.draft.set(path, value)
        elif value:
            self.draft.note(f"The Dutch '{BY_KEY[key].title}' ({key}) is not a web address starting with https:// "
                            f"('{value[:80]}'), so it was not imported into {path}.")

    def build(self, name: str) -> tuple[dict[str, Any], list[str]]:
        d = self.draft
        d.set("schema_version", "1.0")
        d.set("id", self.record_id(name))
        d.set("name", name)
        self.summary()
        d.set("owner.department", self.department)
        self.contact()
        self.accountable()
        self.organisation()
        self.categories()
        self.status_and_dates()
        self.publication_category()
        self.url("website", "website")
        self.registrations()
        self.text("purpose", "goal")
        self.text("proportionality", "proportionality")
        self.text("human_oversight.description", "human_intervention")
        self.text("risk_summary", "risks")
        self.text("legal_basis.description", "lawful_basis")
        self.laws()
        self.url("processing_register_url", "process_index_url")
        self.assessments()
        self.text("impact_assessment_note", "impacttoetsen")
        self.text("data_summary", "source_data")
        self.datasets()
        self.text("technique.how_it_works", "methods_and_models")
        self.provider()
        self.url("technique.source_code_url", "publiccode")
        self.language()
        self.tags()
        self.metadata()
        self.legacy()
        d.missing_expected("the Dutch record", "the Dutch standard", FILLABLE, also=("human_oversight.level",))
        return d.record(), d.todo

    def record_id(self, name: str) -> str:
        source_id = self.value("source_id")
        if is_id(source_id) and source_id not in self.taken:
            self.used_source_id = True
            self.taken.add(source_id)
            return source_id
        made = unique(slug(name), self.taken)
        if source_id:
            self.draft.note(f"The Dutch source id '{source_id}' cannot be used as an id here (use lower-case letters, "
                            f"digits and hyphens), so the id '{made}' was made from the name; the source id is kept "
                            f"under registrations ('{SOURCE_REGISTRATION}').")
        return made

    def summary(self) -> None:
        summary, cut = fits(_plain(self.item.get("description_short")), 400)
        if not summary:
            summary = "<Short summary>"
            self.draft.note("Write a short summary (summary): the Dutch record has no 'Korte omschrijving'.")
        elif cut:
            self.draft.note("The short description was longer than 400 characters and was cut: check the summary.")
        self.draft.set("summary", summary)

    def contact(self) -> None:
        contact = self.value("contact_email")
        address = contact[7:] if contact.lower().startswith("mailto:") else contact
        if is_email(address):
            self.draft.set("contact.email", address)
            return
        if is_url(contact):
            self.draft.set("contact.form_url", contact)
        given = self.options.get("contact", "")
        if is_email(given):
            self.draft.set("contact.email", given)
        else:
            self.draft.set("contact.email", MAILBOX_PLACEHOLDER)
            self.draft.note(f"Replace {MAILBOX_PLACEHOLDER} in contact.email with the team mailbox that answers questions "
                            "about this system (the Dutch record has no e-mail address; use --contact to give one).")

    def accountable(self) -> None:
        role = self.options.get("accountable_role", "").strip()
        if role:
            self.draft.set("accountable.role", role)
        else:
            self.draft.set("accountable.role", ROLE_PLACEHOLDER)
            self.draft.note(f"Replace {ROLE_PLACEHOLDER} in accountable.role with the job title of the person accountable "
                            "for the system (the Dutch standard has no such field; use --accountable-role to give one).")

    def organisation(self) -> None:
        theirs = _plain(self.item.get("organization"))
        ours = self.options.get("organisation", "")
        if theirs and ours and theirs.casefold() != ours.casefold():
            self.draft.note(f"The Dutch record belongs to '{theirs}', but this register is for '{ours}': check that the "
                            "system belongs in this register.")

    def categories(self) -> None:
        raw = self.item.get("category")
        values = [raw] if isinstance(raw, str) else list(raw or [])
        themes = [collapse(str(v)) for v in values if collapse(str(v)) in THEMES]
        for unknown in (collapse(str(v)) for v in values if collapse(str(v)) not in THEMES and str(v).strip()):
            self.draft.note(f"'{unknown}' is not a theme of the Dutch standard, so it was not imported.")
        self.draft.set("external_categories.nl_themes", list(dict.fromkeys(themes)))
        domains = []
        for theme in themes:
            domain, _ = reverse("domains", KEY, theme)
            if domain and domain not in domains:
                domains.append(domain)
            elif not domain:
                self.draft.note(f"The Dutch theme '{theme}' has no matching city domain: choose the city domains "
                                "(domains) yourself.")
        self.draft.set("domains", domains)

    def status_and_dates(self) -> None:
        raw = self.value("status")
        dutch = next((s for s in STATUSES if s.casefold() == raw.casefold()), None)
        preference = {"In gebruik": ("in use",), "In ontwikkeling": ("in development",), "Buiten gebruik": ("retired",)}
        status, candidates = reverse("status", KEY, dutch, preference[dutch]) if dutch else (None, [])
        if status is None:
            self.draft.set("status", placeholder_choice("status"))
            self.draft.note(f"Choose the status: the Dutch status '{raw}' is not one of {', '.join(STATUSES)}."
                            if raw else "Choose the status: the Dutch record has none.")
        else:
            self.draft.set("status", status)
            others = [c for c in candidates if c != status]
            if others:
                self.draft.note(f"The Dutch status '{dutch}' covers {' and '.join(repr(c) for c in candidates)}; it was read "
                                f"as '{status}'. Change the status if '{others[0]}' is right.")
        begin = self.month("begin_date")
        end = self.month("end_date")
        if status == "retired":
            self.draft.set("lifecycle.in_use_since", begin)
            self.draft.set("lifecycle.retired_on", end or "<YYYY-MM-DD>")
            self.draft.set("lifecycle.retirement_reason", "<Why it was retired>")
            if not end:
                self.draft.note("Write the date the system was retired (lifecycle.retired_on): the Dutch record has no "
                                "end date.")
            self.draft.note("Replace <Why it was retired> in lifecycle.retirement_reason: the Dutch standard does not say "
                            "why a system is out of use.")
        else:
            self.draft.set("lifecycle.in_use_since" if status == "in use" else "lifecycle.started_on", begin)
            if end:
                self.draft.note(f"The Dutch record gives an end date ({self.value('end_date')}) although the system is "
                                "not out of use; it was not imported. Add it to the lifecycle if it is right.")

    def month(self, key: str) -> str | None:
        raw = self.value(key)
        if not raw:
            return None
        date = _month(raw)
        if date is None:
            self.draft.note(f"The Dutch '{BY_KEY[key].title}' ('{raw}') is not a month written as yyyy-mm, so it was "
                            "not imported.")
        return date

    def publication_category(self) -> None:
        raw = self.value("publication_category")
        category = next((c for c in CATEGORIES if c.casefold() == raw.casefold()), None)
        if category == HIGH_RISK:
            self.draft.set("ai_act.classification", "high-risk")
            self.draft.set("ai_act.role", placeholder_choice("ai_act.role"))
            self.draft.note("The Dutch record says this is a high-risk AI system. Say which area of Annex III of the AI "
                            "Act applies (ai_act.annex_iii_area), or which Annex I product law (ai_act.annex_i_product): "
                            "the Dutch standard does not say.")
            self.draft.note("Replace the placeholder in ai_act.role: say whether the city is the provider or the "
                            "deployer of the system.")
            return
        self.draft.set("ai_act.classification", "not-assessed")
        self.draft.note("Classify the system under the EU AI Act (ai_act.classification): the Dutch publication category "
                        "does not say, so it was set to not-assessed.")
        if category is None:
            self.draft.note(f"Say whether the system has a significant impact on people (significant_impact): the "
                            f"Dutch publication category '{raw}' is not one of {', '.join(CATEGORIES)}." if raw else
                            "Say whether the system has a significant impact on people (significant_impact): the Dutch "
                            "record has no publication category.")
        else:
            self.draft.set("significant_impact", category == IMPACTFUL)

    def registrations(self) -> None:
        source: dict[str, str] = {"register": SOURCE_REGISTRATION}
        url = self.value("url")
        if url and is_url(url):
            source["url"] = url
        elif url:
            self.draft.note(f"The link to the source registration ('{url[:80]}') is not a web address starting with "
                            "https://, so it was not imported.")
        source_id = self.value("source_id")
        if source_id and not self.used_source_id:
            source["id"] = source_id[:100]
        if len(source) > 1:
            self.draft.append("registrations", source)
        lars = self.value("lars")
        if lars:
            self.draft.append("registrations", {"register": DUTCH_REGISTER, "id": lars[:100]})

    def laws(self) -> None:
        for entry in self.grouping("lawful_basis_grouping"):
            title, link = entry
            law = {"title": fits(title or link, 300)[0]}
            if link and is_url(link):
                law["url"] = link
            elif link:
                self.draft.note(f"The link of the law '{title}' is not a web address starting with https://, so it was "
                                "not imported.")
            self.draft.append("legal_basis.laws", law)

    def grouping(self, key: str) -> list[tuple[str, str]]:
        raw = self.item.get(key)
        out = []
        for entry in raw if isinstance(raw, list) else []:
            if not isinstance(entry, dict):
                continue
            title, link = _plain(entry.get("title")), _plain(entry.get("link"))
            if title or link:
                out.append((title, link))
        return out

    def assessments(self) -> None:
        for title, link in self.grouping("impacttoetsen_grouping"):
            kind, _ = reverse("impact_assessments.type", KEY, title, ("fraia",)) if title else (None, [])
            assessment: dict[str, str] = {"type": kind or "other", "title": fits(title or link, 300)[0]}
            if link and is_url(link):
                assessment["url"] = link
            self.draft.append("impact_assessments", assessment)

    def datasets(self) -> None:
        unknown = []
        for title, link in self.grouping("source_data_grouping"):
            name = fits(title or link, 300)[0]
            dataset = {"name": name}
            if link and is_url(link):
                dataset["url"] = link
            dataset["personal_data"] = "unknown"
            self.draft.append("datasets", dataset)
            unknown.append(name)
        if unknown:
            self.draft.note("Say for each data set whether it holds personal data (datasets[].personal_data): the Dutch "
                            f"record does not say, so it is 'unknown' for: {', '.join(unknown)}.")

    def provider(self) -> None:
        provider = _plain(self.item.get("provider"))
        if provider.casefold().rstrip(".") in (IN_HOUSE.casefold(), "intern"):
            self.draft.set("development", "in-house")
        elif provider:
            for name in (n.strip() for n in provider.split(";")):
                if name:
                    self.draft.append("suppliers", {"name": fits(name, 200)[0]})
            self.draft.explained.add("development")
            self.draft.note("Say who built the system (development): the Dutch record names a supplier, so it is "
                            "'supplier', or 'both' if the city built it together with the supplier.")

    def language(self) -> None:
        lang = self.value("lang").lower()
        codes = {"nld": "nl", "eng": "en", "fry": "fy"}
        if lang in codes:
            self.draft.set("languages", [codes[lang]])
        elif lang:
            self.draft.note(f"The language code '{lang}' is not known; say in which language the record is written "
                            "(languages).")
        version = self.value("standard_version")
        if version and version not in VERSIONS:
            self.draft.note(f"The record was written for version {version} of the Dutch standard and read as version "
                            "1.0: check every field.")

    def tags(self) -> None:
        raw = _plain(self.item.get("tags"))
        tags: list[str] = []
        for piece in (p.strip() for p in re.split(r"[,;]", raw)):
            if len(piece) > 40:
                self.draft.note(f"The keywords '{piece[:60]}' were longer than a keyword may be (40 characters), so they "
                                "were split at the spaces: check tags.")
            for tag in ([piece] if len(piece) <= 40 else piece.split()):
                tag = fits(tag, 40)[0]
                if tag and tag not in tags:
                    tags.append(tag)
        self.draft.set("tags", tags)

    def metadata(self) -> None:
        published = self.value("publication_dt")[:10]
        if published and is_date(published):
            self.draft.set("record.first_published", published)

    def legacy(self) -> None:
        learning = self.value("type").casefold()
        if learning in ("ja", "zelflerend"):
            self.draft.set("technique.approach", "machine-learning")
        elif learning in ("nee", "regelgebaseerd"):
            self.draft.set("technique.approach", "rule-based")
        if learning:
            self.draft.note("The Dutch record only says whether the system is self-learning: check technique.approach "
                            "(hybrid and mathematical-model are also possible).")
        uuid = self.value("uuid")
        if uuid and is_uuid(uuid):
            self.draft.set("uuid", uuid.lower())
        old_note = _markdown(self.item.get("iama_description"))
        if old_note:
            note = get(self.draft.data, "impact_assessment_note")
            self.draft.set("impact_assessment_note", fits(f"{note}\n\n{old_note}" if note else old_note, 5000)[0])
        for key, raw in self.item.items():
            if key not in BY_KEY and key not in LEGACY and raw not in (None, "", [], {}):
                shown = collapse(json.dumps(raw, ensure_ascii=False) if not isinstance(raw, str) else raw)[:80]
                self.draft.note(f"The field '{key}' is not part of the Dutch publication standard 1.0, so its value was "
                                f"not imported: '{shown}'.")


def read_records(content: bytes, department: str, options: dict[str, str]) -> ImportResult:
    """Records from a JSON file holding one NL record or a list of them."""
    items = _load(content)
    result = ImportResult()
    taken: set[str] = set()
    for number, item in enumerate(items, 1):
        where = f"record {number}" if len(items) > 1 else "the record"
        if not isinstance(item, dict):
            result.problems.append(f"{where} is not a record (an object with fields such as name and status), so it "
                                   "was skipped")
            continue
        name, cut = fits(_plain(item.get("name")), 100)
        if not name:
            result.problems.append(f"{where} has no name (the field 'name'), so it was skipped; add a name and import "
                                   "the file again")
            continue
        record, todo = _Reader(item, department, options, taken).build(name)
        if cut:
            todo.insert(0, "The name was longer than 100 characters and was cut: check it.")
        result.records.append(record)
        result.todo[record["id"]] = todo
    return result


def _load(content: bytes) -> list[Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CannotImport("this file is not UTF-8 text, so it is not a JSON file from the Dutch Algorithm Register") \
            from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CannotImport(f"this is not a JSON file ({getattr(exc, 'msg', exc)} on line {getattr(exc, 'lineno', '?')}); "
                           "the Dutch Algorithm Register (publication standard 1.0) exchanges records as JSON") from None
    items = data if isinstance(data, list) else [data]
    known = set(BY_KEY) - {"lang", "standard_version"}
    if not any(isinstance(item, dict) and known & set(item) for item in items):
        raise CannotImport("this JSON file does not hold records of the Dutch Algorithm Register: none of its objects "
                           "has the fields of publication standard 1.0 (such as name, description_short, organization "
                           "and status)")
    return items


class DutchAlgorithmRegister(Standard):
    key = KEY
    title = "Dutch Algorithm Register, publication standard 1.0"
    source = "https://github.com/MinBZK/Algoritmeregister"
    importable = True

    def export(self, registry: Registry, context: ExportContext) -> Export:
        objects, gaps = export_records(registry, context)
        files: dict[str, str | bytes] = {}
        for system, obj in zip(registry, objects):
            files[f"records/{system.id}.json"] = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([f.key for f in FIELDS])
        writer.writerows([_csv_value(obj[f.key]) for f in FIELDS] for obj in objects)
        files[f"{KEY}.csv"] = buffer.getvalue()
        return Export(files, gaps)

    def read(self, content: bytes, department: str, options: dict[str, str],
             schemas: Schemas | None = None) -> ImportResult:
        with using_schemas(schemas):  # to be replaced by passing ``schemas`` on explicitly
            return read_records(content, department, options)


register(DutchAlgorithmRegister())
