"""What several commands share: the ``--format`` help, date and language options and finding the register folder."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Callable

from generator.core.i18n import N_, Translator, base_language, catalog_languages, interface_language, told, translator
from generator.load.discover import DiscoveryError, find_root, register_default_language  # noqa: F401 (used by commands)

FORMAT_HELP = N_("how to print problems: text (default, for people), json (for programs) or github (annotations for "
                 "GitHub Actions)")
REGISTRY_HELP = N_("the register folder (default: registry)")
SCHEMA_HELP = N_("folder holding the schema files")
NO_DIRECTORY_URLS_HELP = N_("link to page.html instead of page/ (as MkDocs' use_directory_urls: false)")


def date_option(t: Translator) -> Callable[[str], dt.date]:
    """The type of a ``YYYY-MM-DD`` option: its value as a date, or a usage error in plain words."""
    def parse_date(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t.gettext("'{value}' is not a date written as YYYY-MM-DD")
                                             .format(value=text)) from None
    return parse_date


def language_option(t: Translator) -> Callable[[str], str]:
    """The type of ``--language``: a language the command line speaks (``fi``, ``sv-FI``), or a usage error."""
    def language_code(text: str) -> str:
        if base_language(text) not in catalog_languages():
            raise argparse.ArgumentTypeError(
                t.gettext("'{value}' is not a language the messages are available in; choose one of {choices}")
                .format(value=text, choices=", ".join(catalog_languages())))
        return base_language(text)
    return language_code


LANGUAGE_HELP = N_("language of the messages (default: the first of the environment's LANGUAGE, LC_ALL or LC_MESSAGES "
                   "that has a catalog, else the register's default language)")


def add_language_option(parser: argparse.ArgumentParser, t: Translator, help: str = LANGUAGE_HELP) -> None:
    """``--language CODE``; ``help`` is the English text (marked with ``N_``), told here in ``t``'s language."""
    parser.add_argument("--language", type=language_option(t), metavar="CODE", help=t.gettext(help))


def add_registry_options(parser: argparse.ArgumentParser, t: Translator) -> None:
    """``--registry DIR`` and ``--schema DIR``, as most commands have them."""
    parser.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help=t.gettext(REGISTRY_HELP))
    parser.add_argument("--schema", type=Path, metavar="DIR", help=t.gettext(SCHEMA_HELP))


def speaking(args: argparse.Namespace, register_default: str | None = None) -> Translator:
    """The translator for a command's messages (see ``core.i18n.interface_language``)."""
    return translator(interface_language(getattr(args, "language", None), register_default))


def say_error(command: str, message: object, t: Translator) -> None:
    """``airegister COMMAND: message`` on stderr, the message in the translator's language."""
    print(f"airegister {command}: {told(message, t)}", file=sys.stderr)


def registry_or_usage(command: str, registry: Path, t: Translator | None = None) -> Path | None:
    """The register root for ``registry``, or None after saying on stderr why there is none."""
    try:
        return find_root(registry)
    except DiscoveryError as exc:
        say_error(command, exc.args[0], t or translator(interface_language()))
        return None


def load_valid_register(command: str, registry: Path, schema: Path | None, refusal: str | None = None,
                        language: str | None = None) -> tuple[Any, Path | None] | int:
    """The loaded register and its schema folder; or, after reporting why there is none (every problem, then
    ``refusal``, by default: run validate and fix them first), the exit code to return."""
    from generator.cli.reporters import report_text
    from generator.core.errors import ExitCode
    from generator.core.i18n import L_
    from generator.model.registry import load_registry, schema_dir_for

    root = registry_or_usage(command, registry)
    if root is None:
        return ExitCode.USAGE
    schema_dir = schema or schema_dir_for(root)
    result = load_registry(root, schema_dir)
    if result.registry is None:
        t = translator(interface_language(language, result.default_language))
        report_text([result], sys.stdout, t)
        print(told(refusal or L_("airegister {command}: the register has errors; run 'airegister validate' and fix "
                                 "them first.", command=command), t), file=sys.stderr)
        return ExitCode.INVALID
    return result, schema_dir
