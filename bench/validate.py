"""Benchmark: validation speed of `airegister validate` against check-jsonschema on the same files.

Generates N valid synthetic records (every field filled, from the schema's own
examples), then times both tools as separate processes on the same machine in
the same run, and prints milliseconds per record. Run it with `make bench`.

    python bench/validate.py [--sizes 1000,10000] [--repeat 1]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import write_register  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, result


def bench(size: int, repeat: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"airegister-bench-{size}-"))
    try:
        registry = write_register(work, size)
        files = sorted(str(p) for p in registry.rglob("system-*.yaml"))
        ours, theirs = [], []
        for _ in range(repeat):
            seconds, result = timed([str(BIN / "airegister"), "validate", str(registry), "--format", "json"], work)
            report = json.loads(result.stdout)
            assert report["valid"] and report["summary"]["records"] == size, result.stdout[-2000:]
            ours.append(seconds)
            seconds, result = timed([str(BIN / "check-jsonschema"), "--schemafile",
                                                 str(REPO / "schema" / "ai-system.schema.json"), *files], work)
            assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
            theirs.append(seconds)
        return {"size": size, "ours": min(ours), "theirs": min(theirs), "bytes": sum(os.path.getsize(f) for f in files)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of records (default: 1000,10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool and size; the fastest is reported")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); whole-process wall time, best of {args.repeat}")
    print(f"{'records':>8} {'avg KB':>7} {'airegister':>12} {'check-jsonschema':>17} {'speed-up':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench(size, args.repeat)
        ours_ms = row["ours"] / size * 1000
        theirs_ms = row["theirs"] / size * 1000
        print(f"{size:>8} {row['bytes'] / size / 1024:>7.1f} {ours_ms:>9.2f} ms {theirs_ms:>14.2f} ms {theirs_ms / ours_ms:>8.1f}x",
              flush=True)
    print("airegister also runs the register-wide checks (ids, owners, links, languages) and records line numbers;"
          " check-jsonschema checks the schema only.")


if __name__ == "__main__":
    main()
