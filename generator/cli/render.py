"""``airegister render``: write the register's pages as Markdown to a folder, for any site engine."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import NO_DIRECTORY_URLS_HELP, add_registry_options
from generator.core.i18n import Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    render = commands.add_parser("render", help=t.gettext("write the register's pages as Markdown to a folder, for any "
                                                          "site engine"),
                                 description=t.gettext(
                                     "Check the register, then write every generated page (Markdown) and its stylesheet "
                                     "and script to a folder. Pages of deleted records are removed from the folder; "
                                     "nothing else in it is touched. Nothing is replaced until every file could be "
                                     "written (on a full disk the folder stays as it was)."))
    render.add_argument("--out", type=Path, required=True, metavar="DIR", help=t.gettext("the folder to write the pages to"))
    add_registry_options(render, t)
    render.add_argument("--templates", type=Path, metavar="DIR",
                        help=t.gettext("folder with templates that replace built-in ones"))
    render.add_argument("--title", metavar="TEXT",
                        help=t.gettext("the register title on the home page (default: title in register.yaml)"))
    render.add_argument("--language", metavar="CODE",
                        help=t.gettext("language of the pages (default: the register's default language)"))
    render.add_argument("--no-directory-urls", action="store_true", help=t.gettext(NO_DIRECTORY_URLS_HELP))
    render.add_argument("--links-from-source", action="store_true",
                        help=t.gettext("write links between pages relative to the Markdown files, for site engines that "
                                       "turn them into URLs themselves (Zensical); MkDocs needs the default"))
    render.add_argument("--site-url", metavar="URL",
                        help=t.gettext("the public address of the site, for linked data and the feed"))
    return render


def run(args: argparse.Namespace) -> int:
    from generator.build.output import OutputError, write_pages
    from generator.build.register import BuildError, BuildOptions, InvalidRegister, build_register
    from generator.cli.reporters import report_text
    from generator.load.discover import DiscoveryError, find_root

    from generator.cli.common import register_default_language, say_error, speaking

    try:
        root = find_root(args.registry)
    except DiscoveryError as exc:
        say_error("render", exc.args[0], speaking(args))
        return ExitCode.USAGE
    t = speaking(args, register_default_language(root))  # the language of the pages, also of the messages
    out = args.out.resolve()
    if out == root or root in out.parents or out in root.parents:
        say_error("render", t.gettext("{folder} is or holds the register folder; choose a separate folder for the pages")
                  .format(folder=args.out), t)
        return ExitCode.USAGE
    options = BuildOptions(schema_dir=args.schema, templates_dir=args.templates, language=args.language,
                           title=args.title, site_url=args.site_url, use_directory_urls=not args.no_directory_urls,
                           links_from_source=args.links_from_source)
    try:
        with build_register(root, options) as build:
            pages = build.pages()
            data = {**build.open_data(), **build.redirects()}
    except InvalidRegister as exc:
        report_text([exc.result], sys.stdout, t)
        print(t.gettext("Nothing was written: fix the errors above first."), file=sys.stderr)
        return ExitCode.INVALID
    except BuildError as exc:
        say_error("render", exc.args[0] if exc.args else str(exc), t)
        return ExitCode.INVALID
    try:
        write_pages(pages, out, data)
    except OutputError as exc:
        say_error("render", exc.args[0], t)
        return ExitCode.INVALID
    print(t.gettext("Wrote {pages} pages, {files} open-data files and the stylesheet and script to {folder}.").format(
        pages=len(pages), files=len(data), folder=args.out))
    return ExitCode.OK
