"""Strict YAML reading: file bytes -> ``Document`` (plain data plus the position of every value).

This is the only module that imports ``yaml``. Records are read from parser
events, not with ``yaml.safe_load``, so that the loader can:

- reject anchors, aliases, tags, duplicate keys and keys that are not text;
- keep what the author typed: ``2024-01-05``, ``1.10``, ``0755``, ``no`` and
  ``on`` stay text (only ``true``/``false``, ``null`` and plain whole numbers
  such as ``42`` are read as such);
- remember the line and column of every key and value for later messages;
- never recurse, so no nesting depth can crash the process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.core.errors import Problem, Severity, field_path, shown
from generator.core.i18n import L_
from generator.load.yamlwords import NOT_PRINTABLE, clamp, line_and_column, normalise_breaks, parser_problem

MAX_BYTES = 256 * 1024
# register.yaml of a register of many organisations lists each of them and their departments (2,000 take ~300 KB)
CONFIG_MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 20

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(0|[1-9][0-9]{0,17})")
_ODD_BREAKS = {"\u0085": "U+0085 (next line)", "\u2028": "U+2028 (line separator)", "\u2029": "U+2029 (paragraph separator)"}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ODD_BREAK = re.compile("[\u0085\u2028\u2029]")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)

Path_ = tuple  # a path into the data: keys (str) and list indexes (int)


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """The data of one YAML file and where each part of it was written."""

    file: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # (line, column) of every value
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # (line, column) of every mapping key

    def position(self, path: Path_) -> Position:
        """The position of the value at ``path``, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.values:
                return Position(*self.values[path])
            path = path[:-1]
        return Position(*self.values.get((), (1, 1)))

    def slim(self, depth: int = 3) -> "Document":
        """A copy that keeps positions only down to ``depth`` levels (enough for register-wide checks)."""
        return Document(self.file, self.data, {p: v for p, v in self.values.items() if len(p) <= depth},
                        {p: v for p, v in self.keys.items() if len(p) <= depth})

    def key_position(self, path: Path_) -> Position:
        """The position of the key that introduces ``path`` (or of the value for list items)."""
        path = tuple(path)
        if path in self.keys:
            return Position(*self.keys[path])
        return self.position(path)


class _Reject(Exception):
    """Raised inside the loader to stop at the first problem in a file."""

    def __init__(self, line: int | None, column: int | None, message: str, hint: str | None, code: str, field: str = ""):
        super().__init__(message)
        self.problem = (line, column, message, hint, code, field)


def load_file(path: Path, display: str, limit: int = MAX_BYTES) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file strictly (``limit``: its largest size in bytes). Returns the document, or ``None`` and the
    problems found."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [_too_large(display, size, limit)]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_file_problem(display, L_("the file cannot be read ({reason})", reason=exc.strerror or str(exc)), None,
                                    "unreadable")]
    return load_bytes(raw, display, limit)


def load_bytes(raw: bytes, display: str, limit: int = MAX_BYTES) -> tuple[Document | None, list[Problem]]:
    """Read YAML from bytes. Never raises for bad input; returns problems instead."""
    if len(raw) > limit:
        return None, [_too_large(display, len(raw), limit)]
    text = ""
    try:
        text = normalise_breaks(_decode(raw))
        warnings = _scan_text(text, display)
        doc = _build(text, display)
    except _Reject as rej:
        line, column, message, hint, code, fld = rej.problem
        if line is not None:
            line, column = clamp(text, line, column or 1) if text else (line, column)
        return None, [Problem(display, line, column, fld, message, hint, Severity.ERROR, code)]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(display, text, exc)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(display, text, exc)]
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError, OverflowError, IndexError):
        return None, [_file_problem(display, L_("the file cannot be read as YAML"),
                                    L_("Check the quotes, colons and indentation; compare the file with a record that works."),
                                    "yaml")]
    return doc, warnings


