"""``airegister preview``: show the website while you edit."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    preview = commands.add_parser("preview", help="show the website while you edit (live reload on 127.0.0.1)",
                                  description="Run 'mkdocs serve' with live reload: the site is rebuilt whenever a record, "
                                              "the schema or a page changes. Stop it with Ctrl+C.")
    preview.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    preview.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE", help="the site configuration (default: mkdocs.yml)")
    return preview


def run(args: argparse.Namespace) -> int:
    import subprocess

    if not args.config_file.is_file():
        print(f"airegister preview: {args.config_file} not found; run this in the register's folder", file=sys.stderr)
        return ExitCode.USAGE
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--config-file", str(args.config_file),
               "--dev-addr", f"127.0.0.1:{args.port}"]
    print(f"Preview on http://127.0.0.1:{args.port}/ (it updates when you save a file; stop with Ctrl+C)", flush=True)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if hasattr(os, "execv"):
        os.execv(sys.executable, command)  # become the server, so Ctrl+C and stop signals reach it directly
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return ExitCode.OK
