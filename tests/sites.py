"""Helpers for tests that build real sites: a project folder, a real `mkdocs build`, a local web server.

The benchmarks use some of them too (``bench/preview.py``); the tests never import the benchmarks."""
from __future__ import annotations

import contextlib
import functools
import gzip
import json
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Iterator

from bs4 import BeautifulSoup

MKDOCS = Path(sys.executable).parent / "mkdocs"

PROJECT_CONFIG = """\
site_name: Test register
site_url: https://register.example/
edit_uri: https://github.com/example/register/edit/main/docs/
docs_dir: docs
strict: true
theme:
  name: material
  font: false
  features: [content.action.edit]
plugins:
  - airegister
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: false
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


# The same site in English, whatever the register's default language (for assertions written in English).
ENGLISH_CONFIG = PROJECT_CONFIG.replace("  - airegister\n", "  - airegister:\n      language: en\n")


def make_project(target: Path, registry: Path, config: str = PROJECT_CONFIG) -> Path:
    """A site project: mkdocs.yml, an empty docs/ folder and a copy of ``registry``."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / "docs").mkdir(exist_ok=True)
    shutil.copytree(registry, target / "registry", dirs_exist_ok=True)
    return target


def mkdocs_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site), *extra], cwd=project,
                          capture_output=True, text=True, env=env, timeout=900)


def search_records(tree: Path) -> dict[str, dict]:
    """Every page in a language tree's search index (Pagefind's fragments: gzip, a signature, then JSON), by URL."""
    records = {}
    for fragment in (tree / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data[len(b"pagefind_dcd"):])
        records[record["url"]] = record
    return records


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path) -> BeautifulSoup:
    """The page content (the article element), without the theme's header, navigation and footer."""
    return html(path).find("article")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started next)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 20) -> str:
    """The page at ``url`` as text; an empty string while the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            # LinkChecker only goes faster than 10 requests a second on servers that allow it with this header.
            self.send_header("LinkChecker", "allowed")
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
