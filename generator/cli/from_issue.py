"""``airegister from-issue``: turn a submitted issue form into a new record file."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import registry_or_usage


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from_issue = commands.add_parser("from-issue", help="turn a submitted issue form into a new record file",
                                     description="Read the Markdown body of an issue made with the 'Propose an AI system' "
                                                 "form, write the record to registry/<department>/<id>.yaml (never "
                                                 "overwriting), and check it. Exit code 0: valid; 1: written, with "
                                                 "problems to fix; 2: nothing written.")
    from_issue.add_argument("--body", type=Path, required=True, metavar="FILE", help="the issue body (use - for standard input)")
    from_issue.add_argument("--issue-number", type=int, metavar="N", help="the issue's number, noted in the record")
    from_issue.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    from_issue.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    from_issue.add_argument("--format", choices=("text", "json"), default="text", help="text (for people) or json (for workflows)")
    return from_issue


def conditions_missed(problems: list, schemas, register, record: dict) -> list[str]:
    """For each missing answer that the schema requires only in some cases: the form question and the condition."""
    import re

    from generator.authoring.issueform import form_questions
    from generator.core.fields import required_when_text

    def value(path: tuple[str, ...]):
        node = record
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    questions = [q for q in form_questions(schemas, register) if q.info is not None and q.info.required_when
                 and q.language in (None, register.default_language)]
    lines = []
    for problem in problems:
        missing = re.sub(r"\[\d+\]", "", problem.field or "")
        for q in questions:
            dotted = ".".join(q.path)
            holds = any(value(c.on) in c.values for c in q.info.required_when)
            if (problem.code == "required" and (dotted == missing or dotted.startswith(missing + "."))
                    and holds and value(q.path) is None):
                lines.append(f"The form's question '{q.label}' was not answered: "
                             f"{required_when_text(q.info, register.default_language)}")
    return lines


def run(args: argparse.Namespace) -> int:
    import json

    from generator.authoring.issueform import record_from_issue
    from generator.model.registry import load_config, load_registry, schema_dir_for
    from generator.cli.reporters import fenced, problem_json, report_text
    from generator.authoring.scaffold import ScaffoldError, write_new_file
    from generator.core.schema import load_schemas

    root = registry_or_usage("from-issue", args.registry)
    if root is None:
        return ExitCode.USAGE
    body = sys.stdin.read() if str(args.body) == "-" else args.body.read_text(encoding="utf-8", errors="replace")
    schema_dir = args.schema or schema_dir_for(root)
    schemas = load_schemas(schema_dir)
    register, config_problems = load_config(root, schema_dir)
    if register is None:
        for problem in config_problems:
            print(problem.headline(), file=sys.stderr)
        print("airegister from-issue: registry/register.yaml has errors; fix them first.", file=sys.stderr)
        return ExitCode.USAGE
    answers = record_from_issue(body, schemas, register)
    if not isinstance(answers.record.get("name"), (str, dict)) or not answers.record.get("name"):
        message = "the issue has no answer to 'Name', so no record can be made from it. Nothing was written."
        print(json.dumps({"file": None, "id": None, "valid": False, "problems": [], "report": message,
                          "report_markdown": fenced(message)}) if args.format == "json"
              else f"airegister from-issue: {message}", file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    comment = f"Made from issue #{args.issue_number} with 'airegister from-issue'." if args.issue_number else \
        "Made from an issue with 'airegister from-issue'."
    try:
        target = write_new_file(root, schemas, answers.record, comment)
    except ScaffoldError as exc:
        print(json.dumps({"file": None, "id": answers.record.get("id"), "valid": False, "problems": [], "report": str(exc),
                          "report_markdown": fenced(str(exc))})
              if args.format == "json" else f"airegister from-issue: {exc}", file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    if answers.unread:
        with target.open("a", encoding="utf-8") as handle:
            for label, reason, text in answers.unread:
                handle.write(f"\n# The answer to '{label}' could not be read: {reason}.\n"
                             "# It is kept here, so that nothing is lost; move it into the record by hand:\n")
                # splitlines: every kind of line break (also U+2028 and U+0085, which YAML reads as one) starts a new
                # comment line, so no answer can end the comment and write a field
                handle.writelines(f"#   {line}\n" for line in text.splitlines())
    result = load_registry(root, schema_dir, only=[target])
    shown = os.path.relpath(target)
    import io

    report = io.StringIO()
    report.write(f"Wrote {shown}" + (f" from issue #{args.issue_number}" if args.issue_number else "") + ".\n")
    for label, reason, _ in answers.unread:
        report.write(f"The answer to '{label}' could not be read ({reason}); it is kept as a comment at the end of the file.\n")
    report_text([result], report)
    for line in conditions_missed(result.problems, schemas, register, answers.record):
        report.write(line + "\n")
    valid = result.ok and not answers.unread
    if args.format == "json":
        print(json.dumps({"file": shown, "id": answers.record.get("id"), "name": _one_line_name(answers.record), "valid": valid,
                          "problems": [problem_json(p) for p in result.problems], "report": report.getvalue(),
                          "report_markdown": fenced(report.getvalue())},
                         ensure_ascii=False, indent=2))
    else:
        print(report.getvalue(), end="")
    return ExitCode.OK if valid else ExitCode.INVALID


def _one_line_name(record: dict) -> str:
    """The record's name on one line (its first language's, if it has several), for a pull request's title."""
    name = record.get("name")
    if isinstance(name, dict):
        name = next((value for value in name.values() if isinstance(value, str) and value.strip()), "")
    return " ".join(str(name or "").split())[:150]
