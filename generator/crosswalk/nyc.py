"""Export as an annual report in the style of New York City Local Law 35 of 2022 (algorithmic tools).

The law (NYC Administrative Code § 3-119.5) asks each agency to report, for each
algorithmic tool it used in the previous year, six items: (1) the name and a
brief description, (2) the purpose, (3) the type of data collected or analysed
and its source, (4) how the output is used, (5) whether a vendor or contractor
was involved, how, and its name, and (6) the month and year the tool was first
used, if known. The report is compiled and sorted by agency.

This module writes ``nyc-ll35.csv`` and ``nyc-ll35.html`` (a standalone,
accessible page: no scripts, no external styles or fonts, every text escaped).
A department of the register is an agency. The report lists systems in use,
pilots and paused systems, and systems retired since the start of the previous
calendar year (they were used in the year reported on). Unknown items become
gaps. The mapping is explained in ``docs/exports-nyc-ll35.md``.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass

from generator.model.objects import Registry, System
from generator.crosswalk import Export, ExportContext, Gap, Standard, choice_label, plain_text, register, text, withheld_reason

KEY = "nyc-ll35"
CSV_NAME = "nyc-ll35.csv"
HTML_NAME = "nyc-ll35.html"

# The report's columns: our id, the agency, the six items of the law split into their parts, and the status.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("record_id", "Record id"),
    ("agency", "Agency"),
    ("name", "Name of the tool"),  # item 1
    ("description", "Brief description"),  # item 1
    ("purpose", "Purpose"),  # item 2
    ("data_type", "Type of data collected or analysed"),  # item 3
    ("data_source", "Source of the data"),  # item 3
    ("output_use", "How the output is used"),  # item 4
    ("vendor", "Vendor or contractor involved"),  # item 5
    ("vendor_involvement", "What the vendor or contractor does"),  # item 5
    ("vendor_name", "Name of the vendor or contractor"),  # item 5
    ("first_used", "Month and year first used"),  # item 6
    ("status", "Status"),
    ("register_page", "Register page"),
)
LABELS = dict(COLUMNS)
ALWAYS_REPORTED = ("in use", "pilot", "paused")
VENDOR_VALUES = ("Yes", "No")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Cell:
    """One value of the report; ``gap`` holds the reason when the item is unknown."""

    value: str = ""
    gap: str | None = None


# --- which systems ----------------------------------------------------------------------------------

def reported(system: System, today: dt.date) -> bool:
    """Systems used in the year reported on: in use, pilots, paused, and retired since last 1 January."""
    if system.status in ALWAYS_REPORTED:
        return True
    if system.status == "retired":
        retired_on = str((system.data.get("lifecycle") or {}).get("retired_on", ""))
        return retired_on >= f"{today.year - 1}-01-01"
    return False


# --- small readers ----------------------------------------------------------------------------------


def _missing(system: System, path: str, title: str, extra: str = "") -> str:
    reason = withheld_reason(system, path)
    if reason:
        return f"withheld in the record: {reason}"
    return f"not in the record yet: fill in “{title}” ({path}){extra}"


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# --- the items --------------------------------------------------------------------------------------

def _agency(system: System) -> str:
    return system.register.text(system.department.name) or system.department_id


def _text_item(system: System, path: str, title: str) -> Cell:
    value = plain_text(system, system.data.get(path))
    return Cell(value) if value else Cell("", _missing(system, path, title))


def _data_type(system: System) -> Cell:
    summary = plain_text(system, system.data.get("data_summary"))
    if summary:
        return Cell(summary)
    names = []
    for dataset in system.data.get("datasets", ()):
        name = plain_text(system, dataset["name"])
        modality = plain_text(system, dataset.get("modality"))
        names.append(f"{name} ({modality})" if modality else name)
    if names:
        return Cell("; ".join(names))
    return Cell("", _missing(system, "data_summary", "Data overview", " or list the data sets under “Data sets” (datasets)"))


def _data_source(system: System) -> Cell:
    datasets = system.data.get("datasets", ())
    sources = _unique([plain_text(system, d.get("source")) for d in datasets])
    if sources:
        return Cell("; ".join(sources))
    if datasets:
        return Cell("", _missing(system, "datasets.source", "Source or holder", " for each data set"))
    return Cell("", _missing(system, "datasets", "Data sets", ", with the source of each"))


def _vendor(system: System) -> dict[str, Cell]:
    suppliers = system.data.get("suppliers") or []
    development = system.data.get("development")
    withheld = withheld_reason(system, "suppliers")
    involved = development in ("supplier", "both") or bool(suppliers) or bool(withheld)
    if not involved and development != "in-house":
        gap = _missing(system, "development", "Who built it")
        return {"vendor": Cell("", gap), "vendor_involvement": Cell(), "vendor_name": Cell()}
    if not involved:
        return {"vendor": Cell("No"), "vendor_involvement": Cell(), "vendor_name": Cell()}
    names = "; ".join(s["name"] for s in suppliers)
    roles = [(s["name"], plain_text(system, s.get("role"))) for s in suppliers if s.get("role")]
    role_text = roles[0][1] if len(suppliers) == 1 and roles else "; ".join(f"{n}: {r}" for n, r in roles)
    where = "“Suppliers and partners” (suppliers)"
    return {
        "vendor": Cell("Yes"),
        "vendor_involvement": Cell(role_text) if role_text else Cell(
            "", f"withheld in the record: {withheld}" if withheld else
            f"not in the record yet: fill in “Role” for each supplier under {where}"),
        "vendor_name": Cell(names) if names else Cell(
            "", f"withheld in the record: {withheld}" if withheld else
            f"not in the record yet: name each supplier under {where}"),
    }


def _first_used(system: System) -> Cell:
    lifecycle = system.data.get("lifecycle") or {}
    if system.status == "pilot":
        date, path, title = lifecycle.get("started_on"), "lifecycle.started_on", "Started"
    else:
        date, path, title = lifecycle.get("in_use_since"), "lifecycle.in_use_since", "In use since"
    if date:
        return Cell(str(date)[:7])  # YYYY-MM: the law asks for the month and year
    return Cell("", _missing(system, path, title, " (the law asks for it only if it is known)"))


def _cells(system: System, context: ExportContext) -> dict[str, Cell]:
    return {
        "record_id": Cell(system.id),
        "agency": Cell(_agency(system)),
        "name": Cell(plain_text(system, system.data["name"])),
        "description": Cell(plain_text(system, system.data["summary"])),
        "purpose": _text_item(system, "purpose", "Purpose"),
        "data_type": _data_type(system),
        "data_source": _data_source(system),
        "output_use": _text_item(system, "decision_role", "Role in decisions"),
        **_vendor(system),
        "first_used": _first_used(system),
        "status": Cell(choice_label("status", system.status)),
        "register_page": Cell(context.page_url(system) or ""),
    }


# --- the files --------------------------------------------------------------------------------------

def _csv(rows: list[dict[str, Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([row[key].value for key, _ in COLUMNS])
    return buffer.getvalue()


_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 1rem; color: #1a1a1a; background: #fff; }
main { max-width: 120rem; margin: 0 auto; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus { outline: 3px solid #1d4ed8; outline-offset: 2px; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid #767676; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; min-width: 7rem; }
td.long { min-width: 18rem; }
thead th { background: #f0f0f0; }
td p, th p { margin: 0 0 0.5rem; }
.unknown { font-style: italic; }
a { color: #1d4ed8; }
"""


