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
    new.add_argument("id", metavar="ID", help="the id of the new record, such as parking-scan-car (also its file name)")
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
    return parser


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
    options = RenderOptions(language=args.language, templates_dir=args.templates,
                            use_directory_urls=not args.no_directory_urls)
    try:
        pages = render_site(result.registry, load_schemas(schema_dir), options)
    except RenderError as exc:
        print(f"airegister render: {exc}", file=sys.stderr)
        return ExitCode.INVALID
    written = write_pages(pages, out)
    print(f"Wrote {len(pages)} pages and {len(written) - len(pages)} assets to {args.out}.")
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
    try:
        target = write_record(schemas, root, args.id, args.department)
    except ScaffoldError as exc:
        print(f"airegister new: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    shown = os.path.relpath(target)
    print(f"Wrote {shown}. Replace every <...> placeholder, then run: airegister validate {shown}")
    return ExitCode.OK


COMMANDS = {"validate": cmd_validate, "new": cmd_new, "render": cmd_render}


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
