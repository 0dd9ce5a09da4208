"""``airegister export``: write the register in another standard's format."""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import load_valid_register


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    export = commands.add_parser("export", help="write the register in another standard's format",
                                 description="Write the register in the format of another register or law (the Dutch "
                                             "Algorithm Register, Eurocities, UK ATRS, EU AI Act Annex VIII, NYC Local Law "
                                             "35, US federal inventory), with a list of the fields each record still "
                                             "lacks for that standard (gaps.csv).")
    export.add_argument("--to", required=True, metavar="STANDARD", help="the standard's key, or 'all' (see the list in the help)")
    export.add_argument("--out", type=Path, default=Path("build/exports"), metavar="DIR", help="where to write (default: build/exports)")
    export.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    export.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    export.add_argument("--site-url", metavar="URL", help="where the register is published, so exports can link to each page")
    export.add_argument("--no-directory-urls", action="store_true",
                        help="link to page.html instead of page/ (as MkDocs' use_directory_urls: false)")
    export.add_argument("--raw", action="store_true",
                        help="write CSVs with the exact texts, for programs: no apostrophe before a cell that starts "
                             "with = + - @ and no byte-order mark (the default CSVs are safe to open in a spreadsheet)")
    return export


def run(args: argparse.Namespace) -> int:
    from generator.build.output import OutputError, staged
    from generator.build.register import BuildOptions
    from generator.crosswalk import ExportContext, all_standards, write_export
    from generator.core.schema import load_schemas

    standards = all_standards()
    keys = sorted(standards) if args.to == "all" else [args.to]
    unknown = [key for key in keys if key not in standards]
    if unknown:
        print(f"airegister export: unknown standard '{unknown[0]}'; choose one of: {', '.join(sorted(standards))}, or all",
              file=sys.stderr)
        return ExitCode.USAGE
    loaded = load_valid_register("export", args.registry, args.schema, "Nothing was exported: fix the errors above first.")
    if isinstance(loaded, int):
        return loaded
    result, schema_dir = loaded
    schemas = load_schemas(schema_dir)
    # the same choices as a site build: page addresses in the site's URL style, the date from SOURCE_DATE_EPOCH
    build_options = BuildOptions(site_url=args.site_url, use_directory_urls=not args.no_directory_urls)
    context = dataclasses.replace(ExportContext.for_layout(build_options.layout, build_options.generated_at.date(), schemas),
                                  raw_csv=args.raw)
    for key in keys:
        export = standards[key].export(result.registry, context)
        try:  # each standard's folder is replaced whole, and only once all of its files are written
            with staged(args.out / key) as folder:
                written = write_export(export, folder, raw=args.raw)
        except OutputError as exc:
            from generator.cli.common import say_error, speaking

            say_error("export", exc.args[0], speaking(args, result.registry.register.default_language))
            return ExitCode.INVALID
        records = len({g.record_id for g in export.gaps})
        print(f"{key}: wrote {len(written)} files to {args.out / key}; {len(export.gaps)} gaps in {records} "
              f"record{'s' * (records != 1)} (see {args.out / key / 'gaps.csv'})")
    return ExitCode.OK
