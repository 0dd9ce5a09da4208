"""The "Propose an AI system" issue form: generated from the schema, and read back into a record.

``form_questions`` decides the questions from the schema (and the register's
departments and categories), ``issue_form`` writes them as a GitHub issue form, and
``record_from_issue`` turns the Markdown body GitHub makes of the answers back
into a record. Both directions use the same questions, so a change to the
schema changes the form and the reader together.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.authoring.formstate import form_inputs, inputs_line
from generator.core.fields import FieldInfo, field_index, record_fields, required_when_text, sections
from generator.core.i18n import SOURCE_LANGUAGE, L_, translator
from generator.model.objects import Register
from generator.core.schema import Schemas
from generator.load.yamlload import load_bytes, to_yaml

NO_RESPONSE = "_No response_"
FORM_FILE = ".github/ISSUE_TEMPLATE/propose-ai-system.yml"
# Fields a proposer does not fill in: set by the tool or an import (source), by maintainers, or for other registers.
LEFT_OUT = {"schema_version", "id", "uuid", "languages", "external_categories", "registrations", "withheld", "source",
            "record.first_published", "record.last_reviewed"}
# Objects whose fields need the object's name to make sense on their own ("Bias assessment: method").
PREFIXED = {"accountable", "objection", "bias_assessment", "legal_basis"}


@dataclass
class Question:
    """One question of the form, tied to one field of the record."""

    id: str
    label: str
    path: tuple[str, ...]
    kind: str  # input, textarea, dropdown
    info: FieldInfo | None
    description: str = ""
    required: bool = False
    multiple: bool = False
    options: dict[str, str] = field(default_factory=dict)  # shown label -> stored value
    language: str | None = None  # for a text asked once per language: that language
    english: str = ""  # the label in English, as forms of earlier versions asked it (still read back)
    also: dict[str, str] = field(default_factory=dict)  # other accepted answers (a name in another language) -> value
    value: str | None = None  # pre-filled text (for lists of entries, written as YAML)
    yaml: bool = False  # the answer is a YAML list of entries
    section: str = ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _entry_template(info: FieldInfo) -> str:
    """An empty entry of a list of objects, one 'key:' line per field, with the allowed values as comments."""
    lines = []
    for number, child in enumerate(info.children):
        lead = "- " if number == 0 else "  "
        note = ""
        if child.choices:
            note = "  # " + ("one or more of: " if child.is_list else "one of: ") + ", ".join(child.choices)
        elif child.required:
            note = "  # required"
        lines.append(f"{lead}{child.name}:{note}")
    return "\n".join(lines) + "\n"


def _always_required(info: FieldInfo, index: dict[str, FieldInfo]) -> bool:
    """Required in every record: the field and each field it sits in are required by the schema."""
    return all(index[".".join(info.path[: depth + 1])].required for depth in range(len(info.path)))


def required_in_form(info: FieldInfo, index: dict[str, FieldInfo]) -> bool:
    """Whether the form marks a question required, derived from the schema.

    A form cannot make a question depend on another answer, so besides the fields every record needs, the form
    also requires a field that the schema requires for most answers of a required question (the AI Act role, for
    every class of AI system): then the required answers alone always make a valid record. A field required only
    for a few answers (the date a system was retired) stays optional; its help text names the condition, and
    ``from-issue`` names it when it is missing."""
    if _always_required(info, index):
        return True
    for condition in info.required_when:
        on = index.get(".".join(condition.on))
        if (on is not None and not condition.instead and _always_required(on, index)
                and len(condition.values) * 2 > len(on.choices)):
            return True
    return False


def form_questions(schemas: Schemas, register: Register) -> list[Question]:
    """Every question of the form, in schema order, grouped by section, in the register's default language.

    In a register with several languages, each text is asked once per language (the default language first,
    and only that one required)."""
    language = register.default_language
    t = translator(language)
    english = {q.id: q for q in _questions(schemas, register, None, translator(SOURCE_LANGUAGE))}
    questions = []
    for q in _questions(schemas, register, language, t):
        earlier = english.get(q.id)
        q.english = earlier.label if earlier else q.label
        if earlier is not None:  # the English choices of earlier forms are read back too
            q.also = {**earlier.options, **q.also}
        info = q.info
        if (info is not None and info.multilingual and not info.is_list and q.kind in ("input", "textarea")
                and len(register.languages) > 1):
            for index, code in enumerate(register.languages):
                copy = dataclasses.replace(q, id=f"{q.id}__{code.replace('-', '_')}", language=code,
                                           label=t.gettext("%(field)s (%(language)s)") % dict(
                                               field=q.label, language=t.language_name(code)),
                                           required=q.required and index == 0,
                                           english=q.english if index == 0 else f"{q.english} ({code})")
                if index:
                    copy.description = ""
                questions.append(copy)
        else:
            questions.append(q)
    return questions


def _questions(schemas: Schemas, register: Register, language: str | None, t: Any) -> list[Question]:
    candidates: list[tuple[FieldInfo, str]] = []
    for top in record_fields(schemas, language):
        if top.dotted in LEFT_OUT:
            continue
        if top.kind == "object" and not top.is_list:
            for child in top.children:
                if child.dotted not in LEFT_OUT:
                    candidates.append((child, top.title))
        else:
            candidates.append((top, ""))
    titles: dict[str, int] = {}
    for info, _ in candidates:
        titles[info.title] = titles.get(info.title, 0) + 1
    questions = []
    departments = register.departments
    categories = register.categories
    index = field_index(schemas, language)
    for info, parent in candidates:
        # Labels must be unique: the answers come back keyed by label.
        prefix = titles[info.title] > 1 or info.path[0] in PREFIXED
        label = f"{parent}: {info.title[0].lower() + info.title[1:]}" if parent and prefix else info.title
        q = Question(id=info.dotted.replace(".", "__"), label=label, path=info.path, kind="input", info=info,
                     description=" ".join(filter(None, [info.description, required_when_text(info, language or "en")])),
                     required=required_in_form(info, index), section=info.section)
        if info.dotted == "owner.department":
            q.kind = "dropdown"
            q.options = {register.text(d.name) or key: key for key, d in departments.items()}
            q.also = {name: key for key, d in departments.items()
                      for name in (d.name.values() if isinstance(d.name, dict) else [d.name])}
        elif info.kind == "category":  # the register's own categories, by their labels; none: no question
            if not categories:
                continue
            q.kind, q.multiple = "dropdown", True
            if language is not None:  # what the register calls them; forms with the schema's title are still read
                q.label = register.text(register.category_title, language) or q.label
            q.options = {register.text(c.label) or key: key for key, c in categories.items()}
            q.also = {name: key for key, c in categories.items()
                      for name in (c.label.values() if isinstance(c.label, dict) else [c.label])}
        elif info.kind == "object":  # a list of entries
            q.kind, q.yaml, q.value = "textarea", True, _entry_template(info)
            q.description += " " + t.gettext("Fill in one entry per item (copy the block for more); leave out lines "
                                             "you cannot fill in.")
        elif info.kind == "choice":
            q.kind, q.multiple = "dropdown", info.is_list
            q.options = {info.label(value): value for value in info.choices}
        elif info.kind == "boolean":
            q.kind, q.options = "dropdown", {t.gettext("Yes"): True, t.gettext("No"): False}
        elif info.kind == "markdown" or (info.kind == "text" and (info.max_length or 0) > 300):
            q.kind = "textarea"
        elif info.per_language and not info.is_list and len(register.languages) > 1:  # a link: one address
            q.description += " " + t.gettext("Give one address. Where the page exists in several languages, give the "
                                             "one in the register's main language; the addresses in other languages "
                                             "can be added to the record file later, one line per language.")
        elif info.is_list:  # a list of short texts, such as keywords
            q.description += " " + t.gettext("Separate them with commas.")
        questions.append(q)
    questions.insert(1, Question(id="id", label=t.gettext("Short id"), path=("id",), kind="input", info=None,
                                 section="overview", description=t.gettext(
                                     "A short permanent name for the web address of the entry: lower-case letters, "
                                     "digits and hyphens, such as parking-scan-car. Leave it empty to make one from "
                                     "the name.")))
    return questions


def issue_form(schemas: Schemas, register: Register) -> str:
    """The issue form as YAML text (GitHub's issue form syntax), in the register's default language."""
    t = translator(register.default_language)
    intro = [t.gettext("Thank you for describing an algorithm or AI system that the city uses or plans to use. Your "
                       "answers become an entry in the public register after a review."),
             t.gettext("Answer in plain language, as you would explain it to a resident. Questions marked with a red "
                       "star are required; answer the others as far as you can. Lists of data sets, risks and the like "
                       "are filled in as short blocks: replace the empty lines after each name with your answer."),
             t.gettext("This form is generated from the register's record format; the field reference on the register "
                       "website explains every question.")]
    if len(register.languages) > 1:
        intro.insert(2, t.gettext("Texts are asked once in each language of the register. Write at least the first; "
                                  "leave a language empty if you cannot write it, and it will be translated later."))
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": "\n\n".join(intro)}}]
    current_section = None
    titles = {s.id: (s.title, s.description) for s in sections(schemas, register.default_language)}
    for q in form_questions(schemas, register):
        if q.section != current_section:
            current_section = q.section
            title, description = titles[q.section]
            body.append({"type": "markdown", "attributes": {"value": f"## {title}\n\n{description}"}})
        attributes: dict[str, Any] = {"label": q.label}
        if q.description:
            attributes["description"] = q.description
        element: dict[str, Any] = {"type": q.kind, "id": q.id, "attributes": attributes}
        if q.kind == "dropdown":
            attributes["options"] = list(q.options)
            if q.multiple:
                attributes["multiple"] = True
        elif q.yaml:
            attributes["value"] = q.value
            attributes["render"] = "yaml"
        elif q.info is not None and q.info.examples and q.kind == "input" and not q.info.is_list:
            example = q.info.examples[0]
            if isinstance(example, str):
                attributes["placeholder"] = example
        if q.required:
            element["validations"] = {"required": True}
        body.append(element)
    form = {
        "name": t.gettext("Propose an AI system"),
        "description": t.gettext("Describe an algorithm or AI system the city uses, for the public register."),
        "title": "[AI system]: ",
        "labels": ["proposal"],
        "body": body,
    }
    header = ("# Generated from the schema by 'airegister issue-form'. Do not edit by hand: change the schema or\n"
              "# registry/register.yaml, then run 'airegister issue-form' again.\n")
    return header + inputs_line(form_inputs(schemas, register)) + to_yaml(form)


# --- reading answers back --------------------------------------------------------------------------

@dataclass
class IssueAnswers:
    """What was read from an issue body: the record, and answers that could not be read (kept as text)."""

    record: dict[str, Any]
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # (label, reason, answer as given)


def _split_answers(body: str, labels: list[str]) -> dict[str, str]:
    """The answers of a GitHub issue form body, by question label."""
    known = set(labels)
    answers: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in known:
            if current is not None:
                answers[current] = "\n".join(lines).strip()
            current, lines = heading, []
        elif current is not None:
            lines.append(line)
    if current is not None:
        answers[current] = "\n".join(lines).strip()
    return answers


def _unfence(text: str) -> str:
    match = re.fullmatch(r"```[a-zA-Z]*\n(.*?)\n?```", text.strip(), re.S)
    return match.group(1) if match else text


def _multiple(answer: str, options: dict[str, Any]) -> list[Any]:
    """Selected options of a multiple-choice answer ('A, B, C'), where labels may themselves contain commas."""
    chosen, rest = [], answer.strip()
    labels = sorted(options, key=len, reverse=True)
    while rest:
        match = next((label for label in labels if rest.startswith(label)), None)
        if match is None:
            chosen.append(rest.split(",")[0].strip())  # unknown: kept as written, so validation names it
            rest = rest[len(rest.split(",")[0]):]
        else:
            chosen.append(options[match])
            rest = rest[len(match):]
        rest = rest.lstrip(", ")
    return chosen


def _entries(text: str) -> list[dict[str, Any]] | None:
    """The entries of a list answer written as YAML; None when it cannot be read."""
    doc, problems = load_bytes(("items:\n" + "\n".join("  " + line for line in text.split("\n"))).encode("utf-8"), "answer")
    if doc is None or not isinstance(doc.data.get("items"), list):
        return None
    entries = []
    for item in doc.data["items"]:
        if not isinstance(item, dict):
            return None
        kept = {k: v for k, v in item.items() if v not in (None, "", [], {})}
        if kept:
            entries.append(kept)
    return entries


def _place_texts(record: dict[str, Any], texts: dict[tuple[str, ...], dict[str, str]], register: Register) -> None:
    """Put the texts asked per language into the record: one text per language, and the record's languages.

    A text written only in the register's default language is kept as a plain text, as a clerk would write it."""
    written: list[str] = []
    for path, by_language in texts.items():
        target = record
        for part in path[:-1]:
            target = target[part]
        if list(by_language) == [register.default_language]:
            target[path[-1]] = by_language[register.default_language]
        written += [code for code in by_language if code not in written]
    if written and written != [register.default_language]:
        record["languages"] = [code for code in register.languages if code in written]


def record_from_issue(body: str, schemas: Schemas, register: Register) -> IssueAnswers:
    """Turn an issue form body into a record. Answers left as '_No response_' are left out."""
    questions = form_questions(schemas, register)
    answers = _split_answers(body, [q.label for q in questions] + [q.english for q in questions])
    record: dict[str, Any] = {"schema_version": schemas.version}
    result = IssueAnswers(record)
    texts: dict[tuple[str, ...], dict[str, str]] = {}  # a text asked per language: path -> language -> answer
    for q in questions:
        label = q.label if answers.get(q.label) else q.english  # as the body names it (an earlier form: English)
        answer = (answers.get(q.label) or answers.get(q.english) or "").strip()
        if q.language is not None:
            if answer and answer != NO_RESPONSE:
                target = record
                for part in q.path[:-1]:
                    target = target.setdefault(part, {})
                target.setdefault(q.path[-1], {})[q.language] = answer  # in the record's place, in schema order
                texts[q.path] = target[q.path[-1]]
            continue
        if not answer or answer == NO_RESPONSE:
            continue
        if q.yaml:
            text = _unfence(answer)
            if text.strip() == (q.value or "").strip():
                continue  # the pre-filled empty block, untouched
            value: Any = _entries(text)
            if value is None:
                result.unread.append((label, L_("this answer is not written as the pre-filled block of lines"), text))
                continue
            if not value:
                continue
        elif q.kind == "dropdown" and q.multiple:
            value = _multiple(answer, {**q.also, **q.options})
        elif q.kind == "dropdown":
            value = q.options.get(answer, q.also.get(answer, answer))
        elif q.info is not None and q.info.is_list:
            value = [part.strip() for part in re.split(r"[,\n]", answer) if part.strip()]
        else:
            value = answer
        target = record
        for part in q.path[:-1]:
            target = target.setdefault(part, {})
        target[q.path[-1]] = value
    _place_texts(record, texts, register)
    if "id" not in record and isinstance(record.get("name"), (str, dict)):
        name = record["name"] if isinstance(record["name"], str) else next(iter(record["name"].values()))
        record["id"] = _slug(name)[:80].strip("-")
    ordered = {"schema_version": record.pop("schema_version")}
    if "id" in record:
        ordered["id"] = record.pop("id")
    if "languages" in record:
        ordered["languages"] = record.pop("languages")
    ordered.update(record)
    result.record = ordered
    return result
