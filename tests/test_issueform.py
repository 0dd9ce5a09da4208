"""The issue form is generated from the schema, and `airegister from-issue` reads submitted forms back."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from generator.authoring.issueform import FORM_FILE, form_questions, issue_form
from generator.model.registry import load_config
from generator.core.schema import load_schemas

from conftest import FIXTURES, REPO, explain, run_cli
from sites import make_project, mkdocs_build

ISSUES = FIXTURES / "issues"
SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text(encoding="utf-8"))


def test_the_checked_in_form_is_what_the_schema_generates():
    result = run_cli("issue-form", "--check")
    assert result.returncode == 0, explain(result)
    register, _ = load_config(REPO / "registry")
    assert (REPO / FORM_FILE).read_text(encoding="utf-8") == issue_form(load_schemas(), register)


def test_a_stale_form_is_detected(tmp_path):
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    form = tmp_path / FORM_FILE
    form.parent.mkdir(parents=True)
    config = yaml.safe_load((REPO / "registry" / "register.yaml").read_text())
    name = config["departments"]["mobility"]["name"]
    name = name if isinstance(name, str) else name[config["default_language"]]  # the form is in the default language
    text = (REPO / FORM_FILE).read_text()
    assert name in text
    form.write_text(text.replace(name, name + " Office"))
    assert run_cli("issue-form", "--check", cwd=tmp_path).returncode == 1
    assert run_cli("issue-form", cwd=tmp_path).returncode == 0
    assert run_cli("issue-form", "--check", cwd=tmp_path).returncode == 0


def _stale_register(tmp_path: Path) -> Path:
    """A copy of the example register with its form written, ready to be changed."""
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    assert run_cli("issue-form", cwd=tmp_path).returncode == 0
    return tmp_path / "registry" / "register.yaml"


def _check(tmp_path: Path, language: str = "en") -> str:
    result = run_cli("issue-form", "--check", "--language", language, cwd=tmp_path)
    assert result.returncode == 1, explain(result)
    return result.stdout


def test_a_stale_form_names_what_changed_categories_departments_and_languages(tmp_path):
    register = _stale_register(tmp_path)
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("fi: Kulttuuri ja vapaa-aika", "fi: Kulttuuri, liikunta ja vapaa-aika"),
                        encoding="utf-8")
    assert _check(tmp_path) == (f"{FORM_FILE}: the issue form is out of date; changed since it was written: the "
                                "categories in register.yaml. Run 'airegister issue-form' and commit it.\n")
    finnish = _check(tmp_path, "fi")
    assert "register.yaml-tiedoston luokat" in finnish and "osastot" not in finnish, finnish
    register.write_text(register.read_text(encoding="utf-8").replace("fi: Kaupunkiliikenne\n", "fi: Kaupunkiliikenteen palvelut\n"),
                        encoding="utf-8")
    assert "changed since it was written: the departments in register.yaml and the categories in register.yaml." in \
        _check(tmp_path)
    register.write_text(text.replace("languages: [fi, sv, en]", "languages: [fi, sv, en, de]"), encoding="utf-8")
    words = _check(tmp_path)
    assert "changed since it was written: the languages in register.yaml." in words and "categories" not in words
    assert run_cli("issue-form", cwd=tmp_path).returncode == 0
    assert run_cli("issue-form", "--check", cwd=tmp_path).returncode == 0


def test_a_form_that_does_not_say_what_it_was_made_from_gets_the_whole_list(tmp_path):
    _stale_register(tmp_path)
    form = tmp_path / FORM_FILE
    lines = form.read_text(encoding="utf-8").splitlines(keepends=True)
    form.write_text("".join(line for line in lines if not line.startswith("# Made from:")), encoding="utf-8")
    assert "any of these may have changed: the schema (the record format), the departments in register.yaml, the " \
           "categories in register.yaml or the languages in register.yaml." in _check(tmp_path)
    form.write_text("".join(lines).replace("Ehdota tekoälyjärjestelmää", "Ehdota järjestelmää"), encoding="utf-8")
    assert "it was edited by hand, or written by another version of airegister" in _check(tmp_path)
    (tmp_path / "schema" / "ai-system.schema.json").write_text(
        (tmp_path / "schema" / "ai-system.schema.json").read_text(encoding="utf-8").replace(
            '"title": "Purpose"', '"title": "Aim"', 1), encoding="utf-8")
    assert "changed since it was written: the schema (the record format)." in _check(tmp_path)


def test_the_form_is_a_valid_github_issue_form():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-issue-forms", str(REPO / FORM_FILE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, explain(result)


FORM = yaml.safe_load((REPO / FORM_FILE).read_text(encoding="utf-8"))
ELEMENTS = {element["id"]: element for element in FORM["body"] if "id" in element}
# The example register's form is in its default language (Finnish): the schema's texts as its catalog gives them.
DEFAULT = yaml.safe_load((REPO / "registry" / "register.yaml").read_text(encoding="utf-8"))["default_language"]
with (REPO / "generator" / "locale" / DEFAULT / "LC_MESSAGES" / "airegister.po").open("rb") as _handle:
    CATALOG = {m.id: m.string for m in read_po(_handle) if m.id}


def in_form_language(text: str) -> str:
    return CATALOG.get(text) or text


def test_every_vocabulary_is_a_dropdown_with_the_schema_labels():
    def choice_fields(properties, prefix=""):
        for name, node in properties.items():
            items = node.get("items", {})
            if "enum" in node or "enum" in items:
                yield prefix + name, node.get("x-labels") or items.get("x-labels")
            if "properties" in node and prefix == "":
                yield from choice_fields(node["properties"], name + "__")
    checked = 0
    for element_id, labels in choice_fields(SCHEMA["properties"]):
        if element_id in ("schema_version",):
            continue
        if element_id not in ELEMENTS:
            continue
        element = ELEMENTS[element_id]
        assert element["type"] == "dropdown", element_id
        assert element["attributes"]["options"] == [in_form_language(label) for label in labels.values()], element_id
        checked += 1
    assert checked >= 12
    assert ELEMENTS["domains"]["attributes"]["multiple"] is True
    departments = yaml.safe_load((REPO / "registry" / "register.yaml").read_text())["departments"]
    default = yaml.safe_load((REPO / "registry" / "register.yaml").read_text())["default_language"]
    names = [d["name"][default] if isinstance(d["name"], dict) else d["name"] for d in departments.values()]
    assert ELEMENTS["owner__department"]["attributes"]["options"] == names


def test_the_required_core_is_required_and_help_comes_from_the_schema():
    required = {element_id for element_id, element in ELEMENTS.items() if element.get("validations", {}).get("required")}
    # texts are asked once per language; only the default language's answer is required
    assert required == {f"name__{DEFAULT}", f"summary__{DEFAULT}", "owner__department", "contact__email",
                        f"accountable__role__{DEFAULT}", "status", "ai_act__classification", "ai_act__role"}
    assert {"name__fi", "name__sv", "name__en"} <= set(ELEMENTS)
    assert ELEMENTS[f"summary__{DEFAULT}"]["attributes"]["description"] == \
        in_form_language(SCHEMA["properties"]["summary"]["description"])
    findings = ELEMENTS[f"bias_assessment__findings__{DEFAULT}"]["attributes"]["description"]
    assert findings.startswith(in_form_language(SCHEMA["properties"]["bias_assessment"]["properties"]["findings"]["description"]))
    # the schema's if/then, named where the proposer reads: "Required when “Was it assessed?” is “Done”."
    assert findings.endswith(in_form_language("Required when %(field)s is %(values)s.") % dict(
        field="”" + in_form_language("Was it assessed?") + "”", values="”" + in_form_language("Done") + "”"))


def registry_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    return tmp_path


def from_issue(tmp_path: Path, body: str | Path, *extra: str):
    path = body if isinstance(body, Path) else tmp_path / "body.md"
    if not isinstance(body, Path):
        path.write_text(body, encoding="utf-8")
    # The example is Finnish-first: these tests read the report in English (test_cli_languages reads it in Finnish).
    return run_cli("from-issue", "--body", path, "--issue-number", "7", "--language", "en", *extra, cwd=tmp_path)


def test_a_complete_issue_becomes_a_valid_record(tmp_path):
    root = registry_copy(tmp_path)
    result = from_issue(root, ISSUES / "complete.md", "--format", "json")
    assert result.returncode == 0, explain(result)
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["file"] == "registry/infrastructure/street-light-dimming.yaml"
    text = (root / report["file"]).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/ai-system.schema.json\n# Made from issue #7")
    record = yaml.safe_load(text)
    assert record["id"] == "street-light-dimming" and record["owner"] == {"department": "infrastructure", "team": "Street lighting"}
    assert record["domains"] == ["environment-sustainability", "urban-infrastructure"]
    assert record["tags"] == ["street lights", "energy saving", "night"]
    assert record["status"] == "pilot" and record["significant_impact"] is False
    assert record["ai_act"]["classification"] == "not-an-ai-system"
    assert record["human_oversight"]["level"] == "human-in-command"
    assert record["datasets"] == [{"name": "Motion detections", "description": "A yes/no signal when something moves under a light. Nothing else is recorded.",
                                   "source": "Street light sensors", "used_for": "operation", "personal_data": "none"}]
    assert record["lifecycle"] == {"started_on": "2026-09-01", "pilot_ends_on": "2027-03-31"}
    assert record["technique"]["how_it_works"].startswith("1. The sensor detects movement.\n2.")
    assert "_No response_" not in text


def test_optional_answers_left_empty_are_left_out(tmp_path):
    root = registry_copy(tmp_path)
    result = from_issue(root, ISSUES / "optional-missing.md")
    assert result.returncode == 0, explain(result)
    record = yaml.safe_load((root / "registry" / "infrastructure" / "street-light-dimming.yaml").read_text())
    assert set(record) == {"schema_version", "id", "name", "summary", "owner", "contact", "accountable", "status", "ai_act"}
    assert "_No response_" not in json.dumps(record)


def test_a_bad_email_gives_a_clear_located_error_and_the_file_to_fix(tmp_path):
    root = registry_copy(tmp_path)
    result = from_issue(root, ISSUES / "bad-email.md")
    assert result.returncode == 1
    target = "registry/infrastructure/street-light-dimming-bad-e-mail.yaml"
    assert f"Wrote {target} from issue #7." in result.stdout
    assert f"{target}:11:10: contact.email: 'street lighting at lakeholm' is not a valid e-mail address" in result.stdout
    assert (root / target).is_file()


def test_markdown_and_html_in_answers_are_kept_as_text_and_escaped_on_the_site(tmp_path):
    root = registry_copy(tmp_path)
    result = from_issue(root, ISSUES / "markdown-and-html.md")
    assert result.returncode == 0, explain(result)  # warnings about HTML, but valid
    assert "contains HTML" in result.stdout
    record = yaml.safe_load((root / "registry" / "infrastructure" / "permit-chat-helper.yaml").read_text())
    assert record["name"] == "Chat <b>helper</b> for <script>alert('XSS')</script> permits"
    assert record["description"] == ('# Not a heading\n\n- a *list* item\n- <a href="javascript:alert(1)">click</a>\n\n'
                                     '{{ 7*7 }} {: onclick="alert(2)" }\n\n--8<-- "mkdocs.yml"')
    project = make_project(tmp_path / "project", root / "registry")
    shutil.copytree(root / "schema", project / "schema")
    site = project / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, explain(built)
    from test_site import assert_inert
    from sites import article
    assert assert_inert(site) > 10
    page = article(site / "systems" / "permit-chat-helper" / "index.html")
    assert page.find("h1").get_text() == record["name"]
    assert '{{ 7*7 }} {: onclick="alert(2)" }' in page.get_text()


def test_untouched_blocks_are_ignored_and_unreadable_ones_are_kept(tmp_path):
    root = registry_copy(tmp_path)
    register, _ = load_config(root / "registry")
    questions = {q.english: q for q in form_questions(load_schemas(), register)}  # by the English labels of the body
    body = (ISSUES / "optional-missing.md").read_text()
    body = body.replace("### Data sets\n\n_No response_", "### Data sets\n\n```yaml\n" + questions["Data sets"].value + "```")
    body = body.replace("### Risks and measures\n\n_No response_", "### Risks and measures\n\n```yaml\n- risk: [unclosed\n```")
    result = from_issue(root, body)
    assert result.returncode == 1
    assert "The answer to 'Risks and measures' could not be read" in result.stdout
    text = (root / "registry" / "infrastructure" / "street-light-dimming.yaml").read_text()
    record = yaml.safe_load(text)
    assert "datasets" not in record and "risks" not in record
    assert "#   - risk: [unclosed" in text, "what the person wrote is kept in the file"


def test_an_existing_id_is_refused_and_nothing_is_written(tmp_path):
    root = registry_copy(tmp_path)
    body = (ISSUES / "optional-missing.md").read_text().replace("### Short id\n\n_No response_", "### Short id\n\nparking-scan-car")
    before = sorted(p.name for p in (root / "registry").rglob("*.yaml"))
    result = from_issue(root, body)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert sorted(p.name for p in (root / "registry").rglob("*.yaml")) == before


def test_a_body_can_come_from_standard_input(tmp_path):
    root = registry_copy(tmp_path)
    result = run_cli("from-issue", "--body", "-", cwd=root, input=(ISSUES / "optional-missing.md").read_text())
    assert result.returncode == 0, explain(result)
    assert (root / "registry" / "infrastructure" / "street-light-dimming.yaml").is_file()


def test_the_form_asks_each_text_in_each_language_and_the_answers_become_one_text_per_language(tmp_path):
    root = registry_copy(tmp_path)
    labels = {code: ELEMENTS[f"name__{code}"]["attributes"]["label"] for code in ("fi", "sv", "en")}
    assert len(set(labels.values())) == 3 and all(label.startswith(in_form_language("Name")) for label in labels.values())
    body = (ISSUES / "complete.md").read_text(encoding="utf-8").replace(
        "### Name\n\nStreet light dimming",
        f"### {labels['fi']}\n\nKatuvalojen himmennys\n\n### {labels['sv']}\n\nDämpning av gatubelysning\n\n"
        f"### {labels['en']}\n\nStreet light dimming")
    result = from_issue(root, body, "--format", "json")
    assert result.returncode == 0, explain(result)
    record = yaml.safe_load((root / json.loads(result.stdout)["file"]).read_text(encoding="utf-8"))
    assert record["name"] == {"fi": "Katuvalojen himmennys", "sv": "Dämpning av gatubelysning",
                              "en": "Street light dimming"}
    assert record["languages"] == ["fi", "sv", "en"]
    assert list(record)[:3] == ["schema_version", "id", "languages"]
    assert isinstance(record["summary"], str), "a text answered in one language stays a plain text"


# --- issue text stays text (red-team: a fence broken out of, U+2028 turned into fields) --------------------------

def _fence_closes(markdown: str) -> bool:
    """Whether a CommonMark tilde fence opened on the first line is closed before the last line."""
    lines = markdown.rstrip("\n").split("\n")
    opening = len(lines[0]) - len(lines[0].lstrip("~"))
    return any(set(line.strip()) == {"~"} and len(line.strip()) >= opening and len(line) - len(line.lstrip()) <= 3
               for line in lines[1:-1])


def test_a_short_id_that_tries_to_close_the_fence_stays_inside_it(tmp_path):
    root = registry_copy(tmp_path)
    hostile = "x y\n~~~~~~~~\n**Injected** [click](https://evil.example) @octocat\n~~~~~~~~~~~~~~~~text"
    body = (ISSUES / "optional-missing.md").read_text().replace("### Short id\n\n_No response_", f"### Short id\n\n{hostile}")
    result = from_issue(root, body, "--format", "json")
    assert result.returncode == 2, explain(result)
    report = json.loads(result.stdout)
    assert "\n" not in report["report"].strip() and "cannot be used as an id" in report["report"]
    markdown = report["report_markdown"]
    assert markdown.startswith("~~~") and not _fence_closes(markdown), markdown
    assert markdown.rstrip("\n").split("\n")[-1] == markdown.split("\n")[0].removesuffix("text")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\r"])
def test_a_line_separator_in_an_unreadable_answer_never_starts_a_field(tmp_path, separator):
    root = registry_copy(tmp_path)
    hostile = f"- risk: [unclosed{separator}name: Injected title{separator}id: injected"
    body = (ISSUES / "optional-missing.md").read_text()
    body = body.replace("### Risks and measures\n\n_No response_", f"### Risks and measures\n\n```yaml\n{hostile}\n```")
    result = from_issue(root, body, "--format", "json")
    assert result.returncode == 1, explain(result)
    report = json.loads(result.stdout)
    written = (root / report["file"]).read_bytes()
    for odd in ("\u2028", "\u2029", "\u0085"):
        assert odd.encode("utf-8") not in written
    record = yaml.safe_load(written.decode("utf-8"))  # the workflow no longer reads it so, but no reader may see a field
    assert record["name"] == report["name"] == "Street light dimming" and record["id"] == "street-light-dimming"
    assert "#   name: Injected title" in written.decode("utf-8"), "what the person wrote is kept, as comments"


def test_the_json_gives_the_workflow_the_name_on_one_line(tmp_path):
    root = registry_copy(tmp_path)
    result = from_issue(root, ISSUES / "complete.md", "--format", "json")
    report = json.loads(result.stdout)
    assert report["name"] == "Street light dimming"
    assert not _fence_closes(report["report_markdown"])
