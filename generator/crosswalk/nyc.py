"""Export as an annual report in the style of New York City Local Law 35 of 2022 (algorithmic tools).

The law (NYC Administrative Code § 3-119.5) asks each agency to report, for each
algorithmic tool it used in the previous year, six items: (1) the name and a
brief description, (2) the purpose, (3) the type of data collected or analysed
and its source, (4) how the output is used, (5) whether a vendor or contractor
was involved, how, and its name, and (6) the month and year the tool was first
used, if known. The report is compiled and sorted by agency.

The columns and where each is filled from are in ``mappings/nyc-ll35.yaml``;
this module holds the rules that need code and writes ``nyc-ll35.csv`` and
``nyc-ll35.html`` (from ``templates/nyc-ll35.html.j2``: a standalone,
accessible page with no scripts and no external styles or fonts).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.crosswalk import Export, ExportContext, Gap, Standard, plain_text, register
from generator.crosswalk.files import csv_text
from generator.core.i18n import L_
from generator.crosswalk.reasons import withheld
from generator.crosswalk.choices import add_choice_gaps
from generator.crosswalk.mapping import Cell, Rules, Source, evaluate, load_mapping, row_gaps
from generator.crosswalk.pages import render_page
from generator.core.i18n import translator
from generator.core.meanings import meanings
from generator.core.schema import Schemas
from generator.crosswalk.links import one_address
from generator.model.objects import Registry, System

KEY = "nyc-ll35"
CSV_NAME = "nyc-ll35.csv"
HTML_NAME = "nyc-ll35.html"
MAPPING = load_mapping(KEY)
COLUMNS: tuple[tuple[str, str], ...] = tuple((f.target, f.label) for f in MAPPING.fields)
LABELS = dict(COLUMNS)
HTML_COLUMNS = [key for key, _ in COLUMNS if key not in ("record_id", "register_page")]
LONG_TEXT = ("description", "purpose", "data_type", "data_source", "output_use", "vendor_involvement")
YES, NO = "Yes", "No"  # the report's own words for item 5

RULES = Rules()


# --- which systems ----------------------------------------------------------------------------------

def reported(system: System, today: dt.date, schemas: Schemas) -> bool:
    """Systems used in the year reported on: used now, or retired since 1 January of last year.

    A status that the schema does not declare as used, retired or not yet used is reported (and listed as a gap
    by ``status_gap``), so that no system disappears from the report unseen.
    """
    meaning = meanings(schemas)
    if meaning.has("status", system.status, "used"):
        return True
    if meaning.has("status", system.status, "retired"):
        retired_on = str((system.data.get("lifecycle") or {}).get("retired_on", ""))
        return retired_on[:4] >= str(today.year - 1)  # also for a month (2025-03) or a year (2025) alone
    return not meaning.has("status", system.status, "not-yet-used")


def status_gap(system: System, schemas: Schemas) -> str | None:
    """The gap for a status whose meaning the schema does not declare."""
    meaning = meanings(schemas)
    status = system.status
    if (meaning.has("status", status, "used") or meaning.has("status", status, "retired")
            or meaning.has("status", status, "not-yet-used")):
        return None
    return L_("the status '{status}' does not say whether the system is used: add it to \"used\", \"retired\" or "
              "\"not-yet-used\" under \"x-meanings\" of 'status' in the schema; until then the system is reported",
              status=system.status)


# --- the rules that need code -----------------------------------------------------------------------

def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@RULES.rule
def data_type(source: Source) -> Cell:
    """The data overview; without one, the name (and kind) of each data set."""
    summary = source.plain(source.get("data_summary"))
    if summary:
        return Cell(summary)
    names = []
    for dataset in source.data.get("datasets", ()):
        name = source.plain(dataset["name"])
        modality = source.plain(dataset.get("modality"))
        names.append(f"{name} ({modality})" if modality else name)
    if names:
        return Cell("; ".join(names))
    return Cell("", source.missing("data_summary", L_(" or list the data sets under “Data sets” (datasets)")))


@RULES.rule
def data_source(source: Source) -> Cell:
    """The source of each data set, each source once."""
    datasets = source.data.get("datasets", ())
    sources = _unique([source.plain(d.get("source")) for d in datasets])
    if sources:
        return Cell("; ".join(sources))
    if datasets:
        return Cell("", source.missing("datasets.source", L_(" for each data set")))
    return Cell("", source.missing("datasets", L_(", with the source of each")))


@dataclass(frozen=True)
class _Involvement:
    involved: bool | None  # None: the record does not say
    withheld: str | None


def _involvement(source: Source) -> _Involvement:
    suppliers = source.data.get("suppliers") or []
    development = source.data.get("development")
    withheld = source.withheld("suppliers")
    if source.meanings.has("development", development, "involves-supplier") or suppliers or withheld:
        return _Involvement(True, withheld)
    if source.meanings.has("development", development, "in-house"):
        return _Involvement(False, withheld)
    return _Involvement(None, withheld)  # not said, or a choice whose meaning the schema does not declare


@RULES.rule
def vendor(source: Source) -> Cell:
    """Yes when the system was built with a supplier or suppliers are listed, No when built in-house only."""
    involvement = _involvement(source)
    if involvement.involved is None:
        development = source.data.get("development")
        if development is None:
            return Cell("", source.missing("development"))
        return Cell("", L_("the choice '{value}' of development does not say whether a supplier was involved: add it "
                           "to \"involves-supplier\" or \"in-house\" under \"x-meanings\" of 'development' in the "
                           "schema", value=development))
    return Cell(YES if involvement.involved else NO)


@RULES.rule
def vendor_involvement(source: Source) -> Cell:
    """The role of each supplier (with its name when there are several)."""
    involvement = _involvement(source)
    if not involvement.involved:
        return Cell()
    suppliers = source.data.get("suppliers") or []
    roles = [(s["name"], source.plain(s.get("role"))) for s in suppliers if s.get("role")]
    text = roles[0][1] if len(suppliers) == 1 and roles else "; ".join(f"{n}: {r}" for n, r in roles)
    if text:
        return Cell(text)
    return Cell("", withheld(involvement.withheld) if involvement.withheld else
                L_("not in the record yet: fill in “Role” for each supplier under “Suppliers and partners” (suppliers)"))


@RULES.rule
def vendor_name(source: Source) -> Cell:
    """The name of each supplier."""
    involvement = _involvement(source)
    if not involvement.involved:
        return Cell()
    names = "; ".join(s["name"] for s in source.data.get("suppliers") or [])
    if names:
        return Cell(names)
    return Cell("", withheld(involvement.withheld) if involvement.withheld else
                L_("not in the record yet: name each supplier under “Suppliers and partners” (suppliers)"))


@RULES.rule
def first_used(source: Source) -> Cell:
    """For a trial (a pilot) when it started, otherwise when it was first in use, as year and month."""
    lifecycle = source.data.get("lifecycle") or {}
    if source.meanings.has("status", source.system.status, "trial"):
        date, path = lifecycle.get("started_on"), "lifecycle.started_on"
    else:
        date, path = lifecycle.get("in_use_since"), "lifecycle.in_use_since"
    if date:
        return Cell(str(date)[:7])  # YYYY-MM: the law asks for the month and year
    return Cell("", source.missing(path, L_(" (the law asks for it only if it is known)")))


# --- the files --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PageCell:
    value: str
    gap: str | None
    paragraphs: list[list[str]]


def _page_cell(cell: Cell) -> _PageCell:
    text = str(cell.value or "")
    paragraphs = [p.split("\n") for p in text.split("\n\n") if p.strip()]
    return _PageCell(text, cell.gap, paragraphs)


def _agency(system: System) -> str:
    return system.register.text(system.department.name) or system.department_id


def _html(registry: Registry, rows: list[tuple[System, dict[str, Cell]]], context: ExportContext) -> str:
    reg = registry.register
    language = reg.default_language
    organisation = reg.text(reg.data["organisation"]["name"]) or ""
    title = translator(language).gettext("Algorithmic tools report: %(organisation)s") % dict(organisation=organisation)
    return render_page(
        "nyc-ll35.html.j2", language, title=title,
        organisation=organisation, today=context.today, site_url=context.site_url, source=reg.text(reg.title) or "",
        columns=HTML_COLUMNS, labels=LABELS, long_text=LONG_TEXT,
        rows=[{"lang": system.main_language, "cells": {k: _page_cell(c) for k, c in row.items()}}
              for system, row in rows])


class NycLocalLaw35(Standard):
    key = KEY
    title = MAPPING.title
    source = MAPPING.source
    mapping = MAPPING
    rules = RULES

    def export(self, registry: Registry, context: ExportContext) -> Export:
        schemas = context.schemas_for(registry)
        export, registry = one_address(registry, MAPPING, context, include=lambda s: reported(s, context.today, schemas))
        systems = [s for s in registry if reported(s, context.today, schemas)]
        systems.sort(key=lambda s: (_agency(s).casefold(), plain_text(s, s.data["name"]).casefold(), s.id))
        rows = [(system, evaluate(MAPPING, system, schemas, context, RULES)) for system in systems]
        for system, row in rows:
            export.gaps.extend(Gap(*gap) for gap in row_gaps(system, MAPPING, row))
            add_choice_gaps(export.gaps, MAPPING, system, schemas, by_label=True)
            status = status_gap(system, schemas)
            if status:
                export.gaps.append(Gap(system.id, LABELS["status"], status))
        export.files[CSV_NAME] = csv_text([label for _, label in COLUMNS],
                                          [[row[key].value for key, _ in COLUMNS] for _, row in rows],
                                          raw=context.raw_csv)
        export.files[HTML_NAME] = _html(registry, rows, context)
        return export


register(NycLocalLaw35())
