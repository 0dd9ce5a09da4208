"""Benchmark: the site's search at national scale (issue 11).

For each size and kind of texts it writes a synthetic register
(bench/synthetic.py: every field filled, names and summaries from a small word
list, so common words match thousands of records; texts either shared by every
record, the schema's examples, or varied, sentences from the example register),
builds the site with `mkdocs build` and the `airegister` plugin (which runs
Pagefind), and prints:

- the full build's time and peak memory (the largest process: MkDocs or Pagefind),
  and the time of the search indexing alone;
- the index's size on disk;
- in headless Chromium, for each of the citizen queries below, typed into the
  header's search box of a system page in a fresh browser (nothing cached): the
  bytes sent from focusing the field to the first results shown, on the wire
  and as files, by part (code, page list, index, filters, result texts, words),
  and the time from typing to the results (median and worst);
- the browse page ("All systems"): the bytes sent before its first system is
  shown (the page, stylesheets and scripts; no index is fetched until the reader
  uses the filters).

The site is served by bench/serving.py, which compresses text with gzip as
GitHub Pages, Netlify and nginx do (Pagefind's own files are compressed already)
and counts every byte it sends.

    python bench/search.py [--sizes 1000,5000,10000] [--texts shared,varied] [--queries 24] [--work DIR]
                           [--build-only] [--uncompressed] [--typed MS] [--query WORDS ...]

--work keeps the synthetic registers and sites in DIR (a size already built there is measured again without
building it anew; a register written there without its site is built as it is, not written again);
--build-only builds and reports the build figures, without the browser: the build's wall time, its CPU time
(all its processes: MkDocs, the render workers, Pagefind), the search indexing's own time, and the peak
memory of the largest process (and which one it was), of all processes together and of each kind.
--typed MS types each query a letter at a time, MS milliseconds apart, as a reader does (more than the box's
150 ms wait searches every beginning of the word, which fetches more of the index), and counts the bytes until
the last search's results and "did you mean" are shown; --query measures the given queries instead of the list.
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

from bench.build import COMMON  # noqa: E402
from bench.synthetic import write_register  # noqa: E402

BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CONFIG = COMMON + "plugins:\n  - airegister\n"  # the same site as the build benchmark's
TEXT_KINDS = {"shared": "shared texts (every record repeats the schema's examples: the hard case)",
              "varied": "varied texts (sentences from the example register's records)"}
GOAL = 300 * 1024  # issue 11: every query at 5,000 records transfers at most 300 KB
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


def project_name(size: int, texts: str) -> str:
    return f"r{size}" if texts == "shared" else f"r{size}-{texts}"


def build(size: int, work: Path, texts: str = "shared") -> dict:
    project = work / project_name(size, texts)
    if not (project / "registry" / "register.yaml").is_file():  # a register written earlier is built again as it is
        write_register(project, size, texts=texts)
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
            "roles": ", ".join(f"{role} {rss / 2**20:.0f} MB" for role, rss in sorted(watch.roles.items())),
            "index_seconds": float(indexing.group(2)) if indexing else None,
            "pages": int(indexing.group(1)) if indexing else None, "index_mb": index_bytes / 1e6,
            "load": os.getloadavg()[0]}


def _part(path: str) -> str:
    """What a fetched file is, for the breakdown: Pagefind's code, its page list, index, filters, result texts..."""
    name = path.rsplit("/", 1)[-1]
    for suffix, part in ((".js", "code"), (".pagefind", "code"), (".pf_meta", "page list"), (".pf_index", "index"),
                         (".pf_filter", "filters"), (".pf_fragment", "result texts")):
        if name.endswith(suffix):
            return part
    return "words" if "/search/words" in path else "other"


def _breakdown(sent: list) -> dict[str, int]:
    parts: dict[str, int] = {}
    for item in sent:
        parts[_part(item.path)] = parts.get(_part(item.path), 0) + item.wire
    return parts


