"""The ``airegister`` command line: parse options, call one pipeline function, report, return an exit code."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import ExitCode

FORMAT_HELP = "how to print problems: text (default, for people), json (for programs) or github (annotations for GitHub Actions)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="airegister",
        description="Check and publish a city's public register of AI and algorithmic systems.",
    )
    parser.add_argument("--version", action="version", version=f"airegister {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    validate = commands.add_parser("validate", help="check register files and report every problem",
                                   description="Check register files against the schema and the register-wide rules. "
                                               "Exit code 0: valid; 1: problems found; 2: wrong usage.")
    validate.add_argument("paths", nargs="*", type=Path, default=[Path("registry")], metavar="PATH",
                          help="register folders or record files to check (default: registry)")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help=FORMAT_HELP)
    validate.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files (default: schema/ beside the register, else the built-in one)")

    new = commands.add_parser("new", help="write a new record file from the schema, ready to fill in",
                              description="Write registry/<department>/<ID>.yaml with every field of the schema: "
                                          "required fields as <placeholders>, the others as comments. Never overwrites a file.")
    new.add_argument("id", metavar="ID", nargs="?", help="the id of the new record, such as parking-scan-car (also its file "
                                                         "name); asked for when --interactive")
    new.add_argument("-i", "--interactive", action="store_true",
                     help="ask the required questions one by one, with the allowed choices, and write a record that passes the checks")
    new.add_argument("--department", metavar="DEPT", help="department id from register.yaml; the file goes in that folder")
    new.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    new.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    render = commands.add_parser("render", help="write the register's pages as Markdown to a folder, for any site engine",
                                 description="Check the register, then write every generated page (Markdown) and its "
                                             "stylesheet and script to a folder. Pages of deleted records are removed from "
                                             "the folder; nothing else in it is touched.")
    render.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write the pages to")
    render.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    render.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    render.add_argument("--templates", type=Path, metavar="DIR", help="folder with templates that replace built-in ones")
    render.add_argument("--language", metavar="CODE", help="language of the pages (default: the register's default language)")
    render.add_argument("--no-directory-urls", action="store_true", help="link to page.html instead of page/ (as MkDocs' use_directory_urls: false)")
    render.add_argument("--site-url", metavar="URL", help="the public address of the site, for linked data and the feed")
    form = commands.add_parser("issue-form", help="write the 'Propose an AI system' GitHub issue form from the schema",
                               description="Write .github/ISSUE_TEMPLATE/propose-ai-system.yml from the schema and the "
                                           "register's departments. With --check, only report whether the file is up to date.")
    form.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    form.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    form.add_argument("--out", type=Path, default=Path(".github/ISSUE_TEMPLATE/propose-ai-system.yml"), metavar="FILE",
                      help="where to write the form (default: .github/ISSUE_TEMPLATE/propose-ai-system.yml)")
    form.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file differs from what the schema gives")

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

    check = commands.add_parser("check", help="list records whose review date has passed",
                                description="List records whose record.next_review date has passed. Exit code 0, or 1 "
                                            "with --strict when any review is overdue.")
    check.add_argument("--due", action="store_true", required=True, help="list records that are due for review")
    check.add_argument("--strict", action="store_true", help="exit 1 when any review is overdue")
    check.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="check as of this date (default: today)")
    check.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    check.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help=FORMAT_HELP)
    init = commands.add_parser("init", help="start a new register for a city in an empty folder",
                               description="Create a working register in an empty folder: the register configuration, "
                                           "one example record, the schema, the website configuration, a Makefile "
                                           "(make serve, make test), a README and the GitHub files.")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new folder (it must not exist yet, or be empty)")
    init.add_argument("--name", required=True, help='the organisation\'s name, such as "City of Lakeholm"')
    init.add_argument("--languages", default="en", metavar="CODES", help="languages of the register, the default first (default: en)")
    init.add_argument("--department", action="append", metavar="ID=NAME", default=[],
                      help="a department, such as mobility='Urban Mobility' (repeat for more; default: one to rename)")
    init.add_argument("--country", metavar="CC", help="two-letter country code, such as FI")
    init.add_argument("--requirement", metavar="SPEC", help="how the new register installs this tool (a pip requirement; "
                                                           "default: airegister from the package index)")

    preview = commands.add_parser("preview", help="show the website while you edit (live reload on 127.0.0.1)",
                                  description="Run 'mkdocs serve' with live reload: the site is rebuilt whenever a record, "
                                              "the schema or a page changes. Stop it with Ctrl+C.")
    preview.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    preview.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE", help="the site configuration (default: mkdocs.yml)")
    report = commands.add_parser("report", help="readiness and quality: what high-risk systems lack, overdue reviews, completeness",
                                 description="Report what the register still lacks: EU AI Act duties of high-risk systems "
                                             "(FRIA, DPIA summary, EU database entry, human oversight), overdue reviews, "
                                             "how complete each department's records are, and counts by status, domain "
                                             "and EU AI Act class. The same report is a page of the website.")
    report.add_argument("--format", choices=("text", "json"), default="text", help="text (for people) or json (for programs)")
    report.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="report as of this date (default: today)")
    report.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    report.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")

    export = commands.add_parser("export", help="write the register in another standard's format",
                                 description="Write the register in the format of another register or law (the Dutch "
                                             "Algorithm Register, Eurocities, UK ATRS, EU AI Act Annex VIII, NYC Local Law "
                                             "35, US federal inventory), with a list of the fields each record still "
                                             "lacks for that standard (gaps.csv).")
    export.add_argument("--to", required=True, metavar="STANDARD", help="the standard's key, or 'all' (see the list in the help)")
    export.add_argument("--out", type=Path, default=Path("build/exports"), metavar="DIR", help="where to write (default: build/exports)")
    export.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    export.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    export.add_argument("--site-url", metavar="URL", help="where the register is published, so exports can link to each page")

    importer = commands.add_parser("import", help="make records from another register's export",
                                   description="Read a file in another standard's format and write one record per "
                                               "system (never overwriting), with a list of what each record still needs. "
                                               "Exit code 0: all records valid; 1: written, with problems to fix; 2: nothing written.")
    importer.add_argument("file", type=Path, metavar="FILE", help="the file to read")
    importer.add_argument("--from", dest="standard", required=True, metavar="STANDARD", help="the file's standard, such as nl-1.0")
    importer.add_argument("--department", required=True, metavar="DEPT", help="the department (from register.yaml) that owns the systems")
    importer.add_argument("--accountable-role", metavar="ROLE", help="the accountable role to use where the file has none")
    importer.add_argument("--contact", metavar="EMAIL", help="the contact mailbox to use where the file has none")
    importer.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    importer.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    return parser


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from .readiness import readiness
    from .registry import load_registry, schema_dir_for
    from .report import report_text
    from .schema import load_schemas

    root = _registry_or_usage("report", args.registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    result = load_registry(root, schema_dir)
    if result.registry is None:
        report_text([result], sys.stdout)
        print("airegister report: the register has errors; run 'airegister validate' and fix them first.", file=sys.stderr)
        return ExitCode.INVALID
    found = readiness(result.registry, load_schemas(schema_dir), args.today or dt.date.today())
    if args.format == "json":
        print(json.dumps({
            "today": found.today.isoformat(),
            "high_risk": {"total": found.high_risk_total, "lacking": [
                {"id": s.system.id, "missing": list(s.missing), "notes": list(s.notes)} for s in found.high_risk]},
            "overdue": [{"id": o.system.id, "next_review": o.next_review.isoformat(), "days_overdue": o.days} for o in found.overdue],
            "completeness": [{"department": c.department_id, "systems": c.systems, "filled": c.filled,
                              "expected": c.expected, "percent": c.percent} for c in found.completeness],
            "by_status": {b.value: b.count for b in found.by_status},
            "by_domain": {b.value: b.count for b in found.by_domain},
            "by_classification": {b.value: b.count for b in found.by_classification},
        }, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(f"Readiness and quality of the register, {found.today.isoformat()}\n")
    print(f"High-risk systems: {found.high_risk_total}")
    lacking = [s for s in found.high_risk if s.missing]
    for item in lacking:
        print(f"  {item.system.id}: lacks {'; '.join(item.missing)}")
    if not lacking:
        print("  every high-risk system has its FRIA, DPIA summary, EU database entry and oversight description")
    print(f"\nReviews overdue: {len(found.overdue)}")
    for item in found.overdue:
        print(f"  {item.system.id}: due {item.next_review.isoformat()} ({item.days} days ago)")
    print("\nExpected fields filled in, by department:")
    for c in found.completeness:
        print(f"  {c.department}: {c.percent}% ({c.systems} system{'s' * (c.systems != 1)})" if c.systems else
              f"  {c.department}: no systems")
    for title, bars in (("status", found.by_status), ("EU AI Act classification", found.by_classification),
                        ("city domain", found.by_domain)):
        print(f"\nSystems by {title}:")
        for bar in bars:
            print(f"  {bar.label}: {bar.count}")
    return ExitCode.OK


def cmd_export(args: argparse.Namespace) -> int:
    from .crosswalk import ExportContext, all_standards, using_schemas, write_export
    from .registry import load_registry, schema_dir_for
    from .report import report_text
    from .schema import load_schemas

    standards = all_standards()
    keys = sorted(standards) if args.to == "all" else [args.to]
    unknown = [key for key in keys if key not in standards]
    if unknown:
        print(f"airegister export: unknown standard '{unknown[0]}'; choose one of: {', '.join(sorted(standards))}, or all",
              file=sys.stderr)
        return ExitCode.USAGE
    root = _registry_or_usage("export", args.registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    result = load_registry(root, schema_dir)
    if result.registry is None:
        report_text([result], sys.stdout)
        print("Nothing was exported: fix the errors above first.", file=sys.stderr)
        return ExitCode.INVALID
    context = ExportContext(site_url=args.site_url)
    for key in keys:
        with using_schemas(load_schemas(schema_dir)):
            export = standards[key].export(result.registry, context)
        written = write_export(export, args.out / key)
        records = len({g.record_id for g in export.gaps})
        print(f"{key}: wrote {len(written)} files to {args.out / key}; {len(export.gaps)} gaps in {records} "
              f"record{'s' * (records != 1)} (see {args.out / key / 'gaps.csv'})")
    return ExitCode.OK


def cmd_import(args: argparse.Namespace) -> int:
    from .crosswalk import CannotImport, all_standards, using_schemas
    from .registry import load_config, load_registry, schema_dir_for
    from .report import report_text
    from .scaffold import ScaffoldError, write_new_file
    from .schema import load_schemas

    standards = {key: s for key, s in all_standards().items() if s.importable}
    if args.standard not in standards:
        print(f"airegister import: records can be imported from: {', '.join(sorted(standards))}", file=sys.stderr)
        return ExitCode.USAGE
    root = _registry_or_usage("import", args.registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    register, problems = load_config(root, schema_dir)
    if register is None:
        for problem in problems:
            print(problem.headline(), file=sys.stderr)
        return ExitCode.USAGE
    if args.department not in register.departments:
        print(f"airegister import: '{args.department}' is not a department in register.yaml; choose one of: "
              f"{', '.join(register.departments)}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"airegister import: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    options = {k: v for k, v in (("accountable_role", args.accountable_role), ("contact", args.contact),
                                 ("organisation", register.text(register.data["organisation"]["name"]) or "")) if v}
    schemas = load_schemas(schema_dir)
    try:
        with using_schemas(schemas):
            imported = standards[args.standard].read(content, args.department, options)
    except CannotImport as exc:
        print(f"airegister import: {args.file}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    for problem in imported.problems:
        print(f"{args.file}: {problem}")
    written = []
    for record in imported.records:
        try:
            target = write_new_file(root, schemas, record, f"Imported from {args.file.name} ({standards[args.standard].title}) "
                                                            "with 'airegister import'.")
        except ScaffoldError as exc:
            print(f"Not written: {exc}")
            continue
        written.append(target)
        print(f"Wrote {os.path.relpath(target)}.")
        for item in imported.todo.get(record.get("id", ""), []):
            print(f"    still to complete: {item}")
    if not written:
        print("airegister import: no record was written.", file=sys.stderr)
        return ExitCode.USAGE
    result = load_registry(root, schema_dir, only=written)
    report_text([result], sys.stdout)
    return ExitCode.OK if result.ok and not imported.problems else ExitCode.INVALID


def cmd_init(args: argparse.Namespace) -> int:
    from .project import InitError, init_register

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    departments = []
    for item in args.department:
        key, _, name = item.partition("=")
        if not name.strip():
            print(f"airegister init: write each department as ID=NAME, such as mobility='Urban Mobility' (got '{item}')",
                  file=sys.stderr)
            return ExitCode.USAGE
        departments.append((key.strip(), name.strip()))
    try:
        written = init_register(args.folder, args.name, languages or ["en"], departments or [("general", "General administration")],
                                requirement=args.requirement, country=args.country)
    except InitError as exc:
        print(f"airegister init: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    print(f"Created the {args.name} AI register in {args.folder} ({len(written)} files).")
    print(f"Next: cd {args.folder} && make serve   (then edit registry/register.yaml and the example record)")
    return ExitCode.OK


def cmd_preview(args: argparse.Namespace) -> int:
    import subprocess

    if not args.config_file.is_file():
        print(f"airegister preview: {args.config_file} not found; run this in the register's folder", file=sys.stderr)
        return ExitCode.USAGE
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--config-file", str(args.config_file),
               "--dev-addr", f"127.0.0.1:{args.port}"]
    print(f"Preview on http://127.0.0.1:{args.port}/ (it updates when you save a file; stop with Ctrl+C)", flush=True)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if hasattr(os, "execv"):
        os.execv(sys.executable, command)  # become the server, so Ctrl+C and stop signals reach it directly
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return ExitCode.OK


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def _registry_or_usage(command: str, registry: Path):
    from .discover import DiscoveryError, find_root

    try:
        return find_root(registry)
    except DiscoveryError as exc:
        print(f"airegister {command}: {exc}", file=sys.stderr)
        return None


def cmd_issue_form(args: argparse.Namespace) -> int:
    from .issueform import issue_form
    from .registry import load_config, schema_dir_for
    from .schema import load_schemas

    root = _registry_or_usage("issue-form", args.registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    register, problems = load_config(root, schema_dir)
    if register is None:
        for problem in problems:
            print(problem.headline())
        print("The form lists the departments of registry/register.yaml, so that file must be valid first.", file=sys.stderr)
        return ExitCode.INVALID
    text = issue_form(load_schemas(schema_dir), register)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
        if current != text:
            print(f"{args.out} is out of date with the schema or the departments: run 'airegister issue-form' and commit it.")
            return ExitCode.INVALID
        print(f"{args.out} is up to date.")
        return ExitCode.OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"Wrote {args.out}.")
    return ExitCode.OK


def cmd_from_issue(args: argparse.Namespace) -> int:
    import json

    from .issueform import record_from_issue
    from .registry import load_config, load_registry, schema_dir_for
    from .report import problem_json, report_text
    from .scaffold import ScaffoldError, write_new_file
    from .schema import load_schemas

    root = _registry_or_usage("from-issue", args.registry)
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
    if not isinstance(answers.record.get("name"), str):
        message = "the issue has no answer to 'Name', so no record can be made from it. Nothing was written."
        print(json.dumps({"file": None, "id": None, "valid": False, "problems": [], "report": message}) if args.format == "json"
              else f"airegister from-issue: {message}", file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    comment = f"Made from issue #{args.issue_number} with 'airegister from-issue'." if args.issue_number else \
        "Made from an issue with 'airegister from-issue'."
    try:
        target = write_new_file(root, schemas, answers.record, comment)
    except ScaffoldError as exc:
        print(json.dumps({"file": None, "id": answers.record.get("id"), "valid": False, "problems": [], "report": str(exc)})
              if args.format == "json" else f"airegister from-issue: {exc}", file=sys.stdout if args.format == "json" else sys.stderr)
        return ExitCode.USAGE
    if answers.unread:
        with target.open("a", encoding="utf-8") as handle:
            for label, reason, text in answers.unread:
                handle.write(f"\n# The answer to '{label}' could not be read: {reason}.\n"
                             "# It is kept here, so that nothing is lost; move it into the record by hand:\n")
                handle.writelines(f"#   {line}\n" for line in text.split("\n"))
    result = load_registry(root, schema_dir, only=[target])
    shown = os.path.relpath(target)
    import io

    report = io.StringIO()
    report.write(f"Wrote {shown}" + (f" from issue #{args.issue_number}" if args.issue_number else "") + ".\n")
    for label, reason, _ in answers.unread:
        report.write(f"The answer to '{label}' could not be read ({reason}); it is kept as a comment at the end of the file.\n")
    report_text([result], report)
    valid = result.ok and not answers.unread
    if args.format == "json":
        print(json.dumps({"file": shown, "id": answers.record.get("id"), "valid": valid,
                          "problems": [problem_json(p) for p in result.problems], "report": report.getvalue()},
                         ensure_ascii=False, indent=2))
    else:
        print(report.getvalue(), end="")
    return ExitCode.OK if valid else ExitCode.INVALID


def cmd_check(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from .registry import load_registry, schema_dir_for
    from .report import escape_data, escape_property, report_text
    from .review import overdue

    root = _registry_or_usage("check", args.registry)
    if root is None:
        return ExitCode.USAGE
    result = load_registry(root, args.schema or schema_dir_for(root))
    if result.registry is None:
        report_text([result], sys.stdout)
        print("airegister check: the register has errors; run 'airegister validate' and fix them first.", file=sys.stderr)
        return ExitCode.INVALID
    today = args.today or dt.date.today()
    late = overdue(result.registry, today, result.documents)
    register = result.registry.register
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


def cmd_render(args: argparse.Namespace) -> int:
    from .discover import DiscoveryError, find_root
    from .registry import load_registry, schema_dir_for
    from .render import RenderError, RenderOptions, render_site, write_pages
    from .report import report_text
    from .schema import load_schemas

    try:
        root = find_root(args.registry)
    except DiscoveryError as exc:
        print(f"airegister render: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    out = args.out.resolve()
    if out == root or root in out.parents or out in root.parents:
        print(f"airegister render: {args.out} is or holds the register folder; choose a separate folder for the pages",
              file=sys.stderr)
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    result = load_registry(root, schema_dir)
    if not result.ok or result.registry is None:
        report_text([result], sys.stdout)
        print("Nothing was written: fix the errors above first.", file=sys.stderr)
        return ExitCode.INVALID
    import datetime as dt

    from .history import read_history
    from .opendata import OpenDataOptions, build_open_data

    history = read_history(root)
    schemas = load_schemas(schema_dir)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    generated_at = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch.isdigit() else \
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    data = build_open_data(result.registry, schemas, OpenDataOptions(args.site_url, generated_at,
                                                                      history.head if history else None, history))
    options = RenderOptions(language=args.language, templates_dir=args.templates,
                            use_directory_urls=not args.no_directory_urls, today=generated_at.date(),
                            site_url=args.site_url, history=history, data_paths=tuple(data))
    try:
        pages = render_site(result.registry, schemas, options)
    except RenderError as exc:
        print(f"airegister render: {exc}", file=sys.stderr)
        return ExitCode.INVALID
    written = write_pages(pages, out, data)
    print(f"Wrote {len(pages)} pages, {len(data)} open-data files and the stylesheet and script to {args.out}.")
    return ExitCode.OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .discover import DiscoveryError, find_root
    from .registry import load_registry
    from .report import REPORTERS

    groups: dict[Path, list[Path]] = {}
    for path in args.paths:
        try:
            root = find_root(path)
        except DiscoveryError as exc:
            print(f"airegister validate: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        groups.setdefault(root, []).append(path)
    results = []
    for root, paths in groups.items():
        only = None if any(p.resolve() == root for p in paths) else paths
        results.append(load_registry(root, args.schema, only=only))
    REPORTERS[args.format](results, sys.stdout)
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.INVALID


def cmd_new(args: argparse.Namespace) -> int:
    from .discover import DiscoveryError, find_root
    from .registry import schema_dir_for
    from .scaffold import ScaffoldError, write_record
    from .schema import load_schemas

    try:
        root = find_root(args.registry)
    except DiscoveryError as exc:
        print(f"airegister new: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    schemas = load_schemas(args.schema or schema_dir_for(root))
    if args.interactive:
        return _new_interactive(args, root, schemas)
    if not args.id:
        print("airegister new: give the id of the new record (such as street-light-dimming), or use --interactive",
              file=sys.stderr)
        return ExitCode.USAGE
    try:
        target = write_record(schemas, root, args.id, args.department)
    except ScaffoldError as exc:
        print(f"airegister new: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    shown = os.path.relpath(target)
    print(f"Wrote {shown}. Replace every <...> placeholder, then run: airegister validate {shown}")
    return ExitCode.OK


def _new_interactive(args: argparse.Namespace, root: Path, schemas) -> int:
    from .discover import list_files
    from .interactive import ask_required
    from .registry import load_config, load_registry
    from .report import report_text
    from .scaffold import ScaffoldError, write_record

    register, problems = load_config(root, args.schema)
    if register is None:
        for problem in problems:
            print(problem.headline(), file=sys.stderr)
        print("airegister new: registry/register.yaml has errors; fix them first.", file=sys.stderr)
        return ExitCode.USAGE
    existing = {path.stem for path in list_files(root).records}
    try:
        record_id, answers = ask_required(schemas, register, input, print, existing, args.department)
    except EOFError:
        print("\nairegister new: stopped before all questions were answered. Nothing was written.", file=sys.stderr)
        return ExitCode.USAGE
    department = answers["owner.department"]
    try:
        target = write_record(schemas, root, record_id, department, answers)
    except ScaffoldError as exc:
        print(f"airegister new: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    shown = os.path.relpath(target)
    print(f"\nWrote {shown}. The other fields are in the file as comments: fill in as many as you can.")
    result = load_registry(root, args.schema, only=[target])
    report_text([result], sys.stdout)
    return ExitCode.OK if result.ok else ExitCode.INVALID


COMMANDS = {"validate": cmd_validate, "new": cmd_new, "render": cmd_render, "issue-form": cmd_issue_form,
            "from-issue": cmd_from_issue, "check": cmd_check, "init": cmd_init, "preview": cmd_preview,
            "export": cmd_export, "import": cmd_import, "report": cmd_report}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except KeyboardInterrupt:
        print("airegister: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: no traceback for users unless asked
        from .schema import SchemaError

        if isinstance(exc, SchemaError):
            print(f"airegister: the schema files are broken: {exc}", file=sys.stderr)
        else:
            print(f"airegister: an unexpected error occurred ({type(exc).__name__}: {exc}). "
                  "Please report it; set AIREGISTER_DEBUG=1 to see the details.", file=sys.stderr)
        if os.environ.get("AIREGISTER_DEBUG"):
            traceback.print_exc()
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
