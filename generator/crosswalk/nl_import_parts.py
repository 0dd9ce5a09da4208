"""Import from the Dutch standard (``nl-1.0``), part two: the shared tables and helpers, and the reader's base.

``nl_import.py`` reads the file and the record-level fields (id, summary,
contact, organisation, themes, status and dates, publication category). This
module holds what it shares (the tables from the mapping file, the text helpers)
and the reader's base class: the 1:1 fields (``import_to`` in the mapping file),
the registrations, the three groupings, the suppliers, language, tags,
publication date and the fields of older versions of the standard.
"""
from __future__ import annotations

import json
import re
from typing import Any

from generator.core.fields import field_index
from generator.core.i18n import L_
from generator.core.meanings import meanings
from generator.core.schema import Schemas
from generator.crosswalk.htmltext import looks_like_html, to_markdown, to_text
from generator.crosswalk.importkit import (DUTCH_REGISTER, SOURCE_REGISTRATION, Draft, collapse, fits, get, is_date,
                                           is_url, is_uuid, reverse)
from generator.crosswalk.mapping import FieldMap
from generator.crosswalk.nl_rules import KEY, MAPPING, VERSIONS

TITLES = {f.target: f.label for f in MAPPING.fields}


def _by_rule(rule: str) -> FieldMap:
    return next(f for f in MAPPING.fields if f.transform == rule)


THEMES = tuple(_by_rule("themes").options["themes"])
STATUS = _by_rule("choice")
ASSESSMENTS = _by_rule("assessment_references")
TECHNIQUE = _by_rule("technical_workings")
PROVIDER = _by_rule("supplier_names")
DEVELOPMENT = PROVIDER.sources[1]  # who built the system
IN_HOUSE = PROVIDER.options["in_house_text"]  # what the guide asks for in "provider" when the system was built in-house
# Fields of older versions still found in real files (such as the register's own templates).
LEGACY = {"id", "uuid", "type", "iama_description"}

# Expected fields of our schema that an NL record can fill (for the wording of the to-do list).
FILLABLE = {"domains", "purpose", "proportionality", "data_summary", "datasets", "technique", DEVELOPMENT,
            "human_oversight", "impact_assessments", "legal_basis", "significant_impact", "lifecycle", "record"}


def first_meaning(schemas: Schemas, path: str, meaning: str) -> str:
    """The first value (in schema order) of the choice field ``path`` that carries ``meaning``."""
    values = meanings(schemas).values(path, meaning)
    return next(c for c in field_index(schemas)[path].choices if c in values)


# --- import ----------------------------------------------------------------------------------------

def _markdown(value: Any) -> str:
    """An NL text (HTML, or plain text) in the Markdown subset."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if looks_like_html(value):
        return to_markdown(value)
    paragraphs = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return to_markdown("".join(f"<p>{_escape(p)}</p>" for p in paragraphs))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_value(value: Any) -> str:
    """An NL value as one line of plain text."""
    if value is None:
        return ""
    text = str(value)
    return collapse(to_text(text) if looks_like_html(text) else text)


def nl_month(value: str) -> str | None:
    """An NL month (yyyy-mm) as our date (the first of the month); a full date is kept."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-01"
    if is_date(value[:10]):
        return value[:10]
    return None


