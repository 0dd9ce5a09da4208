"""The example register (the fictional City of Lakeholm) shows every feature a real register needs."""
from __future__ import annotations

from collections import Counter

import pytest

from generator.core.fields import field_index
from generator.model.registry import load_registry
from generator.core.schema import load_schemas

from conftest import REPO

RESULT = load_registry(REPO / "registry")
SYSTEMS = list(RESULT.registry or [])


def test_the_example_register_is_valid_without_warnings():
    assert RESULT.problems == []


def test_at_least_fifteen_records_across_all_six_domains():
    assert len(SYSTEMS) >= 15
    domains = {d for s in SYSTEMS for d in s.domains}
    assert domains == set(field_index(load_schemas())["domains"].choices)


def test_every_record_points_editors_at_the_schema():
    for system in SYSTEMS:
        first = (REPO / system.file).read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/ai-system.schema.json", system.file


def test_records_live_in_their_department_folder():
    for system in SYSTEMS:
        assert system.file == f"registry/{system.department_id}/{system.id}.yaml"


def test_there_is_a_retired_system_with_date_and_reason():
    retired = [s for s in SYSTEMS if s.status == "retired"]
    assert retired
    assert all(s.data["lifecycle"]["retired_on"] and s.data["lifecycle"]["retirement_reason"] for s in retired)


def test_there_is_a_high_risk_system_with_a_fria_and_a_dpia():
    def assessments(system):
        return {a["type"] for a in system.data.get("impact_assessments", ()) if a.get("status") == "completed"}
    assert any(s.classification == "high-risk" and {"fria", "dpia"} <= assessments(s) for s in SYSTEMS)


def test_there_is_a_bias_assessment_with_findings_and_mitigations():
    assert any(s.data.get("bias_assessment", {}).get("status") == "done"
               and s.data["bias_assessment"].get("findings") and s.data["bias_assessment"].get("mitigations") for s in SYSTEMS)


def test_there_are_in_house_and_supplier_systems():
    kinds = Counter(s.data.get("development") for s in SYSTEMS)
    assert kinds["in-house"] >= 1 and kinds["supplier"] >= 1


def test_one_record_is_written_in_three_languages_throughout():
    index = field_index(load_schemas())
    multilingual = [s for s in SYSTEMS if len(s.languages) >= 3]
    assert multilingual
    system = multilingual[0]

    def texts(value, path=()):
        if isinstance(value, dict):
            info = index.get(".".join(p for p in path if isinstance(p, str)))
            if info is not None and info.multilingual:
                yield path, value
                return
            for key, child in value.items():
                yield from texts(child, path + (key,))
        elif isinstance(value, list):
            for n, child in enumerate(value):
                yield from texts(child, path + (n,))
        elif isinstance(value, str):
            info = index.get(".".join(p for p in path if isinstance(p, str)))
            if info is not None and info.multilingual:
                yield path, value

    found = list(texts(system.data))
    assert len(found) > 20
    untranslated = [path for path, value in found if not isinstance(value, dict) or set(value) != set(system.languages)]
    assert untranslated == [], f"{system.id}: texts not given in every language: {untranslated}"


@pytest.mark.parametrize("status", ["in use", "pilot", "retired", "paused", "planned", "in development"])
def test_every_status_appears(status):
    assert any(s.status == status for s in SYSTEMS)
