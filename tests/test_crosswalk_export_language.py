"""The words an export adds to a standard's values (headings, labels, fixed sentences) are in the language the export
takes the record's texts in: the record's main language (Dutch first for the Dutch register). Real ``airegister
export`` runs of the example register (Lakeholm): its records are written in English, Finnish and Swedish; a copy
with one record's languages put in another order makes that record's main language Finnish or Swedish.

The expected words are the standard Finnish and Swedish public-sector terms for these headings, written here; the
English ones are the words the exports have always written (the fixtures of tests/test_crosswalk_*.py pin them too).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, explain, run_cli

RECORD = "parking-scan-car"
STANDARDS = ("eurocities-0.3.1", "nl-1.0")


def _export(folder: Path, languages: str | None, standards=STANDARDS, records=(RECORD,)) -> dict[str, dict]:
    """The first of ``records`` as each of ``standards`` exports it (``languages``: the new order of the languages of
    every one of ``records``)."""
    registry = folder / "registry"
    shutil.copytree(REPO / "registry", registry)
    for record in records if languages else ():
        path = next(registry.glob(f"*/{record}.yaml"))
        text, count = re.subn(r"(?m)^languages: \[[^\]]*\]$", f"languages: [{languages}]", path.read_text("utf-8"))
        assert count == 1, "the record's languages line was not found"
        path.write_text(text, encoding="utf-8")
    found = {}
    for key in standards:
        result = run_cli("export", "--to", key, "--registry", registry, "--out", folder / "out", "--language", "en")
        assert result.returncode == 0, explain(result)
        found[key] = json.loads((folder / "out" / key / "records" / f"{records[0]}.json").read_text("utf-8"))
    return found


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, dict[str, dict]]:
    """The record as each standard exports it, with English (as written), Finnish or Swedish as its main language."""
    return {lang: _export(tmp_path_factory.mktemp(f"export-{lang}"), order)
            for lang, order in (("en", None), ("fi", "fi, sv, en"), ("sv", "sv, fi, en"))}


ENGLISH = ("Benefits", "Measures", "Level of human oversight", "Role in decisions", "Risks and measures", "Data sets",
           "Self-learning", "a person checks every output", "Contains personal data.")


def test_english_exports_keep_their_words(exports):
    euro, nl = exports["en"]["eurocities-0.3.1"], exports["en"]["nl-1.0"]
    assert euro["lang"] == "en" and nl["lang"] == "eng"
    assert "\n\nBenefits:\n\n" in euro["goal"]
    assert euro["human_intervention"].startswith("Level of human oversight: a person checks every output.\n\n")
    assert ". Measures: " in euro["risks"]
    assert "<p>Benefits</p>" in nl["goal"]
    assert nl["human_intervention"].startswith("<p>Level of human oversight: a person checks every output.</p>")
    assert "<p>Role in decisions</p>" in nl["human_intervention"]
    assert "<p>Risks and measures</p>" in nl["risks"] and ". Measures: " in nl["risks"]
    assert "<p>Data sets</p>" in nl["source_data"] and "Contains personal data." in nl["source_data"]
    assert "<p>Self-learning: yes (" in nl["methods_and_models"]


def test_a_finnish_record_is_exported_with_finnish_words(exports):
    euro, nl = exports["fi"]["eurocities-0.3.1"], exports["fi"]["nl-1.0"]
    assert euro["lang"] == "fi" and nl["lang"] == "fin"  # the texts are taken in Finnish
    assert "\n\nHyödyt:\n\n" in euro["goal"]  # "Benefits"
    assert euro["human_intervention"].startswith("Ihmisen valvonnan taso: ihminen tarkistaa jokaisen tuloksen.\n\n")
    assert ". Toimenpiteet: " in euro["risks"]  # "Measures"
    assert "<p>Hyödyt</p>" in nl["goal"]
    assert nl["human_intervention"].startswith("<p>Ihmisen valvonnan taso: ihminen tarkistaa jokaisen tuloksen.</p>")
    assert "<p>Rooli päätöksenteossa</p>" in nl["human_intervention"]  # "Role in decisions"
    assert "<p>Riskit ja toimenpiteet</p>" in nl["risks"] and ". Toimenpiteet: " in nl["risks"]
    assert "<p>Aineistot</p>" in nl["source_data"] and "Sisältää henkilötietoja." in nl["source_data"]
    assert "<p>Itseoppiva: kyllä (" in nl["methods_and_models"]  # "Self-learning: yes"
    for record in (euro, nl):
        written = json.dumps(record, ensure_ascii=False)
        assert not [word for word in ENGLISH if word in written]


def test_a_swedish_record_is_exported_with_swedish_words(exports):
    euro, nl = exports["sv"]["eurocities-0.3.1"], exports["sv"]["nl-1.0"]
    assert euro["lang"] == "sv" and nl["lang"] == "swe"
    assert "\n\nNytta:\n\n" in euro["goal"]  # "Benefits"
    assert euro["human_intervention"].startswith("Nivå av mänsklig tillsyn: en människa kontrollerar varje resultat.")
    assert ". Åtgärder: " in euro["risks"]  # "Measures"
    assert "<p>Roll i beslut</p>" in nl["human_intervention"]
    assert "<p>Risker och åtgärder</p>" in nl["risks"]
    assert "Innehåller personuppgifter." in nl["source_data"]  # "Contains personal data."
    assert "<p>Självlärande: ja (" in nl["methods_and_models"]
    for record in (euro, nl):
        written = json.dumps(record, ensure_ascii=False)
        assert not [word for word in ENGLISH if word in written]


def test_the_eu_and_uk_exports_write_their_fixed_words_in_the_records_language(tmp_path):
    """Traffic signal control is a high-risk system in critical infrastructure: registered at national level, with no
    fundamental rights impact assessment and no personal data; the parking scan car's risks have measures and its
    data sets a retention period."""
    eu = _export(tmp_path / "eu", "fi, sv, en", ("eu-ai-act-annex-viii-c",), ("traffic-signal-control",))
    uk = _export(tmp_path / "uk", "fi, sv, en", ("uk-atrs-3.0",), (RECORD,))
    entry = eu["eu-ai-act-annex-viii-c"]
    assert entry["registration"] == "kansallisella tasolla (49 artiklan 5 kohta)"  # "at national level (Article 49(5))"
    assert entry["C.4"]["summary"].startswith("Ei vaadita: ")  # "Not required: "
    assert entry["C.5"]["summary"] == "Ei sovellu: järjestelmä ei käytä henkilötietoja."  # "Not applicable: ..."
    written = json.dumps(uk["uk-atrs-3.0"], ensure_ascii=False)
    assert ". Toimenpiteet: " in written and " Säilytetään: " in written  # "Mitigation:", "Kept:"
    assert "Mitigation: " not in written and "Kept: " not in written
