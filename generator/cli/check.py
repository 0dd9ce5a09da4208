"""``airegister check``: list records whose review date has passed."""
from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import FORMAT_HELP, load_valid_register, parse_date


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    check = commands.add_parser("check", help="list records whose review date has passed",
                                description="List records whose record.next_review date has passed. Exit code 0, or 1 "
                                            "with --strict when any review is overdue.")
    check.add_argument("--due", action="store_true", required=True, help="list records that are due for review")
    check.add_argument("--strict", action="store_true", help="exit 1 when any review is overdue")
    check.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD", help="check as of this date (default: today)")
    check.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    check.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help=FORMAT_HELP)
    return check


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from generator.cli.reporters import escape_data, escape_property
    from generator.model.review import overdue

    loaded = load_valid_register("check", args.registry, args.schema,
                                 "airegister check: the register has errors; run 'airegister validate' and fix them first.")
    if isinstance(loaded, int):
        return loaded
    result, _ = loaded
    today = args.today or dt.date.today()
    late = overdue(result.registry, today, result.documents)
    if args.format == "json":
        print(json.dumps({"today": today.isoformat(), "overdue": [{
            "id": o.system.id, "name": o.system.text(o.system.data["name"]),
            "file": o.system.file, "line": o.position.line, "next_review": o.next_review.isoformat(), "days_overdue": o.days,
            "department": o.system.department_id, "contact": o.system.data["contact"]["email"]} for o in late]},
            ensure_ascii=False, indent=2))
    else:
        for o in late:
            message = f"the review was due on {o.next_review.isoformat()} ({o.days} day{'s' * (o.days != 1)} ago)"
            hint = ("Check that the record is still correct, then update record.last_reviewed and record.next_review "
                    "and write a record.change_note.")
            if args.format == "github":
                title = escape_property(f"Review overdue: {o.system.id}")
                print(f"::warning file={escape_property(o.system.file)},line={o.position.line},col={o.position.column},"
                      f"title={title}::{escape_data('record.next_review: ' + message + chr(10) + hint)}")
            else:
                print(f"{o.system.file}:{o.position.line}:{o.position.column}: warning: record.next_review: {message}")
                print(f"    how to fix: {hint}")
        print(f"{len(late)} record{'s' * (len(late) != 1)} overdue for review (as of {today.isoformat()}).")
    return ExitCode.INVALID if (args.strict and late) else ExitCode.OK
