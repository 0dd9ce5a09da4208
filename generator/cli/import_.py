"""``airegister import``: make records from another register's export, or update them from a newer one."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import (add_language_option, add_registry_options, register_default_language, registry_or_usage,
                                  say_error, speaking)
from generator.core.i18n import Translator, told


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    importer = commands.add_parser("import", help=t.gettext("make records from another register's export"),
                                   description=t.gettext(
                                       "Read a file in another standard's format and write one record per system, with "
                                       "a list of what each record still needs. Records imported before are found again "
                                       "by their id in the source and only changed with --update. Exit code 0: every "
                                       "record imported and valid; 1: a record was refused, or records have problems to "
                                       "fix; 2: the file or the options could not be used."))
    importer.add_argument("file", type=Path, metavar="FILE", help=t.gettext("the file to read"))
    importer.add_argument("--from", dest="standard", required=True, metavar="STANDARD",
                          help=t.gettext("the file's standard, such as nl-1.0"))
    owner = importer.add_mutually_exclusive_group(required=True)
    owner.add_argument("--department", metavar="DEPT",
                       help=t.gettext("the department (from register.yaml) that owns the systems"))
    owner.add_argument("--by-organisation", action="store_true",
                       help=t.gettext("give each system to the department of the organisation the file names for it, "
                                      "adding organisations and departments that register.yaml does not have yet"))
    importer.add_argument("--update", action="store_true",
                          help=t.gettext("update records imported before from this newer export (fields edited by hand "
                                         "are kept and listed)"))
    importer.add_argument("--accountable-role", metavar="ROLE",
                          help=t.gettext("the accountable role to use where the file has none"))
    importer.add_argument("--contact", metavar="EMAIL", help=t.gettext("the contact mailbox to use where the file has none"))
    add_registry_options(importer, t)
    add_language_option(importer, t)
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
    t = speaking(args, register_default_language(args.registry))
    if args.standard not in standards:
        say_error("import", t.gettext("records can be imported from: {standards}").format(
            standards=", ".join(sorted(standards))), t)
        return ExitCode.USAGE
    root = registry_or_usage("import", args.registry, t)
    if root is None:
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(root)
    register, problems = load_config(root, schema_dir)
    if register is None:
        for problem in problems:
            print(problem.headline(t), file=sys.stderr)
        return ExitCode.USAGE
    if args.department and args.department not in register.departments:
        say_error("import", t.gettext("'{department}' is not a department in register.yaml; choose one of: {departments}")
                  .format(department=args.department, departments=", ".join(register.departments)), t)
        return ExitCode.USAGE
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        say_error("import", f"{args.file}: {exc.strerror or exc}", t)
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
        say_error("import", f"{args.file}: {told(exc.args[0], t)}", t)
        return ExitCode.USAGE
    for problem in imported.problems:
        print(f"{args.file}: {told(problem, t)}")
    from generator.crosswalk.owncategories import place_in_categories  # the standard's themes -> the register's own
    place_in_categories(imported.records, imported.todo, register, schemas)
    if args.by_organisation:
        try:
            added = assign_departments(root, register, imported.records, [o.organisation for o in imported.origins])
        except OrganisationError as exc:
            say_error("import", exc.args[0], t)
            return ExitCode.USAGE
        if added:
            print(t.ngettext("Added {count} organisation (each with a department of the same name) to {file}.",
                             "Added {count} organisations (each with a department of the same name) to {file}.", added)
                  .format(count=added, file=os.path.relpath(root / "register.yaml")))
    incoming = [Incoming(record, origin.key, imported.todo.get(record["id"], []))
                for record, origin in zip(imported.records, imported.origins)]
    progress = Progress(t.gettext("Writing records"), len(incoming), t=t)
    outcomes = put_records(root, schemas, args.standard, incoming,
                           t.gettext("Imported from {file} ({standard}) with 'airegister import'.").format(
                               file=args.file.name, standard=standard.title),
                           args.update, progress)
    progress.done()
    for outcome in outcomes:
        _report(outcome, t)
    counts = {kind: sum(1 for o in outcomes if o.kind == kind) for kind in ("new", "updated", "unchanged", "refused")}
    refused = counts["refused"] + imported.refused
    touched = [o.path for o in outcomes if o.kind in ("new", "updated") and o.path is not None]
    result = None
    if touched:
        print(t.ngettext("Checking {count} record...", "Checking {count} records...", len(touched)).format(
            count=len(touched)), file=sys.stderr, flush=True)
        result = load_registry(root, schema_dir, only=touched)
        report_text([result], sys.stdout, t)
    entries = len(imported.records) + imported.refused
    print(t.ngettext("Imported {count} entry from {file}: {new}, {updated}, {unchanged}, {refused}.",
                     "Imported {count} entries from {file}: {new}, {updated}, {unchanged}, {refused}.", entries).format(
        count=entries, file=args.file.name,
        new=t.ngettext("{count} new", "{count} new", counts["new"]).format(count=counts["new"]),
        updated=t.ngettext("{count} updated", "{count} updated", counts["updated"]).format(count=counts["updated"]),
        unchanged=t.ngettext("{count} unchanged", "{count} unchanged", counts["unchanged"]).format(count=counts["unchanged"]),
        refused=t.ngettext("{count} refused", "{count} refused", refused).format(count=refused)))
    if refused:
        say_error("import", t.ngettext("{count} record was refused (see above).", "{count} records were refused (see above).",
                                       refused).format(count=refused), t)
        return ExitCode.INVALID
    if not outcomes:
        say_error("import", t.gettext("no record was written."), t)
        return ExitCode.USAGE
    ok = result is None or result.ok
    return ExitCode.OK if ok and not imported.problems else ExitCode.INVALID


def _report(outcome, t: Translator) -> None:
    where = os.path.relpath(outcome.path) if outcome.path else outcome.record_id
    if outcome.kind == "refused":
        print(t.gettext("Not written: {id}: {reason}").format(id=outcome.record_id, reason=told(outcome.reason, t)))
        return
    if outcome.kind == "new":
        print(t.gettext("Wrote {file}.").format(file=where))
    elif outcome.kind == "updated":
        print(t.gettext("Updated {file}: {fields} changed in the source.").format(
            file=where, fields=", ".join(outcome.changed) or t.gettext("the import details")))
    else:
        print(t.gettext("Unchanged: {file}.").format(file=where))
    for name in outcome.kept:
        print("    " + t.gettext("kept as edited by hand: {field} (the newer export has a different value; change it "
                                 "yourself if the source is right)").format(field=name))
    if outcome.kind == "new":
        for item in outcome.todo:
            print("    " + t.gettext("still to complete: {item}").format(item=told(item, t)))
