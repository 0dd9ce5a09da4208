"""``airegister validate``: check register files and report every problem."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import FORMAT_HELP, add_language_option, say_error, speaking


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    validate = commands.add_parser("validate", help="check register files and report every problem",
                                   description="Check register files against the schema and the register-wide rules. "
                                               "Exit code 0: valid; 1: problems found; 2: wrong usage.")
    validate.add_argument("paths", nargs="*", type=Path, default=[Path("registry")], metavar="PATH",
                          help="register folders or record files to check (default: registry)")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help=FORMAT_HELP)
    validate.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files (default: schema/ beside the register, else the built-in one)")
    add_language_option(validate)
    return validate


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
        results.append(load_registry(root, args.schema, only=only))
    REPORTERS[args.format](results, sys.stdout, reporting_language(results, args.language))
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.INVALID
