"""What several commands share: the ``--format`` help, date options and finding the register folder."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

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
