"""Positions the way an editor shows them, and the YAML parser's complaints in the register's own words.

The parser (``yamlload``) reads text whose line breaks are already ``\\n``
(``normalise_breaks``), so its line numbers agree with an editor for files
saved with LF, CRLF or CR line endings. U+0085, U+2028 and U+2029 are not
line breaks (YAML 1.2) and are refused before parsing, so they never shift a
line number either. This module holds no parser: it only turns the parser's
problem text and marks into a located message with a fix (told later in the
reader's language, see ``core/i18n.py``).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from generator.core.i18n import L_

# Characters YAML does not allow in a file: C0 and C1 controls (but tab, LF, CR and U+0085), DEL, lone
# surrogates, U+FFFE and U+FFFF (the same set PyYAML refuses).
NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_KEY_LINE = re.compile(r"^( *)(- +)?([^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?):( |$)")
_NO_SPACE_KEY = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*):(?=[^\s/])")


class Located(NamedTuple):
    line: int | None
    column: int | None
    message: str
    hint: str


def normalise_breaks(text: str) -> str:
    """CRLF and lone CR become LF, as an editor counts lines (YAML block scalars read them as LF too)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``index`` in text with LF line breaks."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def clamp(text: str, line: int, column: int) -> tuple[int, int]:
    """Never point past the last line of the file or past the end of a line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final line break does not start another line
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _content(line: str) -> str:
    stripped = line.strip()
    return "" if stripped.startswith("#") else stripped


def _key_of(line: str) -> tuple[int, str] | None:
    """The indentation and field name of a 'name: ...' line (list items included), if it is one."""
    match = _KEY_LINE.match(line)
    if not match:
        return None
    return len(match.group(1)) + len(match.group(2) or ""), match.group(3).strip()


def _previous_line(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` that holds something other than a comment."""
    for i in range(index - 1, -1, -1):
        if _content(lines[i]):
            return i
    return None


def _parent_key(lines: list[str], index: int, indent: int) -> str | None:
    """The field that holds the lines indented ``indent`` at ``index`` (the nearest less-indented key above)."""
    for i in range(index - 1, -1, -1):
        key = _key_of(lines[i])
        if key and key[0] < indent:
            return key[1]
    return None


def _with_key_above(text: str, line: int):
    """The lines of ``text``, the key on ``line`` and the key on the nearest line above it that holds one (with that
    line's index), as (indent, name) pairs; None when the line or the line above holds no key."""
    lines = _lines(text)
    if not 1 <= line <= len(lines):
        return None
    here = _key_of(lines[line - 1])
    above_index = _previous_line(lines, line - 1)
    above = _key_of(lines[above_index]) if above_index is not None else None
    if not here or not above or above_index is None:
        return None
    return lines, here, above_index, above


def over_indented(text: str, line: int) -> Located | None:
    """'team:' indented further than the field above it, which has a value of its own."""
    found = _with_key_above(text, line)
    if found is None or found[1][0] <= found[3][0]:
        return None
    lines, here, above_index, above = found
    before_index = _previous_line(lines, above_index)
    before = _key_of(lines[before_index]) if before_index is not None else None
    if before and before[0] == here[0] and above[0] < here[0]:
        # the line above is the odd one out: it lost its indentation between two lines that kept theirs
        parent = _parent_key(lines, before_index, before[0])
        if parent:
            hint = L_("Indent this line under '{parent}:', like '{like}:' on line {line}: start it in column {column}.",
                      parent=parent, like=before[1], line=before_index + 1, column=here[0] + 1)
        else:
            hint = L_("Indent this line like '{like}:' on line {line}: start it in column {column}.", like=before[1],
                      line=before_index + 1, column=here[0] + 1)
        return Located(above_index + 1, above[0] + 1,
                       L_("'{name}:' is indented less than the lines around it", name=above[1]), hint)
    parent = _parent_key(lines, above_index, above[0])
    column = above[0] + 1
    message = L_("'{name}:' is indented further than '{above}:' on line {line}", name=here[1], above=above[1],
                 line=above_index + 1)
    if parent:
        hint = L_("Indent this line under '{parent}:' like '{above}:': start it in column {column}.", parent=parent,
                  above=above[1], column=column)
    else:
        hint = L_("Start this line at the beginning of the line, like '{above}:'.", above=above[1])
    return Located(line, here[0] + 1, message, hint)


