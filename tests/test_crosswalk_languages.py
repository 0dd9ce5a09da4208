"""Imports and exports speak the clerk's and the auditor's language: the importers' notes and the gap reasons.

A clerk who imports another register's file reads every note about a value (kept, changed, not imported) in the
language of the command line; an auditor who runs ``airegister export`` reads the reasons in gaps.csv in theirs.
The column names of gaps.csv and the order of its rows stay the same in every language; the values the import
writes into a record (placeholders, ``source.not_imported``) stay as they are, because later imports compare them.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import shutil
from pathlib import Path

from conftest import REPO, explain, run_cli
from generator.core.catalogs import extract, mapping_texts
from generator.core.i18n import Text, translator
from generator.crosswalk import all_standards, gap_files
from generator.crosswalk.mapping import MAPPINGS_DIR, load_mapping

NO_WISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}

# A Dutch record with a value of each kind the importer notes: a theme that is not one, a status that is not one,
# a month that is not written as one, a link that is not one, a field the standard does not have.
DUTCH = [{"name": "Meldingen sorteren", "organization": "Gemeente Utrecht", "status": "Gepland",
          "category": ["Verkeer", "Ruimte en infra"], "begin_date": "maart 2021", "website": "geen",
          "extra_field": "iets", "description_short": "Sorteert meldingen van inwoners."}]
# The English sentences of those notes (the old code printed these in every language).
ENGLISH_NOTES = ("is not a theme of the Dutch standard", "is not a month written as yyyy-mm", "so it was not imported",
                 "is not part of the Dutch publication standard", "Choose the status", "is not a web address")


def _register(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "registry", root, ignore=shutil.ignore_patterns(".imported"))
    return root


def _notes(stdout: str, marker: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in stdout.splitlines() if line.strip().startswith(marker)]


def test_a_finnish_import_tells_the_clerk_every_note_in_finnish(tmp_path):
    root = _register(tmp_path)
    source = tmp_path / "utrecht.json"
    source.write_text(json.dumps(DUTCH, ensure_ascii=False), encoding="utf-8")
    result = run_cli("import", source, "--from", "nl-1.0", "--department", "mobility", "--registry", root,
                     "--language", "fi", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 1, explain(result)  # the written record still has placeholders to replace
    notes = _notes(result.stdout, "vielä täydennettävä:")  # "still to complete", in Finnish
    assert len(notes) > 10, explain(result)
    joined = "\n".join(notes)
    for english in ENGLISH_NOTES:
        assert english not in joined, (english, joined)
    # each value the importer could not use is named, in Finnish, with the value as the file wrote it
    theme = next(n for n in notes if "'Ruimte en infra'" in n)
    assert "teema" in theme and "ei tuotu" in theme  # "is not a theme ... so it was not imported"
    month = next(n for n in notes if "'maart 2021'" in n)
    assert "kuukausi" in month  # "month"
    status = next(n for n in notes if "'Gepland'" in n)
    assert status.startswith("Valitse tila")  # "Choose the status"
    unknown = next(n for n in notes if "'extra_field'" in n)
    assert "julkaisustandardi" in unknown and "'iets'" in unknown  # "publication standard", the value kept as written
    kept = next(n for n in notes if "source.not_imported" in n)
    assert "extra_field" in kept and "siirrä" in kept  # "move (what is right into the record)"
    # the record file keeps the source's values as data, unchanged and machine-readable
    written = (root / "mobility" / "meldingen-sorteren.yaml").read_text(encoding="utf-8")
    assert "key: extra_field" in written and "value: iets" in written and "key: begin_date" in written


def test_the_same_import_in_english_names_the_same_values(tmp_path):
    root = _register(tmp_path)
    source = tmp_path / "utrecht.json"
    source.write_text(json.dumps(DUTCH, ensure_ascii=False), encoding="utf-8")
    result = run_cli("import", source, "--from", "nl-1.0", "--department", "mobility", "--registry", root,
                     "--language", "en", cwd=tmp_path, env=NO_WISH)
    notes = "\n".join(_notes(result.stdout, "still to complete:"))
    assert "'Ruimte en infra' is not a theme of the Dutch standard, so it was not imported." in notes, explain(result)
    assert "'Gepland' is not one of In ontwikkeling, In gebruik, Buiten gebruik" in notes


def test_a_eurocities_import_speaks_the_environment_language(tmp_path):
    """LANGUAGE=de chooses German for the notes about single cells of the CSV template."""
    root = _register(tmp_path)
    source = tmp_path / "template.csv"
    source.write_text("name,description_short,status,uuid,contact_phone,publication_date\n"
                      "Parkeerscan,Scant kentekens.,onbekend,niet-een-uuid,bel ons,gisteren\n", encoding="utf-8")
    result = run_cli("import", source, "--from", "eurocities-0.3.1", "--department", "mobility", "--registry", root,
                     cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "de"})
    notes = _notes(result.stdout, "noch zu ergänzen:")  # "still to complete", in German
    joined = "\n".join(notes)
    assert "keine UUID" in joined and "'niet-een-uuid'" in joined, explain(result)  # "not a UUID", value as written
    assert "Telefonnummer 'bel ons'" in joined  # "phone number"
    assert "'gisteren'" in joined and "Datum" in joined  # "date"
    assert next(n for n in notes if "'onbekend'" in n).startswith("Wählen Sie den Status")  # "Choose the status"
    assert "was not imported" not in joined and "is not" not in joined


def _gap_rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "gaps.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_writes_the_gap_reasons_in_the_auditors_language_with_stable_columns(tmp_path):
    root = _register(tmp_path)
    swedish = run_cli("export", "--to", "nl-1.0", "--registry", root, "--out", tmp_path / "sv", cwd=tmp_path,
                      env={**NO_WISH, "LANGUAGE": "sv"})
    english = run_cli("export", "--to", "nl-1.0", "--registry", root, "--out", tmp_path / "en", "--language", "en",
                      cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "sv"})
    assert swedish.returncode == 0 and english.returncode == 0, explain(swedish) + explain(english)
    assert "luckor i" in swedish.stdout  # the summary: "gaps in ... records"
    sv_rows, en_rows = _gap_rows(tmp_path / "sv" / "nl-1.0"), _gap_rows(tmp_path / "en" / "nl-1.0")
    header = (tmp_path / "sv" / "nl-1.0" / "gaps.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "record_id,field,reason"  # for programs: the same in every language
    assert [(r["record_id"], r["field"]) for r in sv_rows] == [(r["record_id"], r["field"]) for r in en_rows]
    language = [r["reason"] for r in sv_rows if r["field"] == "lang"]
    assert language, sv_rows
    # the Lakeholm records have no Dutch text: the reason says the texts need translating, in Swedish
    assert all("nederländsk" in reason and "översättas" in reason for reason in language), language
    assert all("the record" not in r["reason"] and "Dutch" not in r["reason"] for r in sv_rows), sv_rows
    assert any("the record has no Dutch (nl) text" in r["reason"] for r in en_rows), en_rows
    as_json = json.loads((tmp_path / "sv" / "nl-1.0" / "gaps.json").read_text(encoding="utf-8"))
    assert [g["reason"] for g in as_json] == [r["reason"] for r in sv_rows]


def test_every_gap_of_every_export_is_told_in_finnish():
    """Every standard's gaps for the example register: each reason is a message the catalogs translate, none is
    left in English, and the rows come in the same order as in English."""
    from generator.model.registry import load_registry
    from generator.crosswalk import ExportContext
    import datetime as dt

    result = load_registry(REPO / "registry")
    assert result.ok
    context = ExportContext(today=dt.date(2026, 6, 1))
    finnish = translator("fi")
    checked = 0
    for key, standard in sorted(all_standards().items()):
        export = standard.export(result.registry, context)
        for gap in export.gaps:
            assert isinstance(gap.reason, Text), (key, gap)
            told = gap.reason.told(finnish)
            assert told != str(gap.reason), (key, str(gap.reason))  # a Finnish sentence, not the English one
            checked += 1
        english, told_rows = gap_files(export.gaps), gap_files(export.gaps, t=finnish)
        rows = [line.split(",", 2)[:2] for line in english["gaps.csv"].splitlines()]
        assert rows == [line.split(",", 2)[:2] for line in told_rows["gaps.csv"].splitlines()], key
    assert checked > 50


def test_every_gap_and_note_of_the_mapping_files_is_in_the_catalogs():
    """``make messages`` reads the gap of every field (the Eurocities import's ``todo`` notes, and the sentences the
    Dutch export writes on personal data) from the mapping files, however the YAML writes it (plain, quoted, folded
    over lines)."""
    template = extract()
    for path in sorted(MAPPINGS_DIR.glob("*.yaml")):
        mapping = load_mapping(path.stem)
        wanted = [str(f.gap) for f in mapping.fields if f.gap]
        wanted += [str(text) for f in mapping.fields for key in ("todo", "personal_data")
                   for text in (f.options.get(key) or {}).values()]
        found = list(mapping_texts(path))
        assert sorted(found) == sorted(wanted), path.name
        missing = [text for text in wanted if template.get(text) is None]
        assert not missing, (path.name, missing)


# --- the scan: no note or gap reason written as a plain English string -----------------------------------

# Calls whose text a clerk or an auditor reads: a note on the import's to-do list, a gap, a reason a file cannot be
# imported, a problem of the import; ``Cell``'s second argument is its gap.
SAYING = {"note", "Gap", "CannotImport"}
LISTS = ("gaps", "problems", "reasons")  # list.append/insert on these names adds a reason
RETURNING = ("reason", "gap", "missing", "number")  # functions that return a reason


def _plain(node) -> list[str]:
    """A string literal or f-string with a space (a phrase), through if/else, ``or`` and +."""
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return [ast.unparse(node)] if " " in literal.strip() else []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if " " in node.value.strip() else []
    if isinstance(node, ast.IfExp):
        return _plain(node.body) + _plain(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in _plain(value)]
    if isinstance(node, ast.BinOp):
        return _plain(node.left) + _plain(node.right)
    if isinstance(node, ast.Tuple):
        return [text for item in node.elts for text in _plain(item)]
    return []


def crosswalk_english(source: str) -> list[str]:
    """The notes and gap reasons that ``source`` (a crosswalk module) writes as plain English: ``line: text``."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        arguments: list = []
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name in SAYING:
                arguments = [*node.args, *(k.value for k in node.keywords)]
            elif name == "Cell":
                arguments = node.args[1:] + [k.value for k in node.keywords if k.arg == "gap"]
            elif name in ("append", "insert") and isinstance(owner, ast.Name) and owner.id.endswith(LISTS):
                arguments = node.args[-1:]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(w in node.name for w in RETURNING):
            arguments = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
        found += [(argument.lineno, text) for argument in arguments for text in _plain(argument)]
    return [f"{line}: {text}" for line, text in sorted(set(found))]


