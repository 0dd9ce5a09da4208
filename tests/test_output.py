"""Builds that never leave a broken site: a full disk, a read-only folder, a missing register.yaml or a killed build
keep the previous output as it was, and the user reads one plain message, never a traceback.

The full disk is real: a size-limited tmpfs where this machine lets the tests mount one (as root), and everywhere
the operating system's own file-size limit (RLIMIT_FSIZE), which makes a write fail exactly as a full disk does.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import AIREGISTER, FIXTURES, explain, run_cli
from sites import MKDOCS, make_project, mkdocs_build

pytestmark = pytest.mark.site

VALID = FIXTURES / "valid"
SMALL_FILE_LIMIT = 40 * 1024  # bytes; the site's search index and stylesheet are larger


def checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_limited(command: list[str], cwd: Path, limit: int = SMALL_FILE_LIMIT) -> subprocess.CompletedProcess:
    """Run a command whose writes fail as on a full disk once a file grows past ``limit`` bytes."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))


def assert_plain(result: subprocess.CompletedProcess, *words: str) -> None:
    said = result.stdout + result.stderr
    assert result.returncode == 1, explain(result)
    assert "Traceback" not in said and "unexpected error" not in said, explain(result)
    for word in words:
        assert word in said, explain(result)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("output") / "project", VALID)


@pytest.fixture(scope="module")
def previous_site(project, tmp_path_factory) -> Path:
    """A complete site, built once; each test works on a copy of it."""
    site = tmp_path_factory.mktemp("previous") / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    (site / "only-in-the-previous-site.html").write_text("previous", encoding="utf-8")
    return site


@pytest.fixture
def site(previous_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(previous_site, copy)
    return copy


@contextlib.contextmanager
def tmpfs(where: Path, size_kb: int) -> Iterator[Path]:
    """A size-limited file system mounted at ``where``; skips the test where mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root; the file-size-limit tests cover a full disk here")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_successful_build_replaces_the_whole_site_and_leaves_no_staging_folder(project, site):
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    assert not (site / "only-in-the-previous-site.html").exists(), "the new site replaces the old one, as MkDocs' clean"
    assert (site / "index.html").is_file() and (site / "data" / "registry.json").is_file()
    assert [p.name for p in site.parent.iterdir() if ".airegister-" in p.name] == []
    assert oct((site).stat().st_mode & 0o777) != oct(0o700), "the site stays readable by a web server"


def test_a_full_disk_keeps_the_previous_site_and_says_so(project, site):
    before = checksums(site)
    result = run_limited([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], project)
    assert_plain(result, "The site could not be built", str(site), "Nothing in it was changed")
    assert checksums(site) == before
    assert [p.name for p in site.parent.iterdir() if ".airegister-" in p.name] == []


def test_a_full_tmpfs_keeps_the_previous_site(project, previous_site, tmp_path):
    used_kb = sum(p.stat().st_blocks * 512 for p in previous_site.rglob("*")) // 1024
    with tmpfs(tmp_path / "disk", size_kb=used_kb * 3 // 2) as disk:  # room for one site, not for two
        first = mkdocs_build(project, disk)
        assert first.returncode == 0, explain(first)
        (disk / "marker.txt").write_text("previous", encoding="utf-8")
        before = checksums(disk)
        second = mkdocs_build(project, disk)
        assert_plain(second, "the disk is full", "Nothing in it was changed")
        assert checksums(disk) == before


def test_a_read_only_site_folder_is_a_plain_message(project, tmp_path):
    with tmpfs(tmp_path / "disk", size_kb=64) as disk:
        (disk / "index.html").write_text("previous", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = mkdocs_build(project, disk / "site")
        assert_plain(result, "read-only", "Nothing in it was changed")
        assert (disk / "index.html").read_text(encoding="utf-8") == "previous"


def test_a_missing_register_yaml_is_a_plain_message(tmp_path, site):
    project = make_project(tmp_path / "project", VALID)
    (project / "registry" / "register.yaml").unlink()
    before = checksums(site)
    result = mkdocs_build(project, site)
    assert_plain(result, "no register.yaml found", "Set 'registry' under the airegister plugin")
    assert checksums(site) == before


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(project, site):
    before = checksums(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not any(".airegister-new-" in p.name for p in site.parent.iterdir()):  # writing has started
            assert process.poll() is None and time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert checksums(site) == before
    result = mkdocs_build(project, site)
    assert result.returncode == 0, explain(result)
    assert [p.name for p in site.parent.iterdir() if ".airegister-" in p.name] == []


@pytest.fixture
def rendered(tmp_path) -> Path:
    out = tmp_path / "pages"
    result = run_cli("render", "--registry", VALID, "--out", out)
    assert result.returncode == 0, explain(result)
    (out / "not-ours.md").write_text("kept", encoding="utf-8")
    return out


def test_render_on_a_full_disk_keeps_the_previous_pages(rendered):
    before = checksums(rendered)
    result = run_limited([str(AIREGISTER), "render", "--registry", str(VALID), "--out", str(rendered)], rendered.parent)
    assert_plain(result, "airegister render:", str(rendered), "Nothing in it was changed")
    assert checksums(rendered) == before
    assert [p.name for p in rendered.iterdir() if ".airegister-new-" in p.name] == []


def test_export_on_a_full_disk_keeps_the_previous_export(tmp_path):
    out = tmp_path / "exports"
    first = run_cli("export", "--to", "all", "--registry", VALID, "--out", out)
    assert first.returncode == 0, explain(first)
    before = checksums(out)
    largest = max((out / name).stat().st_size for name in before)
    result = run_limited([str(AIREGISTER), "export", "--to", "all", "--registry", str(VALID), "--out", str(out)], tmp_path,
                         limit=largest // 2)
    assert_plain(result, "airegister export:", "Nothing in it was changed")
    assert checksums(out) == before


def test_render_and_export_to_a_folder_that_cannot_be_written_exit_1_with_a_plain_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for command in (["render"], ["export", "--to", "all"]):
        result = run_cli(*command, "--registry", VALID, "--out", blocker / "out")
        assert_plain(result, f"airegister {command[0]}:", "could not be written")


def test_a_staging_folder_of_a_running_build_is_kept_and_one_of_a_killed_build_removed(tmp_path):
    from generator.build.output import discard, stage

    site = tmp_path / "site"
    site.mkdir()
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        running = tmp_path / f".site.airegister-new-{sleeper.pid}-abc"
        running.mkdir()
        dead = subprocess.Popen(["true"])
        dead.wait()
        killed = tmp_path / f".site.airegister-new-{dead.pid}-abc"
        killed.mkdir()
        mine = stage(site)
        assert running.is_dir() and not killed.exists()
        assert mine.parent == tmp_path and mine.name.startswith(f".site.airegister-new-{os.getpid()}-")
        discard(mine)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_the_message_is_in_the_registers_language(tmp_path):
    """The example register is Finnish: a clerk reads the full-disk message in Finnish."""
    from conftest import REPO

    out = tmp_path / "pages"
    result = run_limited([str(AIREGISTER), "render", "--registry", str(REPO / "registry"), "--out", str(out)], tmp_path,
                         limit=8 * 1024)
    assert_plain(result, "airegister render:", "Siinä ei muutettu mitään", str(out))
