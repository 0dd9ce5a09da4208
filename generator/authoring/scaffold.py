"""Writing a new record file from the schema: required fields as placeholders, the rest as comments.

The placeholders (``<...>``) fail validation until they are replaced, so a
half-finished record can never be published by accident. Existing files are
never overwritten.
"""
from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

from generator.check.checks import SAFE_NAME
from generator.core.errors import shown
from generator.core.fields import FieldInfo, record_fields, required_when_text, sections
from generator.core.i18n import L_, Translator, translator
from generator.core.schema import Schemas
from generator.load.yamlload import to_yaml


class ScaffoldError(Exception):
    """The new record cannot be written (the file exists, or the id is not usable); the message can be told in
    any language (``told(exc.args[0], translator)``)."""


def placeholder(info: FieldInfo, t: Translator | None = None) -> Any:
    """The placeholder value written for a required field (``info`` and ``t`` in the same language)."""
    t = t or translator("en")
    if info.kind == "choice":
        return "<" + t.gettext("one of: {choices}").format(choices=", ".join(info.choices)) + ">"
    if info.kind == "date":
        return "<YYYY-MM-DD>"
    if info.kind == "email":
        return "<" + t.gettext("team mailbox, such as team@city.example") + ">"
    return f"<{info.title}>"


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in textwrap.wrap(text, 88 - len(indent))]


def _required_value(info: FieldInfo, answers: dict[str, Any], t: Translator) -> Any:
    if info.dotted in answers:
        return answers[info.dotted]
    if info.kind == "object":
        return {child.name: _required_value(child, answers, t) for child in info.children
                if child.required or _answered(child, answers)}
    return placeholder(info, t)


def _answered(info: FieldInfo, answers: dict[str, Any]) -> bool:
    return any(key == info.dotted or key.startswith(info.dotted + ".") for key in answers)


def _yaml_block(name: str, value: Any, indent: str, commented: bool) -> list[str]:
    lines = to_yaml({name: value}).rstrip("\n").split("\n")
    prefix = f"{indent}# " if commented else indent
    return [prefix + line for line in lines]