def test_no_note_or_gap_reason_of_the_crosswalk_is_plain_english():
    """Every note an importer makes about a value and every reason an export gives for a gap is a message (L_),
    told in the reader's language: a new ``draft.note(f"...")`` or ``Cell("", "...")`` fails here."""
    found = [f"{path.relative_to(REPO)}:{hit}" for path in sorted((REPO / "generator" / "crosswalk").glob("*.py"))
             for hit in crosswalk_english(path.read_text(encoding="utf-8"))]
    assert not found, "notes and gap reasons written as plain English (wrap them in L_(...)):\n" + "\n".join(found)


def test_the_crosswalk_scan_can_fail():
    """The scan finds the forms the importers and exports used before: a note, a gap of a cell, a reason added to a
    list or returned, a Gap; messages made with L_ pass."""
    source = ('''self.draft.note(f"The Dutch theme '{theme}' has no matching city domain.")\n'''
              '''return Cell("", "the record describes no risks")\n'''
              '''gaps.append(f"shortened from {a} to {b} characters")\n'''
              '''def missing_reason(source):\n    return f"withheld in the record: {reason}"\n'''
              '''Gap(system.id, "lang", "the texts need translating" if x else None)\n'''
              '''self.draft.note(L_("The Dutch theme '{theme}' has no matching city domain.", theme=theme))\n'''
              '''return Cell("", L_("the record describes no risks"))\n'''
              '''return Cell("Not applicable: the system uses no personal data.")\n''')
    assert [hit.split(":")[0] for hit in crosswalk_english(source)] == ["1", "2", "3", "5", "6"]


def test_the_website_publishes_the_gap_reasons_in_the_registers_default_language():
    """Lakeholm's default language is Finnish: the gap lists under data/exports/ give Finnish reasons, with the same
    machine-stable columns."""
    from generator.build.register import BuildOptions, build_register

    with build_register(REPO / "registry", BuildOptions(workers=0)) as build:
        data = build.open_data()
    lines = data["data/exports/nl-1.0/gaps.csv"].decode("utf-8-sig").splitlines()
    assert lines[0] == "record_id,field,reason"
    reasons = [row["reason"] for row in csv.DictReader(io.StringIO("\n".join(lines))) if row["field"] == "lang"]
    assert reasons and all("hollanninkielis" in reason for reason in reasons), reasons  # "Dutch-language", in Finnish
    assert "the record" not in "\n".join(lines)
