"""The page of shared systems: one product that several organisations of the register run.

Deployments are grouped by an explicit shared identifier, the address of the
system's source code (``technique.source_code_url``: the same open-source code,
such as Signalen's repository), else by supplier and product name (the first
supplier's name with the system's name, compared without case, punctuation or
accents). Only groups with more than one organisation are shown.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from generator.core import layout
from generator.model.links import pick_link
from generator.model.objects import Registry, Text
from generator.site.contexts import Card, SiteView


@dataclass
class SharedGroup:
    """One product and the organisations' records of it."""

    name: Text = field(metadata={"help": "The product's name (the first record's name)."})
    supplier: str = field(metadata={"help": "The supplier's name, or '' when grouped by source code."})
    code: str = field(metadata={"help": "The address of the source code, when grouped by it."})
    cards: list[Card] = field(default_factory=list, metadata={"help": "One card per deployment, by organisation."})

    @property
    def organisations(self) -> list[str]:
        return list(dict.fromkeys(c.organisation_id for c in self.cards))


def _norm(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def _code(address: str) -> str:
    return re.sub(r"(\.git)?/*$", "", address.strip().lower().replace("http://", "https://"))


def groups(registry: Registry, cards: list[Card]) -> list[SharedGroup]:
    """The products that more than one organisation runs, most organisations first."""
    by_id = {system.id: system for system in registry}
    groups: dict[tuple[str, str], SharedGroup] = {}
    for card in cards:
        system = by_id[card.id]
        code = pick_link((system.data.get("technique") or {}).get("source_code_url"), system.main_language)[0] or ""
        suppliers = system.data.get("suppliers") or []
        name = system.text(system.data["name"]) or ""
        if code:
            key = ("code", _code(code))
            supplier = ""
        elif suppliers and name:
            key = ("product", f"{_norm(suppliers[0]['name'])}|{_norm(name)}")
            supplier = suppliers[0]["name"]
        else:
            continue
        group = groups.setdefault(key, SharedGroup(system.data["name"], supplier, code))
        group.cards.append(card)
    shown = [g for g in groups.values() if len(g.organisations) > 1]
    for group in shown:
        group.cards.sort(key=lambda c: (registry.register.text(c.organisation_name) or "").casefold())
    shown.sort(key=lambda g: (-len(g.organisations), _norm(registry.register.text(g.name) or "")))
    return shown


def plan(add: Callable[..., None], registry: Registry, site: SiteView) -> None:
    """Plan the page of shared systems (with ``add``, as the other pages are planned), in registers of several
    organisations only."""
    if registry.register.several_organisations:
        add(layout.SHARED, "shared.md.j2", True, context=lambda: {"groups": groups(registry, site.cards)}, shows=None)