def _month(value: str, language: str) -> str:
    """YYYY-MM as "March 2023" on an English page (a <time> element), else as written."""
    if not language.startswith("en") or len(value) != 7:
        return html.escape(value)
    return f'<time datetime="{html.escape(value)}">{MONTHS[int(value[5:]) - 1]} {html.escape(value[:4])}</time>'


def _paragraphs(value: str) -> str:
    """Plain text as escaped HTML: paragraphs, and line breaks within them."""
    parts = [html.escape(p).replace("\n", "<br>") for p in value.split("\n\n") if p.strip()]
    return parts[0] if len(parts) == 1 else "".join(f"<p>{p}</p>" for p in parts)


LONG_TEXT = ("description", "purpose", "data_type", "data_source", "output_use", "vendor_involvement")


def _cell_html(key: str, cell: Cell, language: str) -> str:
    if cell.gap:
        return '<td class="unknown">Not known</td>'
    if not cell.value:
        return "<td>Not applicable</td>" if key.startswith("vendor_") else "<td></td>"
    if key == "first_used":
        return f"<td>{_month(cell.value, language)}</td>"
    wide = ' class="long"' if key in LONG_TEXT else ""
    return f"<td{wide}>{_paragraphs(cell.value)}</td>"


HTML_COLUMNS = [key for key, _ in COLUMNS if key not in ("record_id", "register_page")]


