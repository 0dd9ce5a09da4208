"""The command line speaks the register's language: messages, hints and summaries from the catalogs.

The example register (Lakeholm) is Finnish-first, so a clerk who runs ``airegister validate`` there reads
Finnish; ``--language`` and the gettext variables (LANGUAGE, LC_ALL, LC_MESSAGES) choose another language.
"""
from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, explain, run_cli, skip_without
from generator.core.i18n import L_, Text, catalog_languages, interface_language, told, translator
from generator.model.registry import load_registry

# No language wish in the environment: the register's own language decides (the test machine may set any).
NO_WISH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def _finnish_register(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "registry", root)
    return root


def _record(root: Path) -> Path:
    return sorted(root.glob("*/*.yaml"))[0]


def _line_of(path: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


@pytest.fixture
def broken(tmp_path):
    """The Finnish example with one record whose status is misspelt ('live')."""
    root = _finnish_register(tmp_path)
    record = _record(root)
    text = record.read_text(encoding="utf-8")
    assert re.search(r"^status: ", text, re.M)
    record.write_text(re.sub(r"^status: .*$", "status: live", text, flags=re.M), encoding="utf-8")
    return root, record


def test_a_finnish_register_reports_in_finnish_with_file_line_and_column(broken):
    root, record = broken
    result = run_cli("validate", root, cwd=root.parent, env=NO_WISH)
    assert result.returncode == 1, explain(result)
    line = _line_of(record, "status:")
    where = f"{record.relative_to(root.parent).as_posix()}:{line}:9: status: "
    assert f"{where}'live' ei ole mikään näistä: planned, " in result.stdout, explain(result)
    assert "(tarkoititko 'in use'?)" in result.stdout
    assert "    korjausohje: Kirjoita 'in use'." in result.stdout
    assert re.search(r"^VIRHEELLINEN: tarkistettu 21 tiedostoa \(20 kuvausta\) \d+,\d\d sekunnissa: 1 virhe, 0 varoitusta$",
                     result.stdout, re.M), explain(result)
    assert "is not one of" not in result.stdout and "how to fix" not in result.stdout


def test_language_option_gives_english_and_beats_the_environment(broken):
    root, record = broken
    result = run_cli("validate", root, "--language", "en", cwd=root.parent, env={**NO_WISH, "LANGUAGE": "sv"})
    assert result.returncode == 1
    assert "status: 'live' is not one of: planned, in development, pilot, in use, paused, retired (did you mean 'in use'?)" \
        in result.stdout, explain(result)
    assert "    how to fix: Write 'in use'." in result.stdout
    assert re.search(r"^INVALID: checked 21 files \(20 records\) in \d+\.\d\d s: 1 error, 0 warnings$", result.stdout, re.M)


@pytest.mark.parametrize("variable, value", [("LANGUAGE", "sv_FI:fi"), ("LC_ALL", "sv_FI.UTF-8"), ("LC_MESSAGES", "sv")])
def test_the_gettext_variables_choose_the_language(broken, variable, value):
    root, _ = broken
    result = run_cli("validate", root, cwd=root.parent, env={**NO_WISH, variable: value})
    assert "'live' är inte något av: planned" in result.stdout, explain(result)
    assert "så här rättar du: Skriv 'in use'." in result.stdout
    assert "OGILTIGT: kontrollerade 21 filer (20 beskrivningar)" in result.stdout


def test_json_and_github_reports_speak_the_register_language(broken, tmp_path):
    root, record = broken
    result = run_cli("validate", root, "--format", "json", cwd=root.parent, env=NO_WISH)
    document = json.loads(result.stdout)
    assert document["language"] == "fi"
    [problem] = document["problems"]
    assert problem["code"] == "enum" and problem["line"] == _line_of(record, "status:")
    assert problem["message"].startswith("'live' ei ole mikään näistä") and problem["hint"] == "Kirjoita 'in use'."

    summary = tmp_path / "summary.md"
    result = run_cli("validate", root, "--format", "github", cwd=root.parent, env={**NO_WISH, "GITHUB_STEP_SUMMARY": str(summary)})
    assert re.search(r"^::error file=[^,]+,line=\d+,col=9,title=status%3A enum::status: 'live' ei ole mikään näistä", result.stdout,
                     re.M), explain(result)
    table = summary.read_text(encoding="utf-8")
    assert "## Tekoälyrekisterin tarkistus" in table
    assert "| Vakavuus | Tiedosto | Rivi | Kenttä | Ongelma | Korjausohje |" in table
    assert "| virhe |" in table


def test_a_path_outside_any_register_is_reported_in_the_wished_language(tmp_path):
    result = run_cli("validate", tmp_path / "nowhere", cwd=tmp_path, env={**NO_WISH, "LANGUAGE": "fi"})
    assert result.returncode == 2
    assert "airegister validate: " in result.stderr and "tiedostoa tai kansiota ei ole" in result.stderr, explain(result)


def test_an_unknown_language_option_is_a_usage_error_naming_the_choices(broken):
    root, _ = broken
    result = run_cli("validate", root, "--language", "se", cwd=root.parent, env={**NO_WISH, "LANGUAGE": "en"})
    assert result.returncode == 2
    assert "'se' is not a language the messages are available in" in result.stderr
    assert "fi" in result.stderr and "sv" in result.stderr
    # in the Finnish register's folder, without a wish, the usage error is Finnish like everything else
    result = run_cli("validate", root, "--language", "se", cwd=root.parent, env=NO_WISH)
    assert result.returncode == 2
    assert "käyttö: airegister validate" in result.stderr, explain(result)
    assert "'se' ei ole kieli, jolla viestit ovat saatavilla" in result.stderr and "virhe:" in result.stderr


# --- the rule that chooses the language, and messages told later ---------------------------------------------------

def test_the_language_rule():
    assert interface_language("sv-FI", "fi", {"LANGUAGE": "de"}) == "sv"          # --language first
    assert interface_language(None, "fi", {"LANGUAGE": "ja:de:fi"}) == "de"      # the first with a catalog
    assert interface_language(None, "fi", {"LC_ALL": "C.UTF-8", "LC_MESSAGES": "POSIX"}) == "fi"  # C/POSIX: no wish
    assert interface_language(None, "fi", {"LANG": "en_US.UTF-8"}) == "fi"        # LANG is the machine's, not a wish
    assert interface_language(None, "fi", {"LANGUAGE": "ja"}) == "fi"             # no catalog: the register's language
    assert interface_language(None, "se", {}) == "en"                             # no catalog for the register's: English
    assert interface_language(None, None, {}) == "en"


def test_a_message_is_english_as_a_string_and_told_in_any_language_after_travelling_between_processes():
    message = L_("{value} is not one of: {choices}", value=L_("the number {number}", number=5), choices="a, b")
    assert message == "the number 5 is not one of: a, b"
    travelled = pickle.loads(pickle.dumps(message))
    assert isinstance(travelled, Text)
    assert told(travelled, translator("fi")) == "luku 5 ei ole mikään näistä: a, b"
    assert told(travelled, translator("de")) == "die Zahl 5 ist keiner dieser Werte: a, b"
    assert told("plain record text", translator("fi")) == "plain record text"


BROKEN_FILES = {
    "bad-yaml.yaml": "id: bad-yaml\nname: [unclosed\n",
    "tabbed.yaml": "id: tabbed\n\tname: x\n",
    "empty.yaml": "",
    "list.yaml": "- a\n- b\n",
    "Bad Name.yaml": "id: bad-name\n",
    "dup.yaml": "id: dup\nid: dup\n",
}


def test_every_problem_of_a_badly_broken_register_is_told_in_finnish(tmp_path):
    """Schema, content, language, register-wide and YAML problems: none is left in English."""
    root = _finnish_register(tmp_path)
    records = sorted(root.glob("*/*.yaml"))
    data = yaml.safe_load(records[1].read_text(encoding="utf-8"))
    data.pop("purpose")
    data["status"] = "live"
    data["contact"]["email"] = "not an address"
    data["summary"] = {"fi": "<summary>", "se": "Sammanfattning"}
    data["wrong_field"] = 1
    data["owner"]["department"] = "mobilty"
    data["lifecycle"] = {"started_on": "2024-01-01", "in_use_since": "2023-01-01"}
    records[1].write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, text in BROKEN_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    result = load_registry(root)
    finnish = translator("fi")
    codes = {p.code for p in result.problems}
    assert {"yaml", "tab", "empty", "not-a-mapping", "file-name", "duplicate-key", "required", "enum", "format",
            "placeholder", "unknown-field", "unknown-department", "date-order"} <= codes, codes
    for problem in result.problems:
        said = problem.told(finnish)
        assert said.message != problem.message, f"not translated: {problem.code}: {problem.message}"
        assert problem.hint is None or said.hint != problem.hint, f"hint not translated: {problem.code}: {problem.hint}"


@pytest.mark.parametrize("language", [code for code in catalog_languages() if code != "en"])
def test_the_summary_reads_naturally_in_every_catalog_language(language, tmp_path):
    from generator.cli.reporters import summary_line

    root = _finnish_register(tmp_path)
    line = summary_line([load_registry(root)], translator(language))
    assert "{" not in line and "21" in line and "20" in line
    assert "checked" not in line and "files" not in line.replace("fichiers", "")


# --- staff tools: new --interactive, the scaffold, from-issue, init ---------------------------------------------------

def test_interactive_questions_in_swedish(tmp_path):
    import sys

    import pexpect

    from conftest import FIXTURES

    shutil.copytree(FIXTURES / "valid", tmp_path / "registry")  # an English-first register (en, fi)
    child = pexpect.spawn(str(Path(sys.executable).parent / "airegister"), ["new", "--interactive", "--language", "sv"],
                          cwd=str(tmp_path), encoding="utf-8", timeout=30, env={"PATH": "/usr/bin:/bin", "TERM": "dumb"})
    child.expect("En ny beskrivning för AI-registret. Besvara varje fråga")
    child.expect(r"Texterna efterfrågas först på en; sedan kan du också ge dem på fi\.")
    child.expect("Namn: ")
    child.sendline("Street Light Dimming")
    child.expect(r"Namn på fi \(frivilligt, Enter för att hoppa över\): ")
    child.sendline("")
    child.expect(r"Beskrivningens id \[street-light-dimming\]: ")
    child.sendline("")
    child.expect("Kort sammanfattning: ")
    child.sendline("")
    child.expect("Det här svaret är obligatoriskt.")
    child.expect("Kort sammanfattning: ")
    child.sendline("Dims street lights when the street is empty.")
    child.expect(r"Kort sammanfattning på fi \(frivilligt, Enter för att hoppa över\): ")
    child.sendline("")
    child.expect("Välj 1–1: ")
    child.sendline("1")
    child.expect("E-post för kontakt: ")
    child.sendline("not an address")
    child.expect("Det är ingen e-postadress.")
    child.expect("E-post för kontakt: ")
    child.sendline("lighting@fixture-city.example")
    child.expect("Befattning: ")
    child.sendline("Head of Street Lighting")
    child.expect(r"Befattning på fi \(frivilligt, Enter för att hoppa över\): ")
    child.sendline("")
    child.expect(r"\. I bruk \(in use\)")  # the choices by their Swedish labels, with the value to type
    child.expect("Välj 1–6: ")
    child.sendline("9")
    child.expect("Skriv ett nummer från 1 till 6.")
    child.sendline("pilot")
    child.expect(r"Inte ett AI-system \(not-an-ai-system\)")
    child.expect("Välj 1–6: ")
    child.sendline("5")
    child.expect("Skrev registry/testing/street-light-dimming.yaml. De övriga fälten finns i filen som kommentarer")
    child.expect(r"giltigt: kontrollerade 2 filer \(1 beskrivning\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    written = (tmp_path / "registry" / "testing" / "street-light-dimming.yaml").read_text(encoding="utf-8")
    assert "# Kort sammanfattning (obligatoriskt): " in written  # the explanations in the file in Swedish too
    assert yaml.safe_load(written)["status"] == "pilot"


def test_the_scaffold_of_a_finnish_register_explains_itself_in_finnish(tmp_path):
    root = _finnish_register(tmp_path)
    result = run_cli("new", "katuvalot", "--department", "infrastructure", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 0, explain(result)
    assert result.stdout.startswith("Kirjoitettiin registry/infrastructure/katuvalot.yaml. Korvaa jokainen <...>-paikkamerkki")
    text = (root / "infrastructure" / "katuvalot.yaml").read_text(encoding="utf-8")
    assert "# Kuvaus julkisessa tekoälyrekisterissä. Korvaa jokainen <...>-paikkamerkki" in text
    assert "# Tämä rekisteri julkaistaan kielillä fi, sv, en." in text
    assert "#     sv: <tiivistelmä kielellä sv>" in text
    assert "(pakollinen): " in text and "(odotettu): " in text and "(vapaaehtoinen): " in text
    assert "contact:\n  email: <tiimin yhteinen postilaatikko, esimerkiksi team@city.example>" in text
    assert "Replace every" not in text and "(required)" not in text
    english = run_cli("new", "street-lights", "--department", "infrastructure", "--language", "en", cwd=tmp_path, env=NO_WISH)
    assert english.returncode == 0 and english.stdout.startswith("Wrote registry/infrastructure/street-lights.yaml.")
    assert "(required): " in (root / "infrastructure" / "street-lights.yaml").read_text(encoding="utf-8")
    again = run_cli("new", "katuvalot", cwd=tmp_path, env=NO_WISH)
    assert again.returncode == 2
    assert "airegister new: kuvaus tunnisteella 'katuvalot' on jo olemassa" in again.stderr, explain(again)


def test_from_issue_reports_in_the_register_language_for_the_workflow_comment(tmp_path):
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    body = REPO / "tests" / "fixtures" / "issues" / "bad-email.md"
    result = run_cli("from-issue", "--body", body, "--issue-number", "7", "--format", "json", cwd=tmp_path, env=NO_WISH)
    assert result.returncode == 1, explain(result)
    document = json.loads(result.stdout)
    assert document["language"] == "fi"
    assert document["report"].startswith(f"Kirjoitettiin {document['file']} issuesta #7.\n")
    assert "ei ole kelvollinen sähköpostiosoite" in document["report"]
    assert "VIRHEELLINEN: tarkistettu 2 tiedostoa (1 kuvaus)" in document["report"]
    assert [p["message"] for p in document["problems"]] == ["'street lighting at lakeholm' ei ole kelvollinen sähköpostiosoite"]
    written = (tmp_path / document["file"]).read_text(encoding="utf-8")
    assert "# Tehty issuesta #7 komennolla 'airegister from-issue'." in written


def test_init_speaks_the_new_register_language(tmp_path):
    result = run_cli("init", tmp_path / "helsinki", "--name", "Helsingin kaupunki", "--languages", "fi,sv,en", cwd=tmp_path,
                     env=NO_WISH)
    assert result.returncode == 0, explain(result)
    assert result.stdout.startswith(f"Luotiin tekoälyrekisteri Helsingin kaupunki kansioon {tmp_path / 'helsinki'} (")
    assert "Seuraavaksi: cd " in result.stdout
    again = run_cli("init", tmp_path / "helsinki", "--name", "Helsingin kaupunki", "--languages", "fi,sv,en", cwd=tmp_path,
                    env=NO_WISH)
    assert again.returncode == 2 and "ei ole tyhjä. Valitse uusi kansio: mitään ei kirjoitettu." in again.stderr, explain(again)


MESSAGE_MAKERS = {"Problem", "_at", "_Reject", "Located", "_file_problem", "_problem", "DiscoveryError", "ScaffoldError",
                  "InitError"}


def _sentences(node):
    """String literals and f-strings with a space (sentences, not field paths) in an argument, through if/else and +."""
    import ast

    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return [ast.unparse(node)] if " " in literal else []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if " " in node.value.strip() else []
    if isinstance(node, ast.IfExp):
        return _sentences(node.body) + _sentences(node.orelse)
    if isinstance(node, ast.BinOp):
        return _sentences(node.left) + _sentences(node.right)
    return []


def test_no_message_of_the_checks_is_written_as_a_plain_english_string():
    """Every message and hint that loading, checking or the staff tools report is made with L_ (told later in the
    reader's language), never as a plain string: a new check written with an f-string fails here."""
    import ast

    folders = ["load", "check", "model", "authoring"]
    found = []
    for folder in folders:
        for path in sorted((REPO / "generator" / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                    if name in MESSAGE_MAKERS:
                        for argument in [*node.args, *(k.value for k in node.keywords)]:
                            found += [f"{path.relative_to(REPO)}:{node.lineno}: {text}" for text in _sentences(argument)]
    assert not found, "messages written as plain English strings (wrap them in L_(...)):\n" + "\n".join(found)


# What the command line says or shows in --help: the calls whose texts a clerk reads.
SAYING = {"print", "say_error", "write", "ArgumentParser", "ArgumentTypeError", "Progress"}
HELPING = {"add_argument", "add_parser", "add_subparsers", "add_argument_group", "add_language_option"}
HELP_WORDS = {"help", "description", "epilog", "usage", "title"}


def _written(node) -> list[str]:
    """The text written in an argument: a string, or an f-string's fixed parts ({} for each value), through if/else
    and +; nothing for a call such as t.gettext(...)."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _written(node.body) + _written(node.orelse)
    if isinstance(node, ast.BinOp):
        return _written(node.left) + _written(node.right)
    return []


def _phrase(text: str) -> bool:
    """Two or more words: a phrase in English. Not a name, a path, a code, the ``airegister COMMAND:`` before a
    message, or a workflow command (``::warning file=...``), which is syntax."""
    if text.startswith("::"):
        return False
    text = re.sub(r"^airegister( [\w-]+)?:", "", text)
    return len(re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text)) >= 2  # a command name (from-issue) is one word


def _cli_english(source: str) -> list[str]:
    """The plain English phrases that ``source`` (a command module) prints or gives to argparse, not through the
    catalogs: each as ``line: text``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in SAYING:
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg not in ("file", "end", "sep", "flush"))]
        elif name in HELPING:
            arguments = [k.value for k in node.keywords if k.arg in HELP_WORDS] + node.args[2:]  # help given by position
        else:
            continue
        found += [f"{node.lineno}: {text}" for argument in arguments for text in _written(argument) if _phrase(text)]
    return found


def test_no_text_the_command_line_prints_or_shows_in_its_help_is_plain_english():
    """Every sentence a command prints, every --help text and every usage error of generator/cli/ goes through the
    catalogs (t.gettext, t.ngettext, N_ then t.gettext, L_ then told): a new print(f"...") or help="..." fails here."""
    found = [f"{path.relative_to(REPO)}:{hit}" for path in sorted((REPO / "generator" / "cli").glob("*.py"))
             for hit in _cli_english(path.read_text(encoding="utf-8"))]
    assert not found, "English written straight into the command line (use t.gettext(...)):\n" + "\n".join(found)


def test_the_command_line_scan_can_fail():
    """The scan finds what it is for: a printed f-string, a help text, a description and a usage error."""
    source = ('''print(f"Wrote {count} files.")\n'''
              '''parser.add_argument("--out", help="where to write the files")\n'''
              '''commands.add_parser("x", description="Do a thing " + "well")\n'''
              '''raise argparse.ArgumentTypeError(f"'{text}' is not a date")\n'''
              '''print(t.gettext("Wrote {count} files.").format(count=1))\n'''
              '''parser.add_argument("--out", metavar="DIR", help=t.gettext("where to write the files"))\n'''
              '''print(f"::warning file={name},line={line}::{message}")\n''')
    assert [hit.split(":")[0] for hit in _cli_english(source)] == ["1", "2", "3", "4"]


# --- the comments of the propose-from-issue workflow ---------------------------------------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "propose-from-issue.yml"
TEXT_CALL = re.compile(r'\btext (\w+) "((?:[^"\\]|\\.)*)"')


def _workflow_scripts() -> list[str]:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return [step["run"] for job in steps.values() for step in job["steps"] if "text()" in step.get("run", "")]


def test_every_sentence_of_the_workflow_comes_from_the_catalogs_with_its_english_as_fallback():
    from generator.cli.from_issue import workflow_texts

    english = workflow_texts(translator("en"))
    calls = [(key, fallback.replace('\\"', '"').replace("\\`", "`")) for script in _workflow_scripts()
             for key, fallback in TEXT_CALL.findall(script)]
    assert len(_workflow_scripts()) == 2 and {key for key, _ in calls} == set(english), calls
    for key, fallback in calls:
        assert fallback == english[key], (key, fallback)
    finnish = workflow_texts(translator("fi"))
    assert all(finnish[key] != english[key] for key in english if key not in ("record",)), finnish


def test_the_workflow_writes_its_comments_in_the_register_language(tmp_path):
    """The shell function of the workflow, run with bash and jq on what from-issue answered for a Finnish register."""
    if not shutil.which("jq") or not shutil.which("bash"):
        skip_without("jq", "the workflow's shell function needs jq and bash (GitHub's runners have both)")
    import subprocess

    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    result = run_cli("from-issue", "--body", REPO / "tests" / "fixtures" / "issues" / "bad-email.md", "--issue-number", "7",
                     "--format", "json", cwd=tmp_path, env=NO_WISH)
    (tmp_path / "result.json").write_text(result.stdout, encoding="utf-8")
    function = _workflow_scripts()[1].split("text() {", 1)[1].split("\n}\n", 1)[0]
    script = ("text() {" + function + "\n}\n"
              'name="Katuvalot & <b>yö</b>"; url="https://github.example/pull/3"\n'
              'text title "Add {name} to the register"\n'
              'text adds "This pull request adds the AI system proposed in issue #{number} to the register."\n'
              'text record "Record: \\`{file}\\`"\n'
              'text thanks "Thank you! Pull request {url} now holds this proposal as a record in the register."\n')
    env = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "ISSUE_NUMBER": "7", "FILE": "registry/a/b.yaml"}
    said = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert said == ["Lisää rekisteriin: Katuvalot & <b>yö</b>",
                    "Tämä pull request lisää rekisteriin issuessa #7 ehdotetun tekoälyjärjestelmän.",
                    "Kuvaus: `registry/a/b.yaml`",
                    "Kiitos! Pull request https://github.example/pull/3 sisältää nyt tämän ehdotuksen rekisterin kuvauksena."]
    for answer in ("", "Traceback (most recent call last):"):  # the tool gave no answer: the workflow's English
        (tmp_path / "result.json").write_text(answer, encoding="utf-8")
        said = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True, check=True).stdout
        assert said.splitlines()[:2] == ["Add Katuvalot & <b>yö</b> to the register",
                                         "This pull request adds the AI system proposed in issue #7 to the register."]


def test_overdue_reviews_are_listed_in_the_register_language():
    result = run_cli("check", "--due", "--today", "2026-11-25", env=NO_WISH)
    assert result.returncode == 0, explain(result)
    first = result.stdout.splitlines()[0]
    assert first.endswith(": varoitus: record.next_review: tarkistus oli määrä tehdä 2026-10-01 (55 päivää sitten)"), first
    assert "    korjausohje: Tarkista, että kuvaus pitää yhä paikkansa" in result.stdout
    assert result.stdout.strip().endswith("Tarkistus myöhässä: 1 kuvaus (tilanne 2026-11-25).")
    github = run_cli("check", "--due", "--format", "github", "--today", "2026-11-25", "--language", "sv", env=NO_WISH)
    assert "title=Granskning försenad%3A " in github.stdout and "granskningen skulle ha gjorts 2026-10-01" in github.stdout


def test_render_and_issue_form_speak_the_register_language(tmp_path):
    root = _finnish_register(tmp_path)
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    shutil.copytree(REPO / ".github", tmp_path / ".github")
    form = run_cli("issue-form", "--check", cwd=tmp_path, env=NO_WISH)
    assert form.returncode == 0 and form.stdout == ".github/ISSUE_TEMPLATE/propose-ai-system.yml on ajan tasalla.\n", \
        explain(form)
    inside = run_cli("render", "--registry", root, "--out", root / "pages", cwd=tmp_path, env=NO_WISH)
    assert inside.returncode == 2
    assert "on rekisterin kansio tai sisältää sen; valitse sivuille erillinen kansio" in inside.stderr, explain(inside)
    swedish = run_cli("render", "--registry", root, "--out", tmp_path / "site", "--language", "sv", cwd=tmp_path, env=NO_WISH)
    assert swedish.returncode == 0, explain(swedish)
    assert re.fullmatch(r"Skrev \d+ sidor, \d+ filer med öppna data samt stilmallen och skriptet till .*site\.\n", swedish.stdout)


def test_the_review_reminders_open_issues_in_the_register_language(tmp_path):
    """The workflow's own script, run with a stand-in for the gh command that records what it would do."""
    import subprocess
    import sys

    report = run_cli("check", "--due", "--format", "json", "--today", "2026-11-25", env=NO_WISH)
    assert json.loads(report.stdout)["language"] == "fi"
    (tmp_path / "overdue.json").write_text(report.stdout, encoding="utf-8")
    steps = yaml.safe_load((REPO / ".github" / "workflows" / "review-reminders.yml").read_text(encoding="utf-8"))["jobs"]
    [script] = [step["run"] for job in steps.values() for step in job["steps"] if "python -I - <<'PY'" in step.get("run", "")]
    program = script.split("python -I - <<'PY'\n", 1)[1].rsplit("\nPY", 1)[0]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/sh\nprintf "%s\\n---\\n" "$@" >> "$GH_LOG"\n'
                                'if [ "$1 $2" = "issue list" ]; then echo "[]"; fi\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "GH_LOG": str(tmp_path / "gh.log"),
           "GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "city/register", "GITHUB_REF_NAME": "main"}
    subprocess.run([sys.executable, "-I", "-"], input=program, env=env, text=True, check=True, capture_output=True)
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8")
    assert "issue\n---\ncreate\n---\n--title\n---\nTarkistus erääntynyt: " in calls, calls
    assert "tarkistuspäivä oli 2026-10-01, 55 päivää ennen päivää 2026-11-25." in calls
    assert "- Osasto: " in calls and "Mitä tehdä:" in calls and "1. Tarkista järjestelmää ylläpitävän tiimin kanssa" in calls
    assert "The review date" not in calls and "What to do" not in calls


def test_the_readiness_report_reads_in_the_register_language_and_its_json_stays_english():
    text = run_cli("report", "--today", "2026-11-25", env=NO_WISH)
    assert text.returncode == 0, explain(text)
    assert text.stdout.startswith("Rekisterin valmius ja laatu, 2026-11-25\n")
    assert "Myöhässä olevat tarkistukset: 1\n  waste-collection-routes: määräpäivä 2026-10-01 (55 päivää sitten)" in text.stdout
    assert "Reviews overdue" not in text.stdout and "Systems by" not in text.stdout
    data = json.loads(run_cli("report", "--format", "json", "--today", "2026-11-25", env=NO_WISH).stdout)
    assert data["overdue"][0]["days_overdue"] == 55  # for programs: the same fields whatever the language


def test_a_build_of_a_broken_finnish_register_says_why_in_finnish(tmp_path, monkeypatch):
    """What mkdocs build reports (the plugin raises these lines) follows the command line's rule: the register's language."""
    from generator.build.register import InvalidRegister, build_register

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)

    root = _finnish_register(tmp_path)
    record = _record(root)
    record.write_text(re.sub(r"^status: .*$", "status: live", record.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    with pytest.raises(InvalidRegister) as caught:
        build_register(root)
    lines = caught.value.lines()
    assert any(": status: 'live' ei ole mikään näistä: " in line for line in lines), lines
    assert "    korjausohje: Kirjoita 'in use'." in lines
    assert "    how to fix: Write 'in use'." in caught.value.lines(translator("en"))


def test_a_message_written_into_a_file_is_plain_text():
    """A message (Text) can end up in YAML (notes in a new record) or JSON: it is written as the text it is."""
    from generator.load.yamlload import to_yaml

    message = L_("{value} is not one of: {choices}", value="'x'", choices="a, b")
    assert to_yaml({"note": message}) == "note: '''x'' is not one of: a, b'\n"
    assert json.dumps({"note": message}) == '{"note": "\'x\' is not one of: a, b"}'
