"""Facts real registers publish (issue 14): dates known to the month or year, a named contact person, registry-office
mailboxes, "not known" for the bias assessment, and the attributes a model leaves out. Each is checked, shown on the
page (in English and Finnish) and exported."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, explain, run_cli
from sites import ENGLISH_CONFIG, PROJECT_CONFIG, article, make_project, mkdocs_build

FACTS = FIXTURES / "facts" / "library-chatbot.yaml"


def register_with(tmp_path: Path, record: str | None = None, config_extra: str = "") -> Path:
    root = tmp_path / "registry"
    root.mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "register.yaml", root / "register.yaml")
    if config_extra:
        with (root / "register.yaml").open("a", encoding="utf-8") as handle:
            handle.write(config_extra)
    (root / "library-chatbot.yaml").write_text(record or FACTS.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def problems(root: Path) -> tuple[int, list[dict]]:
    result = run_cli("validate", root, "--format", "json")
    assert result.returncode in (0, 1), explain(result)
    return result.returncode, json.loads(result.stdout)["problems"]


def test_the_facts_are_valid_and_only_the_personal_address_is_warned_about(tmp_path):
    code, found = problems(register_with(tmp_path))
    assert code == 0, found
    # the registry-office mailbox (helsinki.kirjaamo@) looks like first.last but is a shared mailbox
    assert [(p["field"], p["code"]) for p in found] == [("contact.person.email", "personal-email")]
    assert "named_contacts: true" in found[0]["hint"]


def test_a_register_that_publishes_named_contacts_turns_the_warning_off(tmp_path):
    code, found = problems(register_with(tmp_path, config_extra="named_contacts: true\n"))
    assert code == 0 and found == []


@pytest.mark.parametrize("written, message", [
    ("2021-02-30", "'2021-02-30' is not a valid date (YYYY-MM-DD)"),
    ("2021-13", "is not a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)"),
    ("September 2021", "is not a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)"),
])
def test_a_wrong_date_month_or_year_is_explained(tmp_path, written, message):
    record = FACTS.read_text(encoding="utf-8").replace('in_use_since: "2021-09"', f'in_use_since: "{written}"')
    code, found = problems(register_with(tmp_path, record))
    errors = [p for p in found if p["severity"] == "error"]
    assert code == 1 and [p["field"] for p in errors] == ["lifecycle.in_use_since"], found
    assert message in errors[0]["message"]


def test_a_year_without_quotes_is_explained(tmp_path):
    record = FACTS.read_text(encoding="utf-8").replace('date: "2023"', "date: 2023")
    code, found = problems(register_with(tmp_path, record))
    errors = [p for p in found if p["severity"] == "error"]
    assert code == 1 and [p["field"] for p in errors] == ["impact_assessments[0].date"], found
    assert errors[0]["hint"] == 'Put it in quotes to make it text: "2023".'


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for language, config in (("en", ENGLISH_CONFIG), ("fi", PROJECT_CONFIG.replace(
            "  - airegister\n", "  - airegister:\n      language: fi\n"))):
        base = tmp_path_factory.mktemp(f"facts-{language}")
        project = make_project(base / "project", register_with(base / "source"), config)
        result = mkdocs_build(project, base / "site")
        assert result.returncode == 0, explain(result)
        built[language] = base / "site"
    return built


def test_the_page_shows_the_month_the_contact_person_and_the_new_answers(sites):
    page = article(sites["en"] / "systems" / "library-chatbot" / "index.html")
    text = " ".join(page.get_text(" ").split())
    assert "September 2021" in text and "1 September 2021" not in text
    assert "2023" in text and "1 January 2023" not in text
    assert "Contact person: Maija Meikäläinen, Service designer" in text
    responsible = page.find("dt", string="Who is responsible").find_next("dd").get_text()
    assert "Maija" not in responsible and "Head of Library Services" in responsible
    assert "Not known" in text
    assert "Attributes left out" in text and "Ethnic or racial origin" in text and "Nationality" in text


def test_the_finnish_page_shows_the_month_in_finnish(sites):
    text = " ".join(article(sites["fi"] / "systems" / "library-chatbot" / "index.html").get_text(" ").split())
    assert "syyskuu 2021" in text and "1. syyskuuta 2021" not in text
    assert "Yhteyshenkilö: Maija Meikäläinen" in text and "Ei tiedossa" in text


def test_the_exports_carry_the_month_and_the_contact_person(sites):
    exports = sites["en"] / "data" / "exports"
    eurocities = (exports / "eurocities-0.3.1" / "eurocities-0.3.1.csv").read_text(encoding="utf-8")
    assert "Maija Meikäläinen" in eurocities  # the standard's contact name
    nl = (exports / "nl-1.0" / "nl-1.0.csv").read_text(encoding="utf-8")
    assert "2021-09" in nl  # the Dutch begin date is a month
