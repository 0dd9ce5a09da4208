"""Links with one address per language, in standards whose fields hold one address.

Each export starts with ``one_address``: the records as the standard sees them, each link reduced to one address
(in the export's language: Dutch for the Dutch register where a link has a Dutch address, else the record's main
language), and a gap for every field of the standard that gets one address out of several, naming the others (they
stay in ``registry.json``), so nothing is lost without a word.
"""
from __future__ import annotations

from typing import Callable

from generator.core.i18n import L_
from generator.core.fields import field_index
from generator.crosswalk import Export, ExportContext, Gap
from generator.crosswalk.mapping import Mapping, values_at
from generator.model.links import pick_link, with_single_links
from generator.model.objects import Registry, System


def one_address(registry: Registry, mapping: Mapping, context: ExportContext, preferred: str | None = None,
                include: Callable[[System], bool] | None = None) -> tuple[Export, Registry]:
    """A new export holding the gaps of links given in several languages (for the records ``include`` keeps), and
    the register with one address per link."""
    schemas = context.schemas_for(registry)
    links = [info.dotted for info in field_index(schemas).values() if info.per_language]
    default = registry.register.default_language
    gaps = []
    for target in mapping.fields:
        paths = [path for path in links if any(path == s or path.startswith(s + ".") for s in target.sources)]
        for system in registry if paths else ():
            if include is not None and not include(system):
                continue
            for path in paths:
                for value in values_at(system.data, path):
                    if not isinstance(value, dict) or len(value) < 2:
                        continue
                    url, lang = pick_link(value, preferred or system.main_language, system.main_language, default)
                    others = ", ".join(f"{code}: {address}" for code, address in value.items() if code != lang)
                    gaps.append(Gap(system.id, target.target,
                                    L_("{path} has one address per language, and this field holds one: the export "
                                       "gives the '{language}' address ({url}); the others ({others}) are in "
                                       "registry.json", path=path, language=lang, url=url, others=others)))
    return Export(gaps=gaps), with_single_links(registry, preferred, schemas)
