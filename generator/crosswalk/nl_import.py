"""Import from the Dutch Algorithm Register publication standard 1.0 (key ``nl-1.0``).

A JSON file holds one NL record or a list of them. Every NL field goes to the
field the export takes it from, so that a record survives the round trip; what
the Dutch format cannot say becomes a placeholder or an item on the to-do list.
The fields the import fills 1:1 (an HTML text into a Markdown field, a link into
a link field) are those with ``import_to`` in ``mappings/nl-1.0.yaml``, which
also holds the tables the import reads (the themes, which of our statuses a
Dutch status becomes, the legacy ``type`` values). The value tables between our
choices and the Dutch ones are the schema's ``x-mappings``, reversed; the schema
in use is passed explicitly (``schemas``).
"""
from __future__ import annotations

import json
from typing import Any

from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.crosswalk import CannotImport, ImportResult, Origin
from generator.crosswalk.importkit import (MAILBOX_PLACEHOLDER, ROLE_PLACEHOLDER, SOURCE_REGISTRATION, collapse, fits,
                                           is_email, is_id, is_url, placeholder_choice, readable_id, reverse, slug,
                                           unique)
from generator.crosswalk.nl_import_parts import (FILLABLE, STATUS, THEMES, TITLES, ReaderBase, first_meaning, nl_month,
                                                 plain_value)
from generator.crosswalk.reasons import every
from generator.crosswalk.nl_rules import CATEGORIES, HIGH_RISK, IMPACTFUL, KEY, STATUSES


