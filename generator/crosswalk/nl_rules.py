"""The standard's rules that need code (``nl-1.0``), except the long texts (``nl_texts.py``).

The fields, where each is filled from and which rule fills it are in
``mappings/nl-1.0.yaml``; each rule's docstring is its "How" in the generated
table of docs/exports-nl-1.0.md. A rule that finds several problems with one
field returns them in ``Cell.gap``, one reason per line (``join_gaps``); each
line becomes one row of the gap list.
"""
from __future__ import annotations

import re
from typing import Any

from generator.core.i18n import L_, joined
from generator.crosswalk.reasons import shortened
from generator.crosswalk.importkit import collapse, organisation_name, pick
from generator.crosswalk.plaintext import plain_text
from generator.crosswalk.mapping import Cell, Rules, Source, load_mapping
from generator.crosswalk.words import choice
from generator.model.objects import System

KEY = "nl-1.0"
MAPPING = load_mapping(KEY)
HIGH_RISK, IMPACTFUL, OTHER = CATEGORIES = ("Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes")
STATUSES = ("In ontwikkeling", "In gebruik", "Buiten gebruik")
VERSIONS = ("1.0",)
# Recommended titles of impact assessments (an open list: other titles are allowed).
RECOMMENDED_ASSESSMENTS = ("AI Impact Assesment (AIIA)", "Data Protection Impact Assessment (DPIA)",
                           "De Ethische Bijsluiter", "De Ethische Data Assistant (DEDA)",
                           "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
                           "Impact Assessment Mensenrechten en Algoritmes (IAMA)", "Pre-scan DPIA", "Privacy Quickscan",
                           "Toetsingskader Algemene Rekenkamer", "Utrecht Uthiek Assessment", "Z-Inspection")

RULES = Rules()



# --- helpers ------------------------------------------------------------------------------------

def language(system: System) -> str:
    """The language the export writes a record in: Dutch when the record has it, else its main language."""
    return "nl" if "nl" in system.languages else system.main_language


def text_in(source: Source, value: Any) -> str:
    return pick(source.system, value, language(source.system)).strip()


def join_gaps(*reasons: str | None) -> str | None:
    """Several reasons for one field, one per line (each becomes a row of the gap list, see ``lines_of``)."""
    return joined(reasons, "\n")


def _shorten(value: str, limit: int, gaps: list[str]) -> str:
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    gaps.append(shortened(len(value), len(cut), limit))
    return cut


def is_dutch_register(system: System, registration: dict[str, Any]) -> bool:
    name = collapse(system.text(registration["register"]) or "").casefold()
    return ("algoritmes.overheid.nl" in registration.get("url", "") or "algoritmeregister" in name
            or ("algorithm register" in name and ("dutch" in name or "netherlands" in name)))


def is_source_registration(system: System, registration: dict[str, Any]) -> bool:
    name = collapse(system.text(registration["register"]) or "").casefold()
    return "bronregistratie" in name or "source registration" in name


# --- the rules that need code ---------------------------------------------------------------------

@RULES.rule
def dutch_text(source: Source) -> str:
    """The text in Dutch when the record has it, else in its main language, as plain text on one line (a list:
    comma-separated); these fields hold no HTML, so markup is removed."""
    found = source.get()
    if isinstance(found, list):
        return collapse(", ".join(plain_text(text_in(source, item)) for item in found))
    return collapse(plain_text(text_in(source, found)))


@RULES.rule
def organisation(source: Source) -> str:
    """The organisation's name from register.yaml (in Dutch when the register has it)."""
    return collapse(organisation_name(source.system, language(source.system)))


@RULES.rule
def themes(source: Source) -> Cell:
    """The Dutch themes of the record if given, else the themes of its categories (register.yaml), else its city
    domains translated to themes; each theme once."""
    allowed = source.target.options["themes"]
    chosen = list(source.get("external_categories.nl_themes") or ()) or source.system.mapped_categories("nl_themes")
    gaps = []
    if not chosen:
        cells = [source.choice("domains", d) for d in source.system.domains]
        chosen = [c.value for c in cells if not c.empty]
        gaps = [c.gap for c in cells if c.gap]
    return Cell([t for i, t in enumerate(chosen) if t in allowed and t not in chosen[:i]], join_gaps(*gaps))


@RULES.rule
def begin_month(source: Source) -> str:
    """The month (yyyy-mm) the system was taken into use, else the month work on it started."""
    date = source.get("lifecycle.in_use_since") or source.get("lifecycle.started_on")
    return str(date)[:7] if date else ""


@RULES.rule
def end_month(source: Source) -> str:
    """The month (yyyy-mm) a retired system was retired, or a paused system paused; empty otherwise."""
    status = source.system.status
    if source.meanings.has("status", status, "retired"):
        date = source.get("lifecycle.retired_on")
    elif source.meanings.has("status", status, "paused"):
        date = source.get("lifecycle.paused_on")
    else:
        date = None
    return str(date)[:7] if date else ""


