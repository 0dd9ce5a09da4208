"""The ``airegister`` command line: one module per command, named after it, plus shared reporters.

Each command module has ``add_parser`` (its options) and ``run`` (parse nothing,
call the pipeline, report, return an exit code). This package may import every
other part of the engine; nothing in the engine imports it, except that the
reporters print the problems of a load.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import Sequence

from generator import __version__
from generator.core.errors import ExitCode
from generator.core.i18n import SOURCE_LANGUAGE, Translator, interface_language, translator
from generator.cli import (check, export, federate, from_issue, import_, init, issue_form, new, preview, render,
                           report, validate)

# The commands in the order ``airegister --help`` lists them: command name -> its module.
COMMANDS = {"validate": validate, "new": new, "render": render, "issue-form": issue_form, "from-issue": from_issue,
            "check": check, "init": init, "preview": preview, "report": report, "export": export, "import": import_,
            "federate": federate}


def parser(t: Translator | None = None) -> argparse.ArgumentParser:
    """The whole command line, from each command module's ``add_parser``, its help told by ``t`` (default English).

    argparse's own words ("usage:", "options") are in ``t``'s language only when the parser is made and used
    inside ``usage.speaking_argparse(t)``, as ``main`` does."""
    t = t or translator(SOURCE_LANGUAGE)
    top = argparse.ArgumentParser(
        prog="airegister",
        description=t.gettext("Check and publish a city's public register of AI and algorithmic systems."),
    )
    top.add_argument("--version", action="version", version=f"airegister {__version__}",
                     help=t.gettext("show the version of airegister and exit"))
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for module in COMMANDS.values():
        module.add_parser(commands, t)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    from generator.cli.usage import early_language, speaking_argparse

    words = list(sys.argv[1:] if argv is None else argv)
    t = translator(early_language(words))  # --language, the environment's wish, the register's language, English
    with speaking_argparse(t):
        args = parser(t).parse_args(words)
    # the last-resort messages below: the language asked for, else the environment's (the register a command works
    # on may not be the one in the current folder)
    t = translator(interface_language(getattr(args, "language", None)))
    try:
        return int(COMMANDS[args.command].run(args))
    except KeyboardInterrupt:
        print("airegister: " + t.gettext("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: no traceback for users unless asked
        from generator.core.schema import SchemaError

        if isinstance(exc, SchemaError):
            print("airegister: " + t.gettext("the schema files are broken: {problem}").format(problem=exc), file=sys.stderr)
        else:
            print("airegister: " + t.gettext("an unexpected error occurred ({error}). Please report it; set AIREGISTER_DEBUG=1 "
                                             "to see the details.").format(error=f"{type(exc).__name__}: {exc}"),
                  file=sys.stderr)
        if os.environ.get("AIREGISTER_DEBUG"):
            traceback.print_exc()
        return ExitCode.INTERNAL
