"""The ``airegister`` command run as a real subprocess: exit codes, output formats, scaffolding."""
from __future__ import annotations

import json
import re
import shutil

from conftest import FIXTURES, REPO, explain, run_cli


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("airegister "), explain(result)


def test_the_example_register_is_valid():
    result = run_cli("validate", "registry", "--language", "en")  # the example is Finnish-first; the summary in English
    assert result.returncode == 0, explain(result)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("valid: checked ") and "0 errors" in last


def test_default_path_is_the_registry_folder():
    result = run_cli("validate")
    assert result.returncode == 0, explain(result)


def test_invalid_files_exit_1_and_report_each_problem_with_location_and_fix():
    result = run_cli("validate", "invalid", cwd=FIXTURES)
    assert result.returncode == 1, explain(result)
    assert "invalid/enum-typo.yaml:11:9: status: 'live' is not one of: planned, in development, pilot, in use, paused, retired (did you mean 'in use'?)" in result.stdout
    assert "    how to fix: Write 'in use'." in result.stdout
    files = len(list((FIXTURES / "invalid").rglob("*.yaml")))  # every case, plus register.yaml
    assert result.stdout.strip().splitlines()[-1].startswith(f"INVALID: checked {files} files ({files - 1} records)")
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_errors_exit_2():
    for args in (["validate", "no/such/folder"], ["validate", "/"], ["validate", "--format", "xml"], ["frobnicate"]):
        result = run_cli(*args)
        assert result.returncode == 2, explain(result)
        assert "Traceback" not in result.stderr


def test_json_output():
    result = run_cli("validate", "invalid/enum-typo.yaml", "--format", "json", cwd=FIXTURES)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["summary"]["errors"] == 1 and report["summary"]["records"] == 1
    assert report["problems"] == [{
        "file": "invalid/enum-typo.yaml", "line": 11, "column": 9, "field": "status", "severity": "error", "code": "enum",
        "message": "'live' is not one of: planned, in development, pilot, in use, paused, retired (did you mean 'in use'?)",
        "hint": "Write 'in use'."}]


def test_validating_one_file_still_checks_ids_across_the_register():
    result = run_cli("validate", "invalid/duplicate-id-a/shared-name.yaml", "--format", "json", cwd=FIXTURES)
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["problems"]] == ["duplicate-id"]
    assert {p["file"] for p in report["problems"]} == {"invalid/duplicate-id-a/shared-name.yaml"}