class _Reader(ReaderBase):
    """Turns one NL object into a record for our schema, with its to-do list."""

    def build(self, name: str) -> tuple[dict[str, Any], list[str]]:
        d = self.draft
        d.set("schema_version", "1.0")
        d.set("id", self.record_id(name))
        d.set("name", name)
        self.summary()
        d.set("owner.department", self.department)
        self.contact()
        self.accountable()
        self.organisation()
        self.categories()
        self.status_and_dates()
        self.publication_category()
        self.simple("website")
        self.registrations()
        self.simple("goal")
        self.simple("proportionality")
        self.simple("human_intervention")
        self.simple("risks")
        self.simple("lawful_basis")
        self.laws()
        self.simple("process_index_url")
        self.assessments()
        self.simple("impacttoetsen")
        self.simple("source_data")
        self.datasets()
        self.simple("methods_and_models")
        self.provider()
        self.simple("publiccode")
        self.language()
        self.tags()
        self.metadata()
        self.legacy()
        self.source()
        d.missing_expected(L_("the Dutch record"), L_("the Dutch standard"), FILLABLE, also=("human_oversight.level",))
        return d.record(), d.todo

    def record_id(self, name: str) -> str:
        """The national id (lars) with the name in front, so that the id is readable and the same in every export;
        without one, the organisation's own id (source_id) where it is a valid id, else the name."""
        lars = self.value("lars")
        if lars:
            return unique(readable_id(name, lars), self.taken)
        source_id = self.value("source_id")
        if is_id(source_id) and source_id not in self.taken:
            self.used_source_id = True
            self.taken.add(source_id)
            return source_id
        made = unique(slug(name), self.taken)
        if source_id:
            self.draft.note(L_("The Dutch source id '{source_id}' cannot be used as an id here (use lower-case letters, "
                               "digits and hyphens), so the id '{id}' was made from the name; the source id is kept "
                               "under registrations ('{registration}').", source_id=source_id, id=made,
                               registration=SOURCE_REGISTRATION))
        return made

    def origin(self) -> Origin:
        """The organisation the record names and its stable key: the national id, else the organisation's own id
        (or the id of older versions of the standard), else the name, each within its organisation."""
        organisation = plain_value(self.item.get("organization"))
        lars = self.value("lars")
        own = self.value("source_id") or self.value("id")
        key = f"lars:{lars}" if lars else f"{organisation}|{own or plain_value(self.item.get('name'))}"
        return Origin(organisation, key)

    def summary(self) -> None:
        summary, cut = fits(plain_value(self.item.get("description_short")), 400)
        if not summary:
            summary = "<Short summary>"
            self.draft.note(L_("Write a short summary (summary): the Dutch record has no 'Korte omschrijving'."))
        elif cut:
            self.keep("description_short", self.item.get("description_short"))
            self.draft.note(L_("The short description was longer than 400 characters and was cut: check the summary."))
        self.draft.set("summary", summary)

    def contact(self) -> None:
        contact = self.value("contact_email")
        address = contact[7:] if contact.lower().startswith("mailto:") else contact
        if is_email(address):
            self.draft.set("contact.email", address)
            return
        if is_url(contact):
            self.draft.set("contact.form_url", contact)
        given = self.options.get("contact", "")
        if is_email(given):
            self.draft.set("contact.email", given)
        else:
            self.keep("contact_email", contact if not is_url(contact) else "")
            self.draft.set("contact.email", MAILBOX_PLACEHOLDER)
            self.draft.note(L_("Replace {placeholder} in contact.email with the team mailbox that answers questions "
                               "about this system (the Dutch record has no e-mail address; use --contact to give one).",
                               placeholder=MAILBOX_PLACEHOLDER))

    def accountable(self) -> None:
        role = self.options.get("accountable_role", "").strip()
        if role:
            self.draft.set("accountable.role", role)
        else:
            self.draft.set("accountable.role", ROLE_PLACEHOLDER)
            self.draft.note(L_("Replace {placeholder} in accountable.role with the job title of the person accountable "
                               "for the system (the Dutch standard has no such field; use --accountable-role to give "
                               "one).", placeholder=ROLE_PLACEHOLDER))

    def organisation(self) -> None:
        theirs = plain_value(self.item.get("organization"))
        ours = self.options.get("organisation", "")
        if theirs and ours and theirs.casefold() != ours.casefold():
            self.draft.note(L_("The Dutch record belongs to '{theirs}', but this register is for '{ours}': check that "
                               "the system belongs in this register.", theirs=theirs, ours=ours))

    def categories(self) -> None:
        raw = self.item.get("category")
        values = [raw] if isinstance(raw, str) else list(raw or [])
        themes = [collapse(str(v)) for v in values if collapse(str(v)) in THEMES]
        for unknown in (collapse(str(v)) for v in values if collapse(str(v)) not in THEMES and str(v).strip()):
            self.keep("category", unknown)
            self.draft.note(L_("'{value}' is not a theme of the Dutch standard, so it was not imported.", value=unknown))
        self.draft.set("external_categories.nl_themes", list(dict.fromkeys(themes)))
        domains = []
        for theme in themes:
            domain, _ = reverse(self.schemas, "domains", KEY, theme)
            if domain and domain not in domains:
                domains.append(domain)
            elif not domain:
                self.draft.note(L_("The Dutch theme '{theme}' has no matching city domain: choose the city domains "
                                   "(domains) yourself.", theme=theme))
        self.draft.set("domains", domains)

    def status_and_dates(self) -> None:
        raw = self.value("status")
        dutch = next((s for s in STATUSES if s.casefold() == raw.casefold()), None)
        preference = tuple(STATUS.options["import_preference"].get(dutch, ())) if dutch else ()
        status, candidates = reverse(self.schemas, "status", KEY, dutch, preference) if dutch else (None, [])
        if status is None:
            self.keep("status", raw)
            self.draft.set("status", placeholder_choice(self.schemas, "status"))
            self.draft.note(L_("Choose the status: the Dutch status '{value}' is not one of {choices}.", value=raw,
                               choices=", ".join(STATUSES)) if raw else L_("Choose the status: the Dutch record has none."))
        else:
            self.draft.set("status", status)
            others = [c for c in candidates if c != status]
            if others:
                self.draft.note(L_("The Dutch status '{value}' covers {choices}; it was read as '{status}'. Change the "
                                   "status if '{other}' is right.", value=dutch, choices=every([repr(c) for c in candidates]),
                                   status=status, other=others[0]))
        begin = self.month("begin_date")
        end = self.month("end_date")
        if self.meanings.has("status", status, "retired"):
            self.draft.set("lifecycle.in_use_since", begin)
            self.draft.set("lifecycle.retired_on", end or "<YYYY-MM-DD>")
            self.draft.set("lifecycle.retirement_reason", "<Why it was retired>")
            if not end:
                self.draft.note(L_("Write the date the system was retired (lifecycle.retired_on): the Dutch record has "
                                   "no end date."))
            self.draft.note(L_("Replace {placeholder} in lifecycle.retirement_reason: the Dutch standard does not say why "
                               "a system is out of use.", placeholder="<Why it was retired>"))
        else:
            used = self.meanings.has("status", status, "used")
            self.draft.set("lifecycle.in_use_since" if used else "lifecycle.started_on", begin)
            if end:
                self.keep("end_date", self.value("end_date"))
                self.draft.note(L_("The Dutch record gives an end date ({date}) although the system is not out of use; "
                                   "it was not imported. Add it to the lifecycle if it is right.",
                                   date=self.value("end_date")))

    def month(self, key: str) -> str | None:
        raw = self.value(key)
        if not raw:
            return None
        date = nl_month(raw)
        if date is None:
            self.keep(key, raw)
            self.draft.note(L_("The Dutch '{field}' ('{value}') is not a month written as yyyy-mm, so it was not "
                               "imported.", field=TITLES[key], value=raw))
        return date

    def publication_category(self) -> None:
        raw = self.value("publication_category")
        category = next((c for c in CATEGORIES if c.casefold() == raw.casefold()), None)
        if category == HIGH_RISK:
            high_risk, _ = reverse(self.schemas, "ai_act.classification", KEY, HIGH_RISK)
            self.draft.set("ai_act.classification", high_risk)
            self.draft.set("ai_act.role", placeholder_choice(self.schemas, "ai_act.role"))
            self.draft.note(L_("The Dutch record says this is a high-risk AI system. Say which area of Annex III of the "
                               "AI Act applies (ai_act.annex_iii_area), or which Annex I product law "
                               "(ai_act.annex_i_product): the Dutch standard does not say."))
            self.draft.note(L_("Replace the placeholder in ai_act.role: say whether the city is the provider or the "
                               "deployer of the system."))
            return
        self.draft.set("ai_act.classification", first_meaning(self.schemas, "ai_act.classification", "not-assessed"))
        self.draft.note(L_("Classify the system under the EU AI Act (ai_act.classification): the Dutch publication "
                           "category does not say, so it was set to not-assessed."))
        if category is None:
            self.keep("publication_category", raw)
            self.draft.note(L_("Say whether the system has a significant impact on people (significant_impact): the "
                               "Dutch publication category '{value}' is not one of {choices}.", value=raw,
                               choices=", ".join(CATEGORIES)) if raw else
                            L_("Say whether the system has a significant impact on people (significant_impact): the "
                               "Dutch record has no publication category."))
        else:
            self.draft.set("significant_impact", category == IMPACTFUL)

