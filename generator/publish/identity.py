"""Permanent identifiers and absolute addresses for the open data (see ``docs/permanent-identifiers.md``).

- **A record's permanent id** is the id it had when it was first added to the register, read from the git
  history, which follows a renamed file (``History.permanent_id``); a copy without history uses the current id.
- **Identifiers** (the Atom feed's and entries' ids, the ``@id`` of a system in JSON-LD) are name-based UUIDs
  (RFC 9562, version 5) of the register's authority and the permanent id: ``urn:uuid:…``. They depend neither
  on the record's file name nor on the site's address, so a rename or a move to another web address keeps them.
- **The authority** is the host of the organisation's website in ``register.yaml`` (``www.lakeholm.example``),
  else the domain of the register's contact e-mail address. Changing it changes every identifier.
- **Addresses** (links, download URLs, the catalogue's IRIs) are absolute: under the site's public address
  (``SITE_URL``, or the local address ``mkdocs serve`` gives), else under ``PLACEHOLDER_BASE``, an address in
  the ``.invalid`` domain that no one can mistake for a real one and no resolver will ever answer.
"""
from __future__ import annotations

import urllib.parse
import uuid

from generator.model.objects import Register

PLACEHOLDER_BASE = "https://site-url-not-set.invalid/"


def authority(register: Register) -> str:
    """The register's naming authority: its website's host, else its contact mailbox's domain."""
    website = register.data.get("organisation", {}).get("website") or ""
    host = urllib.parse.urlparse(website).hostname if website else None
    if host:
        return host.lower()
    return register.data["contact"]["email"].rsplit("@", 1)[-1].lower()


def _urn(register: Register, *parts: str) -> str:
    name = "/".join(["airegister", authority(register), *parts])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'https://' + name)}"


def register_id(register: Register) -> str:
    """The register's own permanent identifier (the feed's id)."""
    return _urn(register, "register")


def system_id(register: Register, permanent_id: str) -> str:
    """The permanent identifier of a system, from its permanent id (the ``@id`` in JSON-LD)."""
    return _urn(register, "system", permanent_id)


def change_id(register: Register, permanent_id: str, commit: str) -> str:
    """The permanent identifier of one change to a system (an Atom entry's id)."""
    return _urn(register, "system", permanent_id, "change", commit)
