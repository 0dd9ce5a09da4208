"""Keeping entries current: which records are past their review date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core.errors import Problem, Severity
from generator.core.i18n import L_, Ln_
from generator.model.objects import Registry, System
from generator.load.yamlload import Document, Position

REVIEW_HINT = L_("Check that the record is still correct, then update record.last_reviewed and record.next_review and "
                 "write a record.change_note.")


@dataclass(frozen=True)
class Overdue:
    """A record whose ``record.next_review`` date has passed."""

    system: System
    next_review: dt.date
    days: int
    position: Position


def overdue(registry: Registry, today: dt.date, documents: dict[str, Document] | None = None) -> list[Overdue]:
    """Records kept under review (not retired: the schema's "not-reviewed" meaning) whose next review date is before ``today``, most overdue first."""
    found = []
    for system in registry:
        if system.review_overdue(today):  # never for a status the schema exempts from review (retired)
            date = dt.date.fromisoformat(system.data["record"]["next_review"])
            doc = (documents or {}).get(system.file)
            position = doc.position(("record", "next_review")) if doc else Position(1, 1)
            found.append(Overdue(system, date, (today - date).days, position))
    found.sort(key=lambda o: (-o.days, o.system.id))
    return found


def overdue_problems(registry: Registry, today: dt.date, documents: dict[str, Document] | None = None) -> list[Problem]:
    """Each overdue review as a warning on its record's ``record.next_review`` line (for ``validate``)."""
    return [Problem(o.system.file, o.position.line, o.position.column, "record.next_review",
                    Ln_("the review was due on {date} ({count} day ago)", "the review was due on {date} ({count} days ago)",
                        o.days, date=o.next_review.isoformat()),
                    REVIEW_HINT, Severity.WARNING, "review-overdue")
            for o in overdue(registry, today, documents)]
