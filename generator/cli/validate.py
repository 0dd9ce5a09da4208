"""``airegister validate``: check register files and report every problem."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import FORMAT_HELP, add_language_option, say_error, speaking
from generator.core.i18n import Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    validate = commands.add_parser("validate", help=t.gettext("check register files and report every problem"),
                                   description=t.gettext(
                                       "Check register files against the schema and the register-wide rules. For the "
                                       "whole register, also warn about overdue reviews and an issue form out of date "
                                       "with the schema or the departments, categories or languages of register.yaml "
                                       "(naming what changed). Exit code 0: valid (warnings allowed); 1: "
                                       "errors found; 2: wrong usage."))
    validate.add_argument("paths", nargs="*", type=Path, default=[Path("registry")], metavar="PATH",
                          help=t.gettext("register folders or record files to check (default: registry)"))
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help=t.gettext(FORMAT_HELP))
    validate.add_argument("--schema", type=Path, metavar="DIR",
                          help=t.gettext("folder holding the schema files (default: schema/ beside the register, else "
                                         "the built-in one)"))
    add_language_option(validate, t)
    return validate


def register_warnings(result, schema_dir: Path | None) -> list:
    """Warnings about the register as a whole: overdue reviews, and an issue form out of date with the schema or the
    departments, categories or languages, naming which (the form beside the register folder, when there is one)."""
    import datetime as dt
    import os

    from generator.authoring.formstate import stale_reason
    from generator.authoring.issueform import FORM_FILE, issue_form
    from generator.core.errors import Problem, Severity
    from generator.core.i18n import L_
    from generator.core.schema import load_schemas
    from generator.model.registry import schema_dir_for
    from generator.model.review import overdue_problems

    found = overdue_problems(result.registry, dt.date.today(), result.documents)
    form = result.root.parent / FORM_FILE
    if form.is_file():
        schemas = load_schemas(schema_dir or schema_dir_for(result.root))
        register = result.registry.register
        reason = stale_reason(form.read_text(encoding="utf-8"), issue_form(schemas, register), schemas, register)
        if reason is not None:
            found.append(Problem(os.path.relpath(form), 1, 1, "", reason,
                                 L_("Run 'airegister issue-form' and commit the file."),
                                 Severity.WARNING, "issue-form-outdated"))
    return found


def run(args: argparse.Namespace) -> int:
    from generator.load.discover import DiscoveryError, find_root
    from generator.model.registry import load_registry
    from generator.cli.reporters import REPORTERS, reporting_language

    groups: dict[Path, list[Path]] = {}
    for path in args.paths:
        try:
            root = find_root(path)
        except DiscoveryError as exc:
            say_error("validate", exc.args[0], speaking(args))
            return ExitCode.USAGE
        groups.setdefault(root, []).append(path)
    results = []
    for root, paths in groups.items():
        only = None if any(p.resolve() == root for p in paths) else paths
        result = load_registry(root, args.schema, only=only)
        if only is None and result.registry is not None:  # the whole register: also what keeps it current
            result.problems += register_warnings(result, args.schema)
        results.append(result)
    REPORTERS[args.format](results, sys.stdout, reporting_language(results, args.language))
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.INVALID
