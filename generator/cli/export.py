"""``airegister export``: write the register in another standard's format."""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import (NO_DIRECTORY_URLS_HELP, add_language_option, add_registry_options, load_valid_register,
                                  register_default_language, say_error, speaking)
from generator.core.i18n import Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    export = commands.add_parser("export", help=t.gettext("write the register in another standard's format"),
                                 description=t.gettext(
                                     "Write the register in the format of another register or law (the Dutch Algorithm "
                                     "Register, Eurocities, UK ATRS, EU AI Act Annex VIII, NYC Local Law 35, US federal "
                                     "inventory), with a list of the fields each record still lacks for that standard "
                                     "(gaps.csv)."))
    export.add_argument("--to", required=True, metavar="STANDARD",
                        help=t.gettext("the standard's key, or 'all' (see the list in the help)"))
    export.add_argument("--out", type=Path, default=Path("build/exports"), metavar="DIR",
                        help=t.gettext("where to write (default: build/exports)"))
    add_registry_options(export, t)
    export.add_argument("--site-url", metavar="URL",
                        help=t.gettext("where the register is published, so exports can link to each page"))
    export.add_argument("--no-directory-urls", action="store_true", help=t.gettext(NO_DIRECTORY_URLS_HELP))
    export.add_argument("--raw", action="store_true",
                        help=t.gettext("write CSVs with the exact texts, for programs: no apostrophe before a cell that "
                                       "starts with = + - @ and no byte-order mark (the default CSVs are safe to open in "
                                       "a spreadsheet)"))
    add_language_option(export, t)
    return export


def run(args: argparse.Namespace) -> int:
    from generator.build.output import OutputError, staged
    from generator.build.register import BuildOptions
    from generator.crosswalk import ExportContext, all_standards, write_export
    from generator.core.i18n import L_
    from generator.core.schema import load_schemas

    standards = all_standards()
    keys = sorted(standards) if args.to == "all" else [args.to]
    unknown = [key for key in keys if key not in standards]
    if unknown:
        t = speaking(args, register_default_language(args.registry))
        say_error("export", t.gettext("unknown standard '{standard}'; choose one of: {standards}, or all").format(
            standard=unknown[0], standards=", ".join(sorted(standards))), t)
        return ExitCode.USAGE
    loaded = load_valid_register("export", args.registry, args.schema,
                                 L_("Nothing was exported: fix the errors above first."), args.language)
    if isinstance(loaded, int):
        return loaded
    result, schema_dir = loaded
    t = speaking(args, result.registry.register.default_language)
    schemas = load_schemas(schema_dir)
    # the same choices as a site build: page addresses in the site's URL style, the date from SOURCE_DATE_EPOCH
    build_options = BuildOptions(site_url=args.site_url, use_directory_urls=not args.no_directory_urls)
    context = dataclasses.replace(ExportContext.for_layout(build_options.layout, build_options.generated_at.date(), schemas),
                                  raw_csv=args.raw)
    for key in keys:
        export = standards[key].export(result.registry, context)
        try:  # each standard's folder is replaced whole, and only once all of its files are written
            with staged(args.out / key) as folder:
                written = write_export(export, folder, raw=args.raw, t=t)
        except OutputError as exc:
            say_error("export", exc.args[0], t)
            return ExitCode.INVALID
        records = len({g.record_id for g in export.gaps})
        print(t.gettext("{standard}: wrote {files} to {folder}; {gaps} in {records} (see {list})").format(
            standard=key, files=t.ngettext("{count} file", "{count} files", len(written)).format(count=len(written)),
            folder=args.out / key, gaps=t.ngettext("{count} gap", "{count} gaps", len(export.gaps)).format(
                count=len(export.gaps)),
            records=t.ngettext("{count} record", "{count} records", records).format(count=records),
            list=args.out / key / "gaps.csv"))
    return ExitCode.OK
