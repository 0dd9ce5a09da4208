"""Reporters: print the problems of a run as text, JSON or GitHub annotations.

A reporter is chosen by name (``REPORTERS``); all of them receive the same
``LoadResult`` and end with the same summary (files, records, errors, warnings,
time). They only format; they never decide the exit code. They speak the
language they are given (``Translator``), by default the one ``reporting_language``
chooses for the register: ``--language``, the environment, the register's default.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable, TextIO

from generator.core.errors import Problem
from generator.core.i18n import Translator, interface_language, translator
from generator.model.registry import LoadResult


def reporting_language(results: list[LoadResult], requested: str | None = None) -> Translator:
    """The language to report in: ``--language``, else LANGUAGE/LC_ALL/LC_MESSAGES, else the register's default."""
    default = next((r.default_language for r in results if r.default_language), None)
    return translator(interface_language(requested, default))


def summary_line(results: list[LoadResult], t: Translator | None = None) -> str:
    t = t or reporting_language(results)
    files = sum(r.files for r in results)
    records = sum(r.records for r in results)
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    seconds = sum(r.seconds for r in results)
    verdict = t.gettext("valid") if errors == 0 else t.gettext("INVALID")
    return t.gettext("{verdict}: checked {files} ({records}) in {seconds} s: {errors}, {warnings}").format(
        verdict=verdict, files=t.ngettext("{count} file", "{count} files", files).format(count=files),
        records=t.ngettext("{count} record", "{count} records", records).format(count=records),
        seconds=t.decimal(seconds, 2), errors=t.ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=t.ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings))


def report_text(results: list[LoadResult], out: TextIO, t: Translator | None = None) -> None:
    t = t or reporting_language(results)
    for result in results:
        for problem in result.problems:
            out.write(problem.headline(t) + "\n")
            if problem.hint:
                out.write("    " + t.gettext("how to fix: {hint}").format(hint=problem.told(t).hint) + "\n")
    out.write(summary_line(results, t) + "\n")


def problem_json(problem: Problem, t: Translator | None = None) -> dict:
    problem = problem.told(t) if t is not None else problem
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "severity": problem.severity.value,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def report_json(results: list[LoadResult], out: TextIO, t: Translator | None = None) -> None:
    t = t or reporting_language(results)
    problems = [problem_json(p, t) for r in results for p in r.problems]
    document = {
        "valid": all(r.ok for r in results),
        "language": t.language,  # of the messages and hints
        "summary": {
            "files": sum(r.files for r in results),
            "records": sum(r.records for r in results),
            "errors": sum(len(r.errors) for r in results),
            "warnings": sum(len(r.warnings) for r in results),
            "seconds": round(sum(r.seconds for r in results), 3),
        },
        "problems": problems,
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def escape_data(text: str) -> str:
    """Escape the message part of a GitHub workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a GitHub workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, t: Translator | None = None) -> str:
    problem = problem.told(t) if t is not None else problem
    props = [f"file={escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column or 1}")
    title = f"{problem.field or (t.gettext('file') if t is not None else 'file')}: {problem.code}"
    props.append(f"title={escape_property(title)}")
    message = (f"{problem.field}: " if problem.field else "") + problem.message
    if problem.hint:
        message += "\n" + problem.hint
    return f"::{problem.severity.value} {','.join(props)}::{escape_data(message)}"


def _markdown_cell(text: str) -> str:
    replacements = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "`": "\\`", "\r": " ", "\n": " ", "[": "\\[", "]": "\\]", "*": "\\*", "_": "\\_"}
    return "".join(replacements.get(ch, ch) for ch in text)


def step_summary(results: list[LoadResult], t: Translator | None = None) -> str:
    t = t or reporting_language(results)
    lines = ["## " + t.gettext("AI register validation"), "", _markdown_cell(summary_line(results, t)), ""]
    problems = [p.told(t) for r in results for p in r.problems]
    if problems:
        headers = (t.gettext("Severity"), t.gettext("File"), t.gettext("Line"), t.gettext("Field"), t.gettext("Problem"),
                   t.gettext("How to fix"))
        lines += ["| " + " | ".join(headers) + " |", "|---|---|---|---|---|---|"]
        severity = {"error": t.gettext("error"), "warning": t.gettext("warning")}
        for p in problems:
            lines.append("| " + " | ".join(_markdown_cell(x) for x in (
                severity[p.severity.value], p.file, str(p.line or ""), p.field, p.message, p.hint or "")) + " |")
    return "\n".join(lines) + "\n"


def report_github(results: list[LoadResult], out: TextIO, t: Translator | None = None) -> None:
    t = t or reporting_language(results)
    for result in results:
        for problem in result.problems:
            out.write(github_annotation(problem, t) + "\n")
    out.write(escape_data(summary_line(results, t)) + "\n")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(step_summary(results, t))


REPORTERS: dict[str, Callable[..., None]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def fenced(text: str, info: str = "text") -> str:
    """``text`` as a Markdown code block that nothing in it can close: the fence is longer than any run of '~' in it.

    For text that quotes people (such as a report on an issue's answers) posted where Markdown is rendered.
    """
    longest = max((len(run) for run in re.findall(r"~+", text)), default=0)
    fence = "~" * max(8, longest + 1)
    return f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}\n"
