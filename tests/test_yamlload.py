"""The strict YAML loader: values stay as typed, positions are remembered, bad input never crashes."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.yamlload import MAX_BYTES, Position, load_bytes


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, "f.yaml")


@pytest.mark.parametrize("written", ["2024-01-05", "1.10", "0755", "no", "on", "off", "yes", "1e3", "12:30", "0x1F", ".inf", "+1", "1_000"])
def test_values_keep_the_text_the_author_typed(written):
    doc, problems = load(f"value: {written}\n")
    assert problems == []
    assert doc.data["value"] == written


@pytest.mark.parametrize("written, expected", [("42", 42), ("-7", -7), ("0", 0), ("true", True), ("false", False), ("null", None), ("~", None), ("", None)])
def test_plain_whole_numbers_booleans_and_null_are_read_as_such(written, expected):
    doc, problems = load(f"value: {written}\n")
    assert problems == []
    assert doc.data["value"] == expected and type(doc.data["value"]) is type(expected)


def test_quoted_values_are_always_text():
    doc, _ = load('a: "42"\nb: \'true\'\nc: "null"\n')
    assert doc.data == {"a": "42", "b": "true", "c": "null"}


def test_positions_of_keys_and_values_are_remembered():
    doc, _ = load("name: x\nowner:\n  department: mobility\nlist:\n  - first\n  - second: 2\n")
    assert doc.keys[("owner", "department")] == Position(3, 3)
    assert doc.values[("owner", "department")] == Position(3, 15)
    assert doc.values[("list", 1)] == Position(6, 5)
    assert doc.values[("list", 1, "second")] == Position(6, 13)
    # a path that was never written falls back to the nearest written ancestor
    assert doc.position(("owner", "missing")) == Position(3, 3)


def test_utf8_byte_order_mark_is_accepted():
    doc, problems = load(b"\xef\xbb\xbfname: caf\xc3\xa9\n")
    assert problems == [] and doc.data == {"name": "café"}


def test_columns_count_characters_not_bytes():
    doc, _ = load("name: ääää\nother: [é, x]\n")
    assert doc.values[("other", 1)] == Position(2, 12)


def test_file_over_the_size_limit_is_refused_before_parsing():
    doc, problems = load(b"a: " + b"x" * MAX_BYTES)
    assert doc is None and problems[0].code == "too-large"


def test_alias_bomb_is_rejected_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    started = time.perf_counter()
    doc, problems = load(bomb)
    assert doc is None and problems[0].code == "anchor"
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("depth", [21, 1000, 100_000])
def test_deep_nesting_is_an_error_not_a_crash(depth):
    doc, problems = load("a: " + "[" * depth + "]" * depth + "\n")
    assert doc is None
    assert problems and problems[0].is_error


@pytest.mark.parametrize("text, code", [
    ("? [a, b]\n: x\n", "complex-key"),
    ("true: x\n", "non-text-key"),
    ("a: !custom x\n", "tag"),
    ("a: !!str x\n", "tag"),
    ("a: x\u2028b: y\n", "line-break"),
])
def test_other_rejected_constructs(text, code):
    doc, problems = load(text)
    assert doc is None and problems[0].code == code, problems


def test_invisible_direction_characters_give_a_warning():
    doc, problems = load("name: abc\u202edef\n")
    assert doc is not None
    assert [p.code for p in problems] == ["bidi"] and not problems[0].is_error


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw):
    doc, problems = load_bytes(raw, "fuzz.yaml")
    assert (doc is None) == bool([p for p in problems if p.is_error])
    for problem in problems:
        assert problem.message and "\n" not in problem.message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t?,%@`~0123.\\\u00e9\u2028")), max_size=200))
def test_arbitrary_yaml_like_text_never_raises(text):
    doc, problems = load(text)
    assert doc is not None or problems
