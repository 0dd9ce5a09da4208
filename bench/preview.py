"""Benchmark: the live preview. How long after saving a record does the browser's page show the change?

For each size it generates a synthetic register (every field of every record filled in), starts the preview as
`make serve` does (`mkdocs serve --livereload --dirty`), then, several times:

- saves one record with a new summary and measures the time until that record's page, served by the preview,
  shows it, and until the list of its department's systems shows it (the goal is at most 2 s at 1,000 records);
- saves the record with an error, and measures the time until its page shows the problem;
- saves it fixed again, and measures the time until its page shows the record again.

With `--languages fi,sv,en` the site has those languages, as the example register has (the first one at the site's
root, the others in their folders, built by mkdocs-static-i18n): the record's page is then waited for in every
language. Besides the time, it prints the processor time the server used for each save (user + system, read from
/proc on Linux), which does not depend on how busy the machine is with other work.

The times include MkDocs' wait for more changes after a save (a tenth of a second) and the watching of the folders.
Run it with `python bench/preview.py [--sizes 100,1000] [--repeat 3] [--languages fi,sv,en]`; figures in
docs/performance.md.
"""
from __future__ import annotations

import argparse
import os
import re
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


def cpu_seconds(pid: int) -> float | None:
    """The processor time (user + system) a process has used so far; None where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def i18n_plugin(languages: list[str]) -> str:
    """The mkdocs-static-i18n settings of the example register, for these languages (the first is the default)."""
    entries = "".join(f"        - locale: {code}\n" + ("          default: true\n" if index == 0 else "")
                      + f"          name: {code}\n" for index, code in enumerate(languages))
    return ("  - i18n:\n      docs_structure: suffix\n      fallback_to_default: true\n      reconfigure_material: true\n"
            "      reconfigure_search: false\n      languages:\n" + entries)


def settle(pid: int, quiet: float = 0.3, limit: float = 30.0) -> None:
    """Wait until the server has used no processor time for ``quiet`` seconds (the rebuild after a save is over)."""
    deadline = time.perf_counter() + limit
    before = cpu_seconds(pid)
    while before is not None and time.perf_counter() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now is not None and now - before < 0.02:
            return
        before = now


def bench(size: int, repeat: int, languages: list[str]) -> dict[str, list[float]]:
    work = Path(tempfile.mkdtemp(prefix=f"airegister-preview-{size}-"))
    port = free_port()
    server = None
    try:
        write_register(work, size)
        if languages:
            config = work / "registry" / "register.yaml"
            config.write_text(re.sub(r"(?m)^default_language: .*$", f"default_language: {languages[0]}",
                                     config.read_text(encoding="utf-8")), encoding="utf-8")
        (work / "docs").mkdir()
        plugins = "plugins:\n  - airegister\n" + (i18n_plugin(languages) if languages else "")
        (work / "mkdocs.yml").write_text(COMMON + "strict: true\n" + plugins, encoding="utf-8")
        record = sorted((work / "registry").rglob("*.yaml"))[-1]
        record_id = record.stem
        original = record.read_text(encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = (work / "serve.log").open("w")
        started = time.perf_counter()
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/"
        trees = [""] + [f"{code}/" for code in languages[1:]]
        pages = [f"{base}{tree}systems/{record_id}/" for tree in trees]
        page, listing = pages[0], f"{base}departments/{record.parent.name}/"  # the list of its department
        first = wait_for(pages[-1], record_id, started, limit=1800)
        settle(server.pid)
        times: dict[str, list[float]] = {"first build": [first], "record page": [], "its department's list": [],
                                         "error shown": [], "record shown again": []}
        if len(pages) > 1:
            times["record, every language"] = []
        times["processor time per save"] = []
        for number in range(repeat):
            marker = f"Changed summary number {number} for the preview benchmark"
            text = _with_summary(original, marker)
            used = cpu_seconds(server.pid)
            saved = save(record, text)
            times["record page"].append(wait_for(page, marker, saved))
            times["its department's list"].append(wait_for(listing, marker, saved))
            if len(pages) > 1:
                times["record, every language"].append(max(wait_for(other, marker, saved) for other in pages))
            settle(server.pid)
            if used is not None:
                times["processor time per save"].append(cpu_seconds(server.pid) - used)
            saved = save(record, _with_field(text, "status", "live"))  # not one of the statuses: an error
            times["error shown"].append(wait_for(page, "&#39;live&#39;", saved))  # the problem, in any language
            saved = save(record, text)
            times["record shown again"].append(wait_for(page, marker, saved))
            settle(server.pid)
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
    parser.add_argument("--languages", default="", help="the site's languages, the default first (e.g. fi,sv,en); "
                                                         "default: one language, without the i18n plugin")
    args = parser.parse_args()
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}; "
          f"{'languages ' + ', '.join(languages) if languages else 'one language'}; seconds from saving the file "
          f"until the served page shows it, and the server's processor time per save (median / slowest of "
          f"{args.repeat})")
    for size in (int(s) for s in args.sizes.split(",")):
        times = bench(size, args.repeat, languages)
        print(f"{size:>6} records: first build {times['first build'][0]:.1f} s "
              f"(load average now {os.getloadavg()[0]:.1f})", flush=True)
        for name, values in times.items():
            if name != "first build" and values:
                print(f"    {name:<26} {statistics.median(values):6.2f} s  (slowest {max(values):.2f} s)", flush=True)


if __name__ == "__main__":
    main()
