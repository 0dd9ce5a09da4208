"""Local tools for staff: the live preview and the pre-commit hooks."""
from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from conftest import REPO, explain

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_preview_serves_the_register_on_localhost():
    port = free_port()
    server = subprocess.Popen([str(BIN / "airegister"), "preview", "--port", str(port), "--language", "en"], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
        output, _ = server.communicate(timeout=30)
    assert f"Preview on http://127.0.0.1:{port}/" in output


def test_preview_outside_a_register_says_where_to_run_it(tmp_path):
    result = subprocess.run([str(BIN / "airegister"), "preview"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2 and "run this in the register's folder" in result.stderr


HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
CONFIG = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())


def test_the_validate_hook_is_offered_to_other_repositories():
    hook = next(h for h in HOOKS if h["id"] == "airegister-validate")
    assert hook["entry"] == "airegister validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_this_repository_uses_its_own_hooks_and_they_pass():
    local = next(r for r in CONFIG["repos"] if r["repo"] == "local")
    offered = {h["id"]: h for h in HOOKS}
    for hook in local["hooks"]:
        assert hook["id"] in offered
        command = shlex.split(hook["entry"])
        assert command[0] == ".venv/bin/airegister" and command[1:] == shlex.split(offered[hook["id"]]["entry"])[1:]
        result = subprocess.run([str(BIN / "airegister"), *command[1:]], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, explain(result)


def test_the_hooks_fail_on_a_broken_register(tmp_path):
    import shutil

    shutil.copytree(REPO / "tests" / "fixtures" / "invalid", tmp_path / "registry")
    hook = next(h for h in HOOKS if h["id"] == "airegister-validate")
    result = subprocess.run([str(BIN / "airegister"), *shlex.split(hook["entry"])[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
