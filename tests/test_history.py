"""Record history from git: scripted commits in a temporary repository (add, edit, rename, retire, delete)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.load.history import ADDED, CHANGED, DELETED, RENAMED, RETIRED, FieldChange, read_history

from conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org",
           "GIT_COMMITTER_NAME": "Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("history")
    git(repo, "init", "-q", "-b", "main")
    registry = repo / "registry"
    registry.mkdir()
    shutil.copy(FIXTURES / "valid" / "register.yaml", registry)
    minimal = (FIXTURES / "valid" / "minimal.yaml").read_text()
    (registry / "minimal.yaml").write_text(minimal)
    (registry / "other.yaml").write_text(minimal.replace("id: minimal", "id: other").replace("Minimal system", "Other system"))
    commit(repo, "Add two systems", "2025-01-10T10:00:00+00:00")
    # edit: status and a new field, with a change note
    (registry / "minimal.yaml").write_text(minimal.replace("status: planned", "status: pilot")
                                           + "record:\n  change_note: The pilot started.\n")
    commit(repo, "Update minimal", "2025-02-01T09:00:00+00:00")
    # rename: moved into a department folder, same id
    (registry / "testing").mkdir()
    git(repo, "mv", "registry/minimal.yaml", "registry/testing/minimal.yaml")
    commit(repo, "Move minimal to its department folder", "2025-03-01T09:00:00+00:00")
    # retire
    text = (registry / "testing" / "minimal.yaml").read_text().replace("status: pilot", "status: retired")
    text += "lifecycle:\n  retired_on: 2025-04-01\n  retirement_reason: The pilot ended.\n"
    (registry / "testing" / "minimal.yaml").write_text(text)
    commit(repo, "Retire minimal", "2025-04-02T09:00:00+00:00")
    # delete
    (registry / "other.yaml").unlink()
    commit(repo, "Remove other", "2025-05-01T09:00:00+00:00")
    return repo


def test_every_change_is_found_newest_first(repo):
    history = read_history(repo / "registry")
    assert [(c.record_id, c.kind, c.date.date().isoformat()) for c in history.changes] == [
        ("other", DELETED, "2025-05-01"),
        ("minimal", RETIRED, "2025-04-02"),
        ("minimal", RENAMED, "2025-03-01"),
        ("minimal", CHANGED, "2025-02-01"),
        ("other", ADDED, "2025-01-10"),
        ("minimal", ADDED, "2025-01-10"),
    ]


def test_changes_list_the_fields_with_old_and_new_values(repo):
    changes = {c.kind: c for c in read_history(repo / "registry").of("minimal")}
    assert changes[CHANGED].fields == (FieldChange("record.change_note", None, "The pilot started."),
                                       FieldChange("status", "planned", "pilot"))
    assert changes[CHANGED].note == "The pilot started."  # the record's own change note
    assert changes[RETIRED].note == "Retire minimal"  # no new change note: the commit message
    assert FieldChange("status", "pilot", "retired") in changes[RETIRED].fields
    assert FieldChange("lifecycle.retired_on", None, "2025-04-01") in changes[RETIRED].fields
    assert changes[RENAMED].old_file == "registry/minimal.yaml" and changes[RENAMED].file == "registry/testing/minimal.yaml"
    assert changes[RENAMED].fields == ()
    assert changes[ADDED].fields and all(f.old is None for f in changes[ADDED].fields)


def test_a_deleted_record_keeps_its_last_name(repo):
    deleted = read_history(repo / "registry").of("other")[0]
    assert deleted.kind == DELETED and deleted.name == "Other system"
    assert all(f.new is None for f in deleted.fields)


def test_the_head_commit_is_known(repo):
    history = read_history(repo / "registry")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert history.head == head and history.head_date.date().isoformat() == "2025-05-01"
    assert not history.shallow and not history.uncommitted


def test_history_is_read_with_two_git_processes(repo, monkeypatch):
    import generator.load.history as module

    calls = []
    real = module._git

    def counting(args, cwd, input_text=None):
        calls.append(args[0])
        return real(args, cwd, input_text)

    monkeypatch.setattr(module, "_git", counting)
    read_history(repo / "registry")
    assert calls.count("log") == 1 and calls.count("cat-file") == 1
    assert "show" not in calls


def test_a_copy_without_git_has_no_history(tmp_path):
    shutil.copytree(FIXTURES / "valid", tmp_path / "registry")
    assert read_history(tmp_path / "registry") is None
