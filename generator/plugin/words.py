"""What the plugin tells a clerk in the build log and its errors, in the language the command line would speak.

That is the rule of ``core.i18n.interface_language``: the environment's wish (LANGUAGE, LC_ALL,
LC_MESSAGES), else the register's default language, else English. The register's language is read from
``register.yaml`` before anything is checked, so even the first message of a build is in it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.i18n import Translator, interface_language, told, translator
from generator.load.discover import register_default_language


def speaker(registry: Path | None = None, default_language: str | None = None) -> Translator:
    """The translator of the plugin's messages for the register in ``registry`` (or of ``default_language``)."""
    return translator(interface_language(None, default_language or register_default_language(registry)))


def for_build(build: Any) -> Translator:
    """The translator of the messages about a build that is under way (a ``build.register.Build``)."""
    return speaker(default_language=build.result.default_language)


def _problem(t: Translator, problem: object) -> str:
    if isinstance(problem, BaseException):
        problem = problem.args[0] if len(problem.args) == 1 else str(problem)
    return str(told(problem, t))


def not_built(t: Translator, problem: object) -> str:
    return t.gettext("The register could not be built: {problem}").format(problem=_problem(t, problem))


def site_not_built(t: Translator, problem: object) -> str:
    return t.gettext("The site could not be built: {problem}").format(problem=_problem(t, problem))


def search_not_built(t: Translator, problem: object) -> str:
    return t.gettext("The site's search could not be built: {problem}").format(problem=_problem(t, problem))


def page_taken(t: Translator, written: str, generated: str) -> str:
    return t.gettext("docs/{file} would replace the register's generated page '{page}'. Rename or move the "
                     "hand-written file.").format(file=written, page=generated)


def data_taken(t: Translator, path: str) -> str:
    return t.gettext("docs/{path} would clash with the register's open data. Rename or move it.").format(path=path)


def shown_in_browser(t: Translator, lines: list[str]) -> str:
    return t.gettext("The register has errors; the browser shows them until they are fixed:") + "\n" + "\n".join(lines)


def open_data_written(t: Translator, count: int, folder: Path) -> str:
    return t.ngettext("wrote {count} open-data file under {folder}", "wrote {count} open-data files under {folder}",
                      count).format(count=count, folder=folder)


def search_indexed(t: Translator, language: str, pages: int, seconds: float) -> str:
    return t.ngettext("search index for '{language}': {count} page in {seconds} s",
                      "search index for '{language}': {count} pages in {seconds} s", pages).format(
        language=language, count=pages, seconds=t.decimal(seconds, 1))
