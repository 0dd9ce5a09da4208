"""``airegister check``: list records whose review date has passed."""
from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import (FORMAT_HELP, add_language_option, add_registry_options, date_option, load_valid_register,
                                  speaking)
from generator.core.i18n import Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    check = commands.add_parser("check", help=t.gettext("list records whose review date has passed"),
                                description=t.gettext("List records whose record.next_review date has passed. Exit code "
                                                      "0, or 1 with --strict when any review is overdue."))
    check.add_argument("--due", action="store_true", required=True, help=t.gettext("list records that are due for review"))
    check.add_argument("--strict", action="store_true", help=t.gettext("exit 1 when any review is overdue"))
    check.add_argument("--today", type=date_option(t), metavar="YYYY-MM-DD",
                       help=t.gettext("check as of this date (default: today)"))
    add_registry_options(check, t)
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help=t.gettext(FORMAT_HELP))
    add_language_option(check, t)
    return check


def review_texts(t) -> dict[str, str]:
    """The sentences of the issues the review-reminders workflow opens, in the report's language; the workflow fills
    in the {placeholders} and keeps its own English sentences for a report without them."""
    return {
        "title": t.gettext("Review due: {name} ({id})"),
        "due": t.ngettext("The review date of **{name}** (`{id}`) was {date}, {days} day before {today}.",
                          "The review date of **{name}** (`{id}`) was {date}, {days} days before {today}.", 2),
        "due_one": t.ngettext("The review date of **{name}** (`{id}`) was {date}, {days} day before {today}.",
                              "The review date of **{name}** (`{id}`) was {date}, {days} days before {today}.", 1),
        "department": t.gettext("Department: {value}"),
        "contact": t.gettext("Contact: {value}"),
        "record": t.gettext("Record: {value}"),
        "not_given": t.gettext("not given"),
        "what_to_do": t.gettext("What to do:"),
        "step_check": t.gettext("Check with the team that runs the system that the record still describes it correctly: "
                                "what it does, the data it uses, how people oversee it and who is accountable."),
        "step_update": t.gettext("Update the record: set `record.last_reviewed` to the review date, set a new "
                                 "`record.next_review` date and describe what changed in `record.change_note`."),
        "step_pull_request": t.gettext("Open a pull request with the change and write `Closes #<number of this issue>` in it."),
        "opened_by": t.gettext("This issue was opened by the weekly review reminder "
                               "(`.github/workflows/review-reminders.yml`)."),
    }


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from generator.cli.reporters import escape_data, escape_property
    from generator.model.review import overdue, overdue_problems

    loaded = load_valid_register("check", args.registry, args.schema, language=args.language)
    if isinstance(loaded, int):
        return loaded
    result, _ = loaded
    t = speaking(args, result.default_language)
    today = args.today or dt.date.today()
    late = overdue(result.registry, today, result.documents)
    if args.format == "json":
        print(json.dumps({"today": today.isoformat(), "language": t.language, "texts": review_texts(t), "overdue": [{
            "id": o.system.id, "name": o.system.text(o.system.data["name"]),
            "file": o.system.file, "line": o.position.line, "next_review": o.next_review.isoformat(), "days_overdue": o.days,
            "department": o.system.department_id, "contact": o.system.data["contact"]["email"]} for o in late]},
            ensure_ascii=False, indent=2))
    else:
        for o, problem in zip(late, overdue_problems(result.registry, today, result.documents)):
            problem = problem.told(t)
            if args.format == "github":
                title = escape_property(t.gettext("Review overdue: {id}").format(id=o.system.id))
                print(f"::warning file={escape_property(o.system.file)},line={o.position.line},col={o.position.column},"
                      f"title={title}::{escape_data('record.next_review: ' + problem.message + chr(10) + problem.hint)}")
            else:
                print(problem.headline(t))
                print("    " + t.gettext("how to fix: {hint}").format(hint=problem.hint))
        print(t.ngettext("{count} record overdue for review (as of {date}).", "{count} records overdue for review (as of {date}).",
                         len(late)).format(count=len(late), date=today.isoformat()))
    return ExitCode.INVALID if (args.strict and late) else ExitCode.OK
