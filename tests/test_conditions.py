"""Conditional requirements (the schema's if/then) are visible where a clerk writes, and the form's required answers
alone make a valid record."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.authoring.issueform import NO_RESPONSE, form_questions
from generator.core.fields import field_index, required_when_text
from generator.core.schema import load_schemas
from generator.model.registry import load_config

from conftest import REPO, explain, run_cli

SCHEMA = json.loads((REPO / "schema" / "ai-system.schema.json").read_text(encoding="utf-8"))


def schema_conditions() -> set[str]:
    """Every field an if/then of the schema makes required, read straight from the JSON (not through the engine)."""
    found = set()

    def walk(node, path):
        for rule in node.get("allOf", ()):
            then = rule.get("then", {})
            found.update(".".join(path + (name,)) for name in then.get("required", ()))
            found.update(".".join(path + (parent, name)) for parent, sub in then.get("properties", {}).items()
                         for name in sub.get("required", ()))
            found.update(".".join(path + (name,)) for option in then.get("anyOf", ()) for name in option["required"])
        for name, child in node.get("properties", {}).items():
            child = child.get("items", child)
            if "$ref" in child:
                child = SCHEMA["$defs"][child["$ref"].rsplit("/", 1)[-1]]
            walk(child, path + (name,))
    walk(SCHEMA, ())
    return found


def test_every_if_then_of_the_schema_is_known_with_its_condition():
    index = field_index(load_schemas())
    conditional = {path for path, info in index.items() if info.required_when}
    assert conditional == schema_conditions()
    assert {"ai_act.role", "bias_assessment.date", "lifecycle.retired_on", "ai_act.annex_iii_area"} <= conditional
    assert required_when_text(index["bias_assessment.date"]) == "Required when “Was it assessed?” is “Done”."
    assert required_when_text(index["ai_act.annex_iii_area"]) == \
        "Required when “Classification” is “High-risk AI system”, unless “Annex I product law” is given."
    role = required_when_text(index["ai_act.role"], "fi")
    assert role.startswith("Pakollinen, kun ") and " tai " in role


def test_the_field_reference_says_required_when(example_site):
    page = (example_site / "en" / "reference" / "fields" / "index.html").read_text(encoding="utf-8")
    assert "Required when “Was it assessed?” is “Done”." in page
    assert "Required when “Status” is “Retired”." in page
    finnish = (example_site / "reference" / "fields" / "index.html").read_text(encoding="utf-8")
    assert "Pakollinen, kun" in finnish


def body_of(answers: dict[str, str], questions) -> str:
    return "\n\n".join(f"### {q.label}\n\n{answers.get(q.id, NO_RESPONSE)}" for q in questions) + "\n"


def required_answers(questions, choose: dict[str, str] | None = None) -> dict[str, str]:
    """An answer to every required question: the chosen option, else the first one, else the field's example."""
    answers = {}
    for q in questions:
        if not q.required:
            continue
        if q.options:
            answers[q.id] = (choose or {}).get(q.id) or next(iter(q.options))
        elif q.info is not None and q.info.examples:
            example = q.info.examples[0]
            answers[q.id] = example if isinstance(example, str) else next(iter(example.values()))
        else:
            answers[q.id] = "Example answer"
    return answers


@pytest.fixture
def register_copy(tmp_path) -> Path:
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    return tmp_path


def test_the_required_answers_alone_make_a_valid_record_for_every_classification(register_copy):
    register, _ = load_config(REPO / "registry")
    questions = form_questions(load_schemas(), register)
    role = next(q for q in questions if q.id == "ai_act__role")
    assert role.required and "Pakollinen, kun" in role.description  # the form asks it, and says when the schema needs it
    classification = next(q for q in questions if q.id == "ai_act__classification")
    for number, label in enumerate(classification.options):
        if classification.options[label] == "high-risk":
            continue  # also needs the Annex III area or the Annex I product law: checked below
        answers = required_answers(questions, {"ai_act__classification": label})
        answers[f"name__{register.default_language}"] = f"System number {number}"
        body = register_copy / f"body-{number}.md"
        body.write_text(body_of(answers, questions), encoding="utf-8")
        result = run_cli("from-issue", "--body", body, cwd=register_copy)
        assert result.returncode == 0, label + "\n" + explain(result)


def test_from_issue_names_the_question_and_its_condition(register_copy):
    register, _ = load_config(REPO / "registry")
    questions = form_questions(load_schemas(), register)
    status = next(q for q in questions if q.id == "status")
    retired = next(label for label, value in status.options.items() if value == "retired")
    answers = required_answers(questions, {"status": retired})
    answers[f"name__{register.default_language}"] = "Retired test system"
    body = register_copy / "body.md"
    body.write_text(body_of(answers, questions), encoding="utf-8")
    result = run_cli("from-issue", "--body", body, cwd=register_copy)
    assert result.returncode == 1, explain(result)
    retired_on = next(q for q in questions if q.id == "lifecycle__retired_on")
    # in the register's language (Finnish): the question as the form asks it, and the schema's condition
    line = next(line for line in result.stdout.splitlines() if f"'{retired_on.label}'" in line)
    assert line.endswith(": Pakollinen, kun ”Tila” on ”Poistettu käytöstä”."), line
