"""``airegister from-issue``: turn a submitted issue form into a new record file."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import (add_language_option, add_registry_options, register_default_language, registry_or_usage,
                                  say_error, speaking)
from generator.core.i18n import N_, Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    from_issue = commands.add_parser("from-issue", help=t.gettext("turn a submitted issue form into a new record file"),
                                     description=t.gettext(
                                         "Read the Markdown body of an issue made with the 'Propose an AI system' form, "
                                         "write the record to registry/<department>/<id>.yaml (never overwriting), and "
                                         "check it. Exit code 0: valid; 1: written, with problems to fix; 2: nothing "
                                         "written."))
    from_issue.add_argument("--body", type=Path, required=True, metavar="FILE",
                            help=t.gettext("the issue body (use - for standard input)"))
    from_issue.add_argument("--issue-number", type=int, metavar="N",
                            help=t.gettext("the issue's number, noted in the record"))
    add_registry_options(from_issue, t)
    from_issue.add_argument("--format", choices=("text", "json"), default="text",
                            help=t.gettext("text (for people) or json (for workflows)"))
    add_language_option(from_issue, t, N_("language of the report and the notes in the new file (default: the "
                                          "environment's LANGUAGE, LC_ALL or LC_MESSAGES, else the register's default "
                                          "language)"))
    return from_issue


def conditions_missed(problems: list, schemas, register, record: dict, language: str | None = None) -> list[str]:
    """For each missing answer that the schema requires only in some cases: the form question and the condition
    (in ``language``, by default the register's; the question as the form, in the register's language, asks it)."""
    import re

    from generator.authoring.issueform import form_questions
    from generator.core.fields import required_when_text
    from generator.core.i18n import translator

    def value(path: tuple[str, ...]):
        node = record
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        return node

    questions = [q for q in form_questions(schemas, register) if q.info is not None and q.info.required_when
                 and q.language in (None, register.default_language)]
    t = translator(language or register.default_language)
    lines = []
    for problem in problems:
        missing = re.sub(r"\[\d+\]", "", problem.field or "")
        for q in questions:
            dotted = ".".join(q.path)
            holds = any(value(c.on) in c.values for c in q.info.required_when)
            if (problem.code == "required" and (dotted == missing or dotted.startswith(missing + "."))
                    and holds and value(q.path) is None):
                lines.append(t.gettext("The form's question '{question}' was not answered: {condition}").format(
                    question=q.label, condition=required_when_text(q.info, t.language)))
    return lines


def workflow_texts(t) -> dict[str, str]:
    """The sentences the propose-from-issue workflow writes in the issue and the pull request, in the report's
    language. The workflow fills in {number}, {file}, {name} and {url} (with jq, as plain text), and keeps its own
    English sentences for a run in which the tool gave no answer at all."""
    return {
        "no_record": t.gettext("Thank you for this proposal. The register's tools could not turn this issue into a record, "
                               "so no pull request was opened."),
        "what_went_wrong": t.gettext("What went wrong:"),
        "unexpected_error": t.gettext("The tool stopped with an unexpected error; a maintainer can read it in the log of "
                                      "this workflow run."),
        "edit_issue": t.gettext("Please edit the issue to fix this. A maintainer can then add the label "
                                "`create-pull-request` again."),
        "title": t.gettext("Add {name} to the register"),
        "adds": t.gettext("This pull request adds the AI system proposed in issue #{number} to the register."),
        "record": t.gettext("Record: `{file}`"),
        "validation": t.gettext("Validation"),
        "valid": t.gettext("The record passed every check."),
        "invalid": t.gettext("The record is not valid yet. Fix the problems below in this pull request (open the file, then "
                             "the pencil button) before it is merged."),
        "for_reviewers": t.gettext("For reviewers"),
        "checklist": t.gettext("Work through the checklist in the pull request template with the submitter."),
        "rerun": t.gettext("The validation check does not start by itself on a pull request opened by GitHub Actions: close "
                           "and reopen this pull request (or push a change) to run it."),
        "thanks": t.gettext("Thank you! Pull request {url} now holds this proposal as a record in the register."),
        "thanks_valid": t.gettext("The record passed every check. A reviewer from the department will look at it next."),
        "thanks_invalid": t.gettext("The record still has problems, listed in the pull request. They can be fixed there, or "
                                    "in this issue followed by the label `create-pull-request` again."),
    }


def run(args: argparse.Namespace) -> int:
    import json

    from generator.authoring.issueform import record_from_issue
    from generator.model.registry import load_config, load_registry, schema_dir_for
    from generator.cli.reporters import fenced, problem_json, report_text
    from generator.authoring.scaffold import ScaffoldError, write_new_file
    from generator.core.i18n import told
    from generator.core.schema import load_schemas

    root = registry_or_usage("from-issue", args.registry, speaking(args))
    if root is None:
        return ExitCode.USAGE
    t = speaking(args, register_default_language(root))
    body = sys.stdin.read() if str(args.body) == "-" else args.body.read_text(encoding="utf-8", errors="replace")
    schema_dir = args.schema or schema_dir_for(root)
    schemas = load_schemas(schema_dir)
    register, config_problems = load_config(root, schema_dir)
    if register is None:
        for problem in config_problems:
            print(problem.headline(t), file=sys.stderr)
        say_error("from-issue", t.gettext("registry/register.yaml has errors; fix them first."), t)
        return ExitCode.USAGE
    answers = record_from_issue(body, schemas, register)
    if not isinstance(answers.record.get("name"), (str, dict)) or not answers.record.get("name"):
        message = t.gettext("the issue has no answer to 'Name', so no record can be made from it. Nothing was written.")
        print(json.dumps({"file": None, "id": None, "valid": False, "problems": [], "report": message,
                          "report_markdown": fenced(message), "language": t.language,
                          "texts": workflow_texts(t)}, ensure_ascii=False)
              if args.format == "json" else f"airegister from-issue: {message}",
              file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    comment = t.gettext("Made from issue #{number} with 'airegister from-issue'.").format(number=args.issue_number) \
        if args.issue_number else t.gettext("Made from an issue with 'airegister from-issue'.")
    try:
        target = write_new_file(root, schemas, answers.record, comment)
    except ScaffoldError as exc:
        refusal = told(exc.args[0], t)
        print(json.dumps({"file": None, "id": answers.record.get("id"), "valid": False, "problems": [], "report": refusal,
                          "report_markdown": fenced(refusal), "language": t.language,
                          "texts": workflow_texts(t)}, ensure_ascii=False)
              if args.format == "json" else f"airegister from-issue: {refusal}",
              file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    if answers.unread:
        with target.open("a", encoding="utf-8") as handle:
            for label, reason, text in answers.unread:
                handle.write("\n# " + t.gettext("The answer to '{label}' could not be read: {reason}.").format(
                    label=label, reason=told(reason, t)) + "\n# " +
                    t.gettext("It is kept here, so that nothing is lost; move it into the record by hand:") + "\n")
                # splitlines: every kind of line break (also U+2028 and U+0085, which YAML reads as one) starts a new
                # comment line, so no answer can end the comment and write a field
                handle.writelines(f"#   {line}\n" for line in text.splitlines())
    result = load_registry(root, schema_dir, only=[target])
    shown = os.path.relpath(target)
    import io

    report = io.StringIO()
    if args.issue_number:
        report.write(t.gettext("Wrote {file} from issue #{number}.").format(file=shown, number=args.issue_number) + "\n")
    else:
        report.write(t.gettext("Wrote {file}.").format(file=shown) + "\n")
    for label, reason, _ in answers.unread:
        report.write(t.gettext("The answer to '{label}' could not be read ({reason}); it is kept as a comment at the end "
                               "of the file.").format(label=label, reason=told(reason, t)) + "\n")
    report_text([result], report, t)
    for line in conditions_missed(result.problems, schemas, register, answers.record, t.language):
        report.write(line + "\n")
    valid = result.ok and not answers.unread
    if args.format == "json":
        print(json.dumps({"file": shown, "id": answers.record.get("id"), "name": _one_line_name(answers.record), "valid": valid,
                          "language": t.language, "problems": [problem_json(p, t) for p in result.problems],
                          "report": report.getvalue(), "report_markdown": fenced(report.getvalue()),
                          "texts": workflow_texts(t)},
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
