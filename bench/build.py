"""Benchmark: a full site build with the register plugin, against a bare MkDocs build of the same pages.

For each size it generates a synthetic register (every field of every record
filled in), then times, as separate processes on the same machine in the same run:

- the full build: `mkdocs build` with the `airegister` plugin (load, validate, render, build);
- the bare build: `airegister render` writes the same Markdown pages to a folder, and plain
  MkDocs (same theme, same extensions, same navigation, no plugin) builds them.

The generator's overhead is (full - bare) / bare. Run it with `make bench`.

    python bench/build.py [--sizes 100,1000,5000] [--repeat 1]
"""
from __future__ import annotations

import argparse
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
NAV = """\
nav:
  - Home: index.md
  - All systems: systems/index.md
  - Departments: departments/index.md
  - City domains: domains/index.md
  - About this register: about.md
  - Field reference: reference/fields.md
"""
COMMON = """\
site_name: Benchmark register
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions: [admonition, attr_list, tables, toc]
""" + NAV


def run(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def bench(size: int, repeat: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"airegister-build-{size}-"))
    try:
        full = work / "full"
        write_register(full, size)
        (full / "docs").mkdir()
        # The bare build hides the same pages from the navigation as the plugin does (not_in_nav).
        # The plugin builds its own search index (Pagefind); the bare build has the theme's search instead.
        (full / "mkdocs.yml").write_text(COMMON + "plugins:\n  - airegister\n", encoding="utf-8")
        bare = work / "bare"
        bare.mkdir()
        run([str(BIN / "airegister"), "render", "--registry", str(full / "registry"), "--out", str(bare / "docs")], work)
        (bare / "mkdocs.yml").write_text(COMMON + "plugins:\n  - search\nnot_in_nav: |\n  /systems/*.md\n  !/systems/index.md\n"
                                         "  /departments/*.md\n  !/departments/index.md\n  /domains/*.md\n  !/domains/index.md\n",
                                         encoding="utf-8")
        full_times, bare_times = [], []
        for _ in range(repeat):
            full_times.append(run([str(BIN / "mkdocs"), "build", "--site-dir", str(work / "site-full")], full))
            bare_times.append(run([str(BIN / "mkdocs"), "build", "--site-dir", str(work / "site-bare")], bare))
        bundle = work / "site-full" / "pagefind"  # the whole index on disk (a reader fetches only small parts of it)
        index = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name)
        return {"size": size, "full": min(full_times), "bare": min(bare_times), "index": index}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated numbers of records")
    parser.add_argument("--repeat", type=int, default=1, help="runs per build and size; the fastest is reported")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); whole-process wall time, best of {args.repeat}")
    print(f"{'records':>8} {'full build':>11} {'bare MkDocs':>12} {'overhead':>9} {'ms/record':>10} {'search index':>13}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = bench(size, args.repeat)
        rows.append(row)
        overhead = (row["full"] - row["bare"]) / row["bare"] * 100
        print(f"{size:>8} {row['full']:>9.1f} s {row['bare']:>10.1f} s {overhead:>8.0f}% {row['full'] / size * 1000:>10.1f}"
              f" {row['index'] / 1e6:>10.1f} MB", flush=True)
    by_size = {r["size"]: r for r in rows}
    if 1000 in by_size and 5000 in by_size:
        ratio = (by_size[5000]["full"] / 5000) / (by_size[1000]["full"] / 1000)
        print(f"per-record time at 5,000 records is {ratio:.2f}x the per-record time at 1,000")


if __name__ == "__main__":
    main()
