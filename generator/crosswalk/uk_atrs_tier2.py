"""The rules of the UK ATRS 3.0 export for the lists of a record: suppliers, models, data sets, assessments and risks.

They fill Tier 2 of the template (see ``uk_atrs_rules.py`` for the shared
helpers and the other rules). The template repeats its model and data set
sections for each model and data set; here the values of several items share
one field, each preceded by its item's name.
"""
from __future__ import annotations

from typing import Any

from generator.crosswalk import plain_text
from generator.core.i18n import L_
from generator.crosswalk.mapping import Cell, Source
from generator.crosswalk.words import choice, said
from generator.crosswalk.uk_atrs_rules import (FINISHED, MULTI_SEPARATOR, RULES, UK, as_written, development_sets, filled,
                                               items_at, labelled, missing_reason, no_development_data, no_items,
                                               per_item_text, register_value)


def _list_and_key(source: Source) -> tuple[str, str]:
    """The list of the record a field's first source is in, and the key in each item (``datasets``, ``name``)."""
    items_path, key = source.target.sources[0].rsplit(".", 1)
    return items_path, key


@RULES.rule
def names(source: Source) -> Cell:
    """The name of each item, separated by “; ”."""
    items_path, key = _list_and_key(source)
    items = items_at(source, items_path)
    read = as_written if source.target.options.get("as_written") else plain_text
    return filled(source, MULTI_SEPARATOR.join(read(source.system, item[key]) for item in items),
                  no_items(source, items_path, items))


@RULES.rule
def per_item(source: Source) -> Cell:
    """For one item, its value; for several, each value after its item's name (“name: value”)."""
    items_path, key = _list_and_key(source)
    items = items_at(source, items_path)
    read = as_written if source.target.options.get("as_written") else plain_text
    value = per_item_text(source.system, items, key, source.target.options.get("separator", "\n\n"), read)
    return filled(source, value, no_items(source, items_path, items))


@RULES.rule
def companies_house(source: Source) -> Cell:
    """Each supplier's company number, only when the organisation is in the United Kingdom (country GB)."""
    if register_value(source, "organisation.country") != UK:
        return Cell("")
    items_path, key = _list_and_key(source)
    return Cell(per_item_text(source.system, items_at(source, items_path), key, source.target.options["separator"],
                              as_written))


@RULES.rule
def provided_information(source: Source) -> Cell:
    """The label of the type of output, then the outputs of each model."""
    output = source.get("technique.output_type")
    parts = [choice(source, "technique.output_type", output) + "."] if output else []
    outputs = per_item_text(source.system, items_at(source, "technique.models"), "outputs", "\n")
    if outputs:
        parts.append(outputs)
    return filled(source, "\n".join(parts))


@RULES.rule
def human_review(source: Source) -> Cell:
    """The label of the level of oversight, then how oversight works (nothing without that description)."""
    description = source.plain(source.get("human_oversight.description"))
    if not description:
        return filled(source, "", missing_reason(source, ("human_oversight.description",)))
    level = source.get("human_oversight.level")
    return Cell(f"{choice(source, 'human_oversight.level', level)}. {description}" if level else description)


@RULES.rule
def appeals(source: Source) -> Cell:
    """How to object (procedure, page, mailbox); without it in the record, the register's route in register.yaml."""
    objection = source.get("objection") or source.system.register.data.get("objection") or {}
    parts = [source.plain(objection.get("procedure")), objection.get("url", ""), objection.get("email", "")]
    return filled(source, "\n".join(p for p in parts if p))


@RULES.rule
def architecture(source: Source) -> Cell:
    """How it works, then the connected systems and the address of the source code (labelled in the record's main
    language)."""
    parts = [source.plain(source.get("technique.how_it_works"))]
    connections = source.plain(source.get("data_connections"))
    if connections:
        parts.append(said(L_("Connected systems: {connections}", connections=connections), source.system.main_language))
    if source.get("technique.source_code_url"):
        parts.append(said(L_("Source code: {url}", url=source.get("technique.source_code_url")),
                          source.system.main_language))
    return filled(source, "\n\n".join(p for p in parts if p))


