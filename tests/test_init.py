"""`airegister init`: a new city gets a working register, with the same tools and checks as this project."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.authoring.project import SHARED_FILES

from conftest import REPO, explain, run_cli
from sites import mkdocs_build


@pytest.fixture(scope="module")
def new_register(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "testville"
    result = run_cli("init", target, "--name", "City of Testville", "--languages", "en,fi", "--country", "FI",
                     "--department", "traffic=Traffic Office", "--department", "social=Social Services",
                     "--requirement", f"airegister @ {REPO.as_uri()}")
    assert result.returncode == 0, explain(result)
    return target


def test_the_new_register_has_everything_it_needs(new_register):
    for relative in ("registry/register.yaml", "registry/traffic/example-system.yaml", "schema/ai-system.schema.json",
                     "schema/register.schema.json", "mkdocs.yml", "Makefile", "README.md", "requirements.txt", ".gitignore",
                     ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/propose-ai-system.yml", ".github/ISSUE_TEMPLATE/config.yml",
                     ".pre-commit-config.yaml", *SHARED_FILES):
        assert (new_register / relative).is_file(), relative
    config = yaml.safe_load((new_register / "registry" / "register.yaml").read_text())
    assert config["organisation"] == {"name": "City of Testville", "website": "https://www.city-of-testville.example",
                                      "country": "FI", "type": "municipality"}
    assert config["default_language"] == "en" and config["languages"] == ["en", "fi"]
    assert {k: v["name"] for k, v in config["departments"].items()} == {"traffic": "Traffic Office", "social": "Social Services"}
    assert "objection" in config and "contact" in config
    assert (new_register / "requirements.txt").read_text().strip().endswith(f"airegister @ {REPO.as_uri()}")


def test_the_new_register_is_valid_and_its_form_is_current(new_register):
    result = run_cli("validate", cwd=new_register)
    assert result.returncode == 0, explain(result)
    assert run_cli("issue-form", "--check", cwd=new_register).returncode == 0
    checker = Path(sys.executable).parent / "check-jsonschema"
    for schema, files in (("vendor.github-workflows", sorted((new_register / ".github" / "workflows").glob("*.yml"))),
                          ("vendor.github-issue-forms", [new_register / ".github/ISSUE_TEMPLATE/propose-ai-system.yml"]),
                          ("vendor.github-issue-config", [new_register / ".github/ISSUE_TEMPLATE/config.yml"])):
        checked = subprocess.run([str(checker), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True)
        assert checked.returncode == 0, explain(checked)


def test_the_new_register_uses_this_projects_workflows_unchanged(new_register):
    for relative in SHARED_FILES:
        assert (new_register / relative).read_bytes() == (REPO / relative).read_bytes(), relative


def test_the_new_readme_opens_with_the_same_two_commands(new_register):
    readme = (new_register / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make serve", "make test"]
    makefile = (new_register / "Makefile").read_text()
    for target in ("serve", "test", "build", "validate"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "pip install --quiet -r requirements.txt" in makefile


def test_the_site_builds_at_once_with_one_record_and_with_none(new_register, tmp_path):
    result = mkdocs_build(new_register, tmp_path / "site-one")
    assert result.returncode == 0, explain(result)
    assert (tmp_path / "site-one" / "systems" / "example-system" / "index.html").is_file()
    example = new_register / "registry" / "traffic" / "example-system.yaml"
    kept = example.read_text()
    example.unlink()
    try:
        result = mkdocs_build(new_register, tmp_path / "site-none")
        assert result.returncode == 0, explain(result)
        assert "0 systems" in (tmp_path / "site-none" / "systems" / "index.html").read_text()
    finally:
        example.write_text(kept)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", tmp_path, "--name", "City of X")
    assert result.returncode == 2 and "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("options, message", [
    (["--languages", "english"], "not a language code"),
    (["--department", "Traffic Office"], "ID=NAME"),
    (["--department", "Index=Main"], "cannot be a department id"),
    (["--country", "Finland"], "two-letter country code"),
])
def test_init_explains_wrong_options_and_writes_nothing(tmp_path, options, message):
    target = tmp_path / "new"
    result = run_cli("init", target, "--name", "City of X", *options)
    assert result.returncode == 2 and message in result.stderr
    assert not target.exists()


@pytest.mark.site
def test_a_new_register_installs_and_builds_as_created_in_a_fresh_environment(tmp_path):
    """No --requirement: the register names the running generator's own source and `make build` works as written."""
    target = tmp_path / "fresh"
    result = run_cli("init", target, "--name", "City of Freshtown", "--languages", "en,fi")
    assert result.returncode == 0, explain(result)
    # This test suite runs from a clone of the project, so the source is a wheel built from it, kept in the register.
    requirement = [line for line in (target / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    wheels = sorted((target / "wheels").glob("airegister-*.whl"))
    assert len(wheels) == 1 and requirement == [f"./wheels/{wheels[0].name}"]
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    built = subprocess.run(["make", "build", f"PYTHON={shutil.which('python3')}"], cwd=target, env=env,
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, explain(built)
    assert (target / ".venv" / "bin" / "airegister").is_file()
    assert list((target / ".venv").glob("lib/python3*/site-packages/generator/schema/ai-system.schema.json")), \
        "the generator is installed from the wheel, not linked to this clone"
    page = (target / "site" / "systems" / "example-system" / "index.html").read_text()
    assert "City of Freshtown" in page


def test_the_new_registers_pull_request_template_is_this_projects_own_in_english(new_register):
    """The template a city gets is made from the catalogs; in English it is exactly this project's own."""
    assert (new_register / ".github" / "pull_request_template.md").read_bytes() == \
        (REPO / ".github" / "pull_request_template.md").read_bytes()


def test_a_finnish_register_gets_its_staff_files_and_example_in_finnish(tmp_path):
    target = tmp_path / "helsinki"
    result = run_cli("init", target, "--name", "Helsingin kaupunki", "--languages", "fi,sv,en",
                     "--requirement", f"airegister @ {REPO.as_uri()}", env={"LANGUAGE": "en"})
    assert result.returncode == 0, explain(result)  # the clerk reads English; the register's files are Finnish
    template = (target / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Mikä muuttuu" in template and "## Tarkistuslista muutoksen tekijälle" in template  # "What changes"
    assert "- [ ] **Tietosuoja.** " in template and "## Tarkastajalle" in template  # "Data protection", "For the reviewer"
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Tekoälyrekisteri – Helsingin kaupunki\n")
    assert "## Kuvauksen lisääminen tai muuttaminen" in readme and '"Ehdota tekoälyjärjestelmää"' in readme
    assert "make serve   # " in readme and "make test    # " in readme
    links = yaml.safe_load((target / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert links["contact_links"][0]["name"] == "Kysymys rekisterin järjestelmästä"
    config = yaml.safe_load((target / "registry" / "register.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "Tekoälyrekisteri – Helsingin kaupunki"
    assert config["introduction"].startswith("Helsingin kaupunki käyttää työssään algoritmeja ja tekoälyä.")
    assert config["departments"] == {"general": {"name": "Yleishallinto", "email": "general@helsingin-kaupunki.example"}}
    record = yaml.safe_load((target / "registry" / "general" / "example-system.yaml").read_text(encoding="utf-8"))
    assert record["name"] == "Esimerkkijärjestelmä" and record["accountable"]["role"] == "Toimialan johtaja"
    site = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert site["site_name"] == "Tekoälyrekisteri – Helsingin kaupunki"
    assert "# Julkinen osoite; julkaisutyönkulku asettaa SITE_URL-arvon.\n" in (target / "mkdocs.yml").read_text()
    assert (target / ".github" / "CODEOWNERS").read_text(encoding="utf-8").startswith("# Kuka tarkastaa mitä. ")
    for name in ("README.md", ".github/pull_request_template.md", ".github/ISSUE_TEMPLATE/config.yml",
                 "registry/register.yaml", "registry/general/example-system.yaml", "mkdocs.yml", ".github/CODEOWNERS"):
        text = (target / name).read_text(encoding="utf-8")
        for english in ("Thank you", "What changes", "Replace", "Adding or changing", "A question about",
                        "Example system", "uses algorithms", "The public address", "Who reviews what"):
            assert english not in text, (name, english)
    checked = run_cli("validate", cwd=target, env={"LANGUAGE": ""})
    assert checked.returncode == 0, explain(checked)
    assert "kunnossa: tarkistettu 2 tiedostoa (1 kuvaus)" in checked.stdout  # "valid: checked 2 files (1 record)"
