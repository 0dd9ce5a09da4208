"""The Eurocities 0.3.1 attributes and the export rules that need code (the mapping is ``mappings/eurocities-0.3.1.yaml``).

The attribute table (``ATTRIBUTES``: key, English and Dutch name, category, type,
required flag, closed-list values in English and Dutch) is read from the mapping
file, which restates the standard's own definition. Each rule below fills one or
more attributes of one record; its docstring is its description in the
generated documentation table. Texts are written in the register's Markdown
subset, with the line breaks inside paragraphs removed, which reads as plain
text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.crosswalk import Gap
from generator.crosswalk.htmltext import unwrap
from generator.core.i18n import L_, joined
from generator.crosswalk.importkit import collapse, get, mapped, organisation_name, pick
from generator.crosswalk.mapping import Cell, Rules, Source, load_mapping
from generator.crosswalk.plaintext import plain_text
from generator.crosswalk.words import choice, heading, lowered, said

KEY = "eurocities-0.3.1"
MAPPING = load_mapping(KEY)
VERSION = MAPPING.version
DEPARTMENT_SEPARATOR = " – "  # between the department and the team in "department"


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


def _attribute(target: Any) -> Attribute:
    options = target.options
    values = tuple(options.get("values") or ([options["value"]] if "value" in options else []))
    return Attribute(target.target, target.label, options["name_nl"], target.section.upper(), options["kind"],
                     target.required, values, tuple(options.get("values_nl") or ()))


ATTRIBUTES: tuple[Attribute, ...] = tuple(_attribute(target) for target in MAPPING.fields)
BY_KEY = {a.key: a for a in ATTRIBUTES}

RULES = Rules()


# --- helpers ---------------------------------------------------------------------------------------

def _t(source: Source, value: Any) -> str:
    """A record text in the main language, with the line breaks inside paragraphs removed."""
    return unwrap(pick(source.system, value))


def _join(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _one_line(markdown: str) -> str:
    lines = [re.sub(r"^\s*(?:[-+*]|\d+[.)])\s+", "", line) for line in markdown.splitlines()]
    return collapse(" ".join(lines))


def _sentence(text: str) -> str:
    return text if not text or text[-1] in ".!?…:" else text + "."


def _link(source: Source, title: str) -> str | None:
    return next((link["url"] for link in source.data.get("links", ())
                 if collapse(_t(source, link["title"])).casefold() == title.casefold()), None)


def _datasets(source: Source, uses: list[str]) -> list[dict[str, Any]]:
    return [ds for ds in source.data.get("datasets", ()) if ds.get("used_for") in uses]


def _dataset_list(source: Source, uses: list[str]) -> str:
    items = []
    for dataset in _datasets(source, uses):
        line = f"- **{_one_line(_t(source, dataset['name']))}**"
        line += f" ({_one_line(_t(source, dataset['source']))})" if dataset.get("source") else ""
        line += f": {_one_line(_t(source, dataset['description']))}" if dataset.get("description") else ""
        items.append(line)
    return "\n".join(items)


def _assessments(source: Source) -> list[dict[str, Any]]:
    """The impact assessments of the attribute: of its ``type``, or (with ``except``) of every other type."""
    options = source.target.options
    if "except" in options:
        return [a for a in source.data.get("impact_assessments", ()) if a["type"] not in options["except"]]
    return [a for a in source.data.get("impact_assessments", ()) if a["type"] == options["type"]]


def _in_table(source: Source, path: str, value: str) -> Cell:
    """``value`` of the choice field ``path`` in the standard's words (the schema's ``x-mappings``); a value the table
    lacks (a choice a city added to its schema) is a gap that says where to add it."""
    gaps: list[Gap] = []
    found = mapped(source.schemas, path, KEY, value, source.system.id, source.target.target, gaps)
    return Cell(found, gaps[0].reason if gaps else None)


def withheld_gap(source: Source) -> str | None:
    """For a required attribute left empty: the reason the record gives for withholding what would fill it."""
    withheld = source.system.withheld
    held = [name for name in source.target.options.get("withheld", ()) if name in withheld]
    if not held:
        return None
    return L_("withheld in the record ({field}: {reason}); the standard requires this attribute", field=held[0],
              reason=collapse(_t(source, withheld[held[0]])))


# --- rules -----------------------------------------------------------------------------------------

@RULES.rule
def markdown(source: Source) -> str:
    """The text in the record's main language, as plain text (no HTML or Markdown marks), with the line breaks
    inside paragraphs removed."""
    return _t(source, source.get())


@RULES.rule
def one_line(source: Source) -> str:
    """The text in the record's main language, on one line."""
    return collapse(_t(source, source.get()))