def misaligned(text: str, line: int) -> Located | None:
    """'team:' indented less than the field above it, but not as far back as any field that holds it."""
    found = _with_key_above(text, line)
    if found is None or found[1][0] >= found[3][0]:
        return None
    lines, here, above_index, above = found
    levels = [(above[0], above[1])]
    for i in range(above_index - 1, -1, -1):
        key = _key_of(lines[i])
        if key and key[0] < levels[-1][0]:
            levels.append(key)
    if any(indent == here[0] for indent, _ in levels):
        return None
    inner, outer = levels[0], next(((i, k) for i, k in levels if i < here[0]), None)
    parent = next((k for i, k in levels if i < inner[0]), None)
    words = dict(column=inner[0] + 1, like=inner[1], parent=parent, outer_column=outer[0] + 1 if outer else 0,
                 outer=outer[1] if outer else "")
    if parent and outer:
        hint = L_("Start it in column {column} like '{like}:' under '{parent}:', or in column {outer_column} like "
                  "'{outer}:'.", **words)
    elif parent:
        hint = L_("Start it in column {column} like '{like}:' under '{parent}:'.", column=words["column"], like=inner[1],
                  parent=parent)
    elif outer:
        hint = L_("Start it in column {column} like '{like}:', or in column {outer_column} like '{outer}:'.",
                  column=words["column"], like=inner[1], outer_column=words["outer_column"], outer=words["outer"])
    else:
        hint = L_("Start it in column {column} like '{like}:'.", column=words["column"], like=inner[1])
    return Located(line, here[0] + 1, L_("'{name}:' starts in column {column}, where no field above it starts",
                                         name=here[1], column=here[0] + 1), hint)


def after_quote(text: str, line: int, column: int) -> Located | None:
    """'name: "Parking" car': more text after the closing quote of a value."""
    lines = _lines(text)
    if not 1 <= line <= len(lines):
        return None
    before = lines[line - 1][:column - 1].rstrip()
    if not before.endswith(("'", '"')) or not before.strip(" -").count(before[-1]) >= 2:
        return None
    return Located(line, column, L_("there is more text after the closing quote of the value"),
                   L_("Put the whole value inside the quotes (inside single quotes write '' for ', "
                      "inside double quotes write \\\" for \")."))


def missing_space(text: str, line: int) -> Located | None:
    """'status:in use': a ':' with no space after it, so the line is not read as a field."""
    lines = _lines(text)
    if not 1 <= line <= len(lines):
        return None
    match = _NO_SPACE_KEY.match(lines[line - 1])
    if not match:
        return None
    name = match.group(3)
    column = match.end() + 1
    return Located(line, column, L_("there is no space after the ':' of '{name}'", name=name),
                   L_("Write a space after the ':', as in '{example}'.",
                      example=name + ": " + lines[line - 1][match.end():].strip()))


