"""A local web server for benchmarks that sends what a real host sends, and counts it.

GitHub Pages (through its CDN), Netlify and nginx with the usual ``gzip_types``
compress text on the fly when the browser asks for it (``Accept-Encoding:
gzip``): HTML, CSS, JavaScript, JSON, SVG, XML and plain text. They do not
compress other types, among them ``application/octet-stream``, the type of
Pagefind's index files (``.pf_meta``, ``.pf_index``, ``.pf_filter``,
``.pf_fragment``) and of its WebAssembly (``.pagefind``), which Pagefind writes
gzip-compressed already; compressing them again would gain nothing.

``serve(root, compress=True)`` does the same (gzip level 6, zlib's default),
and records every response: its path, the bytes of its body as sent over the
wire and the size of the file. A benchmark clears ``Server.sent`` before an
action and sums it after, so it counts exactly what the browser received.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

# The types a host compresses (GitHub Pages, Netlify, nginx's usual gzip_types): text, and nothing already compressed.
COMPRESSED_TYPES = frozenset({"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                              "application/ld+json", "application/manifest+json", "image/svg+xml", "application/xml",
                              "text/xml", "application/atom+xml", "text/plain", "text/csv"})
LEVEL = 6


@dataclass(frozen=True)
class Sent:
    path: str
    wire: int  # bytes of the body as sent (compressed when it was)
    size: int  # bytes of the file
    encoding: str  # "gzip" or ""


def content_type(path: str) -> str:
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


class Server:
    """A server on 127.0.0.1 (a free port) in a thread, serving ``root``; ``url`` is its base address."""

    def __init__(self, root: Path, compress: bool = True):
        self.root = Path(root)
        self.compress = compress
        self.sent: list[Sent] = []
        self._lock = threading.Lock()
        self._cache: dict[Path, bytes] = {}
        self._http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, self))
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/"

    def body(self, file: Path, encoding: str) -> bytes:
        """The file's bytes, compressed once and kept when ``encoding`` is gzip."""
        if encoding != "gzip":
            return file.read_bytes()
        with self._lock:
            if file not in self._cache:
                self._cache[file] = gzip.compress(file.read_bytes(), compresslevel=LEVEL, mtime=0)
            return self._cache[file]

    def record(self, sent: Sent) -> None:
        with self._lock:
            self.sent.append(sent)

    def clear(self) -> None:
        with self._lock:
            self.sent.clear()

    def wire_bytes(self) -> int:
        with self._lock:
            return sum(s.wire for s in self.sent)

    def file_bytes(self) -> int:
        with self._lock:
            return sum(s.size for s in self.sent)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, server: Server, *args, **kwargs):
        self.owner = server
        super().__init__(*args, directory=str(server.root), **kwargs)

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        relative = unquote(urlsplit(self.path).path).lstrip("/")
        target = Path(os.path.normpath(self.owner.root / relative))
        if self.owner.root.resolve() not in target.resolve().parents and target.resolve() != self.owner.root.resolve():
            return None
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return None  # the standard handler redirects to the address with a slash
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self):
        file = self._file()
        if file is None:
            return super().do_GET()  # redirects and "not found", as the standard server does
        kind = content_type(file.name)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        encoding = "gzip" if self.owner.compress and accepts and kind in COMPRESSED_TYPES else ""
        body = self.owner.body(file, encoding)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        # recorded before the body is sent, so that a client that has its answer always finds it counted
        self.owner.record(Sent(unquote(urlsplit(self.path).path), len(body), file.stat().st_size, encoding))
        self.wfile.write(body)


@contextlib.contextmanager
def serve(root: Path, compress: bool = True) -> Iterator[Server]:
    server = Server(root, compress)
    thread = threading.Thread(target=server._http.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server._http.shutdown()
        server._http.server_close()
