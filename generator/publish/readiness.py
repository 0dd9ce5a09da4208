"""Readiness and quality: what is missing where, for the "Readiness" page and ``airegister report``.

- high-risk systems without what the EU AI Act asks of a deployer: a FRIA
  (except for critical infrastructure, Annex III point 2), a DPIA summary, the
  EU database entry and a description of human oversight;
- reviews that are overdue;
- completeness per department: the share of expected fields that are filled in
  (a field withheld with a reason counts as answered);
- counts by status, domain and EU AI Act class.

The numbers are plain data; the page template draws the charts (SVG) from them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.core.fields import expected_fields, field_index
from generator.core.i18n import SOURCE_LANGUAGE, N_, translator
from generator.model.objects import Registry, System
from generator.model.review import Overdue, overdue
from generator.core.schema import Schemas


@dataclass(frozen=True)
class Shortfall:
    """A high-risk system and what it still lacks."""

    system: System
    missing: tuple[str, ...]  # in plain words
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Completeness:
    """How complete the records of one department are."""

    department_id: str
    department: str
    systems: int
    filled: int  # expected fields filled in or withheld with a reason, over all its systems
    expected: int

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.expected) if self.expected else 100


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: the value's label, its count, and its share of the largest bar (0-100)."""

    value: str
    label: str
    count: int
    share: float


@dataclass
class Readiness:
    high_risk: list[Shortfall] = field(default_factory=list)
    high_risk_total: int = 0
    overdue: list[Overdue] = field(default_factory=list)
    completeness: list[Completeness] = field(default_factory=list)
    by_status: list[Bar] = field(default_factory=list)
    by_domain: list[Bar] = field(default_factory=list)
    by_classification: list[Bar] = field(default_factory=list)
    by_completeness: list[Bar] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)


def high_risk_shortfall(system: System, language: str = SOURCE_LANGUAGE) -> Shortfall:
    """What a high-risk system still lacks, and notes on duties that do not apply, in ``language``."""
    data = system.data
    meaning = system.meanings
    t = translator(language)
    missing, notes = [], []
    area = data["ai_act"].get("annex_iii_area")

    def note(meaning_name: str, otherwise: str) -> str:
        declared = meaning.note("ai_act.annex_iii_area", area, meaning_name)
        if declared:
            return t.gettext(declared)
        return t.gettext(otherwise).format(area=field_index(meaning.schemas, language)["ai_act.annex_iii_area"].label(area))

    if meaning.has("ai_act.annex_iii_area", area, "no-fria"):
        notes.append(note("no-fria", N_("No FRIA is required in this Annex III area ({area}, article 27).")))
    elif not system.completed_assessments("fria"):
        missing.append(t.gettext("a completed fundamental rights impact assessment (FRIA)"))
    dpia = next(iter(system.completed_assessments("dpia")), None)
    if system.uses_personal_data is False:
        notes.append(t.gettext("No DPIA summary is needed: the system uses no personal data."))
    elif dpia is None or not dpia.get("summary"):
        missing.append(t.gettext("a summary of the data protection impact assessment (DPIA)"))
    if meaning.has("ai_act.annex_iii_area", area, "registered-nationally"):
        notes.append(note("registered-nationally", N_("Systems in this Annex III area ({area}) are registered at "
                                                      "national level, not in the EU database (article 49(5)).")))
    elif not data["ai_act"].get("eu_database_url"):
        missing.append(t.gettext("the link to its entry in the EU database for high-risk AI systems"))
    if not (data.get("human_oversight") or {}).get("description"):
        missing.append(t.gettext("a description of how people oversee it"))
    return Shortfall(system, tuple(missing), tuple(notes))


def _bars(counts: list[tuple[str, str, int]]) -> list[Bar]:
    largest = max((c for _, _, c in counts), default=0) or 1
    return [Bar(value, label, count, round(100 * count / largest, 1)) for value, label, count in counts]


def readiness(registry: Registry, schemas: Schemas, today: dt.date, language: str = SOURCE_LANGUAGE) -> Readiness:
    """The readiness report, with its labels and sentences in ``language``."""
    index = field_index(schemas, language)
    systems = list(registry)
    active = [s for s in systems if not s.status_means("retired")]
    expected = [f.name for f in expected_fields(schemas)]
    report = Readiness(today=today)
    high_risk = [s for s in active if s.meanings.has("ai_act.classification", s.classification, "high-risk")]
    report.high_risk_total = len(high_risk)
    report.high_risk = [shortfall for s in high_risk if (shortfall := high_risk_shortfall(s, language)).missing or shortfall.notes]
    report.overdue = overdue(registry, today)
    register = registry.register
    by_department: dict[str, list] = {}  # one pass: a national register has thousands of departments
    for system in systems:
        by_department.setdefault(system.department_id, []).append(system)
    for key, department in register.departments.items():
        own = by_department.get(key, [])
        filled = sum(len(expected) - len(s.missing(expected)) for s in own)
        report.completeness.append(Completeness(key, register.text(department.name) or key, len(own), filled,
                                                len(expected) * len(own)))
    report.completeness.sort(key=lambda c: (c.systems == 0, c.percent, c.department))
    report.by_status = _bars([(v, index["status"].label(v), sum(1 for s in systems if s.status == v))
                              for v in index["status"].choices])
    report.by_domain = _bars([(v, index["domains"].label(v), sum(1 for s in systems if v in s.domains))
                              for v in index["domains"].choices])
    report.by_classification = _bars([(v, index["ai_act.classification"].label(v),
                                       sum(1 for s in systems if s.classification == v))
                                      for v in index["ai_act.classification"].choices])
    report.by_completeness = [Bar(c.department_id, c.department, c.percent, float(c.percent))
                              for c in report.completeness if c.systems]
    return report