def render_record(schemas: Schemas, record_id: str, schema_ref: str, answers: dict[str, Any] | None = None,
                  languages: list[str] | None = None, language: str | None = None,
                  categories: dict[str, str] | None = None) -> str:
    """The text of a new record: every field of the schema, grouped by section, explained in ``language``
    (default: the first of ``languages``, the register's default language). ``categories`` are the register's
    categories (id -> label), offered for the categories field (None: the register is not known).

    For a register with several ``languages``, the top of the file shows how a text is written in each."""
    t = translator(language or (languages[0] if languages else "en"))
    answers = dict(answers or {})
    answers.setdefault("schema_version", schemas.version)
    answers["id"] = record_id
    out = [f"# yaml-language-server: $schema={schema_ref}", "#"]
    out += _comment(t.gettext("A record in the public AI register. Replace every <...> placeholder, then fill in as many of "
                              "the commented fields as you can: remove the '# ' in front of a field to use it. Check your "
                              "work with: airegister validate"), "")
    out.append("")
    if languages and len(languages) > 1:
        codes = ", ".join(languages)
        out[-1:] = ["#", *_comment(t.gettext("This register publishes in {languages}. Write each text once per language, the "
                                             "first one ({default}) always; list the languages you wrote in under "
                                             "'languages', for example:").format(languages=codes, default=languages[0]), ""),
                    "#", f"#   languages: [{codes}]", "#   summary:",
                    *[f"#     {code}: <" + t.gettext("the summary in {language}").format(language=code) + ">"
                      for code in languages],
                    "#", *_comment(t.gettext("A text in one language only can stay on one line (summary: ...)."), ""), ""]
    fields = record_fields(schemas, t.language)
    kinds = {"required": t.gettext("required"), "expected": t.gettext("expected"), "optional": t.gettext("optional")}
    for section in sections(schemas, t.language):
        members = [f for f in fields if f.section == section.id]
        if not members:
            continue
        out += ["# " + "=" * 78, f"# {section.title}: {section.description}", "# " + "=" * 78]
        for info in members:
            label = kinds["required" if info.required else ("expected" if info.expected else "optional")]
            out += _comment(f"{info.title} ({label}): {info.description}", "")
            for part in info.walk():  # the schema's if/then: "lifecycle.retired_on: Required when “Status” is …"
                if part.required_when:
                    out += _comment(f"{part.dotted}: {required_when_text(part, t.language)}", "")
            if info.kind == "choice" and info.choices:
                out += _comment(t.gettext("Choose from: {choices}").format(choices=", ".join(info.choices)), "")
            if info.kind == "category" and categories is not None:
                out += _comment(t.gettext("Choose from: {choices}").format(choices=", ".join(
                    f"{key} ({label})" for key, label in categories.items())) if categories else
                    t.gettext("This register has no categories yet: they are listed under categories: in register.yaml."), "")
            if info.required or _answered(info, answers):
                out += _yaml_block(info.name, _required_value(info, answers, t), "", commented=False)
            elif info.kind == "category" and categories:
                out += _yaml_block(info.name, list(categories)[:1], "", commented=True)
            elif info.examples:
                out += _yaml_block(info.name, info.examples[0], "", commented=True)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_record(schemas: Schemas, root: Path, record_id: str, department: str | None = None,
                 answers: dict[str, Any] | None = None, languages: list[str] | None = None,
                 language: str | None = None, categories: dict[str, str] | None = None) -> Path:
    """Write ``<root>/<department>/<id>.yaml`` (or ``<root>/<id>.yaml``), its explanations in ``language``;
    never overwrite anything."""
    if not SAFE_NAME.fullmatch(record_id + ".yaml"):
        raise ScaffoldError(L_("{id} cannot be used as an id: use lower-case letters a-z, digits and single hyphens, "
                               "for example parking-scan-car", id=shown(record_id)))
    existing = [p for p in root.rglob(f"{record_id}.yaml")] + [p for p in root.rglob(f"{record_id}.yml")]
    if existing:
        raise ScaffoldError(L_("a record with the id '{id}' already exists: {file}. Nothing was written.", id=record_id,
                               file=str(existing[0])))
    folder = root / department if department else root
    target = folder / f"{record_id}.yaml"
    answers = dict(answers or {})
    if department:
        answers.setdefault("owner.department", department)
    schema_file = schemas.directory / "ai-system.schema.json"
    schema_ref = Path(os.path.relpath(schema_file, folder)).as_posix()
    text = render_record(schemas, record_id, schema_ref, answers, languages, language, categories)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(L_("{file} already exists. Nothing was written.", file=str(target))) from None
    return target


def write_new_file(root: Path, schemas: Schemas, record: dict[str, Any], comment: str,
                   known: dict[str, Path] | None = None) -> Path:
    """Write a record made elsewhere (from an issue form, or from answers) as a new file; never overwrite.

    The file goes in the department's folder, starts with the schema line for editors, then ``comment``.
    ``known`` (record id -> file, for the whole register) spares a search of the register for each file when many
    are written at once (an import); it is kept up to date.
    """
    record_id = record.get("id")
    if not isinstance(record_id, str) or not SAFE_NAME.fullmatch(record_id + ".yaml"):
        # shown(): an id from an issue is quoted on one line, with its line breaks visible, so it cannot end a quote
        raise ScaffoldError(L_("{id} cannot be used as an id: use lower-case letters a-z, digits and single hyphens",
                               id=shown(str(record_id))))
    existing = ([known[record_id]] if record_id in known else []) if known is not None else \
        list(root.rglob(f"{record_id}.yaml")) + list(root.rglob(f"{record_id}.yml"))
    if existing:
        raise ScaffoldError(L_("a record with the id '{id}' already exists: {file}. Nothing was written; choose another id.",
                               id=record_id, file=str(existing[0])))
    department = record.get("owner", {}).get("department") if isinstance(record.get("owner"), dict) else None
    folder = root / department if isinstance(department, str) and SAFE_NAME.fullmatch(department + ".yaml") else root
    target = folder / f"{record_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(record_text(folder, schemas, record, comment))
    if known is not None:
        known[record_id] = target
    return target


def record_text(folder: Path, schemas: Schemas, record: dict[str, Any], comment: str) -> str:
    """A record file's text: the schema line for editors, ``comment`` as comment lines, then the record."""
    schema_ref = Path(os.path.relpath(schemas.directory / "ai-system.schema.json", folder)).as_posix()
    text = f"# yaml-language-server: $schema={schema_ref}\n" + "".join(f"# {line}\n" if line else "#\n" for line in comment.split("\n"))
    return text + to_yaml(record)
