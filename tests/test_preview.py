"""The live preview (`airegister preview`, `make serve`): a real `mkdocs serve --dirty` on a small register.

A save with an error shows every located problem in the browser instead of hanging; a save that fixes it shows the
record again; a save rebuilds only the edited record's page and the pages that list it; and the page reloads itself
in a real browser, under the site's Content-Security-Policy."""
from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from conftest import AIREGISTER, FIXTURES
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


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path / "project", FIXTURES / "valid", ENGLISH_CONFIG)
    port = free_port()
    log = (tmp_path / "preview.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([str(AIREGISTER), "preview", "--port", str(port)], cwd=project, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "systems/minimal/", "Minimal system", limit=300)
        yield project, base, tmp_path / "preview.log"
    finally:
        server.terminate()
        server.wait(timeout=30)


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
    before = {path: epoch(fetch(base + path)) for path in ("systems/minimal/", "systems/", "systems/retired-system/")}
    record = project / "registry" / "minimal.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("A record with only", "An edited record with only"),
                      encoding="utf-8")
    edited = wait_for(base + "systems/minimal/", "An edited record with only")
    assert epoch(edited) > before["systems/minimal/"]
    assert epoch(wait_for(base + "systems/", "An edited record with only")) > before["systems/"]
    assert epoch(fetch(base + "systems/retired-system/")) == before["systems/retired-system/"]  # not rewritten


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
