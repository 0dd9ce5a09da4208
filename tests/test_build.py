"""One build path: `airegister render` and the MkDocs plugin build through `build.build_register`, and every
address the open data, linked data, feed and exports give for a page is where the page is built."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.build.register import BuildError, BuildOptions, InvalidRegister, build_register, build_time
from generator.core.layout import Layout
from generator.crosswalk import ExportContext, all_standards

from conftest import FIXTURES, REPO, explain, run_cli
from sites import PROJECT_CONFIG, html, make_project, mkdocs_build
from test_history import commit, git

SITE_URL = "https://register.example/"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
RECORD_IDS = sorted(p.stem for p in (REPO / "registry").rglob("*.yaml") if p.name != "register.yaml")


# --- the build function ---------------------------------------------------------------------------

def test_the_build_time_comes_from_source_date_epoch():
    assert build_time({"SOURCE_DATE_EPOCH": EPOCH}) == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    now = dt.datetime.now(dt.timezone.utc)
    assert abs(build_time({"SOURCE_DATE_EPOCH": "not a number"}) - now) < dt.timedelta(seconds=5)


def test_a_build_gives_every_page_and_the_open_data():
    options = BuildOptions(site_url=SITE_URL, generated_at=build_time({"SOURCE_DATE_EPOCH": EPOCH}), workers=0)
    with build_register(REPO / "registry", options) as build:
        pages = {page.src: page.markdown for page in build.pages()}
        data = build.open_data()
    assert {f"systems/{record_id}.md" for record_id in RECORD_IDS} <= set(pages)
    assert set(build.data_paths) <= set(data), "the pages link only to files the build publishes"
    assert json.loads(data["data/registry.json"])["generated_at"] == "2026-01-01T00:00:00+00:00"
    assert all(f"data/exports/{key}/gaps.csv" in data for key in all_standards())


def test_the_open_data_is_built_side_by_side_by_the_workers_and_is_the_same_as_built_in_one_process(tmp_path,
                                                                                                 monkeypatch):
    import os
    import time

    from generator.build import register
    from generator.publish.opendata import build_open_data, open_data_parts

    built_by = tmp_path / "built-by"
    built_by.mkdir()
    real = register.build_open_data_part

    def noting(registry, schemas, options, part):  # runs in the worker that builds the part (forked after this)
        (built_by / part).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(0.3)  # long enough that the other worker takes the next part
        return real(registry, schemas, options, part)

    monkeypatch.setattr(register, "build_open_data_part", noting)
    options = BuildOptions(site_url=SITE_URL, generated_at=build_time({"SOURCE_DATE_EPOCH": EPOCH}), workers=2)
    with build_register(REPO / "registry", options) as build:
        side_by_side = build.open_data()
        in_one_process = build_open_data(build.registry, build.schemas, build._data_options)
    assert list(side_by_side) == list(in_one_process) and side_by_side == in_one_process
    assert list(side_by_side)[-1] == "data/SHA256SUMS"
    assert sorted(p.name for p in built_by.iterdir()) == sorted(open_data_parts())
    assert set(open_data_parts()) >= {"base", *all_standards()}, "each export is a piece of work of its own"
    builders = {p.read_text(encoding="utf-8") for p in built_by.iterdir()}
    assert len(builders) == 2 and str(os.getpid()) not in builders, "both workers build parts of the open data"


def test_an_invalid_register_raises_with_every_error_and_renders_nothing():
    with pytest.raises(InvalidRegister) as caught:
        build_register(FIXTURES / "invalid")
    lines = caught.value.lines()
    assert len([line for line in lines if not line.startswith("    how to fix:")]) == len(caught.value.result.errors) > 10
    assert any(line.startswith("    how to fix:") for line in lines)


def test_a_broken_template_is_a_build_error_naming_the_template(tmp_path):
    (tmp_path / "about.md.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError, match="about.md.j2:1"):
        build_register(FIXTURES / "valid", BuildOptions(templates_dir=tmp_path))


def test_broken_schema_files_are_a_build_error(tmp_path):
    (tmp_path / "ai-system.schema.json").write_text("{ not json", encoding="utf-8")
    (tmp_path / "register.schema.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BuildError, match="schema files are broken"):
        build_register(FIXTURES / "valid", BuildOptions(schema_dir=tmp_path))


@pytest.mark.parametrize("directory_urls, expected", [(True, "https://city.example/ai/systems/x/"),
                                                      (False, "https://city.example/ai/systems/x.html")])
def test_exports_link_to_pages_in_the_sites_url_style(directory_urls, expected):
    page_layout = Layout(directory_urls, "https://city.example/ai")
    context = ExportContext.for_layout(page_layout, dt.date(2026, 1, 1))
    system = type("S", (), {"id": "x"})()
    assert context.page_url(system) == expected == page_layout.address("systems/x.md")
    assert ExportContext().page_url(system) is None


# --- the command and the plugin build the same ----------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("both") / "project", REPO / "registry")


def plugin_pages(project: Path, monkeypatch) -> dict[str, str]:
    """The Markdown of every generated page, as the MkDocs plugin gives it to MkDocs (real config, real plugin)."""
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # MkDocs' own event dispatch, as in `mkdocs build`
    try:
        files = config.plugins.on_files(Files([]), config=config)
        return {f.src_uri: f.content_string for f in files if f.src_uri.endswith(".md")}
    finally:
        config.plugins.on_shutdown()


def test_the_command_and_the_plugin_render_the_same_pages(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "pages"
    # run from the project folder, as MkDocs is: pages name the record file relative to the current folder
    result = run_cli("render", "--registry", "registry", "--out", out, "--site-url", SITE_URL, cwd=project)
    assert result.returncode == 0, explain(result)
    from_cli = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    from_plugin = plugin_pages(project, monkeypatch)
    assert set(from_cli) == set(from_plugin)
    assert {f"systems/{record_id}.md" for record_id in RECORD_IDS} <= set(from_plugin)
    system = f"systems/{RECORD_IDS[0]}.md"
    assert from_cli[system] == from_plugin[system]
    assert from_cli == from_plugin


def built_file(site: Path, url: str) -> Path:
    """The file a static server sends for ``url`` (absolute on SITE_URL, or relative to the site root)."""
    assert not url.startswith("http") or url.startswith(SITE_URL), url
    path = urlparse(urljoin(SITE_URL, url)).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_the_command_and_a_real_mkdocs_build_publish_the_same_open_data(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "pages"
    result = run_cli("render", "--registry", "registry", "--out", out, "--site-url", SITE_URL, cwd=project)
    assert result.returncode == 0, explain(result)
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, explain(built)
    listed = (out / "data" / "SHA256SUMS").read_text(encoding="utf-8")
    assert listed == (site / "data" / "SHA256SUMS").read_text(encoding="utf-8"), "the same files, byte for byte"
    paths = [line.split("  ", 1)[1] for line in listed.splitlines()]
    assert "registry.csv" in paths and len(paths) > 20, "paths relative to data/"
    for path in paths:
        assert (out / "data" / path).read_bytes() == (site / "data" / path).read_bytes(), path
    for src in (p.relative_to(out).as_posix() for p in out.rglob("*.md")):
        assert built_file(site, Layout(True).url(src)).is_file(), f"{src} is not in the MkDocs build"


# --- page addresses in the open data, for both URL styles ------------------------------------------

@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "file-urls"])
def url_site(request, tmp_path_factory) -> tuple[Path, bool]:
    """The example register in git (one commit, so the feed has entries), built by MkDocs in one URL style."""
    directory_urls = request.param
    config = PROJECT_CONFIG + f"use_directory_urls: {str(directory_urls).lower()}\n"
    project = make_project(tmp_path_factory.mktemp("urls") / "project", REPO / "registry", config)
    git(project, "init", "-q", "-b", "main")
    commit(project, "Start the register", "2025-01-10T10:00:00+00:00")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, explain(result)
    return project / "site", directory_urls


def linked_pages(site: Path, page: Path) -> set[str]:
    """The absolute addresses of the system pages a built page links to."""
    base = urljoin(SITE_URL, page.relative_to(site).as_posix())
    links = {urljoin(base, a["href"]) for a in html(page).select("article li.air-card a[href]")}
    return {link.split("#")[0] for link in links}


def test_every_page_address_in_the_open_data_is_a_built_page_and_what_the_pages_link_to(url_site):
    site, directory_urls = url_site
    rows = list(csv.DictReader(io.StringIO((site / "data" / "registry.csv").read_text(encoding="utf-8-sig"))))
    in_csv = {row["id"]: row["page_url"] for row in rows}
    assert sorted(in_csv) == RECORD_IDS
    browse = site / "systems" / "index.html"
    assert linked_pages(site, browse) == set(in_csv.values()), "the list page links where the CSV says the pages are"
    for record_id, url in in_csv.items():
        assert url == SITE_URL + (f"systems/{record_id}/" if directory_urls else f"systems/{record_id}.html")
        page = built_file(site, url)
        assert page.is_file(), f"registry.csv lists {url}, but no page was built there"
        record = json.loads((site / "data" / "systems" / f"{record_id}.json").read_text(encoding="utf-8"))
        assert record["page_url"] == url
        jsonld = json.loads(html(page).find("script", type="application/ld+json").string)
        assert jsonld["url"] == url and jsonld["@id"].startswith("urn:uuid:"), "a permanent id, not the address"
        assert built_file(site, urljoin(SITE_URL, next(r for r in rows if r["id"] == record_id)["record_url"])).is_file()
    catalog = json.loads((site / "data" / "catalog.jsonld").read_text(encoding="utf-8"))
    dataset = catalog["dcat:dataset"][0]
    assert built_file(site, dataset["dcat:landingPage"]["@id"]).is_file()
    assert built_file(site, dataset["@id"].split("#")[0]).is_file()
    for distribution in dataset["dcat:distribution"]:
        assert built_file(site, distribution["dcat:downloadURL"]["@id"]).is_file()
    feed = feedparser.parse((site / "data" / "feed.xml").read_bytes())
    assert len(feed.entries) == len(RECORD_IDS)
    for link in [feed.feed.link, *(entry.link for entry in feed.entries)]:
        assert built_file(site, link).is_file(), link
    assert {entry.link for entry in feed.entries} == set(in_csv.values())
    for key in ("eurocities-0.3.1", "nl-1.0"):
        exported = "".join(p.read_text(encoding="utf-8") for p in (site / "data" / "exports" / key).rglob("*")
                           if p.is_file() and not p.name.startswith("gaps"))
        assert all(url in exported for url in in_csv.values()), f"the {key} export links each page where it is"


def test_the_command_lists_pages_where_it_links_to_them_without_directory_urls(tmp_path):
    out = tmp_path / "pages"
    result = run_cli("render", "--registry", FIXTURES / "valid", "--out", out, "--no-directory-urls", "--site-url", SITE_URL)
    assert result.returncode == 0, explain(result)
    rows = list(csv.DictReader(io.StringIO((out / "data" / "registry.csv").read_text(encoding="utf-8-sig"))))
    assert rows and all(row["page_url"] == f"{SITE_URL}systems/{row['id']}.html" for row in rows)
    browse = (out / "systems" / "index.md").read_text(encoding="utf-8")
    assert all(f'href="{row["id"]}.html"' in browse for row in rows)
