"""The command line's own words in the clerk's language: ``--help``, usage and argparse's errors.

The language of ``--help`` has to be known before the command line is parsed, so it is read from the
words given (``--language CODE``), then the environment (LANGUAGE, LC_ALL, LC_MESSAGES), then the register
the command works on (``--registry DIR``, else ``registry/`` in the current folder; for ``init``, the first
of ``--languages``), else English: the same rule as every other message (``core.i18n.interface_language``).

The help texts of the commands are translated where the parser is made (each command's ``add_parser``
receives the translator). The words argparse writes itself ("usage:", "options", "show this help message
and exit", "the following arguments are required: …") come from Python's gettext domain, which has no
catalog for most languages; ``speaking_argparse`` lends argparse our catalogs' translations of them while
the command line is made and parsed.
"""
from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from generator.core.i18n import N_, Translator, base_language, catalog_languages, interface_language

# The texts argparse translates with gettext (Python 3.11 to 3.13), so that `make messages` puts them in our
# catalogs; the placeholders (%s, %r, %(name)s) are argparse's and stay as they are.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unexpected option string: %s"),
)  # (its one plural, "expected %s argument(s)", is for options taking a fixed number of values: none here)
@contextlib.contextmanager
def speaking_argparse(t: Translator) -> Iterator[None]:
    """While the block runs, argparse's own words are told by ``t`` (and English again after it)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = t.gettext, t.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` among the words, before a ``--``."""
    for index, word in enumerate(argv):
        if word == "--":
            return None
        if word == name and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


def early_language(argv: Sequence[str], environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """The language of the command line's words, chosen before they are parsed (see the module's text)."""
    from generator.load.discover import register_default_language

    requested = _option(argv, "--language")
    if requested and base_language(requested) in catalog_languages():
        return base_language(requested)
    register_default = None
    languages = _option(argv, "--languages")
    if languages and "init" in argv:
        register_default = languages.split(",")[0].strip() or None
    else:
        folder = Path(_option(argv, "--registry") or "registry")
        register_default = register_default_language(folder if folder.is_absolute() or cwd is None else cwd / folder)
    return interface_language(None, register_default, environ)
