"""Benchmark: `airegister import` of a national register (NL 1.0 records of many organisations), and `validate`.

For each size it writes a synthetic export of the Dutch national Algorithm
Register (bench/national.py: one organisation per 4.5 records, names that clash
across organisations) and times, as separate processes:

- the import with ``--by-organisation`` into an empty register (reading, writing
  every record and organisation, and checking the written records);
- the same import again with ``--update`` (every record found again and compared);
- ``airegister validate`` with every record's file name on the command line.

The goal (issue 15): 1,530 records imported and checked in at most 30 s on 2 cores.

    python bench/import.py [--sizes 1000,1530,10000]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.national import write_national_export, write_national_register  # noqa: E402

BIN = Path(sys.executable).parent


CPU: dict[str, float] = {}  # command -> CPU seconds (user + system) of its processes, workers included


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[" ".join(command[1:3])] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, result


def bench(size: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"airegister-import-{size}-"))
    try:
        source = write_national_export(work / "export.json", size)
        registry = write_national_register(work)
        common = [str(BIN / "airegister"), "import", str(source), "--from", "nl-1.0", "--by-organisation",
                  "--registry", str(registry), "--accountable-role", "Algoritme-eigenaar",
                  "--contact", "algoritmes@overheid.example"]
        first, result = timed(common, work)
        cpu = CPU[" ".join(common[1:3])]
        assert f"{size} new, 0 updated, 0 unchanged, 0 refused" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
        again, result = timed([*common, "--update"], work)
        assert f"0 new, 0 updated, {size} unchanged, 0 refused" in result.stdout, result.stdout[-2000:]
        files = sorted(str(p) for p in registry.rglob("*.yaml") if p.name != "register.yaml")
        names, result = timed([str(BIN / "airegister"), "validate", *files], work)
        assert f"({size} records)" in result.stdout, result.stdout[-2000:]
        folder, result = timed([str(BIN / "airegister"), "validate", str(registry)], work)
        organisations = (registry / "register.yaml").read_text(encoding="utf-8").count("organisation: ")
        return {"size": size, "import": first, "update": again, "names": names, "folder": folder,
                "organisations": organisations, "cpu": cpu}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,1530,10000", help="comma-separated numbers of records")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); whole-process wall time, load average "
          f"{os.getloadavg()[0]:.1f} at the start (CPU: user + system seconds of the import, workers included)")
    print(f"{'records':>8} {'organisations':>13} {'import+check':>13} {'CPU':>8} {'per record':>11} {'--update':>9} "
          f"{'validate FILES':>15} {'validate DIR':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench(size)
        print(f"{size:>8} {row['organisations']:>13} {row['import']:>11.1f} s {row['cpu']:>6.1f} s "
              f"{row['import'] / size * 1000:>8.1f} ms "
              f"{row['update']:>7.1f} s {row['names']:>13.1f} s {row['folder']:>11.1f} s", flush=True)


if __name__ == "__main__":
    main()