@RULES.rule
def model_performance(source: Source) -> Cell:
    """The performance of each model, else of the system; then the findings of a finished bias assessment."""
    performance = per_item_text(source.system, items_at(source, "technique.models"), "performance")
    parts = [performance or source.plain(source.get("technique.performance"))]
    bias = source.data.get("bias_assessment") or {}
    if source.meanings.has("bias_assessment.status", bias.get("status"), FINISHED) and bias.get("findings"):
        parts.append(labelled(said(L_("Bias assessment ({date})", date=bias["date"]), source.system.main_language),
                              source.plain(bias["findings"])))
    return filled(source, "\n\n".join(p for p in parts if p))


@RULES.rule
def development_names(source: Source) -> Cell:
    """The names of the data sets used to build the model (used_for: development or both), separated by “; ”."""
    value = MULTI_SEPARATOR.join(source.plain(d["name"]) for d in development_sets(source))
    return filled(source, value, no_development_data(source))


@RULES.rule
def dataset_purposes(source: Source) -> Cell:
    """For each of those data sets, its name and the label of its use."""
    value = "\n".join(f"{source.plain(d['name'])}: {choice(source, 'datasets.used_for', d['used_for'])}"
                      for d in development_sets(source))
    return filled(source, value, no_development_data(source))


@RULES.rule
def data_description(source: Source) -> Cell:
    """The data overview; without one, the description of each data set."""
    datasets = items_at(source, "datasets")
    value = source.plain(source.get("data_summary")) or per_item_text(source.system, datasets, "description")
    return filled(source, value, no_items(source, "datasets", datasets))


def _sensitive(source: Source, dataset: dict[str, Any]) -> str:
    labels = [choice(source, "datasets.personal_data", dataset["personal_data"])]
    labels += [choice(source, "datasets.protected_attributes", a) for a in dataset.get("protected_attributes", ())]
    return MULTI_SEPARATOR.join(labels)


@RULES.rule
def sensitive_attributes(source: Source) -> Cell:
    """For each data set, the label of its personal data and of each protected attribute."""
    datasets = items_at(source, "datasets")
    if len(datasets) == 1:
        value = _sensitive(source, datasets[0])
    else:
        value = "\n".join(f"{source.plain(d['name'])}: {_sensitive(source, d)}" for d in datasets)
    return filled(source, value, no_items(source, "datasets", datasets))


def _access(source: Source, dataset: dict[str, Any]) -> str:
    parts = [source.plain(dataset.get("access_and_storage"))]
    if dataset.get("retention"):
        parts.append(said(L_("Kept: {retention}", retention=source.plain(dataset["retention"])),
                          source.system.main_language))
    return " ".join(p for p in parts if p)


@RULES.rule
def access_and_storage(source: Source) -> Cell:
    """How each data set is accessed and stored, then how long it is kept (“Kept: …”)."""
    datasets = items_at(source, "datasets")
    values = [(source.plain(d["name"]), _access(source, d)) for d in datasets]
    values = [(name, value) for name, value in values if value]
    if len(datasets) == 1:
        value = values[0][1] if values else ""
    else:
        value = "\n\n".join(labelled(name, value) for name, value in values)
    return filled(source, value, no_items(source, "datasets", datasets))


@RULES.rule
def impact_assessment(source: Source) -> Cell:
    """Each impact assessment (title or type, status, date, summary, link), then the note on impact assessments."""
    parts = []
    for item in source.data.get("impact_assessments", ()):
        title = source.plain(item.get("title")) or choice(source, "impact_assessments.type", item["type"])
        facts = [choice(source, "impact_assessments.status", item["status"]) if item.get("status") else "",
                 item.get("date", "")]
        facts_text = ", ".join(f for f in facts if f)
        line = f"{title} ({facts_text})" if facts_text else title
        if item.get("summary"):
            line += f": {source.plain(item['summary'])}"
        if item.get("url"):
            line += f" {item['url']}"
        parts.append(line)
    note = source.plain(source.data.get("impact_assessment_note"))
    if note:
        parts.append(note)
    return filled(source, "\n\n".join(parts))


@RULES.rule
def risks(source: Source) -> Cell:
    """The risk overview, then each risk with its mitigation."""
    lines = []
    for item in source.data.get("risks", ()):
        line = f"- {source.plain(item['risk'])}"
        if item.get("mitigation"):
            line += " " + said(L_("Mitigation: {mitigation}", mitigation=source.plain(item["mitigation"])),
                               source.system.main_language)
        lines.append(line)
    parts = [source.plain(source.data.get("risk_summary")), "\n".join(lines)]
    return filled(source, "\n\n".join(p for p in parts if p))
