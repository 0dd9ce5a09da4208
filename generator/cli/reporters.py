"""Reporters: print the problems of a run as text, JSON or GitHub annotations.

A reporter is chosen by name (``REPORTERS``); all of them receive the same
``LoadResult`` and end with the same summary (files, records, errors, warnings,
time). They only format; they never decide the exit code.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Callable, TextIO

from generator.core.errors import Problem
from generator.model.registry import LoadResult


def summary_line(results: list[LoadResult]) -> str:
    files = sum(r.files for r in results)
    records = sum(r.records for r in results)
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    seconds = sum(r.seconds for r in results)
    verdict = "valid" if errors == 0 else "INVALID"
    return (f"{verdict}: checked {files} file{'s' * (files != 1)} ({records} record{'s' * (records != 1)}) in {seconds:.2f} s: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


def report_text(results: list[LoadResult], out: TextIO) -> None:
    for result in results:
        for problem in result.problems:
            out.write(problem.headline() + "\n")
            if problem.hint:
                out.write(f"    how to fix: {problem.hint}\n")
    out.write(summary_line(results) + "\n")


def problem_json(problem: Problem) -> dict:
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


def report_json(results: list[LoadResult], out: TextIO) -> None:
    problems = [problem_json(p) for r in results for p in r.problems]
    document = {
        "valid": all(r.ok for r in results),
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


def github_annotation(problem: Problem) -> str:
    props = [f"file={escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column or 1}")
    title = f"{problem.field or 'file'}: {problem.code}"
    props.append(f"title={escape_property(title)}")
    message = (f"{problem.field}: " if problem.field else "") + problem.message
    if problem.hint:
        message += "\n" + problem.hint
    return f"::{problem.severity.value} {','.join(props)}::{escape_data(message)}"


def _markdown_cell(text: str) -> str:
    replacements = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "`": "\\`", "\r": " ", "\n": " ", "[": "\\[", "]": "\\]", "*": "\\*", "_": "\\_"}
    return "".join(replacements.get(ch, ch) for ch in text)


def step_summary(results: list[LoadResult]) -> str:
    lines = ["## AI register validation", "", _markdown_cell(summary_line(results)), ""]
    problems = [p for r in results for p in r.problems]
    if problems:
        lines += ["| Severity | File | Line | Field | Problem | How to fix |", "|---|---|---|---|---|---|"]
        for p in problems:
            lines.append("| " + " | ".join(_markdown_cell(x) for x in (
                p.severity.value, p.file, str(p.line or ""), p.field, p.message, p.hint or "")) + " |")
    return "\n".join(lines) + "\n"


def report_github(results: list[LoadResult], out: TextIO) -> None:
    for result in results:
        for problem in result.problems:
            out.write(github_annotation(problem) + "\n")
    out.write(escape_data(summary_line(results)) + "\n")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(step_summary(results))


REPORTERS: dict[str, Callable[[list[LoadResult], TextIO], None]] = {
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
