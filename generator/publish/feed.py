"""The Atom feed of changes (``data/feed.xml``), RFC 4287.

Each entry's id is permanent: it is made from the record's permanent id and the commit (``identity.py``), so
renaming a record or moving the site keeps every id. An entry holds the change note as its summary, and as its
content the note and one sentence per changed field with the old and the new value
(``model.changes``), in the register's default language. Every entry links to a page: the system's page, or
for a removed system the page of recent changes.
"""
from __future__ import annotations

from xml.etree import ElementTree as ET

from generator.core.i18n import translator
from generator.core.layout import CHANGES, system_page
from generator.core.schema import Schemas
from generator.model.changes import change_sentences, change_title
from generator.model.objects import Registry
from generator.publish import identity
from generator.publish.options import OpenDataOptions

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 500


def atom_feed(registry: Registry, schemas: Schemas, options: OpenDataOptions) -> bytes:
    register = registry.register
    t = translator(options.language or register.default_language)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    changes = options.history.changes[:FEED_LIMIT] if options.history else []
    updated = (changes[0].date if changes else options.generated_at).isoformat(timespec="seconds")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    title = register.text(register.title) or "AI register"
    sub(feed, "id", identity.register_id(register))
    sub(feed, "title", t.gettext("%(title)s: changes") % {"title": title})
    sub(feed, "updated", updated)
    author = sub(feed, "author")
    sub(author, "name", register.text(register.data["organisation"]["name"]) or title)
    sub(feed, "link", rel="self", href=options.iri("data/feed.xml"))
    sub(feed, "link", rel="alternate", href=options.iri(CHANGES))
    for change in changes:
        system = registry.get(change.record_id)
        name = (system.text(change.name) if system else (change.name if isinstance(change.name, str) else None)) \
            or (next(iter(change.name.values())) if isinstance(change.name, dict) else change.record_id)
        entry = sub(feed, "entry")
        sub(entry, "id", identity.change_id(register, change.permanent_id or change.record_id, change.commit))
        sub(entry, "title", change_title(change, name, t))
        sub(entry, "updated", change.date.isoformat(timespec="seconds"))
        page = system_page(change.record_id) if system is not None else CHANGES
        sub(entry, "link", rel="alternate", href=options.iri(page))
        sub(entry, "summary", change.note)
        sub(entry, "content", "\n".join([change.note, *change_sentences(change, schemas, t)]), type="text")
        sub(entry, "category", term=change.kind)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
