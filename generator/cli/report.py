"""``airegister report``: readiness and quality of the register."""
from __future__ import annotations

import argparse
from pathlib import Path

from generator.core.errors import ExitCode
from generator.cli.common import load_valid_register, parse_date


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    report = commands.add_parser("report", help="readiness and quality: what high-risk systems lack, overdue reviews, completeness",
                                 description="Report what the register still lacks: EU AI Act duties of high-risk systems "
                                             "(FRIA, DPIA summary, EU database entry, human oversight), overdue reviews, "
                                             "how complete each department's records are, and counts by status, domain "
                                             "and EU AI Act class. The same report is a page of the website.")
    report.add_argument("--format", choices=("text", "json"), default="text", help="text (for people) or json (for programs)")
    report.add_argument("--today", type=parse_date, metavar="YYYY-MM-DD", help="report as of this date (default: today)")
    report.add_argument("--registry", type=Path, default=Path("registry"), metavar="DIR", help="the register folder (default: registry)")
    report.add_argument("--schema", type=Path, metavar="DIR", help="folder holding the schema files")
    return report


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from generator.publish.readiness import readiness
    from generator.core.schema import load_schemas

    loaded = load_valid_register("report", args.registry, args.schema,
                                 "airegister report: the register has errors; run 'airegister validate' and fix them first.")
    if isinstance(loaded, int):
        return loaded
    result, schema_dir = loaded
    found = readiness(result.registry, load_schemas(schema_dir), args.today or dt.date.today())
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
    print(f"Readiness and quality of the register, {found.today.isoformat()}\n")
    print(f"High-risk systems: {found.high_risk_total}")
    lacking = [s for s in found.high_risk if s.missing]
    for item in lacking:
        print(f"  {item.system.id}: lacks {'; '.join(item.missing)}")
    if not lacking:
        print("  every high-risk system has its FRIA, DPIA summary, EU database entry and oversight description")
    print(f"\nReviews overdue: {len(found.overdue)}")
    for item in found.overdue:
        print(f"  {item.system.id}: due {item.next_review.isoformat()} ({item.days} days ago)")
    print("\nExpected fields filled in, by department:")
    for c in found.completeness:
        print(f"  {c.department}: {c.percent}% ({c.systems} system{'s' * (c.systems != 1)})" if c.systems else
              f"  {c.department}: no systems")
    for title, bars in (("status", found.by_status), ("EU AI Act classification", found.by_classification),
                        ("city domain", found.by_domain)):
        print(f"\nSystems by {title}:")
        for bar in bars:
            print(f"  {bar.label}: {bar.count}")
    return ExitCode.OK
