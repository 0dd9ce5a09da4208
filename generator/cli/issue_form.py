"""``airegister issue-form``: write the "Propose an AI system" GitHub issue form from the schema."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import add_language_option, add_registry_options, registry_or_usage, say_error, speaking
from generator.core.i18n import N_, Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    form = commands.add_parser("issue-form", help=t.gettext("write the 'Propose an AI system' GitHub issue form from the "
                                                            "schema"),
                               description=t.gettext("Write .github/ISSUE_TEMPLATE/propose-ai-system.yml from the schema "
                                                     "and the register's departments, categories and languages. With "
                                                     "--check, only report whether the file is up to date, and if not, "
                                                     "what changed."))
    add_registry_options(form, t)
    form.add_argument("--out", type=Path, default=Path(".github/ISSUE_TEMPLATE/propose-ai-system.yml"), metavar="FILE",
                      help=t.gettext("where to write the form (default: .github/ISSUE_TEMPLATE/propose-ai-system.yml)"))
    form.add_argument("--check", action="store_true",
                      help=t.gettext("write nothing; exit 1 if the file differs from what the schema gives"))
    add_language_option(form, t, N_("language of the messages (the form itself is in the register's default language)"))
    return form


def run(args: argparse.Namespace) -> int:
    from generator.authoring.issueform import issue_form
    from generator.model.registry import load_config, schema_dir_for
    from generator.core.schema import load_schemas

    from generator.cli.common import register_default_language

    root = registry_or_usage("issue-form", args.registry, speaking(args))
    if root is None:
        return ExitCode.USAGE
    t = speaking(args, register_default_language(root))
    schema_dir = args.schema or schema_dir_for(root)
    register, problems = load_config(root, schema_dir)
    if register is None:
        for problem in problems:
            print(problem.headline(t))
        print(t.gettext("The form lists the departments of registry/register.yaml, so that file must be valid first."),
              file=sys.stderr)
        return ExitCode.INVALID
    schemas = load_schemas(schema_dir)
    text = issue_form(schemas, register)
    if args.check:
        from generator.authoring.formstate import stale_reason
        from generator.core.i18n import told

        if not args.out.is_file():
            print(t.gettext("{file} does not exist yet: run 'airegister issue-form' and commit it.").format(file=args.out))
            return ExitCode.INVALID
        reason = stale_reason(args.out.read_text(encoding="utf-8"), text, schemas, register)
        if reason is not None:
            print(t.gettext("{file}: {problem}. Run 'airegister issue-form' and commit it.").format(
                file=args.out, problem=told(reason, t)))
            return ExitCode.INVALID
        print(t.gettext("{file} is up to date.").format(file=args.out))
        return ExitCode.OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(t.gettext("Wrote {file}.").format(file=args.out))
    return ExitCode.OK
