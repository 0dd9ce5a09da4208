"""The live preview (`airegister preview`, `make serve`): a real `mkdocs serve --dirty` on a small register.

A save with an error shows every located problem in the browser instead of hanging; a save that fixes it shows the
record again; a register that has an error when the preview starts is served all the same, with the problems; a
save rebuilds only the edited record's page and the pages that name it (its lists, a record it succeeds), in every
language of the site; and the page reloads itself in a real browser, under the site's Content-Security-Policy."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import AIREGISTER, FIXTURES, REPO, explain, run_cli
from sites import ENGLISH_CONFIG, fetch, free_port, make_project

pytestmark = pytest.mark.site


def wait_for(url: str, text: str, limit: float = 120.0) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {text!r} within {limit:.0f} s; it shows:\n{page[:3000]}")


def epoch(page: str) -> int:
    """The build a served page was written by (the preview's reload script reads it)."""
    return int(re.search(r'<meta name="airegister-preview" content="(\d+)">', page).group(1))


@contextlib.contextmanager
def previewing(project: Path, log_path: Path) -> Iterator[str]:
    """`airegister preview` running in ``project``; yields the address it serves."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log_path.open("w") as log:
        server = subprocess.Popen([str(AIREGISTER), "preview", "--port", str(port)], cwd=project, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", ENGLISH_CONFIG)
    with previewing(project, tmp_path / "preview.log") as base:
        wait_for(base + "systems/minimal/", "Minimal system", limit=300)
        yield project, base, tmp_path / "preview.log"


def test_an_error_is_shown_in_the_browser_and_a_fix_shows_the_record_again(preview):
    project, base, log = preview
    record = project / "registry" / "minimal.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("status: planned", "status: live"), encoding="utf-8")
    page = wait_for(base + "systems/minimal/", "The register has errors")
    assert "<code>registry/minimal.yaml:12:9</code> <code>status</code>: &#39;live&#39; is not one of" in page
    assert "(did you mean &#39;in use&#39;?)" in page and "How to fix:</strong> Write &#39;in use&#39;." in page
    assert "The register has errors" in fetch(base + "systems/")  # the lists show it too
    assert "registry/minimal.yaml:12:9: status" in log.read_text()  # and the terminal
    record.write_text(good.replace("A record with only", "A record, saved again, with only"), encoding="utf-8")
    page = wait_for(base + "systems/minimal/", "A record, saved again, with only")
    assert "The register has errors" not in page
    assert "The register has errors" not in wait_for(base + "systems/", "A record, saved again, with only")


def test_a_save_rebuilds_only_the_records_page_and_the_lists_that_show_it(preview):
    project, base, _ = preview
    lists = ("systems/", "browse/status/planned/", "departments/testing/")  # minimal is planned, in testing
    before = {path: epoch(fetch(base + path)) for path in ("systems/minimal/", "systems/retired-system/", *lists)}
    assert "A record with only" in fetch(base + "browse/status/planned/")
    record = project / "registry" / "minimal.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("A record with only", "An edited record with only"),
                      encoding="utf-8")
    edited = wait_for(base + "systems/minimal/", "An edited record with only")
    assert epoch(edited) > before["systems/minimal/"]
    for path in lists:
        assert epoch(wait_for(base + path, "An edited record with only")) > before[path], path
    assert epoch(fetch(base + "systems/retired-system/")) == before["systems/retired-system/"]  # not rewritten


def test_a_record_that_names_the_edited_one_as_its_successor_is_rebuilt_too(preview):
    project, base, _ = preview
    assert "High-risk system" in fetch(base + "systems/retired-system/")  # retired-system is replaced by it
    record = project / "registry" / "high-risk-system.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: High-risk system", "name: Renamed successor"),
                      encoding="utf-8")
    wait_for(base + "systems/high-risk-system/", "Renamed successor")
    page = wait_for(base + "systems/retired-system/", "Renamed successor")
    assert "replaced" in page.lower()


def test_a_register_with_an_error_at_the_start_is_served_with_its_problems(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", ENGLISH_CONFIG)
    record = project / "registry" / "minimal.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("status: planned", "status: live"), encoding="utf-8")
    with previewing(project, tmp_path / "preview.log") as base:
        page = wait_for(base, "The register has errors", limit=300)  # the home page, before any good build
        assert "registry/minimal.yaml:12:9" in page and "(did you mean &#39;in use&#39;?)" in page
        assert "registry/minimal.yaml:12:9: status" in (tmp_path / "preview.log").read_text()  # the terminal says it
        record.write_text(good.replace("A record with only", "A fixed record with only"), encoding="utf-8")
        assert "The register has errors" not in wait_for(base + "systems/minimal/", "A fixed record with only")
        assert "The register has errors" not in wait_for(base + "systems/", "A fixed record with only")
        assert "The register has errors" not in fetch(base)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_serve_starts_the_preview_without_stopping_at_the_check(tmp_path):
    """`make serve` (of this repository and of a register made by `init`) does not run `validate` and `build` first:
    they stop at the first error in a record, before the preview could show it."""
    made = run_cli("init", tmp_path / "new", "--name", "City of X")
    assert made.returncode == 0, explain(made)
    for folder in (REPO, tmp_path / "new"):
        dry = subprocess.run(["make", "-n", "serve"], cwd=folder, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        assert "mkdocs serve --livereload --dirty" in dry.stdout, folder
        assert "airegister validate" not in dry.stdout and "mkdocs build" not in dry.stdout, folder


I18N_CONFIG = ENGLISH_CONFIG.replace("  - airegister:\n      language: en\n", """  - airegister
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - locale: en
          default: true
          name: English
        - locale: fi
          name: Suomi
        - locale: sv
          name: Svenska
""")


def test_in_a_site_of_three_languages_a_save_updates_the_page_in_each_language(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", I18N_CONFIG)
    trees = ("", "fi/", "sv/")
    with previewing(project, tmp_path / "preview.log") as base:
        for tree in trees:
            wait_for(f"{base}{tree}systems/minimal/", "Minimal system", limit=300)
        before = {tree: epoch(fetch(f"{base}{tree}systems/retired-system/")) for tree in trees}
        record = project / "registry" / "minimal.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("A record with only", "A translated record, only"),
                          encoding="utf-8")
        for tree in trees:
            page = wait_for(f"{base}{tree}systems/minimal/", "A translated record, only")
            assert f'lang="{tree[:2] or "en"}"' in page, tree  # each language's own page
            wait_for(f"{base}{tree}systems/", "A translated record, only")
            assert epoch(fetch(f"{base}{tree}systems/retired-system/")) == before[tree], tree  # not rewritten


@pytest.mark.browser
def test_the_page_reloads_itself_under_the_content_security_policy(preview, browser):
    project, base, _ = preview
    record = project / "registry" / "minimal.yaml"
    good = record.read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        blocked = []
        page.on("console", lambda message: blocked.append(message.text)
                if "Content Security Policy" in message.text and "airegister-preview" in message.text else None)
        page.goto(base + "systems/minimal/")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        page.wait_for_timeout(500)  # the script is waiting for the next build
        record.write_text(good.replace("status: planned", "status: live"), encoding="utf-8")
        page.get_by_role("heading", name="The register has errors").wait_for(timeout=120_000)
        assert "registry/minimal.yaml:12:9" in page.inner_text("article")
        record.write_text(good.replace("A record with only", "A reloaded record with only"), encoding="utf-8")
        page.wait_for_function("text => (document.querySelector('article') || {innerText: ''}).innerText"
                               ".includes(text)", arg="A reloaded record with only", timeout=120_000)
        assert blocked == []
    finally:
        page.close()


def test_the_terminal_repeats_only_the_warnings_of_the_saved_file(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", ENGLISH_CONFIG)
    other = project / "registry" / "retired-system.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("testing@fixture-city.example",
                                                               "maija.meikalainen@fixture-city.example"), encoding="utf-8")
    log = tmp_path / "preview.log"
    warning = "registry/retired-system.yaml:8:10: warning: contact.email"
    with previewing(project, log) as base:
        wait_for(base + "systems/minimal/", "Minimal system", limit=300)
        assert log.read_text().count(warning) == 1  # the first build tells every warning
        record = project / "registry" / "minimal.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("A record with only", "A quiet record with only"),
                          encoding="utf-8")
        wait_for(base + "systems/minimal/", "A quiet record with only")
        assert log.read_text().count(warning) == 1  # another file's save does not repeat it
        other.write_text(other.read_text(encoding="utf-8").replace("switched off", "turned off"), encoding="utf-8")
        wait_for(base + "systems/retired-system/", "turned off")
        assert log.read_text().count(warning) == 2  # saving the file itself tells it again
