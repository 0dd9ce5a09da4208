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