class ReaderBase:
    """Turns one NL object into a record for our schema, with its to-do list: the fields read one by one."""

    def __init__(self, item: dict[str, Any], department: str, options: dict[str, str], taken: set[str],
                 schemas: Schemas) -> None:
        self.item = item
        self.options = options
        self.schemas = schemas
        self.meanings = meanings(schemas)
        self.draft = Draft(schemas)
        self.department = department
        self.taken = taken
        self.used_source_id = False

    def keep(self, key: str, raw: Any) -> None:
        """Keep a value of the source that has no place in the record (or could not be read into one) under
        ``source.not_imported``, as the source wrote it, so that nothing is lost without a trace."""
        if raw in (None, "", [], {}):
            return
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        if text.strip():
            self.draft.append("source.not_imported", {"key": key, "value": text.strip()[:20000]})

    def source(self) -> None:
        """Where the record comes from: the format, the stable id (the national one where there is one) and the day
        it was read; and a to-do item naming the values kept under source.not_imported."""
        stable = self.value("lars") or self.value("source_id") or self.value("id")
        self.draft.set("source.format", KEY)
        self.draft.set("source.id", stable[:100])
        self.draft.set("source.read_on", self.options.get("today"))
        kept = [item["key"] for item in get(self.draft.data, "source.not_imported") or []]
        if kept:
            self.draft.note(L_("Some values of the Dutch record could not be imported into a field; they are kept as "
                               "they were under source.not_imported ({keys}): move what is right into the record.",
                               keys=", ".join(dict.fromkeys(kept))))

    def value(self, key: str) -> str:
        raw = self.item.get(key)
        return raw.strip() if isinstance(raw, str) else ("" if raw is None else str(raw).strip())

    def text(self, path: str, key: str, limit: int = 5000) -> None:
        markdown = _markdown(self.item.get(key))
        markdown, cut = fits(markdown, limit)
        if cut:
            self.keep(key, self.item.get(key))
            self.draft.note(L_("The Dutch '{field}' ({key}) was longer than {limit} characters and was cut when it was "
                               "put in {path}: add the rest by hand.", field=TITLES[key], key=key, limit=limit, path=path))
        self.draft.set(path, markdown)

    def url(self, path: str, key: str) -> None:
        value = self.value(key)
        if value and is_url(value):
            self.draft.set(path, value)
        elif value:
            self.keep(key, value)
            self.draft.note(L_("The Dutch '{field}' ({key}) is not a web address starting with https:// ('{value}'), so "
                               "it was not imported into {path}.", field=TITLES[key], key=key, value=value[:80], path=path))

    def simple(self, key: str) -> None:
        """A field the mapping file fills 1:1 (``import_to``): a link into a link, any other text into Markdown."""
        target = MAPPING.field(key)
        path = target.options["import_to"]
        if target.transform == "value":
            self.url(path, key)
        else:
            self.text(path, key)

    def registrations(self) -> None:
        source: dict[str, str] = {"register": SOURCE_REGISTRATION}
        url = self.value("url")
        if url and is_url(url):
            source["url"] = url
        elif url:
            self.keep("url", url)
            self.draft.note(L_("The link to the source registration ('{value}') is not a web address starting with "
                               "https://, so it was not imported.", value=url[:80]))
        source_id = self.value("source_id") or self.value("id")  # ``id``: the organisation's id in older versions
        if source_id and not self.used_source_id:
            source["id"] = source_id[:100]
        if len(source) > 1:
            self.draft.append("registrations", source)
        lars = self.value("lars")
        if lars:
            self.draft.append("registrations", {"register": DUTCH_REGISTER, "id": lars[:100]})

    def laws(self) -> None:
        for entry in self.grouping("lawful_basis_grouping"):
            title, link = entry
            law = {"title": fits(title or link, 300)[0]}
            if link and is_url(link):
                law["url"] = link
            elif link:
                self.keep("lawful_basis_grouping.link", link)
                self.draft.note(L_("The link of the law '{law}' is not a web address starting with https://, so it "
                                   "was not imported.", law=title))
            self.draft.append("legal_basis.laws", law)

    def grouping(self, key: str) -> list[tuple[str, str]]:
        raw = self.item.get(key)
        if raw not in (None, "", []) and not isinstance(raw, list):
            self.keep(key, raw)
        out = []
        for entry in raw if isinstance(raw, list) else []:
            if not isinstance(entry, dict):
                self.keep(key, entry)
                continue
            title, link = plain_value(entry.get("title")), plain_value(entry.get("link"))
            if title or link:
                out.append((title, link))
        return out

    def assessments(self) -> None:
        for title, link in self.grouping("impacttoetsen_grouping"):
            preference = tuple(ASSESSMENTS.options["import_preference"])
            kind, _ = reverse(self.schemas, "impact_assessments.type", KEY, title, preference) if title else (None, [])
            assessment: dict[str, str] = {"type": kind or ASSESSMENTS.options["import_default"], "title": fits(title or link, 300)[0]}
            if link and is_url(link):
                assessment["url"] = link
            elif link:
                self.keep("impacttoetsen_grouping.link", link)
            self.draft.append("impact_assessments", assessment)

    def datasets(self) -> None:
        unknown = []
        for title, link in self.grouping("source_data_grouping"):
            name = fits(title or link, 300)[0]
            dataset = {"name": name}
            if link and is_url(link):
                dataset["url"] = link
            elif link:
                self.keep("source_data_grouping.link", link)
            dataset["personal_data"] = first_meaning(self.schemas, "datasets.personal_data", "unknown")
            self.draft.append("datasets", dataset)
            unknown.append(name)
        if unknown:
            self.draft.note(L_("Say for each data set whether it holds personal data (datasets[].personal_data): the "
                               "Dutch record does not say, so it is 'unknown' for: {datasets}.",
                               datasets=", ".join(unknown)))

    def provider(self) -> None:
        provider = plain_value(self.item.get(PROVIDER.target))
        if provider.casefold().rstrip(".") in (IN_HOUSE.casefold(), "intern"):
            self.draft.set(DEVELOPMENT, PROVIDER.options["in_house"][0])
        elif provider:
            for name in (n.strip() for n in provider.split(";")):
                if name:
                    self.draft.append("suppliers", {"name": fits(name, 200)[0]})
            self.draft.explained.add(DEVELOPMENT)
            self.draft.note(L_("Say who built the system (development): the Dutch record names a supplier, so it is "
                               "'supplier', or 'both' if the city built it together with the supplier."))

    def language(self) -> None:
        lang = self.value("lang").lower()
        codes = {"nld": "nl", "eng": "en", "fry": "fy"}
        if lang in codes:
            self.draft.set("languages", [codes[lang]])
        elif lang:
            self.keep("lang", lang)
            self.draft.note(L_("The language code '{code}' is not known; say in which language the record is written "
                               "(languages).", code=lang))
        version = self.value("standard_version")
        if version and version not in VERSIONS:
            self.draft.note(L_("The record was written for version {version} of the Dutch standard and read as "
                               "version 1.0: check every field.", version=version))

    def tags(self) -> None:
        raw = plain_value(self.item.get("tags"))
        tags: list[str] = []
        for piece in (p.strip() for p in re.split(r"[,;]", raw)):
            if len(piece) > 40:
                self.draft.note(L_("The keywords '{keywords}' were longer than a keyword may be (40 characters), so "
                                   "they were split at the spaces: check tags.", keywords=piece[:60]))
            for tag in ([piece] if len(piece) <= 40 else piece.split()):
                tag = fits(tag, 40)[0]
                if tag and tag not in tags:
                    tags.append(tag)
        self.draft.set("tags", tags)

    def metadata(self) -> None:
        published = self.value("publication_dt")[:10]
        if published and is_date(published):
            self.draft.set("record.first_published", published)

    def legacy(self) -> None:
        learning = self.value("type").casefold()
        approach = TECHNIQUE.options["legacy_type"].get(learning)
        self.draft.set("technique.approach", approach)
        if learning and not approach:
            self.keep("type", self.value("type"))
            self.draft.note(L_("The Dutch 'type' ('{value}') is not one of the values of older versions of the standard "
                               "(Ja, Nee), so it was not imported: choose technique.approach yourself.",
                               value=self.value("type")))
        elif learning:
            self.draft.note(L_("The Dutch record only says whether the system is self-learning: check "
                               "technique.approach (hybrid and mathematical-model are also possible)."))
        uuid = self.value("uuid")
        if uuid and is_uuid(uuid):
            self.draft.set("uuid", uuid.lower())
        elif uuid:
            self.keep("uuid", uuid)
        old_note = _markdown(self.item.get("iama_description"))
        if old_note:
            note = get(self.draft.data, "impact_assessment_note")
            self.draft.set("impact_assessment_note", fits(f"{note}\n\n{old_note}" if note else old_note, 5000)[0])
        for key, raw in self.item.items():
            if key not in TITLES and key not in LEGACY and raw not in (None, "", [], {}):
                shown = collapse(json.dumps(raw, ensure_ascii=False) if not isinstance(raw, str) else raw)[:80]
                self.keep(key, raw)
                self.draft.note(L_("The field '{key}' is not part of the Dutch publication standard 1.0, so its value "
                                   "was not imported: '{value}'.", key=key, value=shown))