@RULES.rule
def first_value(source: Source) -> str:
    """The first of the fields that is filled in, as written."""
    return next((str(v) for v in (get(source.data, path) for path in source.target.sources) if v), "")


@RULES.rule
def nothing(source: Source) -> None:
    """Not filled."""
    return None


@RULES.rule
def organisation(source: Source) -> str:
    """The organisation's name from register.yaml, in the record's main language."""
    return organisation_name(source.system)


@RULES.rule
def department(source: Source) -> str:
    """The department's name from register.yaml, then “ – ” and the team if given."""
    system = source.system
    name = system.register.text(system.department.name, system.main_language) or ""
    team = collapse(_t(source, get(source.data, "owner.team")))
    return f"{name}{DEPARTMENT_SEPARATOR}{team}" if team else name


@RULES.rule
def area(source: Source) -> str:
    """The area; without one, the organisation's name (the whole city)."""
    return _t(source, source.data.get("area")) or organisation_name(source.system)


@RULES.rule
def domain(source: Source) -> Cell:
    """The Eurocities domain if the record gives one, else the first its categories (register.yaml) give, else the
    first of the city domains in the standard's words."""
    chosen = get(source.data, "external_categories.eurocities_domain")
    if chosen:
        return Cell(chosen)
    values = source.system.mapped_categories("eurocities_domain")
    gaps: list[str] = []
    if not values:
        cells = [_in_table(source, "domains", d) for d in source.system.domains]
        values = list(dict.fromkeys(c.value for c in cells if c.value))
        gaps = [c.gap for c in cells if c.gap]
    if len(values) > 1:
        gaps.insert(0, L_("the standard allows one domain: '{used}' was used and {others} left out; to choose another, "
                          "set external_categories.eurocities_domain", used=values[0],
                          others=", ".join(repr(v) for v in values[1:])))
    return Cell(values[0] if values else None, joined(gaps))


@RULES.rule
def website(source: Source) -> str:
    """The website; without one, the record's page on the register website."""
    return source.data.get("website") or source.context.page_url(source.system) or ""


@RULES.rule
def mapped_choice(source: Source) -> Cell:
    """The choice in the standard's words, from the schema's value table for this standard."""
    path = source.target.sources[0]
    value = source.get()
    return Cell() if value in (None, "") else _in_table(source, path, value)


@RULES.rule
def goal(source: Source) -> str:
    """The purpose, then the benefits after “Benefits:” (the schema's title, in the record's main language)."""
    benefits = _t(source, source.data.get("benefits"))
    return _join(_t(source, source.data.get("purpose")), f"{heading(source, 'benefits')}:\n\n{benefits}" if benefits else "")


@RULES.rule
def risks(source: Source) -> str:
    """The risk overview, then each risk as a list item, with its measures after “Measures:” (in the record's main
    language)."""
    items = []
    for risk in source.data.get("risks", ()):
        item = _one_line(_t(source, risk["risk"]))
        if risk.get("mitigation"):
            item = _sentence(item) + f" {heading(source, 'risks.mitigation')}: {_one_line(_t(source, risk['mitigation']))}"
        items.append(f"- {item}")
    return _join(_t(source, source.data.get("risk_summary")), "\n".join(items))


@RULES.rule
def lawful_basis(source: Source) -> str:
    """The explanation, then the laws as a list (with their links)."""
    legal = source.data.get("legal_basis") or {}
    laws = []
    for law in legal.get("laws", ()):
        title = _one_line(_t(source, law["title"]))
        laws.append(f"- [{title}]({law['url']})" if law.get("url") else f"- {title}")
    return _join(_t(source, legal.get("description")), "\n".join(laws))


@RULES.rule
def link(source: Source) -> str | None:
    """The address of the record's link with the title the notes give."""
    return _link(source, source.target.options["title"])


@RULES.rule
def documentation(source: Source) -> str | None:
    """The address of the record's link with the title the notes give; without one, the record's page on the
    register website, when that is not already the website."""
    page = source.context.page_url(source.system)
    website = source.data.get("website") or page
    return _link(source, source.target.options["title"]) or (page if page and page != website else None)


@RULES.rule
def training_data(source: Source) -> str:
    """The data sets used for development (or both), as a list: name, source and description."""
    options = source.target.options
    training = _datasets(source, options["used_for"])
    name = options["imported_as"]["name"]
    if len(training) == 1 and collapse(_t(source, training[0]["name"])) == name and training[0].get("description"):
        return _t(source, training[0]["description"])  # the text an import put there
    return _dataset_list(source, options["used_for"])


