"""The documentation tells the truth: README commands, Makefile targets, CLI commands and plugin settings."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make serve", "make test"]
    assert README.index("make serve") < 400, "the commands come first"


def test_the_makefile_has_the_documented_targets():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test", "build", "bench", "validate"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "127.0.0.1" in makefile and "8000" in makefile


def test_ci_runs_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, re.M)


def test_every_command_is_documented():
    import argparse

    from generator.cli import parser as _parser

    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = list(subparsers.choices)
    assert run_cli("--help").returncode == 0
    docs = README + "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    assert {"validate", "new", "render"} <= set(commands)
    for command in commands:
        assert f"airegister {command}" in docs, f"'airegister {command}' is not documented"


def test_every_plugin_setting_is_documented():
    from generator.plugin.config import RegisterConfig

    page = (REPO / "docs" / "site-engine.md").read_text(encoding="utf-8")
    for name, _ in RegisterConfig._schema:
        assert f"| `{name}` |" in page, f"plugin setting '{name}' is not documented"


def test_mkdocs_serve_shows_the_register_at_the_documented_address(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        body = ""
        for _ in range(120):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/en/systems/parking-scan-car/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "<h1>Parking scan car</h1>" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_readme_screenshots_exist():
    images = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", README)
    assert len(images) >= 3
    for image in images:
        assert (REPO / image).is_file(), image
