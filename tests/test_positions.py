"""Every error on the line and column an editor shows: any line ending, any text before it, never past the end.

The fixtures in tests/fixtures/invalid/ hold the red-team's fuzz cases and the
indentation mistakes clerks made, each with its expected position and message
(expected.json, checked by test_validate.py); this file adds the fix each
indentation mistake must name, and property tests that mutate a real record.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.yamlload import load_bytes
from generator.model.registry import load_registry

from conftest import FIXTURES, REPO

INVALID = FIXTURES / "invalid"
RECORD = (REPO / "registry" / "mobility" / "parking-scan-car.yaml").read_text(encoding="utf-8")
LINES = RECORD.split("\n")[:-1]

# The fix each indentation mistake must name (issue 14): the line to move and where to.
INDENTATION_HINTS = {
    "indented-one-space-too-far.yaml": "Indent this line under 'owner:' like 'department:': start it in column 3.",
    "field-not-indented-under-its-owner.yaml": "Indent this line under 'owner:', like the lines that belong to it.",
    "translation-not-indented.yaml": "Indent this line under 'name:', like the lines that belong to it.",
    "translation-indented-less-than-the-others.yaml": "Indent this line under 'name:', like 'en:' on line 5: start it in column 3.",
    "no-space-after-colon.yaml": "Write a space after the ':', as in 'status: in use'.",
    "quoted-value-indented-one-space-too-far.yaml": "Indent this line under 'owner:' like 'department:': start it in column 3.",
    "field-between-two-levels.yaml": "Start it in column 3 like 'department:' under 'owner:', or in column 1 like 'owner:'.",
}


@pytest.fixture(scope="module")
def invalid_problems():
    import os
    cwd = os.getcwd()
    os.chdir(FIXTURES)
    try:
        return load_registry(Path("invalid")).problems
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("case", sorted(INDENTATION_HINTS))
def test_indentation_mistakes_say_where_the_line_belongs(invalid_problems, case):
    errors = [p for p in invalid_problems if p.file == f"invalid/{case}" and p.is_error]
    expected = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))[case]
    assert [[p.line, p.column] for p in errors] == [[line, column] for line, column, *_ in expected]
    assert [p.hint for p in errors] == [INDENTATION_HINTS[case]]
    assert "unknown field" not in errors[0].message or "at this level" in errors[0].message
    assert "double quotes" not in errors[0].hint


def test_the_fuzz_cases_keep_their_line_endings():
    """A checkout that converted line endings would turn the CR-only cases into ordinary ones."""
    assert b"\n" not in (INVALID / "cr-only-control-character.yaml").read_bytes()
    assert b"\r\n" in (INVALID / "crlf-control-character.yaml").read_bytes()


def _ending(text: str, ending: str) -> str:
    return text.replace("\n", ending)


BAD = {"\x01": "control-character", "\x00": "control-character", "\x7f": "control-character", "\x9b": "control-character",
       "\u2028": "line-break", "\u2029": "line-break", "\u0085": "line-break", "\ufffe": "control-character"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.integers(0, len(LINES) - 1), where=st.floats(0, 1), bad=st.sampled_from(sorted(BAD)),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_a_bad_character_is_reported_where_it_was_put(line, where, bad, ending, bom):
    """Put a character YAML refuses anywhere in a real record (after any non-ASCII text): the error is exactly there."""
    lines = list(LINES)
    column = int(where * len(lines[line]))
    lines[line] = lines[line][:column] + bad + lines[line][column:]
    raw = (b"\xef\xbb\xbf" if bom else b"") + _ending("\n".join(lines) + "\n", ending).encode("utf-8")
    doc, problems = load_bytes(raw, "record.yaml")
    assert doc is None
    assert [(p.line, p.column, p.code) for p in problems] == [(line + 1, column + 1, BAD[bad])]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.integers(0, len(LINES) - 1), where=st.floats(0, 1), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_byte_that_is_not_utf8_is_reported_where_it_was_put(line, where, ending):
    lines = list(LINES)
    column = int(where * len(lines[line]))
    raw = _ending("\n".join(lines[:line]) + ("\n" if line else ""), ending).encode("utf-8")
    raw += lines[line][:column].encode("utf-8") + b"\xff" + lines[line][column:].encode("utf-8")
    raw += _ending("\n" + "\n".join(lines[line + 1:]) + "\n", ending).encode("utf-8")
    doc, problems = load_bytes(raw, "record.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(line + 1, column + 1, "encoding")]


TOP_LEVEL = [i for i, text in enumerate(LINES) if text[:1].isalpha() and ": " in text and not text.rstrip().endswith(("|", ">-", ">"))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.sampled_from(TOP_LEVEL), ending=st.sampled_from(["\n", "\r\n", "\r"]), mutation=st.sampled_from(["repeat", "no-space"]))
def test_a_broken_field_line_is_reported_on_that_line(index, ending, mutation):
    """Repeat a 'field: value' line, or take the space after its ':': the error names that line."""
    lines = list(LINES)
    if mutation == "repeat":
        lines.insert(index + 1, lines[index])
        wanted = index + 2
    else:
        lines[index] = lines[index].replace(": ", ":", 1)
        wanted = index + 1
    doc, problems = load_bytes(_ending("\n".join(lines) + "\n", ending).encode("utf-8"), "record.yaml")
    assert doc is None
    assert [p.line for p in problems] == [wanted], problems
    assert problems[0].hint


# The YAML library's own wording, which a clerk should never see.
LIBRARY_WORDS = ("while parsing", "while scanning", "did not find", "could not find", "found unexpected", "<block", "<document",
                 "expected ','", "not valid YAML (", "node content", "simple key")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}'\"#\n\r|>é")), max_size=120))
def test_no_error_points_past_the_last_line_or_past_the_end_of_its_line(text):
    doc, problems = load_bytes(text.encode("utf-8"), "f.yaml")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    for problem in problems:
        assert problem.hint, problem
        assert not any(words in problem.message for words in LIBRARY_WORDS), problem.message
        if problem.line is not None:
            assert 1 <= problem.line <= len(lines), (problem, lines)
            assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines)
