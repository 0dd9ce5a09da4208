"""A change in words, as the feed gives it: the schema's field titles and value labels, old → new, per language."""
from __future__ import annotations

import datetime as dt

from generator.core.i18n import translator
from generator.core.schema import load_schemas
from generator.load.history import Change, FieldChange
from generator.model.changes import change_sentences, change_title

WHEN = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)


def _change(kind: str, *fields: FieldChange) -> Change:
    return Change("parking-scan-car", kind, "a74f73ea5dd6", WHEN, "Audit 1: pause the scan car", "x.yaml", None,
                  tuple(fields), "Parking scan car")


def test_each_field_reads_title_old_and_new_value():
    change = _change("changed", FieldChange("status", "in use", "paused"),
                     FieldChange("lifecycle.paused_on", None, "2026-11-01"),
                     FieldChange("technique.models[0].version", "5.1", "5.2"),
                     FieldChange("accountable.role.sv", None, "Chef"))
    sentences = change_sentences(change, load_schemas(), translator("en"))
    assert sentences[0] == "Status (status): In use → Paused", "labels, not the internal codes"
    assert sentences[1].endswith("(lifecycle.paused_on): (empty) → 2026-11-01")
    assert sentences[2] == "Version (technique.models[0].version): 5.1 → 5.2"
    assert sentences[3].startswith("Role title (accountable.role.sv)") and sentences[3].endswith("(empty) → Chef")


def test_the_sentences_are_in_the_language_asked():
    change = _change("changed", FieldChange("status", "pilot", "in use"))
    assert change_sentences(change, load_schemas(), translator("fi")) == ["Tila (status): Kokeilu → Käytössä"]
    assert change_title(change, "Pysäköinninvalvonta", translator("fi")) == "Muutettu: Pysäköinninvalvonta"


def test_a_rename_names_both_ids_and_long_lists_are_cut():
    rename = Change("parking-scan-vehicle", "renamed", "adb7851", WHEN, "Audit 3", "b.yaml", "a.yaml",
                    (FieldChange("id", "parking-scan-car", "parking-scan-vehicle"),), "Parking scan car")
    assert change_sentences(rename, load_schemas(), translator("en")) == [
        "The record's id changed from parking-scan-car to parking-scan-vehicle; its old addresses lead to the new ones."]
    many = _change("changed", *(FieldChange(f"tags[{n}]", None, f"tag {n}") for n in range(25)))
    sentences = change_sentences(many, load_schemas(), translator("en"), limit=20)
    assert len(sentences) == 21 and sentences[-1] == "and 5 more changes"
    assert change_sentences(_change("deleted"), load_schemas(), translator("en"))[0].startswith(
        "The record was removed from the register")


def test_a_link_gaining_losing_or_changing_an_address_per_language_says_so_in_real_history(tmp_path):
    """A per-language link read from real commits: its own sentences, never "was translated into"."""
    import shutil

    from generator.core.fields import field_index
    from generator.load.history import read_history
    from generator.model.changes import describe

    from conftest import FIXTURES
    from test_history import commit, git

    if shutil.which("git") is None:
        import pytest
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q", "-b", "main")
    registry = tmp_path / "registry"
    registry.mkdir()
    shutil.copy(FIXTURES / "valid" / "register.yaml", registry)
    minimal = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    record = registry / "minimal.yaml"
    steps = [
        "website: https://fixture-city.example/minimal\n",
        "website:\n  en: https://fixture-city.example/minimal\n  fi: https://fixture-city.example/fi/minimal\n",
        "website:\n  en: https://fixture-city.example/minimal\n  fi: https://fixture-city.example/fi/pieni\n",
        "website: https://fixture-city.example/minimal\n",
        "website: https://fixture-city.example/new\n",
        "website:\n  en: https://fixture-city.example/en/new\n  fi: https://fixture-city.example/fi/new\n",
    ]
    for number, step in enumerate(steps):
        record.write_text(minimal + step, encoding="utf-8")
        commit(tmp_path, f"Step {number}", f"2025-0{number + 1}-01T09:00:00+00:00")
    schemas = load_schemas()
    changes = list(reversed(read_history(registry, schemas).changes))[1:]  # oldest first, after the record was added
    english = [describe(c, field_index(schemas, "en"), translator("en")).sentences for c in changes]
    assert english == [
        ["Public information page: the address in Finnish was added."],
        ["Public information page: the address in Finnish changed."],
        ["Public information page: the address in Finnish was removed."],
        ["Public information page changed from https://fixture-city.example/minimal to "
         "https://fixture-city.example/new."],
        ["Public information page: the addresses in English and Finnish changed."],
    ]
    finnish = [describe(c, field_index(schemas, "fi"), translator("fi")).sentences for c in changes]
    fi = translator("fi")
    assert finnish[0] == [fi.gettext("%(field)s: the address in %(languages)s was added.") % {
        "field": field_index(schemas, "fi")["website"].title, "languages": "suomi"}]
    assert finnish[0][0] != english[0][0] and "translated" not in " ".join(sum(english, []))
    assert all("käännettiin" not in sentence for sentence in sum(finnish, []))
