"""The pages of `airegister render` build with Zensical, the successor to Material for MkDocs.

Real runs only: the installed `airegister` command writes the pages, Zensical's own `zensical build --strict`
turns them into a site with the example config docs/zensical.toml (as `make zensical` does), and the tests
parse the built HTML. Where this machine allows it, Zensical runs in a network namespace with no network at
all, so a build that tried to download anything would fail.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import FIXTURES, REPO, explain, run_cli

pytestmark = pytest.mark.site

try:
    import zensical  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    _reason = ("zensical is not installed: `make install-test` installs it with the test extra "
               "(or `make zensical` installs it on demand)")
    if os.environ.get("CI"):
        pytest.fail(f"{_reason}; in CI the test extra must install it", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from sites import article, html  # noqa: E402  (needs beautifulsoup4, from the same test extra)

ZENSICAL = Path(sys.executable).parent / "zensical"
CONFIG = REPO / "docs" / "zensical.toml"
RECORDS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "registry").rglob("*.yaml")
           if p.name != "register.yaml"}


def text_of(value, language="en"):
    return value if isinstance(value, str) else value.get(language, next(iter(value.values())))


def _offline_prefix() -> list[str]:
    """`unshare --net` where it works (Linux, as root or with user namespaces): the build then has no network."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for prefix in ([unshare, "--net"], [unshare, "--net", "--map-root-user"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return []


OFFLINE = _offline_prefix()