@RULES.rule
def source_data(source: Source) -> str:
    """The data overview, then the data sets used in operation (or both), as a list."""
    return _join(_t(source, source.data.get("data_summary")), _dataset_list(source, source.target.options["used_for"]))


@RULES.rule
def data_bias(source: Source) -> str:
    """The findings of the bias assessment (or why there is none), then its measures."""
    bias = source.data.get("bias_assessment") or {}
    return _join(_t(source, bias.get("findings") or bias.get("reason")), _t(source, bias.get("mitigations")))


@RULES.rule
def assessment_text(source: Source) -> str:
    """The summary of each impact assessment of the kinds the notes give, each with its title when there are
    several."""
    chosen = _assessments(source)
    if len(chosen) == 1 and chosen[0]["type"] == source.target.options["type"] and not chosen[0].get("title"):
        return _t(source, chosen[0].get("summary"))
    parts = []
    for assessment in chosen:
        title = collapse(_t(source, assessment.get("title"))) or choice(source, "impact_assessments.type",
                                                                        assessment["type"])
        summary = _t(source, assessment.get("summary"))
        parts.append(f"{title}: {summary}" if summary else title)
    return "\n\n".join(parts)


@RULES.rule
def assessment_url(source: Source) -> str | None:
    """The link of the first of those impact assessments that has one."""
    return next((a["url"] for a in _assessments(source) if a.get("url")), None)


@RULES.rule
def description(source: Source) -> Cell:
    """What the system does, then how it works; an explanation shorter than the standard asks for is a gap."""
    technique = source.data.get("technique") or {}
    text = _join(_t(source, source.data.get("description")), _t(source, technique.get("how_it_works")))
    least, most = source.target.options["min"], source.target.limit
    if text and len(plain_text(text)) < least:  # counted as exported: plain text
        text = plain_text(text)
        return Cell(text, L_("the explanation has {count} characters; the standard asks for {least} to {most}, so "
                             "explain in more detail how the system works (technique.how_it_works)", count=len(text),
                             least=least, most=most))
    return Cell(text)


@RULES.rule
def models(source: Source) -> str:
    """Each model with its version, task and architecture: one model as a line, several as a list (“version” in the
    record's main language)."""
    lines = []
    for model in (source.data.get("technique") or {}).get("models", ()):
        version = said(L_("version {version}", version=model["version"]), source.system.main_language) \
            if model.get("version") else ""
        line = _one_line(_t(source, model["name"])) + (f" ({version})" if version else "")
        facts = [_one_line(_t(source, model[k])) for k in ("task", "architecture") if model.get(k)]
        lines.append(line + (f": {'; '.join(facts)}" if facts else ""))
    return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)


@RULES.rule
def central_registration(source: Source) -> str | None:
    """The EU database entry; without one, the link of the first registration that has one."""
    eu = get(source.data, "ai_act.eu_database_url")
    return eu or next((r["url"] for r in source.data.get("registrations", ()) if r.get("url")), None)


@RULES.rule
def use_type(source: Source) -> Cell:
    """The type of output in the standard's words; a type the standard does not have is left empty (a gap)."""
    output = get(source.data, "technique.output_type")
    if not output:
        return Cell()
    cell = _in_table(source, "technique.output_type", output)
    if cell.empty and not cell.gap:
        types = ", ".join(BY_KEY[source.target.target].values)
        return Cell("", L_("the record says the system's output is '{output}', which is not one of the four "
                           "Eurocities types ({types}); the attribute is left empty", output=output, types=types))
    return cell


@RULES.rule
def human_intervention(source: Source) -> str:
    """The level of human oversight in words (after “Level of human oversight:”, in the record's main language), then
    how oversight works."""
    oversight = source.data.get("human_oversight") or {}
    level = oversight.get("level")
    sentence = (f"{heading(source, 'human_oversight.level')}: "
                f"{lowered(choice(source, 'human_oversight.level', level))}.") if level else ""
    return _join(sentence, _t(source, oversight.get("description")))


@RULES.rule
def objection(source: Source) -> str:
    """How to object; without it, the general route in register.yaml."""
    register = source.system.register
    general = register.text(get(register.data, "objection.procedure"), source.system.main_language) or ""
    return _t(source, get(source.data, "objection.procedure")) or unwrap(general)


@RULES.rule
def language(source: Source) -> str | None:
    """The record's main language, when it is a two-letter code."""
    code = source.system.main_language.split("-")[0]
    return code if len(code) == 2 else None


@RULES.rule
def keywords(source: Source) -> str:
    """The keywords, separated by commas."""
    return ", ".join(collapse(_t(source, tag)) for tag in source.data.get("tags", ()))