# The parser's problem (from PyYAML or libyaml) -> the message and the fix, in the register's words.
_WORDS = [
    ("found character '\\t' that cannot start any token", L_("a tab character is used here"),
     L_("YAML must use spaces, not tabs. Replace the tab with spaces.")),
    ("tab character", L_("a tab character is used here"),
     L_("YAML must use spaces, not tabs. Replace the tab with spaces.")),
    ("mapping values are not allowed", L_("a ':' followed by a space appears inside a value"),
     L_("Put the whole value in double quotes, or check that the field is on its own line with the right indentation.")),
    ("could not find expected ':'", L_("a line is missing the ':' after its field name, or is indented differently from the lines around it"),
     L_("Check that every field is written as 'name: value' and lines at the same level start in the same column.")),
    ("did not find expected key", L_("the indentation here does not match the lines above"),
     L_("Make lines at the same level start in the same column, using spaces.")),
    ("expected <block end>", L_("the indentation here does not match the lines above"),
     L_("Make lines at the same level start in the same column, using spaces.")),
    ("did not find expected '-' indicator", L_("the indentation of this list does not match the lines above"),
     L_("Start every item of a list with '- ' in the same column.")),
    ("block sequence entries are not allowed", L_("a list item ('- ') starts where a value was expected"),
     L_("Put the list on the lines below the field name, each item starting with '- ', or put the value in quotes.")),
    ("found unexpected end of stream", L_("the file ends before a quote or bracket is closed"),
     L_("Check that every opening quote (\" or ') and bracket ([ or {) has a closing one.")),
    ("did not find expected ',' or ']'", L_("a list in square brackets is not closed, or a ',' is missing between its items"),
     L_("Close the list with ']' on the same line and separate its items with ', ', or write one '- ' item per line.")),
    ("did not find expected ',' or '}'", L_("a set of fields in curly brackets is not closed, or a ',' is missing"),
     L_("Close it with '}' and separate its fields with ', ', or write one 'name: value' line per field.")),
    ("expected ',' or ']'", L_("a list in square brackets is not closed, or a ',' is missing between its items"),
     L_("Close the list with ']' on the same line and separate its items with ', ', or write one '- ' item per line.")),
    ("expected ',' or '}'", L_("a set of fields in curly brackets is not closed, or a ',' is missing"),
     L_("Close it with '}' and separate its fields with ', ', or write one 'name: value' line per field.")),
    ("found unknown escape character", L_("a backslash (\\) inside double quotes starts an unknown escape"),
     L_("Write two backslashes (\\\\), or use single quotes around the text.")),
    ("escape", L_("a backslash (\\) inside double quotes starts an unknown escape"),
     L_("Write two backslashes (\\\\), or use single quotes around the text.")),
    ("found undefined tag handle", L_("a '!' starts a YAML tag, which is not allowed"),
     L_("Put the value in quotes if the '!' is part of the text.")),
    ("expected alphabetic or numeric character", L_("a '&' or '*' starts an anchor or alias here"),
     L_("Put the value in quotes if the '&' or '*' is part of the text.")),
    ("found character that cannot start any token", L_("a value starts with a character that YAML reserves (such as @ or `)"),
     L_("Put the value in quotes.")),
    ("cannot start any token", L_("a value starts with a character that YAML reserves (such as @ or `)"),
     L_("Put the value in quotes.")),
    ("did not find expected node content", L_("a value is missing here, or it starts with a character that YAML reserves"),
     L_("Write the value after the ':' and a space; put it in quotes if it starts with one of - ? : , [ ] { } # & * ! | > ' \" % @ `.")),
    ("expected the node content", L_("a value is missing here, or it starts with a character that YAML reserves"),
     L_("Write the value after the ':' and a space; put it in quotes if it starts with one of - ? : , [ ] { } # & * ! | > ' \" % @ `.")),
    ("did not find expected comment or line break", L_("after '|' or '>' only a comment may follow on the same line"),
     L_("Start the text on the next line, indented under the field name.")),
    ("expected a comment or a line break", L_("after '|' or '>' only a comment may follow on the same line"),
     L_("Start the text on the next line, indented under the field name.")),
    ("document start", L_("the file goes on after an end-of-record line ('...') or a '%' line"),
     L_("Remove the line with '...' (or the line starting with '%'), or put the text after it in quotes.")),
    ("document indicator", L_("a line with '---' or '...' appears inside a quoted text"),
     L_("Close the quote before that line, or indent the line like the rest of the text.")),
    ("document separator", L_("a line with '---' or '...' appears inside a quoted text"),
     L_("Close the quote before that line, or indent the line like the rest of the text.")),
    ("directive", L_("a line starting with '%' is read as a YAML instruction"),
     L_("Remove the line, or put the value that starts with '%' in quotes.")),
    ("found unexpected ':'", L_("a ':' appears where YAML does not allow it"),
     L_("Put the value that holds the ':' in double quotes.")),
    ("block scalar", L_("the text after '|' or '>' is not indented as YAML expects"),
     L_("Indent every line of the text further than the field name, by the same number of spaces.")),
    ("indentation indicator", L_("the text after '|' or '>' is not indented as YAML expects"),
     L_("Indent every line of the text further than the field name, by the same number of spaces.")),
    ("simple key", L_("a field name is too long or runs over more than one line"),
     L_("Keep each field name and its ':' on one line; put long values after the ':' in quotes.")),
]
_GENERIC = (L_("this line cannot be read as part of the record"),
            L_("Check the quotes, colons and indentation on this line and the one above; compare them with a line that "
               "works."))


def parser_problem(text: str, problem: str, context: str, problem_at: tuple[int, int] | None,
                   context_at: tuple[int, int] | None) -> Located:
    """A parser complaint located and worded for a clerk (``*_at`` are 1-based line and column, or None)."""
    where = problem_at or context_at
    if "end of stream" in problem and context_at and "quoted" in context:
        return Located(*clamp(text, *context_at), L_("the quote that starts here is not closed"),
                       L_("Add the closing quote at the end of the text (the same kind, \" or ', as the opening one)."))
    if "flow" in context and context_at and problem_at and problem_at[0] != context_at[0]:
        if "sequence" in context:
            message = L_("the list in square brackets that starts here is not closed on its line")
        else:
            message = L_("the set of fields in curly brackets that starts here is not closed on its line")
        closing = "]" if "sequence" in context else "}"
        return Located(*clamp(text, *context_at), message,
                       L_("Close it with '{closing}' on the same line and separate its items with ', ', or write one item "
                          "per line.", closing=closing))
    if "could not find expected ':'" in problem and context_at:
        better = missing_space(text, context_at[0])
        if better:
            return better
    if "mapping values are not allowed" in problem and where:
        above = _previous_line(_lines(text), where[0] - 1)
        # 'status:in use' followed by 'name: x' reads as one long text, which then meets the ':' of 'name: x'
        better = (missing_space(text, above + 1) if above is not None else None) or over_indented(text, where[0])
        if better:
            return better
    if "expected '-' indicator" in problem and problem_at:
        better = after_quote(text, *problem_at)
        if better:
            return better
    if ("did not find expected key" in problem or "expected <block end>" in problem) and problem_at:
        better = after_quote(text, *problem_at) or over_indented(text, problem_at[0]) or misaligned(text, problem_at[0])
        if better:
            return better
    if "could not find expected ':'" in problem:
        where = context_at or problem_at  # the line that lacks the ':', not the one after it
    message, hint = next(((m, h) for needle, m, h in _WORDS if needle in problem), _GENERIC)
    if where is None:
        return Located(None, None, message, hint)
    line, column = clamp(text, *where)
    return Located(line, column, message, hint)