def _row_html(system: System, row: dict[str, Cell], language: str) -> str:
    lang = f' lang="{html.escape(system.main_language)}"' if system.main_language != language else ""
    cells = []
    for key in HTML_COLUMNS:
        if key == "name":
            name = html.escape(row["name"].value)
            page = row["register_page"].value
            inner = f'<a href="{html.escape(page)}">{name}</a>' if page else name
            cells.append(f'<th scope="row">{inner}</th>')
        elif key == "agency":
            cells.append(f'<td lang="{html.escape(language)}">{html.escape(row["agency"].value)}</td>' if lang
                         else f"<td>{html.escape(row['agency'].value)}</td>")
        else:
            cells.append(_cell_html(key, row[key], language))
    return f"<tr{lang}>" + "".join(cells) + "</tr>"


def _html(registry: Registry, rows: list[tuple[System, dict[str, Cell]]], context: ExportContext) -> str:
    reg = registry.register
    language = reg.default_language
    organisation = reg.text(reg.data["organisation"]["name"]) or ""
    title = f"Algorithmic tools report: {organisation}"
    count = len(rows)
    source = reg.text(reg.title) or ""
    if context.site_url:
        source = f'<a href="{html.escape(context.site_url)}">{html.escape(source)}</a>'
    else:
        source = html.escape(source)
    head = "".join(f'<th scope="col">{html.escape(LABELS[key])}</th>' for key in HTML_COLUMNS)
    body = "\n".join(_row_html(system, row, language) for system, row in rows)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>This report lists the {count} algorithmic tool{"s" * (count != 1)} that {html.escape(organisation)} used in
{context.today.year - 1} or uses now, by agency, in the format of the annual report of New York City Local Law 35
of 2022. For each tool it gives the six items the law asks for. It was made on
<time datetime="{context.today.isoformat()}">{context.today.isoformat()}</time> from the {source}, where each
tool has its own page with more detail. “Not known” means the register does not say yet.</p>
<div class="table-wrap" role="region" aria-labelledby="tools-caption" tabindex="0">
<table>
<caption id="tools-caption">Algorithmic tools by agency</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
</main>
</body>
</html>
"""


class NycLocalLaw35(Standard):
    key = KEY
    title = "New York City Local Law 35 of 2022 (annual report on algorithmic tools)"
    source = "https://legistar.council.nyc.gov/LegislationDetail.aspx?ID=4265421 (NYC Administrative Code § 3-119.5)"

    def export(self, registry: Registry, context: ExportContext) -> Export:
        export = Export()
        systems = [s for s in registry if reported(s, context.today)]
        systems.sort(key=lambda s: (_agency(s).casefold(), plain_text(s, s.data["name"]).casefold(), s.id))
        rows = [(system, _cells(system, context)) for system in systems]
        for system, row in rows:
            export.gaps.extend(Gap(system.id, LABELS[key], cell.gap) for key, cell in row.items() if cell.gap)
        export.files[CSV_NAME] = _csv([row for _, row in rows])
        export.files[HTML_NAME] = _html(registry, rows, context)
        return export


register(NycLocalLaw35())
