"""``airegister federate``: one register (and site) made from the open data of several registers."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import SCHEMA_HELP, add_language_option, say_error, speaking
from generator.core.i18n import Translator, told


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    federate = commands.add_parser(
        "federate", help=t.gettext("make one register from several registers' open data"),
        description=t.gettext(
            "Read the registry.json of every register listed in a federation file (paths or web addresses) and write "
            "one register folder from them: an organisation for each source's organisation, a department for each of "
            "theirs, and one record per system saying where it came from and when it was read. Build the site from "
            "that folder as usual. A source that cannot be read is reported and the others are still written. Exit "
            "code 0: every source read and the register valid; 1: a source failed or the register has problems; 2: "
            "the federation file could not be used."))
    federate.add_argument("config", type=Path, metavar="FILE",
                          help=t.gettext("the federation file (YAML) naming the sources"))
    federate.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR",
                          help=t.gettext("the register folder to write (default: registry); its record folders are "
                                         "replaced"))
    federate.add_argument("--schema", type=Path, metavar="DIR", help=t.gettext(SCHEMA_HELP))
    add_language_option(federate, t)
    return federate


def run(args: argparse.Namespace) -> int:
    from generator.authoring.federation import FederationError, federate, read_federation
    from generator.cli.reporters import report_text
    from generator.core.schema import load_schemas
    from generator.model.registry import load_registry, schema_dir_for

    t = speaking(args)  # the federated register's language is only known once the file is read
    try:
        federation = read_federation(args.config)
    except (FederationError, OSError) as exc:
        if isinstance(exc, FederationError) and isinstance(exc.args[0], list):  # the file is not readable YAML
            for problem in exc.args[0]:
                print(problem.headline(t), file=sys.stderr)
        else:
            say_error("federate", exc.args[0] if isinstance(exc, FederationError) else f"{args.config}: {exc.strerror or exc}",
                      t)
        return ExitCode.USAGE
    t = speaking(args, federation.register.get("default_language") if isinstance(federation.register, dict) else None)
    target = args.registry
    if target.exists() and any(target.iterdir()) and not (target / "register.yaml").is_file():
        say_error("federate", t.gettext("{folder} holds other files but no register.yaml; give an empty folder or a "
                                        "register written by federate").format(folder=target), t)
        return ExitCode.USAGE
    schema_dir = args.schema or schema_dir_for(target)
    schemas = load_schemas(schema_dir)
    results = federate(federation, target, schemas, dt.date.today(),
                       t.gettext("Written by 'airegister federate' from its source register."))
    failed = [r for r in results if r.problem]
    for result in results:
        if result.problem:
            print(t.gettext("Not read: {address}: {problem}. The other sources were still federated.").format(
                address=result.address, problem=told(result.problem, t)))
        else:
            print(t.ngettext("Read {address}: {count} record of {organisations}.",
                             "Read {address}: {count} records of {organisations}.", result.records).format(
                address=result.address, count=result.records, organisations=", ".join(result.organisations)))
    loaded = load_registry(target, schema_dir)
    report_text([loaded], sys.stdout, t)
    records = sum(r.records for r in results)
    print(t.gettext("Federated {records} from {read} of {sources} into {folder}.").format(
        records=t.ngettext("{count} record", "{count} records", records).format(count=records),
        read=len(results) - len(failed),
        sources=t.ngettext("{count} source", "{count} sources", len(results)).format(count=len(results)),
        folder=os.path.relpath(target)))
    return ExitCode.OK if loaded.ok and not failed else ExitCode.INVALID
