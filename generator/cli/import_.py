"""``airegister import``: make records from another register's export, or update them from a newer one."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import registry_or_usage


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    importer = commands.add_parser("import", help="make records from another register's export",
                                   description="Read a file in another standard's format and write one record per "
                                               "system, with a list of what each record still needs. Records imported "
                                               "before are found again by their id in the source and only changed with "
                                               "--update. Exit code 0: every record imported and valid; 1: a record "
                                               "was refused, or records have problems to fix; 2: the file or the "
                                               "options could not be used.")
    importer.add_argument("file", type=Path, metavar="FILE", help="the file to read")
    importer.add_argument("--from", dest="standard", required=True, metavar="STANDARD", help="the file's standard, such as nl-1.0")
    owner = importer.add_mutually_exclusive_group(required=True)
    owner.add_argument("--department", metavar="DEPT", help="the department (from register.yaml) that owns the systems")
    owner.add_argument("--by-organisation", action="store_true",
                       help="give each system to the department of the organisation the file names for it, adding "
                            "organisations and departments that register.yaml does not have yet")
    importer.add_argument("--update", action="store_true",
                          help="update records imported before from this newer export (fields edited by hand are kept "
                               "and listed)")
    importer.add_argument("--accountable-role", metavar="ROLE", help="the accountable role to use where the file has none")
    importer.add_argument("--contact", metavar="EMAIL", help="the contact mailbox to use where the file has none")
    importer.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    importer.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    return importer


def run(args: argparse.Namespace) -> int:
    from generator.crosswalk import CannotImport, all_standards
    from generator.model.registry import load_config, load_registry, schema_dir_for
    from generator.cli.reporters import report_text
    from generator.cli.progress import Progress
    from generator.authoring.importing import Incoming, put_records
    from generator.authoring.organisations import OrganisationError, assign_departments
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
    if args.department and args.department not in register.departments:
        print(f"airegister import: '{args.department}' is not a department in register.yaml; choose one of: "
              f"{', '.join(register.departments)}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"airegister import: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    organisation = "" if args.by_organisation else (register.text(register.data["organisation"]["name"]) or "")
    if args.department:
        organisation = register.text(register.organisation_of(args.department).name) or organisation
    options = {k: v for k, v in (("accountable_role", args.accountable_role), ("contact", args.contact),
                                 ("organisation", organisation), ("today", dt.date.today().isoformat())) if v}
    schemas = load_schemas(schema_dir)
    standard = standards[args.standard]
    try:
        imported = standard.read(content, args.department or "", options, schemas)
    except CannotImport as exc:
        print(f"airegister import: {args.file}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    for problem in imported.problems:
        print(f"{args.file}: {problem}")
    if args.by_organisation:
        try:
            added = assign_departments(root, register, imported.records, [o.organisation for o in imported.origins])
        except OrganisationError as exc:
            print(f"airegister import: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        if added:
            print(f"Added {added} organisation{'s' * (added != 1)} (each with a department of the same name) to "
                  f"{os.path.relpath(root / 'register.yaml')}.")
    incoming = [Incoming(record, origin.key, imported.todo.get(record["id"], []))
                for record, origin in zip(imported.records, imported.origins)]
    progress = Progress("Writing records", len(incoming))
    outcomes = put_records(root, schemas, args.standard, incoming,
                           f"Imported from {args.file.name} ({standard.title}) with 'airegister import'.",
                           args.update, progress)
    progress.done()
    for outcome in outcomes:
        _report(outcome)
    counts = {kind: sum(1 for o in outcomes if o.kind == kind) for kind in ("new", "updated", "unchanged", "refused")}
    refused = counts["refused"] + imported.refused
    touched = [o.path for o in outcomes if o.kind in ("new", "updated") and o.path is not None]
    result = None
    if touched:
        print(f"Checking {len(touched)} record{'s' * (len(touched) != 1)}...", file=sys.stderr, flush=True)
        result = load_registry(root, schema_dir, only=touched)
        report_text([result], sys.stdout)
    print(f"Imported {len(imported.records) + imported.refused} entr{'ies' if len(imported.records) + imported.refused != 1 else 'y'} "
          f"from {args.file.name}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
          f"{refused} refused.")
    if refused:
        print(f"airegister import: {refused} record{'s were' if refused != 1 else ' was'} refused (see above).",
              file=sys.stderr)
        return ExitCode.INVALID
    if not outcomes:
        print("airegister import: no record was written.", file=sys.stderr)
        return ExitCode.USAGE
    ok = result is None or result.ok
    return ExitCode.OK if ok and not imported.problems else ExitCode.INVALID


def _report(outcome) -> None:
    where = os.path.relpath(outcome.path) if outcome.path else outcome.record_id
    if outcome.kind == "refused":
        print(f"Not written: {outcome.record_id}: {outcome.reason}")
        return
    if outcome.kind == "new":
        print(f"Wrote {where}.")
    elif outcome.kind == "updated":
        print(f"Updated {where}: {', '.join(outcome.changed) or 'the import details'} changed in the source.")
    else:
        print(f"Unchanged: {where}.")
    for name in outcome.kept:
        print(f"    kept as edited by hand: {name} (the newer export has a different value; change it yourself if the "
              "source is right)")
    if outcome.kind == "new":
        for item in outcome.todo:
            print(f"    still to complete: {item}")
