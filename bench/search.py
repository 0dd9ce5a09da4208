"""Benchmark: the site's search at national scale (issue 11).

For each size it writes a synthetic register (bench/synthetic.py: every field
filled, names and summaries from a small word list, so common words match
thousands of records: a hard case for a search index), builds the site with
`mkdocs build` and the `airegister` plugin (which runs Pagefind), and prints:

- the full build's time and peak memory (the largest process: MkDocs or Pagefind),
  and the time of the search indexing alone;
- the index's size on disk;
- in headless Chromium, for each of the citizen queries below, typed into the
  header's search box of a system page in a fresh browser (nothing cached): the
  bytes fetched from focusing the field to the first results shown, and the time
  from typing to the results (median and worst);
- the browse page ("All systems"): the bytes fetched before its first system is
  shown (the page, stylesheets and scripts; no index is fetched until the reader
  uses the filters).

    python bench/search.py [--sizes 1000,5000,10000] [--queries 24] [--work DIR] [--build-only]

--work keeps the synthetic registers and sites in DIR (a size already built there is measured again without
building it anew); --build-only builds and reports the build figures, without the browser.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench.synthetic import write_register  # noqa: E402

BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CONFIG = """\
site_name: Benchmark register
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - airegister
markdown_extensions: [admonition, attr_list, tables, toc]
nav:
  - Home: index.md
  - All systems: systems/index.md
  - Departments: departments/index.md
  - City domains: domains/index.md
  - About this register: about.md
  - Field reference: reference/fields.md
"""
# What citizens type: single words, two or three common words, a department's name, misspellings.
QUERIES = ["parking", "water", "traffic", "library", "bicycle", "housing", "invoice", "noise", "chatbot", "grant",
           "parking permit", "water pipe", "school bus", "street noise", "flood bridge heat", "waste energy tax",
           "Mobility department", "Social department", "parkign", "bicylce", "libary", "invoise",
           "number plates", "personal data"]


def _tree_memory(root: int) -> dict[int, tuple[str, int]]:
    """The resident memory (bytes) of a process and all its descendants, with a name for each: the build's own
    process ("mkdocs"), its worker processes ("worker") and the search indexer ("pagefind")."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found: dict[int, tuple[str, int]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        name = fields.get("Name", "").strip()
        role = "pagefind" if "pagefind" in name else "mkdocs" if pid == root else "worker"
        found[pid] = (role, int(fields.get("VmRSS", "0 kB").split()[0]) * 1024)
    return found


class MemoryWatch(threading.Thread):
    """Samples the memory of a build's processes every 0.2 s: the largest single process and the sum of all."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.stop = pid, threading.Event()
        self.largest = (0, "")  # (bytes, role)
        self.total = 0
        self.roles: dict[str, int] = {}  # the largest process of each role

    def run(self) -> None:
        while not self.stop.wait(0.2):
            processes = _tree_memory(self.pid)
            for role, rss in processes.values():
                self.largest = max(self.largest, (rss, role))
                self.roles[role] = max(self.roles.get(role, 0), rss)
            self.total = max(self.total, sum(rss for _, rss in processes.values()))


def build(size: int, work: Path) -> dict:
    project = work / f"r{size}"
    if not (project / "registry" / "register.yaml").is_file():
        write_register(project, size)
    (project / "docs").mkdir(exist_ok=True)
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen([str(BIN / "mkdocs"), "build", "-d", str(project / "site")], cwd=project,
                                   stdout=subprocess.DEVNULL, stderr=stderr, text=True, env=env)
        watch = MemoryWatch(process.pid)
        watch.start()
        process.wait()
        watch.stop.set()
        watch.join()
        stderr.seek(0)
        log = stderr.read()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{log[-3000:]}")
    indexing = re.search(r"search index for '\w+': (\d+) pages in ([\d.]+) s", log)
    bundle = project / "site" / "pagefind"
    index_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name)
    return {"site": project / "site", "seconds": seconds, "user": after.ru_utime - before.ru_utime,
            "sys": after.ru_stime - before.ru_stime, "peak_mb": watch.largest[0] / 2**20, "peak_of": watch.largest[1],
            "total_mb": watch.total / 2**20,
            "roles": ", ".join(f"{role} {rss / 2**20:.0f} MB" for role, rss in sorted(watch.roles.items())), "index_seconds": float(indexing.group(2)) if indexing else None,
            "pages": int(indexing.group(1)) if indexing else None, "index_mb": index_bytes / 1e6,
            "load": os.getloadavg()[0]}


def _bytes(responses: list) -> int:
    total = 0
    for response in responses:
        try:
            total += len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            pass
    return total


def measure(site: Path, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright
    from sites import serve

    per_query = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        system = next(p for p in sorted((site / "systems").iterdir()) if p.is_dir() and p.name.startswith("system-"))
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{url}systems/{system.name}/")
            page.wait_for_load_state("networkidle")
            responses: list = []
            page.on("response", lambda response: responses.append(response))
            field = page.locator("input.air-search__input")
            field.focus()
            started = time.perf_counter()
            field.fill(query)
            page.wait_for_function("() => { const p = document.querySelector('.air-search__panel'); return p && !p.hidden; }",
                                   timeout=60000)
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")  # the "did you mean" words, when asked for
            page.wait_for_timeout(500)
            found = page.locator(".air-search__status").inner_text()
            per_query.append({"query": query, "bytes": _bytes(responses), "seconds": seconds, "found": found})
            context.close()
        context = browser.new_context(viewport={"width": 375, "height": 800})
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{url}systems/")
        page.locator("li.air-card").first.wait_for()
        page.wait_for_load_state("load")
        browse = _bytes(responses)
        html_bytes = (site / "systems" / "index.html").stat().st_size
        context.close()
        browser.close()
    return {"queries": per_query, "browse_bytes": browse, "browse_html": html_bytes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args(argv)
    queries = QUERIES[:args.queries]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        work = args.work or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            if (work / f"r{size}" / "site" / "pagefind").is_dir():
                built = {"site": work / f"r{size}" / "site"}
                print(f"\n{size:,} records: the site built earlier in {work}", flush=True)
            else:
                built = build(size, work)
                print(f"\n{size:,} records: build {built['seconds']:.1f} s wall, CPU {built['user']:.0f} s user + "
                      f"{built['sys']:.0f} s system (search indexing {built['index_seconds']} s wall, {built['pages']} "
                      f"pages); peak memory {built['peak_mb']:.0f} MB (largest process: {built['peak_of']}), "
                      f"{built['total_mb']:.0f} MB (all processes together; largest of each: {built['roles']}); index {built['index_mb']:.1f} MB on disk; "
                      f"load average {built['load']:.1f} at the end", flush=True)
            if args.build_only:
                continue
            result = measure(built["site"], queries)
            sizes = [q["bytes"] for q in result["queries"]]
            times = [q["seconds"] for q in result["queries"]]
            for q in result["queries"]:
                print(f"  {q['query']!r:24} {q['bytes'] / 1024:7.1f} KB  {q['seconds'] * 1000:6.0f} ms  {q['found']}")
            print(f"  cold first query: median {statistics.median(sizes) / 1024:.0f} KB, worst {max(sizes) / 1024:.0f} KB; "
                  f"time to results: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms")
            print(f"  browse page before the first system is shown: {result['browse_bytes'] / 1024:.0f} KB "
                  f"(its HTML {result['browse_html'] / 1024:.0f} KB)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
