"""Validation of records: every invalid fixture gives exactly its expected, located, hinted error."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.core.errors import Severity
from generator.model.registry import load_registry

from conftest import FIXTURES

INVALID = FIXTURES / "invalid"
EXPECTED = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def invalid_result(tmp_path_factory):
    # Run from the fixtures folder, so files are shown as invalid/<case>.yaml.
    import os
    cwd = os.getcwd()
    os.chdir(FIXTURES)
    try:
        return load_registry(Path("invalid"))
    finally:
        os.chdir(cwd)


def case_files() -> list[str]:
    return sorted(p.relative_to(INVALID).as_posix() for p in INVALID.rglob("*.yaml") if p.name != "register.yaml")


def test_every_invalid_fixture_has_an_expectation_and_every_expectation_a_fixture():
    assert sorted(EXPECTED) == case_files()


def test_the_required_kinds_of_mistake_all_have_a_fixture():
    required = {"duplicate-key-top", "duplicate-key-nested", "anchor", "alias", "python-tag", "tab-indentation", "not-utf8",
                "empty", "top-level-list", "two-documents", "missing-required", "unknown-field", "enum-typo",
                "empty-required-text", "whitespace-only-text", "bad-email", "javascript-link", "data-link",
                "duplicate-id-a/shared-name", "id-mismatch", "oversized", "deep-nesting"}
    assert required <= {name.removesuffix(".yaml") for name in EXPECTED}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_fixture_gives_its_expected_error(invalid_result, case):
    shown = f"invalid/{case}"
    got = [[p.line, p.column, p.field, p.message] for p in invalid_result.problems if p.file == shown and p.is_error]
    assert got == EXPECTED[case]
    for problem in invalid_result.problems:
        if problem.file == shown:
            assert problem.hint, f"{shown}: every error must say how to fix it"


def test_one_run_reports_every_file(invalid_result):
    files_with_errors = {p.file for p in invalid_result.errors}
    assert files_with_errors == {f"invalid/{case}" for case in EXPECTED}
    assert invalid_result.registry is None, "an invalid register must not produce a model (and so no site)"


def test_the_valid_corpus_passes_without_warnings():
    result = load_registry(FIXTURES / "valid")
    assert result.problems == []
    assert result.registry is not None and len(result.registry) == 6


def test_text_values_stay_as_typed_in_the_model():
    system = load_registry(FIXTURES / "valid").registry.get("values-stay-text")
    assert system.data["name"] == "2024-01-05"
    assert system.data["tags"] == ["yes", "no", "on", "off", "1.10", "0755"]
    assert system.data["technique"]["models"][0]["version"] == "1.10"


def copy_register(tmp_path: Path, *records: tuple[str, str]) -> Path:
    target = tmp_path / "registry"
    target.mkdir(parents=True)
    shutil.copy(INVALID / "register.yaml", target / "register.yaml")
    for name, text in records:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    return target


BASE = (INVALID / "enum-typo.yaml").read_text(encoding="utf-8").replace("status: live", "status: in use")


def record(record_id: str, extra: str = "", **replace: str) -> str:
    text = BASE.replace("id: enum-typo", f"id: {record_id}") + extra
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def test_personal_looking_address_is_a_warning_not_an_error(tmp_path):
    root = copy_register(tmp_path, ("person.yaml", record("person").replace("testing@fixture-city.example", "maija.meikalainen@fixture-city.example")))
    result = load_registry(root)
    assert result.errors == []
    assert [(p.field, p.code, p.severity) for p in result.warnings] == [("contact.email", "personal-email", Severity.WARNING)]
    assert result.registry is not None, "warnings do not block publishing"


def test_known_team_mailboxes_do_not_warn(tmp_path):
    root = copy_register(tmp_path, ("person.yaml", record("person").replace("testing@fixture-city.example", "traffic.control@fixture-city.example")))
    config = root / "register.yaml"
    config.write_text(config.read_text() + "functional_mailboxes: [traffic.control@fixture-city.example]\n")
    assert load_registry(root).problems == []


def test_a_missing_translation_is_a_warning(tmp_path):
    text = record("translated", "languages: [en, fi]\n").replace("name: Test system", "name:\n  en: Test system\n  fi: Testijärjestelmä")
    text = text.replace("summary: A test system used to check one kind of mistake.", "summary:\n  en: Only in English.")
    result = load_registry(copy_register(tmp_path, ("translated.yaml", text)))
    assert result.errors == []
    assert [(p.field, p.code) for p in result.warnings] == [("summary", "translation-missing"), ("accountable.role", "translation-missing")]
    assert result.warnings[0].message == "has no 'fi' translation, although the record lists 'fi' in its languages"
    assert result.warnings[1].message == "is written in 'en' only, although the record lists en, fi in its languages"


def test_a_record_in_the_wrong_department_folder_is_an_error(tmp_path):
    config = (INVALID / "register.yaml").read_text() + "  other:\n    name: Other Department\n"
    root = copy_register(tmp_path, ("other/misplaced.yaml", record("misplaced")))
    (root / "register.yaml").write_text(config)
    result = load_registry(root)
    assert [(p.field, p.code) for p in result.errors] == [("owner.department", "department-folder")]


def test_replaced_by_must_name_an_existing_record(tmp_path):
    retired = record("old-system", "lifecycle:\n  retired_on: 2024-01-01\n  retirement_reason: Replaced.\n  replaced_by: new-system\n",
                     status_in_use="status: retired")
    result = load_registry(copy_register(tmp_path, ("old-system.yaml", retired)))
    assert [(p.field, p.message) for p in result.errors] == [("lifecycle.replaced_by", "there is no record with the id 'new-system'")]
    result = load_registry(copy_register(tmp_path / "2", ("old-system.yaml", retired), ("new-system.yaml", record("new-system"))))
    assert result.problems == []


def test_file_names_differing_only_in_case_are_reported(tmp_path):
    root = copy_register(tmp_path, ("a/dup.yaml", record("dup")), ("A/dup.yaml", record("dup")))
    codes = {p.code for p in load_registry(root).errors}
    assert {"case-collision", "duplicate-id"} <= codes


def test_messages_never_carry_raw_line_breaks_from_the_record(tmp_path):
    hostile = record("hostile", 'website: "javascript:alert(1)\\n::error::injected"\n"weird\\nkey": 1\n')
    result = load_registry(copy_register(tmp_path, ("hostile.yaml", hostile)))
    assert result.errors
    for problem in result.problems:
        assert "\n" not in problem.message and "\n" not in problem.field
