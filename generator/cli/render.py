"""``airegister render``: write the register's pages as Markdown to a folder, for any site engine."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
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
    render.add_argument("--site-url", metavar="URL", help="the public address of the site, for linked data and the feed")
    return render


def run(args: argparse.Namespace) -> int:
    from generator.load.discover import DiscoveryError, find_root
    from generator.model.registry import load_registry, schema_dir_for
    from generator.site.render import RenderError, RenderOptions, render_site, write_pages
    from generator.cli.reporters import report_text
    from generator.core.schema import load_schemas

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
    import datetime as dt

    from generator.load.history import read_history
    from generator.publish.opendata import OpenDataOptions, build_open_data

    history = read_history(root)
    schemas = load_schemas(schema_dir)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    generated_at = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch.isdigit() else \
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    data = build_open_data(result.registry, schemas, OpenDataOptions(args.site_url, generated_at,
                                                                      history.head if history else None, history))
    options = RenderOptions(language=args.language, templates_dir=args.templates,
                            use_directory_urls=not args.no_directory_urls, today=generated_at.date(),
                            site_url=args.site_url, history=history, data_paths=tuple(data))
    try:
        pages = render_site(result.registry, schemas, options)
    except RenderError as exc:
        print(f"airegister render: {exc}", file=sys.stderr)
        return ExitCode.INVALID
    written = write_pages(pages, out, data)
    print(f"Wrote {len(pages)} pages, {len(data)} open-data files and the stylesheet and script to {args.out}.")
    return ExitCode.OK