def _too_large(display: str, size: int, limit: int = MAX_BYTES) -> Problem:
    if limit != MAX_BYTES:  # register.yaml, which lists the organisations and departments
        return _file_problem(display, L_("the file is {size} KB; the register's settings may be at most {limit} KB",
                                         size=size // 1024, limit=limit // 1024),
                             L_("Move long texts out of the file, or split the register into several registers."),
                             "too-large")
    return _file_problem(display, L_("the file is {size} KB; a record may be at most {limit} KB", size=size // 1024,
                                     limit=MAX_BYTES // 1024),
                         L_("Shorten the long texts, or link to a separate document instead of copying it in."), "too-large")


def _file_problem(display: str, message: str, hint: str | None, code: str) -> Problem:
    return Problem(display, None, None, "", message, hint, Severity.ERROR, code)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Reject(1, 1, L_("the file is saved as UTF-16 text"), L_("Save the file with the UTF-8 encoding."), "encoding")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = normalise_breaks(raw[:exc.start].decode("utf-8", errors="replace"))
        line, column = line_and_column(before, len(before))
        bad = raw[exc.start:exc.start + 1].hex()
        raise _Reject(line, column, L_("the file is not valid UTF-8 text (byte 0x{byte} cannot be read)", byte=bad),
                      L_("Save the file with the UTF-8 encoding; most editors offer this under 'Save as' or 'Encoding'."),
                      "encoding") from None


def _scan_text(text: str, display: str) -> list[Problem]:
    """Checks on the raw text that the YAML parser would not report clearly (one regex pass each)."""
    tab = _TAB_INDENT.search(text)
    if tab:
        line, column = line_and_column(text, tab.end() - 1)
        raise _Reject(line, column, L_("a tab character is used for indentation"),
                      L_("YAML indentation must use spaces. Replace the tab with spaces."), "tab")
    odd = _ODD_BREAK.search(text)
    if odd:
        line, column = line_and_column(text, odd.start())
        raise _Reject(line, column, L_("the line contains an unusual line-break character, {character}",
                                       character=_ODD_BREAKS[odd.group()]),
                      L_("Replace it with a normal line break or a space; it makes line numbers differ between editors."),
                      "line-break")
    control = NOT_PRINTABLE.search(text)
    if control:
        line, column = line_and_column(text, control.start())
        raise _Reject(line, column, L_("the file contains a control character that is not allowed ({character})",
                                       character="U+%04X" % ord(control.group())),
                      _CONTROL_HINT, "control-character")
    warnings: list[Problem] = []
    for match in _BIDI.finditer(text):
        line, column = line_and_column(text, match.start())
        if warnings and warnings[-1].line == line:
            continue
        warnings.append(Problem(display, line, column, "",
                                L_("the line contains an invisible text-direction character ({character})",
                                   character="U+%04X" % ord(match.group())),
                                L_("Remove it unless you need it: it can make text look different from what it is."),
                                Severity.WARNING, "bidi"))
    return warnings


def _resolve_plain(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    return value


def _reject_node(event: Any, m: Any) -> None:
    """Anchors and tags are refused on every node (aliases are refused where they appear)."""
    if event.anchor:
        raise _Reject(m.line + 1, m.column + 1, L_("anchors ({anchor}) are not allowed in register files",
                                                   anchor="&" + str(event.anchor)),
                      L_("Remove the '&' label and write every value out in full."), "anchor")
    tag = event.tag
    if tag and tag != "!":
        pretty = tag.replace("tag:yaml.org,2002:", "!!")
        raise _Reject(m.line + 1, m.column + 1, L_("YAML tags such as {tag} are not allowed in register files", tag=pretty),
                      L_("Remove the tag; write plain values only (put text in quotes if needed)."), "tag")


def _build(text: str, display: str) -> Document:
    """Turn parser events into plain data with positions, in one loop without recursion.

    This loop runs for every value of every record, so it is written flat.
    """
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    data: Any = None
    root_set = False
    # stack entries: [container, path, pending key (mappings), first position of each key, is a mapping]
    stack: list[list[Any]] = []
    documents = 0
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is scalar_event:
            m = event.start_mark
            if event.anchor or event.tag:
                _reject_node(event, m)
            value = event.value if event.style else _resolve_plain(event.value)
            if stack:
                top = stack[-1]
                if top[4]:
                    key = top[2]
                    if key is None:  # this scalar is a key
                        if not isinstance(value, str):
                            raise _Reject(m.line + 1, m.column + 1,
                                          L_("the field name {name} is not text", name=repr(event.value)) if event.value
                                          else L_("a field name is missing before ':'"),
                                          L_("Field names must be words such as name or status; check for a missing name or a "
                                             "stray ':'."),
                                          "non-text-key")
                        seen = top[3]
                        if value in seen:
                            raise _Reject(m.line + 1, m.column + 1, L_("duplicate field {name} (first given on line {line})",
                                                                       name=shown(value), line=seen[value][0]),
                                          L_("Each field may appear only once in the same place. Merge the two values and "
                                             "remove one of the lines."),
                                          "duplicate-key", field_path(top[1] + (value,)))
                        where = (m.line + 1, m.column + 1)
                        seen[value] = where
                        keys[top[1] + (value,)] = where
                        top[2] = value
                        continue
                    top[0][key] = value
                    top[2] = None
                    values[top[1] + (key,)] = (m.line + 1, m.column + 1)
                else:
                    values[top[1] + (len(top[0]),)] = (m.line + 1, m.column + 1)
                    top[0].append(value)
            else:
                data, root_set = value, True
                values[()] = (m.line + 1, m.column + 1)
            continue

        if kind is mapping_end or kind is sequence_end:
            stack.pop()
            continue

        if kind is mapping_start or kind is sequence_start:
            m = event.start_mark
            if event.anchor or event.tag:
                _reject_node(event, m)
            container: Any = {} if kind is mapping_start else []
            if stack:
                top = stack[-1]
                if top[4]:
                    key = top[2]
                    if key is None:
                        raise _Reject(m.line + 1, m.column + 1, L_("a field name must be plain text, not a list or a set of fields"),
                                      L_("Check the indentation and the ':' on this line."), "complex-key")
                    path = top[1] + (key,)
                    top[0][key] = container
                    top[2] = None
                else:
                    path = top[1] + (len(top[0]),)
                    top[0].append(container)
                if len(stack) >= MAX_DEPTH:
                    raise _Reject(m.line + 1, m.column + 1, L_("the file is nested more than {depth} levels deep", depth=MAX_DEPTH),
                                  L_("Records never need this much nesting; check the indentation."), "too-deep")
            else:
                path = ()
                data, root_set = container, True
            values[path] = (m.line + 1, m.column + 1)
            stack.append([container, path, None, {}, kind is mapping_start])
            continue

        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                m = event.start_mark
                raise _Reject(m.line + 1, m.column + 1, L_("the file holds more than one YAML document (a second '---')"),
                              L_("Keep one record per file: remove the '---' line and everything after it, or move it to its "
                                 "own file."),
                              "multiple-documents")
            continue

        if kind is yaml.AliasEvent:
            m = event.start_mark
            in_value = bool(stack) and not (stack[-1][4] and stack[-1][2] is None)
            where = ""
            if in_value:
                top = stack[-1]
                where = field_path(top[1] + ((top[2],) if top[4] else (len(top[0]),)))
            raise _Reject(m.line + 1, m.column + 1, L_("aliases ({alias}) are not allowed in register files", alias="*" + str(event.anchor)),
                          L_("Write the value out in full instead of referring to another part of the file."), "alias", where)

    if not root_set or data is None:
        raise _Reject(None, None, L_("the file is empty"), L_("Start from a template: run 'airegister new ID' to write one."),
                      "empty")
    if not isinstance(data, dict):
        kind_name = L_("a list") if isinstance(data, list) else L_("a single value")
        raise _Reject(1, 1, L_("the file must contain fields (lines like 'name: ...') at the top level, but it holds {kind}",
                               kind=kind_name),
                      L_("Remove the leading '-' or write the record as 'field: value' lines."), "not-a-mapping")
    return Document(display, data, values, keys)


_CONTROL_HINT = L_("Delete the invisible character; it often comes from copying text out of another program.")


def _yaml_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    def at(mark: Any) -> tuple[int, int] | None:
        return (mark.line + 1, mark.column + 1) if mark is not None else None
    located = parser_problem(text, str(exc.problem or exc.context or ""), str(exc.context or ""), at(exc.problem_mark), at(exc.context_mark))
    return Problem(display, located.line, located.column, "", located.message, located.hint, Severity.ERROR, "yaml")


def _reader_problem(display: str, text: str, exc: Any) -> Problem:
    """A character the parser refused that the scan before it did not (a safety net: the scan finds them all)."""
    index = getattr(exc, "position", 0) or 0
    if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    line, column = clamp(text, *line_and_column(text, index))
    char = getattr(exc, "character", None)
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return Problem(display, line, column, "", L_("the file contains a control character that is not allowed ({character})",
                                                 character=code),
                   _CONTROL_HINT, Severity.ERROR, "control-character")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style throughout; texts of several lines as literal blocks (|), the way people write them.

    The C emitter (libyaml) where PyYAML has it: the same text, ten times faster (an import writes thousands)."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if _ODD_BREAK.search(text):  # written as the escapes \N, \L, \P: never a line break in the file
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    if "\n" in text.strip("\n") or text.endswith("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_multi_representer(str, lambda dumper, text: _represent_text(dumper, str(text)))  # a message (Text) as text


def to_yaml(value: Any) -> str:
    """Write plain data as block-style YAML (for new files and examples; existing records are never rewritten)."""
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
