"""Permanent identifiers: a renamed record keeps its feed ids, its JSON-LD id and its history, and its old page and
JSON addresses lead to the new ones. Real git history, real `mkdocs build`, before and after the rename."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, explain, skip_without
from sites import html, make_project, mkdocs_build
from test_history import commit, git

pytestmark = [pytest.mark.site, pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]
SITE_URL = "https://register.example/"
OTHER_URL = "https://moved.example/ai/"


def _jsonld(page: Path) -> dict:
    return json.loads(html(page).find("script", type="application/ld+json").string)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The same register built before a rename, after it, and after it at another public address."""
    project = make_project(tmp_path_factory.mktemp("permanence") / "project", FIXTURES / "valid")
    registry = project / "registry"
    git(project, "init", "-q", "-b", "main")
    commit(project, "Start the register", "2025-01-10T10:00:00+00:00")
    text = (registry / "minimal.yaml").read_text()
    (registry / "minimal.yaml").write_text(text.replace("status: planned", "status: pilot"))
    commit(project, "Minimal goes to pilot", "2025-03-01T09:00:00+00:00")
    sites = {}
    result = mkdocs_build(project, project / "before")
    assert result.returncode == 0, explain(result)
    sites["before"] = project / "before"
    git(project, "mv", "registry/minimal.yaml", "registry/smallest-system.yaml")
    moved = (registry / "smallest-system.yaml").read_text().replace("id: minimal", "id: smallest-system")
    (registry / "smallest-system.yaml").write_text(moved)
    commit(project, "Rename minimal to smallest-system", "2025-04-01T09:00:00+00:00")
    result = mkdocs_build(project, project / "after")
    assert result.returncode == 0, explain(result)
    sites["after"] = project / "after"
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text().replace(SITE_URL, OTHER_URL))
    result = mkdocs_build(project, project / "elsewhere")
    assert result.returncode == 0, explain(result)
    sites["elsewhere"] = project / "elsewhere"
    return sites


def _feed(site: Path) -> dict[str, feedparser.FeedParserDict]:
    feed = feedparser.parse((site / "data" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {entry.id: entry for entry in feed.entries}


def test_a_rename_keeps_every_earlier_feed_id(builds):
    before, after = _feed(builds["before"]), _feed(builds["after"])
    assert len(before) == 2 + 5  # minimal added and changed; the other fixtures added
    assert set(before) < set(after), "no earlier entry is issued again under a new id"
    new = [after[i] for i in set(after) - set(before)]
    assert len(new) == 1 and new[0].title == "Moved: Minimal system"
    content = new[0].content[0].value
    assert "The record's id changed from minimal to smallest-system" in content
    assert new[0].link == SITE_URL + "systems/smallest-system/"


def test_a_new_public_address_keeps_every_id(builds):
    after, elsewhere = _feed(builds["after"]), _feed(builds["elsewhere"])
    assert set(after) == set(elsewhere)
    assert all(entry.link.startswith(OTHER_URL) for entry in elsewhere.values())
    feed_id = feedparser.parse((builds["after"] / "data" / "feed.xml").read_bytes()).feed.id
    assert feed_id == feedparser.parse((builds["elsewhere"] / "data" / "feed.xml").read_bytes()).feed.id


def test_the_linked_data_id_of_the_system_survives_the_rename(builds):
    before = _jsonld(builds["before"] / "systems" / "minimal" / "index.html")
    after = _jsonld(builds["after"] / "systems" / "smallest-system" / "index.html")
    elsewhere = _jsonld(builds["elsewhere"] / "systems" / "smallest-system" / "index.html")
    assert before["@id"] == after["@id"] == elsewhere["@id"]
    assert before["@id"].startswith("urn:uuid:")
    assert after["url"] == SITE_URL + "systems/smallest-system/" and after["identifier"] == "smallest-system"
    assert after["dateModified"] == "2025-04-01", "the date of the last change, not of the last review"


def test_the_old_page_leads_to_the_new_one_without_script(builds):
    old = builds["after"] / "systems" / "minimal" / "index.html"
    page = html(old)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None and refresh["content"] == "0; url=../smallest-system/"
    assert (old.parent / "../smallest-system/index.html").resolve().is_file()
    link = page.find("main").find("a")
    assert link["href"] == "../smallest-system/" and "Minimal system" in link.get_text()
    policies = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(policies) == 1 and "unsafe-inline" not in policies[0]["content"]
    assert "script-src 'self'" in policies[0]["content"] or "default-src 'none'" in policies[0]["content"]
    assert page.find("script") is None and page.find("style") is None and page.find("html")["lang"]


def test_the_old_json_address_says_where_the_record_is(builds):
    data = builds["after"] / "data"
    moved = json.loads((data / "systems" / "minimal.json").read_text(encoding="utf-8"))
    assert moved == {"id": "minimal", "moved_to": "smallest-system",
                     "page_url": SITE_URL + "systems/smallest-system/",
                     "record_url": SITE_URL + "data/systems/smallest-system.json"}
    listed = json.loads((data / "redirects.json").read_text(encoding="utf-8"))["redirects"]
    assert [(r["from"], r["to"], r["old_page_url"]) for r in listed] == [
        ("minimal", "smallest-system", SITE_URL + "systems/minimal/")]
    record = json.loads((data / "systems" / "smallest-system.json").read_text(encoding="utf-8"))
    assert record["permanent_id"] == "minimal"
    assert [c["kind"] for c in record["history"]] == ["renamed", "changed", "added"], "the history moves along"


def test_the_checksums_of_the_renamed_register_pass_in_the_data_folder(builds):
    tool = shutil.which("sha256sum")
    if tool is None:
        skip_without("sha256sum", "GNU coreutils checks the download")
    result = subprocess.run([tool, "-c", "SHA256SUMS"], cwd=builds["after"] / "data", capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "systems/minimal.json: OK" in result.stdout.splitlines()
