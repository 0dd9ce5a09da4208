"""``airegister import``: make records from another register's export."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import registry_or_usage


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
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
    return importer


def run(args: argparse.Namespace) -> int:
    from generator.crosswalk import CannotImport, all_standards
    from generator.model.registry import load_config, load_registry, schema_dir_for
    from generator.cli.reporters import report_text
    from generator.authoring.scaffold import ScaffoldError, write_new_file
    from generator.core.schema import load_schemas

    standards = {key: s for key, s in all_standards().items() if s.importable}
    if args.standard not in standards:
        print(f"airegister import: records can be imported from: {', '.join(sorted(standards))}", file=sys.stderr)
        return ExitCode.USAGE
    root = registry_or_usage("import", args.registry)
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
        imported = standards[args.standard].read(content, args.department, options, schemas)
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
