"""What a renamed record leaves behind: its old addresses lead to the new ones.

The git history knows every id a record had (``History.moved``). For each old id the build writes

- a small HTML page where the old system page was (``systems/<old>/index.html``, or ``systems/<old>.html``
  without directory URLs), in each language's folder, that sends the browser to the new page (a ``meta``
  refresh, no script) and shows a link to it (template ``crosswalk/templates/redirect.html.j2``, with the
  Content-Security-Policy every generated page has);
- ``data/systems/<old>.json``: where the record's JSON is now (``moved_to``, ``record_url``, ``page_url``);
- ``data/redirects.json``: every old id with its new id and both pairs of addresses, for programs and for
  hosts that can be configured with real HTTP redirects.

An old id that a record has again now is not redirected: that record's page is at the address.
"""
from __future__ import annotations

import json
import posixpath
from typing import Any

from generator.core.layout import Layout, system_page
from generator.crosswalk.pages import render_page
from generator.load.history import History
from generator.model.objects import Registry
from generator.publish.options import OpenDataOptions


def _moves(registry: Registry, history: History | None) -> dict[str, str]:
    return history.moved({system.id for system in registry}) if history is not None else {}


def _page_file(layout: Layout, record_id: str) -> str:
    """The file an old page address is served from: ``systems/x/index.html`` or ``systems/x.html``."""
    url = layout.url(system_page(record_id))
    return url + "index.html" if url.endswith("/") else url


def redirect_pages(registry: Registry, history: History | None, layout: Layout, language: str) -> dict[str, bytes]:
    """The HTML pages at the old page addresses of renamed records, in one language's folder."""
    pages: dict[str, bytes] = {}
    for old, new in _moves(registry, history).items():
        system = registry.get(new)
        assert system is not None
        here = _page_file(layout, old)
        target = posixpath.relpath(layout.url(system_page(new)) or ".", posixpath.dirname(here) or ".")
        if layout.url(system_page(new)).endswith("/"):
            target = target.rstrip("/") + "/"
        name = system.text(system.data["name"]) or new
        pages[here] = render_page("redirect.html.j2", language, target=target, name=name, old=old, new=new).encode("utf-8")
    return pages


def redirect_data(registry: Registry, history: History | None, options: OpenDataOptions) -> dict[str, bytes]:
    """``data/systems/<old>.json`` for every old id of a renamed record, and ``data/redirects.json``."""
    files: dict[str, bytes] = {}
    listed: list[dict[str, Any]] = []
    for old, new in _moves(registry, history).items():
        addresses = {"page_url": options.iri(system_page(new)), "record_url": options.iri(f"data/systems/{new}.json")}
        files[f"data/systems/{old}.json"] = _json({"id": old, "moved_to": new, **addresses})
        listed.append({"from": old, "to": new,
                       "old_page_url": options.iri(system_page(old)), "old_record_url": options.iri(f"data/systems/{old}.json"),
                       **addresses})
    if history is not None:
        files["data/redirects.json"] = _json({"redirects": listed})
    return files


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
