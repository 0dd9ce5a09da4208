"""The command line's own words in the clerk's language: --help, usage errors, and what import and export report.

Every test runs the real ``airegister`` command. The expected words are what each language's public sector
would write for the English text (a Finnish clerk reads "käyttö:" where an English one reads "usage:").
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURES, REPO, explain, run_cli

# No language wish in the environment (the test machine may set any): the option, the register or English decides.
NO_WISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
NL_EXPORT = FIXTURES / "crosswalk" / "nl-1.0" / "roundtrip.json"


def _english_register(tmp_path: Path) -> Path:
    """The fixture register (English), named as a Dutch municipality so that the Dutch export can be imported."""
    root = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", root)
    config = root / "register.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("en: Fixture City", "en: Gemeente Voorbeeldstad"),
                      encoding="utf-8")
    return root


def test_a_finnish_clerk_reads_the_whole_help_in_finnish(tmp_path):
    result = run_cli("--help", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fi"})
    assert result.returncode == 0, explain(result)
    out = result.stdout
    assert out.startswith("käyttö: airegister "), explain(result)  # "usage:"
    assert "\nvalinnat:\n" in out and "\nsijaintiargumentit:\n" in out  # "options:", "positional arguments:"
    assert "näytä tämä ohje ja lopeta" in out  # "show this help message and exit"
    assert "Tarkista ja julkaise kaupungin julkinen tekoäly- ja algoritmirekisteri." in out
    assert re.search(r"validate\s+tarkista rekisterin tiedostot ja raportoi jokainen ongelma", out), explain(result)
    assert re.search(r"import\s+tee kuvauksia toisen rekisterin vientitiedostosta", out)
    for english in ("usage:", "options:", "show this help", "check register files", "make records from"):
        assert english not in out, english


def test_the_language_option_gives_a_command_s_help_in_swedish(tmp_path):
    result = run_cli("import", "--help", "--language", "sv", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fi"})
    assert result.returncode == 0, explain(result)
    out = " ".join(result.stdout.split())  # argparse wraps lines at the terminal's width
    assert out.startswith("användning: airegister import "), explain(result)
    assert "alternativ:" in out and "visa denna hjälp och avsluta" in out
    assert "FILE filen som ska läsas" in out
    assert "--registry DIR registrets mapp (standard: registry)" in out
    assert "--update uppdatera tidigare importerade beskrivningar från denna nyare export" in out
    assert "the file to read" not in out and "käyttö" not in out


def test_without_a_wish_the_help_speaks_the_language_of_the_register_it_works_on(tmp_path):
    shutil.copytree(REPO / "registry", tmp_path / "registry")  # Lakeholm: Finnish first
    finnish = run_cli("export", "--help", cwd=tmp_path, env=NO_WISH)
    assert "käyttö: airegister export" in finnish.stdout, explain(finnish)
    assert "kirjoita CSV-tiedostot tarkkoina teksteinä ohjelmille" in " ".join(finnish.stdout.split())
    english = _english_register(tmp_path / "other")
    result = run_cli("export", "--help", "--registry", english, cwd=tmp_path, env=NO_WISH)
    assert result.stdout.startswith("usage: airegister export"), explain(result)
    assert "where to write (default: build/exports)" in " ".join(result.stdout.split())


def test_usage_errors_are_said_in_the_clerk_s_language(tmp_path):
    result = run_cli("export", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "de"})
    assert result.returncode == 2
    assert "Aufruf: airegister export" in result.stderr, explain(result)
    assert "airegister export: Fehler: die folgenden Argumente sind erforderlich: --to" in result.stderr
    result = run_cli("validate", "--format", "xml", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fr"})
    assert result.returncode == 2
    assert ("airegister validate : erreur : argument --format : choix non valide : 'xml' (choisissez parmi 'text', "
            "'json', 'github')") in result.stderr, explain(result)
    result = run_cli("check", "--due", "--today", "tomorrow", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "sv"})
    assert "'tomorrow' är inte ett datum skrivet som ÅÅÅÅ-MM-DD" in result.stderr, explain(result)


def test_an_import_reports_in_finnish_with_its_counts_and_an_export_in_swedish(tmp_path):
    root = _english_register(tmp_path)
    result = run_cli("import", "--from", "nl-1.0", NL_EXPORT, "--department", "testing", "--registry", root,
                     cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fi"})
    assert result.returncode == 1, explain(result)  # written, with placeholders still to replace
    out = result.stdout
    assert "Kirjoitettiin registry/testing/oude-parkeerapp.yaml." in out, explain(result)  # "Wrote ..."
    assert "    vielä täydennettävä: Täytä ”" in out  # "still to complete: Fill in “...”", with the field's Finnish title
    assert "Tuotiin 2 kohtaa tiedostosta roundtrip.json: 2 uutta, 0 päivitettyä, 0 ennallaan, 0 hylättyä." in out
    assert "Tarkistetaan 2 kuvausta..." in result.stderr
    for english in ("Wrote ", "still to complete", "Imported ", " new,", "refused"):
        assert english not in out + result.stderr, english

    again = run_cli("import", "--from", "nl-1.0", NL_EXPORT, "--department", "testing", "--registry", root,
                    cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fi"})
    assert again.returncode == 1
    assert "Ei kirjoitettu: oude-parkeerapp: se on tuotu aiemmin tiedostoksi " in again.stdout, explain(again)
    assert "päivitä se valinnalla --update" in again.stdout
    assert "0 uutta, 0 päivitettyä, 0 ennallaan, 2 hylättyä." in again.stdout
    assert "airegister import: 2 kuvausta hylättiin (katso yllä)." in again.stderr

    (root / "testing" / "oude-parkeerapp.yaml").unlink()  # only valid records: the export needs a valid register
    (root / "testing" / "voorspelling-volle-afvalcontainers-85214786.yaml").unlink()
    out_dir = tmp_path / "exports"
    export = run_cli("export", "--to", "nl-1.0", "--registry", root, "--out", out_dir, "--language", "sv", cwd=tmp_path,
                     env=NO_WISH)
    assert export.returncode == 0, explain(export)
    assert re.search(rf"^nl-1\.0: skrev \d+ filer till {re.escape(str(out_dir / 'nl-1.0'))}; \d+ luckor i \d+ "
                     r"beskrivningar? \(se .*gaps\.csv\)$", export.stdout, re.M), explain(export)


def test_an_unknown_standard_is_refused_in_the_register_s_language(tmp_path):
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    result = run_cli("export", "--to", "nl-2.0", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 2
    assert "airegister export: tuntematon standardi 'nl-2.0'; valitse jokin näistä: " in result.stderr, explain(result)
    result = run_cli("import", NL_EXPORT, "--from", "csv", "--department", "digital", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 2
    assert "airegister import: kuvauksia voi tuoda näistä: " in result.stderr, explain(result)


def test_the_site_build_tells_a_finnish_clerk_in_finnish_what_is_in_the_way(tmp_path, monkeypatch):
    """The MkDocs plugin's own messages follow the same rule: the register's language (Lakeholm: Finnish)."""
    from sites import make_project, mkdocs_build

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    project = make_project(tmp_path / "project", REPO / "registry")
    (project / "docs" / "data").mkdir()
    (project / "docs" / "data" / "registry.json").write_text("{}", encoding="utf-8")  # where the open data goes
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/data/registry.json menisi päällekkäin rekisterin avoimen datan kanssa. Nimeä se uudelleen tai siirrä " \
           "se." in output, explain(result)
    assert "would clash" not in output and "Traceback" not in output


def test_a_file_that_cannot_be_imported_is_explained_in_swedish(tmp_path):
    root = _english_register(tmp_path)
    source = tmp_path / "records.csv"
    source.write_text("name,status\nA,In gebruik\n", encoding="utf-8")
    result = run_cli("import", "--from", "nl-1.0", source, "--department", "testing", "--registry", root, "--language",
                     "sv", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 2, explain(result)
    assert "airegister import: " in result.stderr and ": det här är ingen JSON-fil (" in result.stderr, explain(result)
    assert "Nederländernas algoritmregister (publiceringsstandard 1.0) utbyter beskrivningar som JSON" in result.stderr
    assert "is not a JSON file" not in result.stderr and "Traceback" not in result.stderr
