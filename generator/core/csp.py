"""A Content-Security-Policy for every page, as a ``<meta>`` tag (static hosts such as GitHub Pages cannot send headers).

The policy allows scripts, styles, images, fonts and connections from the
site itself only. The theme puts a few small scripts inline; each is allowed by
the SHA-256 hash of its exact text, computed per page (one of them differs by
page depth), so no ``unsafe-inline`` and no ``unsafe-eval`` is needed. A
standalone page (the NYC report) may also allow its own ``<style>`` block by
hash. Markdown tables align their columns with ``style`` attributes, which the
policy blocks; ``align_by_class`` turns them into classes of the site's stylesheet.
The search's WebAssembly module (from the site itself) needs ``wasm-unsafe-eval``, which allows
compiling WebAssembly and nothing else.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re

_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


_STYLE = re.compile(r"<style(?:\s[^>]*)?>(?P<body>.*?)</style\s*>", re.S | re.I)
_ALIGN = re.compile(r'(<t[hd])\s+style="text-align:\s*(left|right|center);?"')
_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script that a browser would run.

    A regular expression is enough here, and much faster than an HTML parser on
    every page: the pages come from the theme's templates and the register's
    templates, where record text is always escaped, so it cannot open or close a
    ``<script>`` element. Data blocks such as JSON-LD are not run, so they need no hash.
    """
    found = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group("attributes")
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _EXECUTABLE_TYPES):
            continue
        found.append(match.group("body"))
    return found


@functools.lru_cache(maxsize=256)
def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy_for(html: str, inline_styles: bool = False) -> str:
    """The policy text for one page; ``inline_styles`` also allows the page's own ``<style>`` blocks (by hash)."""
    hashes = sorted({_hash(script) for script in inline_scripts(html)})
    # 'wasm-unsafe-eval' lets the site's own search (Pagefind) compile its WebAssembly; it allows no JavaScript eval.
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    styles = sorted({_hash(match.group("body")) for match in _STYLE.finditer(html)}) if inline_styles else []
    style_src = " ".join(["'self'", *styles])
    return ("default-src 'self'; "
            f"script-src {script_src}; "
            f"style-src {style_src}; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


_HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.I)


def add_policy(html: str, inline_styles: bool = False) -> str:
    """``html`` with the policy as the first element of ``<head>`` (after the charset), so it covers everything after it."""
    match = _HEAD.search(html)
    if match is None:
        return html
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html, inline_styles)}">'
    return html[:match.end()] + meta + html[match.end():]


def align_by_class(html: str) -> str:
    """Table cells aligned by Markdown (``style="text-align: right;"``) aligned by a class instead (``air-align-right``)."""
    return _ALIGN.sub(r'\1 class="air-align-\2"', html) if "text-align" in html else html