def test_github_annotations_escape_hostile_values(tmp_path):
    registry = tmp_path / "registry"
    registry.mkdir()
    shutil.copy(FIXTURES / "invalid" / "register.yaml", registry)
    text = (FIXTURES / "invalid" / "enum-typo.yaml").read_text().replace("id: enum-typo", "id: hostile")
    text = text.replace("status: live", 'status: "live::error::forged%0Aline\\nbreak,colon: 100%"')
    (registry / "hostile.yaml").write_text(text)
    summary = tmp_path / "summary.md"
    result = run_cli("validate", "--format", "github", "registry", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, explain(result)
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 1
    line = annotations[0]
    assert line.startswith("::error file=registry/hostile.yaml,line=11,col=9,title=status%3A enum::")
    message = line.split("::", 2)[2]
    # the record's text cannot fake an escape or break the line (a command only starts at the start of a line)
    assert "live::error::forged%250Aline\\u000abreak,colon: 100%25'" in message
    assert message.endswith("retired%0AUse one of the listed values, written exactly as shown.")
    assert all(not l.startswith("::") for l in lines if l not in annotations)
    table = summary.read_text()
    assert "| error | registry/hostile.yaml | 11 | status |" in table


def test_new_writes_a_commented_record_that_fails_until_filled_in(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    result = run_cli("new", "street-light-dimming", "--department", "testing", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    target = tmp_path / "registry" / "testing" / "street-light-dimming.yaml"
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "id: street-light-dimming" in text and "department: testing" in text

    check = run_cli("validate", "registry", "--format", "json", cwd=tmp_path)
    problems = [p for p in json.loads(check.stdout)["problems"] if p["file"].endswith("street-light-dimming.yaml")]
    assert check.returncode == 1
    assert {p["code"] for p in problems} == {"placeholder"}
    assert {p["field"] for p in problems} == {"name", "summary", "contact.email", "accountable.role", "ai_act.classification", "status"}

    filled = (text.replace("<Name>", "Street light dimming").replace("<Short summary>", "Dims street lights when streets are empty.")
              .replace("<team mailbox, such as team@city.example>", "lighting@fixture-city.example").replace("<Role title>", "Head of Lighting"))
    filled = re.sub(r"^  classification: .*$", "  classification: minimal", filled, flags=re.M)
    filled = re.sub(r"^status: .*$", "status: in use", filled, flags=re.M)
    target.write_text(filled)
    check = run_cli("validate", "registry", cwd=tmp_path)
    assert "ai_act.role" in check.stdout  # a minimal-risk AI system must also say whether the city is provider or deployer
    target.write_text(filled.replace("  classification: minimal", "  classification: minimal\n  role: deployer"))
    check = run_cli("validate", "registry", cwd=tmp_path)
    assert check.returncode == 0, explain(check)


def test_new_marks_the_fields_required_only_in_some_cases(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    result = run_cli("new", "street-light-dimming", "--department", "testing", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    text = (tmp_path / "registry" / "testing" / "street-light-dimming.yaml").read_text()
    assert "ai_act.role: Required when “Classification” is “Prohibited practice”, “High-risk AI system”, " \
           "“Transparency obligations” or “Minimal risk”." in text.replace("\n# ", " ")
    assert "# lifecycle.retired_on: Required when “Status” is “Retired”." in text
    assert "# bias_assessment.date: Required when “Was it assessed?” is “Done”." in text


def test_new_refuses_an_unknown_department_and_lists_the_known_ones(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    result = run_cli("new", "parking-scan", "--department", "testin", cwd=tmp_path)
    assert result.returncode == 2, explain(result)
    assert "there is no department 'testin' in register.yaml (did you mean 'testing'?)" in result.stderr
    assert "The departments are: testing." in result.stderr
    assert not list((tmp_path / "registry").rglob("parking-scan.yaml"))


def test_validate_warns_about_overdue_reviews_and_an_out_of_date_issue_form(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    minimal = tmp_path / "registry" / "minimal.yaml"
    minimal.write_text(minimal.read_text() + "record:\n  last_reviewed: 2020-01-01\n  next_review: 2020-06-01\n")
    assert run_cli("issue-form", cwd=tmp_path).returncode == 0
    result = run_cli("validate", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, explain(result)  # warnings do not block publishing
    assert [(p["file"], p["field"], p["code"]) for p in json.loads(result.stdout)["problems"]] == [
        ("registry/minimal.yaml", "record.next_review", "review-overdue")]
    register = tmp_path / "registry" / "register.yaml"
    register.write_text(register.read_text().replace("en: Testing Department", "en: Testing and Quality Department"))
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    assert "registry/minimal.yaml:17:16: warning: record.next_review: the review was due on 2020-06-01" in result.stdout
    assert (".github/ISSUE_TEMPLATE/propose-ai-system.yml:1:1: warning: the issue form is out of date; changed since "
            "it was written: the departments in register.yaml") in result.stdout
    assert "how to fix: Run 'airegister issue-form' and commit the file." in result.stdout


def test_new_never_overwrites(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    before = (tmp_path / "registry" / "minimal.yaml").read_bytes()
    result = run_cli("new", "minimal", "--department", "testing", cwd=tmp_path)
    assert result.returncode == 2 and "already exists" in result.stderr and "Nothing was written" in result.stderr
    assert (tmp_path / "registry" / "minimal.yaml").read_bytes() == before
    assert not (tmp_path / "registry" / "testing" / "minimal.yaml").exists()


def test_new_refuses_an_unusable_id(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "valid", tmp_path / "registry")
    result = run_cli("new", "Parking Scan", cwd=tmp_path)
    assert result.returncode == 2 and "cannot be used as an id" in result.stderr


def test_a_broken_schema_is_reported_without_a_traceback(tmp_path):
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "ai-system.schema.json").write_text("{ not json")
    (schema / "register.schema.json").write_text("{}")
    result = run_cli("validate", str(FIXTURES / "valid"), "--schema", str(schema))
    assert result.returncode == 3
    assert "schema files are broken" in result.stderr and "ai-system.schema.json:1:3" in result.stderr
    assert "Traceback" not in result.stderr
