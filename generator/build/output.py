"""Writing a build to a folder: the pages, their stylesheet and script, and the open data.

``airegister render`` writes everything with ``write_pages``; the MkDocs plugin
lets MkDocs write the pages and adds the open data with ``write_data``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from generator.site.render import RenderedPage, asset_files

MANIFEST = ".airegister-pages"


def write_data(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write files given by site path (such as the open data) under ``out``."""
    written = []
    for site_path, content in files.items():
        target = out / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


def write_pages(pages: list[RenderedPage], out: Path, data: dict[str, bytes] | None = None) -> list[Path]:
    """Write pages and assets under ``out``; remove pages this command wrote last time that are gone now.

    Only files listed in the folder's manifest (written by an earlier run) are ever removed,
    so a page of a deleted record disappears and nothing else in the folder is touched.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    written = []
    for rendered in pages:
        target = out / rendered.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered.markdown, encoding="utf-8")
        written.append(target)
    for source, site_path in asset_files():
        target = out / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    written += write_data(data or {}, out)
    current = {p.relative_to(out).as_posix() for p in written}
    for stale in sorted(previous - current):
        target = out / stale
        if target.is_file() and ".." not in Path(stale).parts:
            target.unlink()
    manifest.write_text("\n".join(sorted(current)) + "\n", encoding="utf-8")
    return written