def measure(site: Path, queries: list[str], compress: bool = True, typed: int = 0) -> dict:
    from playwright.sync_api import sync_playwright
    from bench.serving import serve

    per_query = []
    with serve(site, compress=compress) as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        system = next(p for p in sorted((site / "systems").iterdir()) if p.is_dir() and p.name.startswith("system-"))
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{url}systems/{system.name}/")
            page.wait_for_load_state("networkidle")
            server.clear()
            field = page.locator("input.air-search__input")
            field.focus()
            started = time.perf_counter()
            if typed:
                field.type(query, delay=typed)
            else:
                field.fill(query)
            page.wait_for_function("() => { const p = document.querySelector('.air-search__panel'); return p && !p.hidden; }",
                                   timeout=60000)
            seconds = time.perf_counter() - started
            page.wait_for_load_state("networkidle")  # the "did you mean" words, when asked for
            page.wait_for_timeout(1500 if typed else 500)
            found = page.locator(".air-search__status").inner_text()
            sent = list(server.sent)
            per_query.append({"query": query, "bytes": sum(s.wire for s in sent), "files": sum(s.size for s in sent),
                              "requests": len(sent), "parts": _breakdown(sent), "seconds": seconds, "found": found})
            context.close()
        context = browser.new_context(viewport={"width": 375, "height": 800})
        page = context.new_page()
        server.clear()
        page.goto(f"{url}systems/")
        page.locator("li.air-card").first.wait_for()
        page.wait_for_load_state("load")
        browse = server.wire_bytes()
        browse_files = server.file_bytes()
        html_bytes = (site / "systems" / "index.html").stat().st_size
        context.close()
        browser.close()
    return {"queries": per_query, "browse_bytes": browse, "browse_files": browse_files, "browse_html": html_bytes}


def report(result: dict) -> None:
    queries = result["queries"]
    sizes = [q["bytes"] for q in queries]
    times = [q["seconds"] for q in queries]
    names = ("code", "page list", "index", "filters", "result texts", "words", "other")
    print(f"  {'query':24} {'on the wire':>11} {'files':>9} {'time':>7}  " + " ".join(f"{n:>12}" for n in names)
          + "  found")
    for q in queries:
        parts = " ".join(f"{q['parts'].get(n, 0) / 1024:9.1f} KB" for n in names)
        print(f"  {q['query']!r:24} {q['bytes'] / 1024:8.1f} KB {q['files'] / 1024:6.1f} KB {q['seconds'] * 1000:5.0f} ms  "
              f"{parts}  {q['found']}")
    within = sum(1 for n in sizes if n <= GOAL)
    print(f"  cold first query, on the wire: median {statistics.median(sizes) / 1024:.0f} KB, worst {max(sizes) / 1024:.0f} KB "
          f"({within} of {len(sizes)} queries within {GOAL // 1024} KB); as files: median "
          f"{statistics.median(q['files'] for q in queries) / 1024:.0f} KB, worst {max(q['files'] for q in queries) / 1024:.0f} KB")
    print(f"  time to results: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms")
    print(f"  browse page before the first system is shown: {result['browse_bytes'] / 1024:.0f} KB on the wire, "
          f"{result['browse_files'] / 1024:.0f} KB as files (its HTML {result['browse_html'] / 1024:.0f} KB)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--texts", default="shared,varied",
                        help="the synthetic records' texts: shared (all repeat the schema's examples: the hard case), "
                             "varied (sentences from the example register's records), or both")
    parser.add_argument("--uncompressed", action="store_true",
                        help="serve every file as it is on disk, as a host that compresses nothing would")
    parser.add_argument("--typed", type=int, default=0, metavar="MS",
                        help="type each query a letter at a time, MS milliseconds apart, as a reader does")
    parser.add_argument("--query", action="append", default=[], metavar="WORDS",
                        help="measure this query instead of the list (give it several times for several)")
    args = parser.parse_args(argv)
    queries = args.query or QUERIES[:args.queries]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        work = args.work or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        for size, texts in ((int(s), t) for s in args.sizes.split(",") for t in args.texts.split(",")):
            what = f"{size:,} records, {TEXT_KINDS[texts]}"
            site = work / project_name(size, texts) / "site"
            if (site / "pagefind").is_dir():
                built = {"site": site}
                print(f"\n{what}: the site built earlier in {work}", flush=True)
            else:
                built = build(size, work, texts)
                print(f"\n{what}: build {built['seconds']:.1f} s wall, CPU {built['user']:.0f} s user + "
                      f"{built['sys']:.0f} s system (search indexing {built['index_seconds']} s wall, {built['pages']} "
                      f"pages); peak memory {built['peak_mb']:.0f} MB (largest process: {built['peak_of']}), "
                      f"{built['total_mb']:.0f} MB (all processes together; largest of each: {built['roles']}); "
                      f"index {built['index_mb']:.1f} MB on disk; load average {built['load']:.1f} at the end", flush=True)
            if args.build_only:
                continue
            result = measure(built["site"], queries, compress=not args.uncompressed, typed=args.typed)
            report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
