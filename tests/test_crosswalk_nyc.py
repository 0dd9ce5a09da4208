"""The NYC Local Law 35 style report (CSV and HTML), checked against hand-written expected output."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, REPO, explain, run_cli
from generator.crosswalk import ExportContext, nyc
from generator.crosswalk.files import unguarded
from generator.model.registry import load_registry

KEY = "nyc-ll35"
HERE = FIXTURES / "crosswalk" / KEY
EXPECTED = HERE / "expected"
SITE = "https://sampleton.example/ai/"
CONTEXT = ExportContext(site_url=SITE, today=dt.date(2026, 11, 25))
REPORTED = ("parking-sensors", "rent-checker", "tree-risk")

MISSING_MODULES = [m for m in ("nl", "eurocities", "uk_atrs", "eu_ai_act", "nyc", "us_omb")
                   if not (REPO / "generator" / "crosswalk" / f"{m}.py").is_file()]
needs_all_standards = pytest.mark.skipif(
    bool(MISSING_MODULES), reason="the export command loads all six standards; not written yet: "
                                  + ", ".join(f"generator/crosswalk/{m}.py" for m in MISSING_MODULES))

# Elements that would make a browser fetch something or run something.
RESOURCE_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio", "video", "source", "track",
                 "picture", "base", "form", "input", "svg", "math", "noscript", "template", "meta"}


def _registry(root: Path):
    result = load_registry(root)
    assert result.registry is not None, [p.headline() for p in result.errors]
    return result.registry


@pytest.fixture(scope="module")
def export():
    return nyc.NycLocalLaw35().export(_registry(HERE / "registry"), CONTEXT)


@pytest.fixture(scope="module")
def example_export():
    return nyc.NycLocalLaw35().export(_registry(REPO / "registry"), ExportContext(today=dt.date(2026, 11, 25)))


def _rows(content: str) -> list[dict[str, str]]:
    """The rows of a CSV as written for spreadsheets (byte-order mark, apostrophe guard) or by hand: the texts."""
    return [{key: unguarded(value) for key, value in row.items()}
            for row in csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline=""))]


def _soup(content: str) -> BeautifulSoup:
    return BeautifulSoup(content, "html.parser")


# --- the table and the selection -------------------------------------------------------------------------

def test_the_columns_hold_the_six_items_of_the_law():
    keys = [key for key, _ in nyc.COLUMNS]
    assert keys[:2] == ["record_id", "agency"]
    for item in ("name", "description", "purpose", "data_type", "data_source", "output_use", "vendor",
                 "vendor_involvement", "vendor_name", "first_used"):
        assert item in keys
    assert len(set(nyc.LABELS.values())) == len(nyc.COLUMNS)


def test_only_systems_used_in_the_year_reported_on_are_listed(export):
    """Not the planned camera, nor the mower planner retired in 2023; the tree score retired in 2025 is listed."""
    assert [row["Record id"] for row in _rows(export.files[nyc.CSV_NAME])] == list(REPORTED)
    a_year_later = nyc.NycLocalLaw35().export(_registry(HERE / "registry"),
                                              ExportContext(site_url=SITE, today=dt.date(2027, 1, 2)))
    assert "tree-risk" not in a_year_later.files[nyc.CSV_NAME]


# --- the CSV and the gaps --------------------------------------------------------------------------------

def test_the_csv_is_the_hand_written_one(export):
    produced = export.files[nyc.CSV_NAME]
    expected = (EXPECTED / "expected.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(produced.removeprefix("\ufeff")))) == [label for _, label in nyc.COLUMNS]
    assert _rows(produced) == _rows(expected)


def test_the_gaps_are_the_hand_written_ones(export):
    expected = _rows((EXPECTED / "gaps.csv").read_text(encoding="utf-8"))
    produced = [{"record_id": g.record_id, "field": g.field, "reason": g.reason} for g in export.gaps]
    assert sorted(produced, key=lambda r: (r["record_id"], r["field"])) == expected


def test_the_csv_reads_back_to_the_same_rows(export):
    content = export.files[nyc.CSV_NAME]
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    assert buffer.getvalue() == content.removeprefix("\ufeff")


@pytest.mark.parametrize("which", ["fixture", "example"])
def test_closed_columns_only_hold_allowed_values(export, example_export, which):
    rows = _rows((export if which == "fixture" else example_export).files[nyc.CSV_NAME])
    assert rows
    for row in rows:
        assert row["Vendor or contractor involved"] in ("Yes", "No", "")
        assert row["Status"] in ("In use", "Pilot", "Paused", "Retired")
        assert row["Month and year first used"] == "" or re.fullmatch(r"\d{4}-\d{2}", row["Month and year first used"])
        if row["Vendor or contractor involved"] != "Yes":
            assert row["Name of the vendor or contractor"] == "" and row["What the vendor or contractor does"] == ""


# --- the HTML page ---------------------------------------------------------------------------------------

def test_the_page_is_a_complete_accessible_document(export):
    page = export.files[nyc.HTML_NAME]
    soup = _soup(page)
    assert page.startswith("<!DOCTYPE html>")
    assert soup.html["lang"] == "en"
    assert soup.title.string.strip() == "Algorithmic tools report: City of Sampleton"
    assert soup.find("meta", charset=True)["charset"] == "utf-8"
    assert soup.h1 and soup.main
    tables = soup.find_all("table")
    assert len(tables) == 1
    table = tables[0]
    assert table.caption.get_text(strip=True) == "Algorithmic tools by agency"
    headers = table.thead.find_all("th")
    assert all(th.get("scope") == "col" for th in headers)
    assert [th.get_text() for th in headers] == [nyc.LABELS[key] for key in nyc.HTML_COLUMNS]
    region = table.find_parent("div")
    assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-labelledby"] == table.caption["id"]


def test_the_page_has_one_row_per_system_with_the_hand_written_cells(export):
    expected = json.loads((EXPECTED / "html-rows.json").read_text(encoding="utf-8"))
    rows = _soup(export.files[nyc.HTML_NAME]).table.tbody.find_all("tr")
    assert len(rows) == len(REPORTED)
    for row, want in zip(rows, expected):
        cells = row.find_all(["td", "th"])
        assert [cell.get_text() for cell in cells] == want["cells"]
        assert row.get("lang") == want["lang"]
        name = row.find("th")
        assert name["scope"] == "row" and name.a["href"] == want["link"]
    assert rows[1].find("td")["lang"] == "en", "the agency name is in the register's language, not the record's"


def test_hostile_text_appears_as_text(export):
    page = export.files[nyc.HTML_NAME]
    soup = _soup(page)
    assert soup.find_all("script") == []
    assert "<script" not in page.lower()
    # the apostrophe may be written &#x27; or &#39;: both are the escaped character
    assert re.search(r"Rent &lt;script&gt;alert\((&#x27;|&#39;)x(&#x27;|&#39;)\)&lt;/script&gt; checker", page)
    assert "Housing &amp; &lt;Homes&gt; Agency" in page
    assert soup.find(string=re.compile("alert")).strip() == "Rent <script>alert('x')</script> checker"


@pytest.mark.parametrize("which", ["fixture", "example"])
def test_the_page_references_no_external_resource(export, example_export, which):
    page = (export if which == "fixture" else example_export).files[nyc.HTML_NAME]
    soup = _soup(page)
    used = {tag.name for tag in soup.find_all(True)}
    assert not used & (RESOURCE_TAGS - {"meta"}), used & RESOURCE_TAGS
    for tag in soup.find_all(True):
        assert not {"src", "srcset", "style", "background", "poster", "data"} & set(tag.attrs), tag
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        if tag.name == "meta" and tag.get("http-equiv"):
            # the page's own Content-Security-Policy: nothing from another host, its one style block by hash
            assert tag["http-equiv"] == "Content-Security-Policy" and set(tag.attrs) == {"http-equiv", "content"}
            policy = tag["content"]
            assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "http" not in policy
            assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+';", policy), policy
        elif tag.name == "meta":
            assert set(tag.attrs) <= {"charset", "name", "content"} and tag.get("name") in (None, "viewport")
    styles = soup.find_all("style")
    assert len(styles) == 1
    assert not re.search(r"url\(|@import|@font-face|https?:", styles[0].get_text())


def test_the_example_register_report(example_export):
    rows = _rows(example_export.files[nyc.CSV_NAME])
    ids = [row["Record id"] for row in rows]
    assert "crowd-monitoring-video" in ids, "a paused system was used in the year reported on"
    assert "welfare-fraud-risk-model" not in ids, "retired in 2023"
    assert "lift-escalator-maintenance" not in ids and "bridge-crack-detection" not in ids, "not used yet"
    agencies = [row["Agency"].casefold() for row in rows]
    assert agencies == sorted(agencies), "the report is sorted by agency"
    body = _soup(example_export.files[nyc.HTML_NAME]).table.tbody
    assert len(body.find_all("tr", recursive=False)) == len(rows)
    assert {g.record_id for g in example_export.gaps} <= set(ids)


def test_the_module_does_not_read_the_shared_specifications():
    """A user's clone has no ../shared: the mapping tables live in the module."""
    source = Path(nyc.__file__).read_text(encoding="utf-8")
    assert "../shared" not in source and "reference/targets" not in source


@needs_all_standards
def test_the_export_command_writes_the_files(tmp_path):
    result = run_cli("export", "--to", KEY, "--out", tmp_path, "--registry", HERE / "registry", "--site-url", SITE)
    assert result.returncode == 0, explain(result)
    folder = tmp_path / KEY
    assert {p.name for p in folder.iterdir()} == {nyc.CSV_NAME, nyc.HTML_NAME, "gaps.csv", "gaps.json"}
    page = _soup((folder / nyc.HTML_NAME).read_text(encoding="utf-8"))
    assert page.table.caption and len(page.table.tbody.find_all("tr")) >= 2
