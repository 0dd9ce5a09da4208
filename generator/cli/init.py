"""``airegister init``: start a new register for a city in an empty folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import add_language_option, say_error, speaking
from generator.core.i18n import N_, Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    init = commands.add_parser("init", help=t.gettext("start a new register for a city in an empty folder"),
                               description=t.gettext("Create a working register in an empty folder: the register "
                                                     "configuration, one example record, the schema, the website "
                                                     "configuration, a Makefile (make serve, make test), a README and the "
                                                     "GitHub files."))
    init.add_argument("folder", type=Path, metavar="DIR",
                      help=t.gettext("the new folder (it must not exist yet, or be empty)"))
    init.add_argument("--name", required=True, help=t.gettext('the organisation\'s name, such as "City of Lakeholm"'))
    init.add_argument("--languages", default="en", metavar="CODES",
                      help=t.gettext("languages of the register, the default first (default: en)"))
    init.add_argument("--department", action="append", metavar="ID=NAME", default=[],
                      help=t.gettext("a department, such as mobility='Urban Mobility' (repeat for more; default: one to "
                                     "rename)"))
    init.add_argument("--country", metavar="CC", help=t.gettext("two-letter country code, such as FI"))
    init.add_argument("--requirement", metavar="SPEC",
                      help=t.gettext("how the new register installs this tool (a pip requirement; default: the source "
                                     "of this very version: its package index version, its Git address, or a wheel of "
                                     "it in wheels/)"))
    add_language_option(init, t, N_("language of the messages (default: the environment's LANGUAGE, LC_ALL or "
                                    "LC_MESSAGES, else the register's default language, the first of --languages)"))
    return init


def run(args: argparse.Namespace) -> int:
    from generator.authoring.project import InitError, init_register

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    t = speaking(args, languages[0] if languages else None)
    departments = []
    for item in args.department:
        key, _, name = item.partition("=")
        if not name.strip():
            say_error("init", t.gettext("write each department as ID=NAME, such as mobility='Urban Mobility' (got '{item}')")
                      .format(item=item), t)
            return ExitCode.USAGE
        departments.append((key.strip(), name.strip()))
    try:
        written = init_register(args.folder, args.name, languages or ["en"], departments,
                                requirement=args.requirement, country=args.country)
    except InitError as exc:
        say_error("init", exc.args[0], t)
        return ExitCode.USAGE
    print(t.ngettext("Created the {name} AI register in {folder} ({count} file).",
                     "Created the {name} AI register in {folder} ({count} files).", len(written)).format(
        name=args.name, folder=args.folder, count=len(written)))
    print(t.gettext("Next: {command}   (then edit registry/register.yaml and the example record)").format(
        command=f"cd {args.folder} && make serve"))
    return ExitCode.OK
