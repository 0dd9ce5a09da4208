"""``airegister federate``: one register (and site) made from the open data of several registers."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    federate = commands.add_parser(
        "federate", help="make one register from several registers' open data",
        description="Read the registry.json of every register listed in a federation file (paths or web addresses) "
                    "and write one register folder from them: an organisation for each source's organisation, a "
                    "department for each of theirs, and one record per system saying where it came from and when it "
                    "was read. Build the site from that folder as usual. A source that cannot be read is reported and "
                    "the others are still written. Exit code 0: every source read and the register valid; 1: a "
                    "source failed or the register has problems; 2: the federation file could not be used.")
    federate.add_argument("config", type=Path, metavar="FILE", help="the federation file (YAML) naming the sources")
    federate.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR",
                          help="the register folder to write (default: registry); its record folders are replaced")
    federate.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    return federate


def run(args: argparse.Namespace) -> int:
    from generator.authoring.federation import FederationError, federate, read_federation
    from generator.cli.reporters import report_text
    from generator.core.schema import load_schemas
    from generator.model.registry import load_registry, schema_dir_for

    try:
        federation = read_federation(args.config)
    except (FederationError, OSError) as exc:
        print(f"airegister federate: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    target = args.registry
    if target.exists() and any(target.iterdir()) and not (target / "register.yaml").is_file():
        print(f"airegister federate: {target} holds other files but no register.yaml; give an empty folder or a "
              "register written by federate", file=sys.stderr)
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(target)
    schemas = load_schemas(schema_dir)
    results = federate(federation, target, schemas, dt.date.today())
    failed = [r for r in results if r.problem]
    for result in results:
        if result.problem:
            print(f"Not read: {result.address}: {result.problem}. The other sources were still federated.")
        else:
            print(f"Read {result.address}: {result.records} record{'s' * (result.records != 1)} of "
                  f"{', '.join(result.organisations)}.")
    loaded = load_registry(target, schema_dir)
    report_text([loaded], sys.stdout)
    records = sum(r.records for r in results)
    print(f"Federated {records} record{'s' * (records != 1)} from {len(results) - len(failed)} of {len(results)} "
          f"source{'s' * (len(results) != 1)} into {os.path.relpath(target)}.")
    return ExitCode.OK if loaded.ok and not failed else ExitCode.INVALID
