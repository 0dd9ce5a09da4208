"""The standard's long texts (``nl-1.0``): HTML put together from one or more fields of the record.

The Dutch register stores long texts as HTML: ``<p>``, ``<ul>``/``<ol>`` with
``<li>`` (a link as its text with the address in brackets, as the standard
allows no ``<a>``), made from the record's Markdown with ``richtext.rich``. Each text is kept within the field's ``limit`` (counted on the
HTML, cut at whole blocks and words). Where one text holds several fields, each
part after the first starts with a heading: the field's title from the schema, in
the language the export takes the record's texts in (Dutch when the record has
Dutch, else its main language; see ``words.py``). The few other words (“yes”,
“version”, the sentences on personal data) come from the catalogs in that language
too.
"""
from __future__ import annotations

import re

from generator.crosswalk.htmltext import fit_blocks, markdown_blocks
from generator.crosswalk.importkit import collapse
from generator.crosswalk.mapping import Cell, Source
from generator.core.i18n import L_
from generator.crosswalk.reasons import shortened
from generator.crosswalk.nl_rules import KEY, RULES, assessment_title, join_gaps, language, text_in
from generator.crosswalk import words


def heading(source: Source, path: str) -> str:
    """The title of the field ``path`` (the schema's), in the language of the export."""
    return words.heading(source, path, language(source.system))


def said(source: Source, message: object) -> str:
    """A fixed text (an ``L_`` message or a text of the mapping file) in the language of the export."""
    return words.said(message, language(source.system))


def labelled(source: Source, path: str, text: str) -> list[str]:
    return [heading(source, path), text] if text else []


def choice_label(source: Source, path: str, value: str) -> str:
    """A choice in words (its label from the schema), in the language of the export."""
    return words.choice(source, path, value, language(source.system))


def one_line(markdown: str) -> str:
    """A text (possibly with paragraphs and lists) on one line, for a list item."""
    lines = [re.sub(r"^\s*(?:[-+*]|\d+[.)])\s+", "", line) for line in markdown.splitlines()]
    return collapse(" ".join(lines))


def sentence(text: str) -> str:
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def html_text(source: Source, parts: list[str], gaps: list[str] | None = None) -> Cell:
    """The parts as one HTML text within the field's limit (counted on the HTML), cut at whole blocks and words."""
    gaps = list(gaps or [])
    markdown = "\n\n".join(part for part in parts if part and part.strip())
    if not markdown:
        return Cell("", join_gaps(*gaps))
    limit = source.target.limit
    blocks = markdown_blocks(markdown)  # parsed once, rendered in full and within the limit
    # the standard allows only div, br, p, ul, ol and li: a link is written as its text with the address after it
    full, _ = fit_blocks(blocks, None, False)
    out, cut = fit_blocks(blocks, limit, False)
    if cut:
        gaps.append(shortened(len(full), len(out), limit))
    return Cell(out, join_gaps(*gaps))


@RULES.rule
def html(source: Source) -> Cell:
    """The texts as HTML (in Dutch when the record has it), each text after the first under a heading."""
    first, *rest = source.target.sources
    return html_text(source, [text_in(source, source.get(first)),
                          *[part for path in rest for part in labelled(source, path, text_in(source, source.get(path)))]])


@RULES.rule
def oversight(source: Source) -> Cell:
    """As HTML: the level of human oversight in words, the description, then the role in decisions."""
    oversight = source.data.get("human_oversight") or {}
    parts, gaps = [], []
    if oversight.get("level"):
        level = choice_label(source, "human_oversight.level", oversight["level"])
        parts.append(f"{heading(source, 'human_oversight.level')}: {words.lowered(level)}.")
    parts.append(text_in(source, oversight.get("description")))
    parts += labelled(source, "decision_role", text_in(source, source.data.get("decision_role")))
    return html_text(source, parts, gaps)


@RULES.rule
def risk_management(source: Source) -> Cell:
    """As HTML: the risk summary, each risk with its measures, and the outcome of the bias assessment."""
    d = source.data
    parts, gaps = [text_in(source, d.get("risk_summary"))], []
    items = []
    for risk in d.get("risks", ()):
        item = sentence(one_line(text_in(source, risk["risk"])))
        if risk.get("mitigation"):
            item += f" {heading(source, 'risks.mitigation')}: {one_line(text_in(source, risk['mitigation']))}"
        items.append(f"- {item}")
    if items:
        parts += [heading(source, "risks"), "\n".join(items)]
    bias = d.get("bias_assessment")
    if bias:
        status = choice_label(source, "bias_assessment.status", bias["status"]).lower()
        parts += [f"{heading(source, 'bias_assessment')}: {status}.", text_in(source, bias.get("findings") or bias.get("reason")),
                  text_in(source, bias.get("mitigations"))]
    return html_text(source, parts, gaps)