def zensical_build(project: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    result = subprocess.run([*OFFLINE, str(ZENSICAL), "build", "--strict", "--config-file", str(project / "zensical.toml")],
                            cwd=project, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_COLOR": "1"})
    return result, time.perf_counter() - started


def make_project(root: Path, registry: Path = REPO / "registry", directory_urls: bool = False) -> Path:
    """A Zensical project as `make zensical` lays it out: pages/ from `airegister render`, the example config beside it."""
    # in English, the language the assertions below are written in (the example's default language is Finnish)
    result = run_cli("render", "--registry", registry, "--out", root / "pages", "--links-from-source", "--language", "en",
                     *([] if directory_urls else ["--no-directory-urls"]))
    assert result.returncode == 0, explain(result)
    config = CONFIG.read_text(encoding="utf-8")
    if not directory_urls:
        config = config.replace("use_directory_urls = true", "use_directory_urls = false")
    (root / "zensical.toml").write_text(config, encoding="utf-8")
    return root


def system_page(site: Path, record_id: str) -> Path:
    return site / "systems" / f"{record_id}.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("zensical"))
    result, seconds = zensical_build(project)
    assert result.returncode == 0, explain(result)
    print(f"zensical build of {len(RECORDS)} records: {seconds:.2f} s ({'no network' if OFFLINE else 'network not cut'})")
    return project


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


def test_every_record_has_exactly_one_system_page(site):
    pages = {p.stem for p in (site / "systems").glob("*.html") if p.name != "index.html"}
    assert pages == set(RECORDS)


def test_a_system_page_shows_the_records_name_and_summary(site):
    for record_id, record in RECORDS.items():
        content = article(system_page(site, record_id))
        assert content.find("h1").get_text(strip=True) == text_of(record["name"]), record_id
        summary = " ".join(text_of(record["summary"]).split())
        assert summary in " ".join(content.get_text(" ").split()), record_id
        headings = [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2")]
        assert headings[:3] == ["In short", "Ask a question or report an error", "How to object to a decision"]


def _target(site: Path, page: Path, href: str) -> Path | None:
    """The built file a relative link on ``page`` opens, or None for links that leave the site."""
    parsed = urlparse(href)
    if parsed.scheme or href.startswith("//") or not parsed.path:
        return None
    # Only 404.html links from the site's root (it is served at any depth), as in the MkDocs build.
    base = site if parsed.path.startswith("/") else page.parent
    target = (base / unquote(parsed.path).lstrip("/")).resolve()
    return target / "index.html" if href.split("?")[0].split("#")[0].endswith("/") or target.is_dir() else target


def test_the_home_page_links_to_the_systems(site):
    home = site / "index.html"
    links = {a["href"] for a in article(home).find_all("a", href=True)}
    assert "systems/index.html" in links, "no link to the list of all systems"
    system_links = {h for h in links if re.fullmatch(r"systems/[a-z0-9-]+\.html", h)} - {"systems/index.html"}
    assert system_links, "the home page links to no system"
    for href in system_links | {"systems/index.html"}:
        assert _target(site, home, href).is_file(), href
    browse = site / "systems" / "index.html"
    listed = {_target(site, browse, a["href"]) for a in article(browse).find_all("a", href=True)}
    for record_id in RECORDS:
        assert system_page(site, record_id) in listed, f"/systems/ does not link to {record_id}"


def broken_links(site: Path) -> tuple[int, list[str]]:
    """Links between pages (Markdown and the templates' raw HTML) whose target was not built, or lies above the site."""
    checked, broken = 0, []
    for page in site.rglob("*.html"):
        for element in html(page).find_all(["a", "link"], href=True):
            target = _target(site, page, element["href"])
            if target is None or element["href"].startswith("#"):
                continue
            checked += 1
            if not (target.is_relative_to(site.resolve()) and target.exists()):
                broken.append(f"{page.relative_to(site)}: {element['href']}")
    return checked, broken


def test_every_link_between_pages_opens_a_built_file(site):
    """Zensical's --strict checks Markdown links; the templates' raw HTML links are checked here."""
    checked, broken = broken_links(site)
    assert not broken
    assert checked > 500


def test_with_directory_urls_the_links_between_pages_work_too(tmp_path):
    project = make_project(tmp_path, directory_urls=True)
    result, _ = zensical_build(project)
    assert result.returncode == 0, explain(result)
    assert (project / "site" / "systems" / "parking-scan-car" / "index.html").is_file()
    checked, broken = broken_links(project / "site")
    assert checked > 500
    assert not broken, f"{len(broken)} of {checked} links broken, for example {broken[:3]}"


def _external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") or url.strip().startswith("//")


def test_the_site_loads_nothing_from_other_hosts(site):
    checked = 0
    for page in site.rglob("*.html"):
        soup = html(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"),
                               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if value is None:
                    continue
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "preload", "preconnect",
                                                                         "modulepreload", "manifest", "dns-prefetch"}:
                    continue  # canonical and alternate links are not requests
                assert not _external(value), f"{page.relative_to(site)}: <{tag} {attribute}={value}>"
                checked += 1
        for element in soup.find_all(srcset=True):
            for candidate in element["srcset"].split(","):
                assert not _external(candidate.split()[0]), f"{page.relative_to(site)}: srcset {candidate}"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert not _external(url), f"{css.relative_to(site)}: url({url})"
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not _external(url), f"{css.relative_to(site)}: @import {url}"
    assert checked > 100


def test_every_page_has_the_registers_stylesheet_and_script(site):
    for relative in ("assets/airegister/airegister.css", "assets/airegister/airegister.js"):
        assert (site / relative).is_file(), relative
    for record_id in RECORDS:
        page = system_page(site, record_id)
        soup = html(page)
        styles = {_target(site, page, link["href"]) for link in soup.find_all("link", rel="stylesheet")}
        scripts = {_target(site, page, script["src"]) for script in soup.find_all("script", src=True)}
        assert site / "assets/airegister/airegister.css" in styles, record_id
        assert site / "assets/airegister/airegister.js" in scripts, record_id


def test_the_open_data_and_schema_are_published_unchanged(built):
    pages, site = built / "pages", built / "site"
    # Everything but the Markdown and render's own list of the pages it wrote (.airegister-pages).
    copied = [p.relative_to(pages) for p in pages.rglob("*")
              if p.is_file() and p.suffix != ".md" and not p.name.startswith(".")]
    assert any(p.parts[0] == "data" for p in copied) and any(p.parts[0] == "schema" for p in copied)
    for relative in copied:
        assert (site / relative).read_bytes() == (pages / relative).read_bytes(), relative
    assert (site / "data" / "registry.json").is_file() and (site / "data" / "registry.csv").is_file()


def test_system_pages_are_searchable_but_not_in_the_menu(site):
    import json

    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    locations = {item["location"].split("#")[0] for item in index["items"]}
    for record_id in RECORDS:
        assert f"systems/{record_id}.html" in locations, record_id
    menu = html(site / "index.html").find("nav", class_="md-nav--primary")
    assert menu is not None
    in_menu = {_target(site, site / "index.html", a["href"]) for a in menu.find_all("a", href=True)}
    assert site / "systems" / "index.html" in in_menu
    assert not in_menu & {system_page(site, record_id) for record_id in RECORDS}


def test_hostile_record_text_stays_inert(tmp_path):
    """The safety fixture (HTML, script and template syntax in every text) is shown as text, never run."""
    project = make_project(tmp_path, FIXTURES / "xss" / "registry")
    result, _ = zensical_build(project)
    assert result.returncode == 0, explain(result)
    live = ("javascript:", "data:", "vbscript:")
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = html(page)
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), f"{page}: <{element.name} {attribute}>"
                for v in value if isinstance(value, list) else [value]:
                    if attribute in ("href", "src", "action", "formaction", "data", "xlink:href"):
                        assert not v.strip().lower().startswith(live), f"{page}: {attribute}={v}"
        for script in soup.find_all("script"):
            if script.get("type") != "application/ld+json":
                assert "XSS" not in (script.string or ""), f"{page}: injected script"
        content = soup.find("article")
        if content is None:  # 404.html
            continue
        # the register's own forms on the browse page (its search field and its filters) are not record text
        for own in content.select("form#air-filters, form.air-browse__search"):
            own.decompose()
        for tag in ("script", "img", "iframe", "style", "form", "object", "embed", "button"):
            found = [e for e in content.find_all(tag) if not (tag == "script" and e.get("type") == "application/ld+json")]
            assert not found, f"{page}: record text produced a live <{tag}>"
    system = html(system_page(project / "site", "hostile-texts"))
    assert "<script>alert('XSS-name')</script>" in system.find("h1").get_text()
    assert "<script>alert('XSS-name')</script>" in system.find("title").get_text()


def test_a_broken_link_fails_the_build(tmp_path):
    """--strict is what makes the checks above meaningful: a page linking nowhere stops the build."""
    project = make_project(tmp_path)
    with (project / "pages" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\n[A page that does not exist](no-such-page.md)\n")
    result, _ = zensical_build(project)
    assert result.returncode != 0, explain(result)
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # Zensical colours its messages
    assert "page does not exist" in output and "about.md" in output, explain(result)


def test_make_zensical_is_documented_and_uses_the_tested_version():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^zensical:", makefile, re.M)
    spec = re.search(r"^ZENSICAL_SPEC\s*:=\s*(\S+)", makefile, re.M).group(1)
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    assert spec in extra, f"the Makefile installs {spec}, the test extra has {[e for e in extra if 'zensical' in e]}"
    assert "| `make zensical` |" in (REPO / "README.md").read_text(encoding="utf-8")
    guide = (REPO / "docs" / "site-engine.md").read_text(encoding="utf-8")
    assert "## Building with Zensical" in guide and "make zensical" in guide
