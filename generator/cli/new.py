"""``airegister new``: write a new record file from the schema."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import (add_language_option, add_registry_options, register_default_language, say_error,
                                  speaking)
from generator.core.i18n import N_, Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    new = commands.add_parser("new", help=t.gettext("write a new record file from the schema, ready to fill in"),
                              description=t.gettext("Write registry/<department>/<ID>.yaml with every field of the schema: "
                                                    "required fields as <placeholders>, the others as comments. Never "
                                                    "overwrites a file."))
    new.add_argument("id", metavar="ID", nargs="?", help=t.gettext("the id of the new record, such as parking-scan-car "
                                                                   "(also its file name); asked for when --interactive"))
    new.add_argument("-i", "--interactive", action="store_true",
                     help=t.gettext("ask the required questions one by one, with the allowed choices, and write a record "
                                    "that passes the checks"))
    new.add_argument("--department", metavar="DEPT",
                     help=t.gettext("department id from register.yaml; the file goes in that folder"))
    add_registry_options(new, t)
    add_language_option(new, t, N_("language of the questions, the messages and the explanations in the new file "
                                   "(default: the environment's LANGUAGE, LC_ALL or LC_MESSAGES, else the register's "
                                   "default language)"))
    return new


def unknown_department(given: str, departments: dict, t: Translator) -> str:
    """The refusal for a department that register.yaml does not list, with the ones it does."""
    import difflib

    known = sorted(departments)
    close = difflib.get_close_matches(given, known, n=1)
    first = (t.gettext("there is no department '{department}' in register.yaml (did you mean '{suggestion}'?). Nothing "
                       "was written.").format(department=given, suggestion=close[0]) if close else
             t.gettext("there is no department '{department}' in register.yaml. Nothing was written.").format(
                 department=given))
    return (f"airegister new: {first}\n    "
            + t.gettext("The departments are: {departments}.").format(departments=", ".join(known) or t.gettext("(none yet)"))
            + "\n    " + t.gettext("Use one of them with --department, or add the department under 'departments:' in "
                                 "register.yaml first."))


def category_labels(register, language: str) -> dict[str, str]:
    """The register's categories, id -> label in ``language`` (for the scaffold's comment)."""
    return {key: register.text(c.label, language) or key for key, c in register.categories.items()}


def run(args: argparse.Namespace) -> int:
    from generator.load.discover import DiscoveryError, find_root
    from generator.model.registry import schema_dir_for
    from generator.authoring.scaffold import ScaffoldError, write_record
    from generator.core.schema import load_schemas

    try:
        root = find_root(args.registry)
    except DiscoveryError as exc:
        say_error("new", exc.args[0], speaking(args))
        return ExitCode.USAGE
    t = speaking(args, register_default_language(root))
    schemas = load_schemas(args.schema or schema_dir_for(root))
    if args.interactive:
        return _new_interactive(args, root, schemas, t)
    if not args.id:
        say_error("new", t.gettext("give the id of the new record (such as street-light-dimming), or use --interactive"), t)
        return ExitCode.USAGE
    from generator.model.registry import load_config

    register, _ = load_config(root, args.schema)  # for its languages (a broken register.yaml is reported by validate)
    if register is not None and args.department and args.department not in register.departments:
        print(unknown_department(args.department, register.departments, t), file=sys.stderr)
        return ExitCode.USAGE
    try:
        target = write_record(schemas, root, args.id, args.department, languages=register.languages if register else None,
                              language=t.language, categories=category_labels(register, t.language) if register else None)
    except ScaffoldError as exc:
        say_error("new", exc.args[0], t)
        return ExitCode.USAGE
    shown = os.path.relpath(target)
    print(t.gettext("Wrote {file}. Replace every <...> placeholder, then run: {command}").format(
        file=shown, command=f"airegister validate {shown}"))
    return ExitCode.OK


def _new_interactive(args: argparse.Namespace, root: Path, schemas, t) -> int:
    from generator.load.discover import list_files
    from generator.authoring.interactive import ask_required
    from generator.model.registry import load_config, load_registry
    from generator.cli.reporters import report_text
    from generator.authoring.scaffold import ScaffoldError, write_record

    register, problems = load_config(root, args.schema)
    if register is None:
        for problem in problems:
            print(problem.headline(t), file=sys.stderr)
        say_error("new", t.gettext("registry/register.yaml has errors; fix them first."), t)
        return ExitCode.USAGE
    existing = {path.stem for path in list_files(root).records}
    try:
        record_id, answers = ask_required(schemas, register, input, print, existing, args.department, t)
    except EOFError:
        print("", file=sys.stderr)
        say_error("new", t.gettext("stopped before all questions were answered. Nothing was written."), t)
        return ExitCode.USAGE
    department = answers["owner.department"]
    try:
        target = write_record(schemas, root, record_id, department, answers, register.languages, t.language,
                              category_labels(register, t.language))
    except ScaffoldError as exc:
        say_error("new", exc.args[0], t)
        return ExitCode.USAGE
    shown = os.path.relpath(target)
    print("\n" + t.gettext("Wrote {file}. The other fields are in the file as comments: fill in as many as you can.")
          .format(file=shown))
    result = load_registry(root, args.schema, only=[target])
    report_text([result], sys.stdout, t)
    return ExitCode.OK if result.ok else ExitCode.INVALID