def read_records(content: bytes, department: str, options: dict[str, str], schemas: Schemas) -> ImportResult:
    """Records from a JSON file holding one NL record or a list of them."""
    items = _load(content)
    result = ImportResult()
    taken: set[str] = set()
    for number, item in enumerate(items, 1):
        where = L_("record {number}", number=number) if len(items) > 1 else L_("the record")
        if not isinstance(item, dict):
            result.problems.append(L_("{where} is not a record (an object with fields such as name and status), so "
                                      "it was skipped", where=where))
            result.refused += 1
            continue
        name, cut = fits(plain_value(item.get("name")), 100)
        if not name:
            result.problems.append(L_("{where} has no name (the field 'name'), so it was skipped; add a name and "
                                      "import the file again", where=where))
            result.refused += 1
            continue
        reader = _Reader(item, department, options, taken, schemas)
        if cut:
            reader.keep("name", item.get("name"))
        record, todo = reader.build(name)
        if cut:
            todo.insert(0, L_("The name was longer than 100 characters and was cut: check it."))
        result.records.append(record)
        result.origins.append(reader.origin())
        result.todo[record["id"]] = todo
    return result


def _load(content: bytes) -> list[Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CannotImport(L_("this file is not UTF-8 text, so it is not a JSON file from the Dutch Algorithm "
                              "Register")) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CannotImport(L_("this is not a JSON file ({problem} on line {line}); the Dutch Algorithm Register "
                              "(publication standard 1.0) exchanges records as JSON", problem=str(getattr(exc, "msg", exc)),
                              line=getattr(exc, "lineno", "?"))) from None
    items = data if isinstance(data, list) else [data]
    known = set(TITLES) - {"lang", "standard_version"}
    if not any(isinstance(item, dict) and known & set(item) for item in items):
        raise CannotImport(L_("this JSON file does not hold records of the Dutch Algorithm Register: none of its "
                              "objects has the fields of publication standard 1.0 (such as name, description_short, "
                              "organization and status)"))
    return items
