"""`airegister check --due`: records past their review date."""
from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, explain, run_cli


def test_overdue_records_are_listed_with_their_line():
    result = run_cli("check", "--due", "--today", "2026-11-25", "--language", "en")  # the example is Finnish-first
    assert result.returncode == 0, explain(result)
    assert result.stdout.splitlines()[0] == ("registry/environment/waste-collection-routes.yaml:958:16: warning: record.next_review: "
                                             "the review was due on 2026-10-01 (55 days ago)")
    assert result.stdout.strip().endswith("1 record overdue for review (as of 2026-11-25).")


def test_strict_fails_only_when_something_is_overdue():
    assert run_cli("check", "--due", "--strict", "--today", "2026-11-25").returncode == 1
    result = run_cli("check", "--due", "--strict", "--today", "2026-01-01", "--language", "en")
    assert result.returncode == 0 and "0 records overdue" in result.stdout


def test_json_lists_every_overdue_record_most_overdue_first():
    report = json.loads(run_cli("check", "--due", "--format", "json", "--today", "2027-12-31").stdout)
    assert report["today"] == "2027-12-31"
    days = [item["days_overdue"] for item in report["overdue"]]
    assert days == sorted(days, reverse=True) and len(days) >= 10
    first = report["overdue"][0]
    assert set(first) == {"id", "name", "file", "line", "next_review", "days_overdue", "department", "contact"}


def test_retired_records_are_not_reviewed(tmp_path):
    report = json.loads(run_cli("check", "--due", "--format", "json", "--today", "2099-01-01").stdout)
    assert "welfare-fraud-risk-model" not in {item["id"] for item in report["overdue"]}


def test_github_format_gives_warning_annotations():
    result = run_cli("check", "--due", "--format", "github", "--today", "2026-11-25", "--language", "en")
    line = result.stdout.splitlines()[0]
    assert line.startswith("::warning file=registry/environment/waste-collection-routes.yaml,line=958,col=16,"
                           "title=Review overdue%3A waste-collection-routes::record.next_review: the review was due on 2026-10-01")
    assert "%0A" in line


def test_an_invalid_register_is_reported_instead(tmp_path):
    shutil.copytree(FIXTURES / "invalid", tmp_path / "registry")
    result = run_cli("check", "--due", cwd=tmp_path)
    assert result.returncode == 1 and "run 'airegister validate'" in result.stderr
