"""``airegister preview``: show the website while you edit."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import add_language_option
from generator.core.i18n import Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    preview = commands.add_parser("preview", help=t.gettext("show the website while you edit (live reload on 127.0.0.1)"),
                                  description=t.gettext("Run 'mkdocs serve' with live reload: the site is rebuilt whenever "
                                                        "a record, the schema or a page changes. Stop it with Ctrl+C."))
    preview.add_argument("--port", type=int, default=8000, help=t.gettext("the port (default: 8000)"))
    preview.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                         help=t.gettext("the site configuration (default: mkdocs.yml)"))
    add_language_option(preview, t)
    return preview


def run(args: argparse.Namespace) -> int:
    import subprocess

    from generator.cli.common import register_default_language, say_error, speaking

    registry = Path("registry")
    t = speaking(args, register_default_language(registry))
    if not args.config_file.is_file():
        say_error("preview", t.gettext("{file} not found; run this in the register's folder").format(file=args.config_file), t)
        return ExitCode.USAGE
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--config-file", str(args.config_file),
               "--dev-addr", f"127.0.0.1:{args.port}"]
    print(t.gettext("Preview on {address} (it updates when you save a file; stop with Ctrl+C)").format(
        address=f"http://127.0.0.1:{args.port}/"), flush=True)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if hasattr(os, "execv"):
        os.execv(sys.executable, command)  # become the server, so Ctrl+C and stop signals reach it directly
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return ExitCode.OK
