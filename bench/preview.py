"""Benchmark: the live preview. How long after saving a record does the browser's page show the change?

For each size it generates a synthetic register (every field of every record filled in), starts the preview as
`make serve` does (`mkdocs serve --livereload --dirty`), then, several times:

- saves one record with a new summary and measures the time until that record's page, served by the preview,
  shows it, and until the list of all systems shows it (the goal is at most 2 s at 1,000 records);
- saves the record with an error, and measures the time until its page shows the problem;
- saves it fixed again, and measures the time until its page shows the record again.

The times include MkDocs' wait for more changes after a save (a quarter of a second) and its watching of the
folders. Run it with `python bench/preview.py [--sizes 100,1000] [--repeat 3]`; figures in docs/performance.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.build import COMMON  # noqa: E402
from bench.synthetic import write_register  # noqa: E402
from sites import fetch, free_port  # noqa: E402  (the preview test's helpers: the same requests)

BIN = Path(sys.executable).parent


def wait_for(url: str, text: str, started: float, limit: float = 300.0) -> float:
    """Seconds from ``started`` until the page at ``url`` contains ``text``."""
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {limit:.0f} s")


def save(path: Path, text: str) -> float:
    path.write_text(text, encoding="utf-8")
    return time.perf_counter()


def bench(size: int, repeat: int) -> dict[str, list[float]]:
    work = Path(tempfile.mkdtemp(prefix=f"airegister-preview-{size}-"))
    port = free_port()
    server = None
    try:
        write_register(work, size)
        (work / "docs").mkdir()
        (work / "mkdocs.yml").write_text(COMMON + "strict: true\nplugins:\n  - search\n  - airegister\n", encoding="utf-8")
        record = sorted((work / "registry").rglob("*.yaml"))[-1]
        record_id = record.stem
        original = record.read_text(encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = (work / "serve.log").open("w")
        started = time.perf_counter()
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/"
        page, listing = f"{base}systems/{record_id}/", f"{base}systems/"
        first = wait_for(page, record_id, started, limit=900)
        times: dict[str, list[float]] = {"first build": [first], "record page": [], "list of systems": [],
                                         "error shown": [], "record shown again": []}
        for number in range(repeat):
            marker = f"Changed summary number {number} for the preview benchmark"
            text = _with_summary(original, marker)
            saved = save(record, text)
            times["record page"].append(wait_for(page, marker, saved))
            times["list of systems"].append(wait_for(listing, marker, saved))
            saved = save(record, _with_field(text, "status", "live"))  # not one of the statuses: an error
            times["error shown"].append(wait_for(page, "The register has errors", saved))
            saved = save(record, text)
            times["record shown again"].append(wait_for(page, marker, saved))
            time.sleep(0.5)
        return times
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _with_summary(text: str, summary: str) -> str:
    return _with_field(text, "summary", summary)


def _with_field(text: str, name: str, value: str) -> str:
    """The record with a top-level text field replaced (with its continuation lines)."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{name}:"):
            rest = index + 1
            while rest < len(lines) and lines[rest].startswith((" ", "\t")):
                rest += 1
            lines[index:rest] = [f"{name}: {value}\n"]
            break
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of records")
    parser.add_argument("--repeat", type=int, default=3, help="edits per size; the median and the slowest are reported")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); seconds from saving the file until the "
          f"served page shows it (median / slowest of {args.repeat})")
    for size in (int(s) for s in args.sizes.split(",")):
        times = bench(size, args.repeat)
        print(f"{size:>6} records: first build {times['first build'][0]:.1f} s", flush=True)
        for name, values in times.items():
            if name != "first build":
                print(f"    {name:<20} {statistics.median(values):6.2f} s  (slowest {max(values):.2f} s)", flush=True)


if __name__ == "__main__":
    main()