@RULES.rule
def publication_category(source: Source) -> Cell:
    """High-risk AI system when the AI Act classification says so, else impactful when the impact is significant."""
    classification = source.system.classification
    if source.info("ai_act.classification").mappings.get(KEY, {}).get(classification) == HIGH_RISK:
        return Cell(HIGH_RISK)
    significant = source.data.get("significant_impact")
    gaps = []
    if source.meanings.has("ai_act.classification", classification, "prohibited"):
        gaps.append(L_("the record says the system is a prohibited practice under the EU AI Act; the Dutch register "
                       "has no category for it, so the category follows significant_impact"))
    if significant is None:
        gaps.append(L_("the record does not say whether the system has a significant impact on people "
                       "(significant_impact), so '{category}' was chosen; fill in significant_impact to be sure",
                       category=OTHER))
    return Cell(IMPACTFUL if significant else OTHER, join_gaps(*gaps))


@RULES.rule
def source_registration_url(source: Source) -> str:
    """The link of the registration named as the source registration, else the record's page on the register website."""
    for registration in source.data.get("registrations", ()):
        if is_source_registration(source.system, registration) and registration.get("url"):
            return registration["url"]
    return source.context.page_url(source.system) or ""


@RULES.rule
def law_references(source: Source) -> Cell:
    """Each law with a link, as title and link; a law without a link is a gap (it is named in lawful_basis)."""
    items, gaps = [], []
    for law in (source.data.get("legal_basis") or {}).get("laws", ()):
        if law.get("url"):
            title = _shorten(collapse(text_in(source, law["title"])), source.target.options["title_limit"], gaps)
            items.append({"title": title, "link": law["url"]})
        else:
            gaps.append(L_("the law '{law}' has no link, which the Dutch register needs for each reference; it is named "
                           "in the text of lawful_basis instead", law=collapse(text_in(source, law["title"]))))
    return Cell(items, join_gaps(*gaps))


def assessment_title(source: Source, assessment: dict[str, Any]) -> str:
    """The Dutch title of the assessment's type (the schema's value table), else its own title, else our label (in the
    export's language)."""
    mapped = source.info("impact_assessments.type").mappings.get(KEY, {}).get(assessment["type"])
    if mapped:
        return mapped
    return collapse(text_in(source, assessment.get("title"))) or choice(source, "impact_assessments.type",
                                                                        assessment["type"], language(source.system))


@RULES.rule
def assessment_references(source: Source) -> list[dict[str, Any]]:
    """Each impact assessment as title (the Dutch title of its type, else its own) and link."""
    return [{"title": assessment_title(source, a), "link": a.get("url")} for a in source.data.get("impact_assessments", ())]


@RULES.rule
def data_references(source: Source) -> Cell:
    """Each data set with a link, as title (its name) and link."""
    gaps: list[str] = []
    limit = source.target.options["title_limit"]
    items = [{"title": _shorten(collapse(text_in(source, ds["name"])), limit, gaps), "link": ds["url"]}
             for ds in source.data.get("datasets", ()) if ds.get("url")]
    return Cell(items, join_gaps(*gaps))


@RULES.rule
def supplier_names(source: Source) -> str:
    """The suppliers' names separated by "; "; "Intern ontwikkeld" for a system built in-house only, without suppliers."""
    names = [collapse(s["name"]) for s in source.data.get("suppliers", ())]
    development = source.get(source.target.sources[1])
    if not names and development in source.target.options["in_house"]:
        return source.target.options["in_house_text"]
    return "; ".join(names)


@RULES.rule
def language_code(source: Source) -> Cell:
    """The language of the texts exported, as an ISO 639-3 code: "nld" for Dutch; for a record without Dutch
    text, its main language's code (such as "fin"), with a gap: the Dutch register publishes Dutch texts only."""
    system = source.system
    codes = source.target.options["codes"]
    written_in = language(system)
    code = codes.get(written_in.split("-")[0])
    if written_in == "nl":
        return Cell(source.target.options["value"])
    if code is None:
        return Cell("", L_("the record is written in '{language}', which has no ISO 639-3 code in the mapping file "
                           "(options.codes of 'lang'), and has no Dutch (nl) text; the Dutch register publishes Dutch "
                           "texts only (nld), so the texts need translating", language=written_in))
    return Cell(code, L_("the texts are in '{language}' ({code}) as the record has no Dutch (nl) text; the Dutch "
                         "register publishes Dutch texts only (nld), so the texts need translating",
                         language=written_in, code=code))


@RULES.rule
def source_id(source: Source) -> str:
    """The id of the source registration if it has one, else the record id."""
    for registration in source.data.get("registrations", ()):
        if is_source_registration(source.system, registration) and registration.get("id"):
            return registration["id"]
    return source.system.id


@RULES.rule
def dutch_register_id(source: Source) -> str:
    """The id of the record's registration in the Dutch national register (or the number at the end of its link)."""
    for registration in source.data.get("registrations", ()):
        if is_dutch_register(source.system, registration):
            if registration.get("id"):
                return registration["id"]
            number = re.search(r"/(\d+)/?$", registration.get("url", ""))
            if number:
                return number.group(1)
    return ""
