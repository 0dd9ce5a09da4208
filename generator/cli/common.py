"""What several commands share: the ``--format`` help, date options and finding the register folder."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from generator.load.discover import DiscoveryError, find_root

FORMAT_HELP = "how to print problems: text (default, for people), json (for programs) or github (annotations for GitHub Actions)"


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` option value, or a usage error in plain words."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from None


def registry_or_usage(command: str, registry: Path) -> Path | None:
    """The register root for ``registry``, or None after saying on stderr why there is none."""
    try:
        return find_root(registry)
    except DiscoveryError as exc:
        print(f"airegister {command}: {exc}", file=sys.stderr)
        return None


def load_valid_register(command: str, registry: Path, schema: Path | None, refusal: str) -> tuple[Any, Path | None] | int:
    """The loaded register and its schema folder; or, after reporting why there is none (every problem, then
    ``refusal``), the exit code to return."""
    from generator.cli.reporters import report_text
    from generator.core.errors import ExitCode
    from generator.model.registry import load_registry, schema_dir_for

    root = registry_or_usage(command, registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = schema or schema_dir_for(root)
    result = load_registry(root, schema_dir)
    if result.registry is None:
        report_text([result], sys.stdout)
        print(refusal, file=sys.stderr)
        return ExitCode.INVALID
    return result, schema_dir
