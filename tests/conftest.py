"""Shared helpers: paths, and running the real ``airegister`` command as a subprocess."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
AIREGISTER = Path(sys.executable).parent / "airegister"


CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def browser_unavailable(reason: str) -> None:
    """Skip a browser test where no browser can run; in CI (REGISTRY_REQUIRE_BROWSER=1) fail instead."""
    if os.environ.get("REGISTRY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REGISTRY_REQUIRE_BROWSER=1, so the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole session.

    Playwright's synchronous API runs one event loop per process, so every test file that drives the
    browser shares this one instance instead of starting its own.
    """
    if not Path(CHROMIUM).is_file():
        browser_unavailable(f"no Chromium found at {CHROMIUM}: install Debian's 'chromium' package (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright package is not installed: run make test")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


def skip_without(tool: str, reason: str) -> None:
    """Skip a test that needs an outside tool the machine lacks; in CI (REGISTRY_REQUIRE_TOOLS=1) fail instead.

    .ci/run installs every such tool, so on CI a missing one is a broken set-up, not a reason to test less.
    """
    if os.environ.get("REGISTRY_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{tool} is missing: {reason} (REGISTRY_REQUIRE_TOOLS=1, so this test must run)", pytrace=False)
    pytest.skip(f"{tool} is missing: {reason}")


def run_cli(*args: str | os.PathLike, cwd: Path = REPO, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``airegister`` console script and capture its output."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env.pop("GITHUB_STEP_SUMMARY", None) if not env or "GITHUB_STEP_SUMMARY" not in env else None
    return subprocess.run([str(AIREGISTER), *map(str, args)], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=600)


def explain(result: subprocess.CompletedProcess) -> str:
    """Text for assertion messages: what the user would have seen."""
    return f"exit code {result.returncode}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example register, built once with the repository's own mkdocs.yml (a real `mkdocs build --strict`)."""
    from sites import mkdocs_build

    target = tmp_path_factory.mktemp("example") / "site"
    result = mkdocs_build(REPO, target)
    assert result.returncode == 0, explain(result)
    return target