@RULES.rule
def legal_basis_text(source: Source) -> Cell:
    """As HTML: the description of the legal basis, then the laws that have no link (the grouping needs one)."""
    legal = source.data.get("legal_basis") or {}
    unlinked = [f"- {one_line(text_in(source, law['title']))}" for law in legal.get("laws", ()) if not law.get("url")]
    parts = [text_in(source, legal.get("description"))]
    if unlinked:
        parts += [heading(source, "legal_basis.laws"), "\n".join(unlinked)]
    return html_text(source, parts)


@RULES.rule
def assessment_notes(source: Source) -> Cell:
    """As HTML: the note on the impact assessments, then the status, date and summary of each assessment."""
    details, gaps = [], []
    for assessment in source.data.get("impact_assessments", ()):
        facts = ([choice_label(source, "impact_assessments.status", assessment["status"]).lower()]
                 if assessment.get("status") else [])
        facts += [assessment["date"]] if assessment.get("date") else []
        summary = one_line(text_in(source, assessment.get("summary")))
        if facts or summary:
            line = f"- {assessment_title(source, assessment)}" + (f" ({', '.join(facts)})" if facts else "")
            details.append(line + (f": {summary}" if summary else ""))
    parts = [text_in(source, source.data.get("impact_assessment_note"))]
    if details:
        parts += [heading(source, "impact_assessments"), "\n".join(details)]
    return html_text(source, parts, gaps)


def _personal(source: Source, value: str, gaps: list[str]) -> str:
    table = source.target.options["personal_data"]
    if value in table:
        return said(source, table[value])
    gaps.append(L_("the choice “{label}” ('{value}') of datasets.personal_data has no sentence yet: add it under "
                   "\"personal_data\" of '{field}' in {file}", label=L_(source.label("datasets.personal_data", value)),
                   value=value, field=source.target.target, file=f"generator/crosswalk/mappings/{KEY}.yaml"))
    return sentence(choice_label(source, "datasets.personal_data", value))


@RULES.rule
def data_description(source: Source) -> Cell:
    """As HTML: the data overview, then each data set with more to say than a name and a link (source, description,
    personal data)."""
    items, gaps = [], []
    for dataset in source.data.get("datasets", ()):
        personal = dataset["personal_data"]
        if dataset.get("url") and not (dataset.get("description") or dataset.get("source")
                                       or not source.meanings.has("datasets.personal_data", personal, "unknown")):
            continue  # only a name and a link: the grouping says it all
        line = f"- {one_line(text_in(source, dataset['name']))}"
        line += f" ({one_line(text_in(source, dataset['source']))})" if dataset.get("source") else ""
        line += f": {one_line(text_in(source, dataset['description']))}" if dataset.get("description") else ""
        items.append(sentence(line) + " " + _personal(source, personal, gaps))
    parts = [text_in(source, source.data.get("data_summary"))]
    if items:
        parts += [heading(source, "datasets"), "\n".join(items)]
    return html_text(source, parts, gaps)


@RULES.rule
def technical_workings(source: Source) -> Cell:
    """As HTML: how it works, whether it is self-learning (the schema's value table of the approach), and the models."""
    technique = source.data.get("technique") or {}
    parts = [text_in(source, technique.get("how_it_works"))]
    approach = technique.get("approach")
    if approach:
        learning = source.info("technique.approach").mappings.get(KEY, {}).get(approach) == source.target.options["learning"]
        answer = said(source, L_("yes") if learning else L_("no"))
        explained = "" if language(source.system) == "nl" else f" ({choice_label(source, 'technique.approach', approach)})"
        self_learning = said(source, L_("Self-learning"))
        parts.append(f"{self_learning}: {answer}{explained}.")
    models = []
    for model in technique.get("models", ()):
        line = f"- {one_line(text_in(source, model['name']))}"
        version = said(source, L_("version {version}", version=model["version"])) if model.get("version") else ""
        line += f" ({version})" if version else ""
        facts = [one_line(text_in(source, model[k])) for k in ("task", "architecture") if model.get(k)]
        models.append(line + (f": {'; '.join(facts)}" if facts else ""))
    if models:
        parts += [heading(source, "technique.models"), "\n".join(models)]
    return html_text(source, parts)
