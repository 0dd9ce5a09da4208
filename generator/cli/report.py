"""``airegister report``: readiness and quality of the register."""
from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import add_language_option, add_registry_options, date_option, load_valid_register, speaking
from generator.core.i18n import N_, Translator


def add_parser(commands: argparse._SubParsersAction, t: Translator) -> argparse.ArgumentParser:
    report = commands.add_parser("report", help=t.gettext("readiness and quality: what high-risk systems lack, overdue "
                                                          "reviews, completeness"),
                                 description=t.gettext(
                                     "Report what the register still lacks: EU AI Act duties of high-risk systems (FRIA, "
                                     "DPIA summary, EU database entry, human oversight), overdue reviews, how complete "
                                     "each department's records are, and counts by status, domain and EU AI Act class. "
                                     "The same report is a page of the website."))
    report.add_argument("--format", choices=("text", "json"), default="text",
                        help=t.gettext("text (for people) or json (for programs)"))
    report.add_argument("--today", type=date_option(t), metavar="YYYY-MM-DD",
                        help=t.gettext("report as of this date (default: today)"))
    add_registry_options(report, t)
    add_language_option(report, t, N_("language of the text report (default: the environment's LANGUAGE, LC_ALL or "
                                      "LC_MESSAGES, else the register's default language); json is always in English"))
    return report


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from generator.publish.readiness import readiness
    from generator.core.schema import load_schemas

    loaded = load_valid_register("report", args.registry, args.schema, language=args.language)
    if isinstance(loaded, int):
        return loaded
    result, schema_dir = loaded
    t = speaking(args, result.default_language) if args.format == "text" else None
    found = readiness(result.registry, load_schemas(schema_dir), args.today or dt.date.today(),
                      t.language if t is not None else "en")
    if args.format == "json":
        print(json.dumps({
            "today": found.today.isoformat(),
            "high_risk": {"total": found.high_risk_total, "lacking": [
                {"id": s.system.id, "missing": list(s.missing), "notes": list(s.notes)} for s in found.high_risk]},
            "overdue": [{"id": o.system.id, "next_review": o.next_review.isoformat(), "days_overdue": o.days} for o in found.overdue],
            "completeness": [{"department": c.department_id, "systems": c.systems, "filled": c.filled,
                              "expected": c.expected, "percent": c.percent} for c in found.completeness],
            "by_status": {b.value: b.count for b in found.by_status},
            "by_domain": {b.value: b.count for b in found.by_domain},
            "by_classification": {b.value: b.count for b in found.by_classification},
        }, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(t.gettext("Readiness and quality of the register, {date}").format(date=found.today.isoformat()) + "\n")
    print(t.gettext("High-risk systems: {count}").format(count=found.high_risk_total))
    lacking = [s for s in found.high_risk if s.missing]
    for item in lacking:
        print("  " + t.gettext("{id}: lacks {items}").format(id=item.system.id, items="; ".join(item.missing)))
    if not lacking:
        print("  " + t.gettext("every high-risk system has its FRIA, DPIA summary, EU database entry and oversight "
                               "description"))
    print("\n" + t.gettext("Reviews overdue: {count}").format(count=len(found.overdue)))
    for item in found.overdue:
        print("  " + t.ngettext("{id}: due {date} ({count} day ago)", "{id}: due {date} ({count} days ago)", item.days)
              .format(id=item.system.id, date=item.next_review.isoformat(), count=item.days))
    print("\n" + t.gettext("Expected fields filled in, by department") + ":")
    for c in found.completeness:
        print("  " + (t.ngettext("{department}: {percent}% ({count} system)", "{department}: {percent}% ({count} systems)",
                                 c.systems).format(department=c.department, percent=c.percent, count=c.systems)
                      if c.systems else t.gettext("{department}: no systems").format(department=c.department)))
    for title, bars in ((t.gettext("Systems by status"), found.by_status),
                        (t.gettext("Systems by EU AI Act classification"), found.by_classification),
                        (t.gettext("Systems by city domain"), found.by_domain)):
        print("\n" + title + ":")
        for bar in bars:
            print(f"  {bar.label}: {bar.count}")
    return ExitCode.OK
