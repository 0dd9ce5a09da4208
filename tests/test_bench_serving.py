"""The search benchmark's web server (bench/serving.py) sends what a compressing host sends and counts it: text
compressed with gzip when the browser accepts it, Pagefind's own files (already gzip-compressed) as they are."""
from __future__ import annotations

import gzip
import urllib.request

from bench.serving import serve


def _get(url: str, gzip_ok: bool = True) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:  # urllib does not decompress: the body as sent
        return response.read(), response.headers.get("Content-Encoding") or ""


def test_text_is_compressed_pagefinds_files_are_not_and_the_bytes_sent_are_counted(tmp_path):
    script = ("function f() { return 'the same words again'; }\n" * 200).encode()
    index = gzip.compress(b"pagefind_dcd" + bytes(range(256)) * 20)
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_bytes(script)
    (tmp_path / "pagefind" / "en_1.pf_index").write_bytes(index)
    (tmp_path / "index.html").write_text("<p>" + "Hello. " * 300 + "</p>", encoding="utf-8")
    with serve(tmp_path) as server:
        body, encoding = _get(server.url + "pagefind/pagefind.js")
        assert encoding == "gzip" and gzip.decompress(body) == script and len(body) < len(script) / 10
        body, encoding = _get(server.url + "pagefind/en_1.pf_index")
        assert encoding == "" and body == index, "already compressed: sent as it is"
        page, encoding = _get(server.url)
        assert encoding == "gzip"
        assert [(s.path, s.wire, s.size, s.encoding) for s in server.sent] == [
            ("/pagefind/pagefind.js", len(gzip.compress(script, 6, mtime=0)), len(script), "gzip"),
            ("/pagefind/en_1.pf_index", len(index), len(index), ""),
            ("/", len(page), (tmp_path / "index.html").stat().st_size, "gzip")]
        server.clear()
        body, encoding = _get(server.url + "pagefind/pagefind.js", gzip_ok=False)
        assert encoding == "" and body == script, "a browser that does not accept gzip gets the file"
        assert server.wire_bytes() == server.file_bytes() == len(script)
    with serve(tmp_path, compress=False) as server:
        body, encoding = _get(server.url + "pagefind/pagefind.js")
        assert encoding == "" and body == script
