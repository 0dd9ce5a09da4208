"""One row of the Eurocities 0.3.1 CSV template read as a record for our schema, with its to-do list.

Each attribute is read back as the note of its entry in
``mappings/eurocities-0.3.1.yaml`` says, with the values that entry gives under
``options`` (which of our values to prefer, how a value the schema's table cannot
give back is read, the data set made from the training data). Closed-list values
may be in English or Dutch. What the standard cannot say becomes a placeholder or
an item on the to-do list, in plain words.
"""
from __future__ import annotations

import re
from typing import Any

from generator.core.meanings import meanings
from generator.core.i18n import L_
from generator.core.schema import Schemas
from generator.crosswalk.eurocities_rules import BY_KEY, DEPARTMENT_SEPARATOR, KEY, MAPPING, VERSION
from generator.crosswalk.htmltext import looks_like_html, to_markdown
from generator.crosswalk.importkit import (CENTRAL_REGISTRATION, MAILBOX_PLACEHOLDER, ROLE_PLACEHOLDER, Draft, collapse,
                                           either, fits, get, is_date, is_email, is_url, is_uuid, placeholder_choice,
                                           reverse, slug, unique)

# Expected fields of our schema that a Eurocities record can fill (for the wording of the to-do list).
FILLABLE = {"domains", "purpose", "decision_role", "affected_people", "proportionality", "data_summary",
            "datasets", "technique", "human_oversight", "objection", "bias_assessment", "impact_assessments",
            "legal_basis", "record"}


def _options(key: str) -> dict[str, Any]:
    """What the mapping file says under ``options`` of the attribute ``key``."""
    return MAPPING.field(key).options


def _enum(attribute: str, value: str) -> str | None:
    """A closed-list value (English or Dutch) as the standard's English value."""
    spec = BY_KEY[attribute]
    wanted = collapse(value).casefold()
    for en, nl in zip(spec.values, spec.values_nl or spec.values):
        if wanted in (en.casefold(), nl.casefold()):
            return en
    return None


def cell_markdown(value: str) -> str:
    """A cell's text as Markdown (HTML, as some registers write it, converted)."""
    value = value.strip()
    return to_markdown(value) if looks_like_html(value) else value


class RowReader:
    """Turns one row of the template into a record for our schema, with its to-do list."""

    def __init__(self, row: dict[str, str], department: str, options: dict[str, str], taken: set[str],
                 schemas: Schemas) -> None:
        self.row = row
        self.department = department
        self.options = options
        self.taken = taken
        self.schemas = schemas
        self.draft = Draft(schemas)

    def value(self, key: str) -> str:  # the cell of the attribute ``key``, without surrounding space
        return (self.row.get(key) or "").strip()

    def text(self, key: str, path: str | None = None, limit: int = 5000) -> None:
        """The text of the attribute ``key`` into ``path`` (default: the first field the export fills it from)."""
        path = path or MAPPING.field(key).sources[0]
        markdown, cut = fits(cell_markdown(self.value(key)), limit)
        if cut:
            self.draft.note(L_("'{field}' ({key}) was longer than {limit} characters and was cut when it was put in "
                               "{path}: add the rest by hand.", field=BY_KEY[key].en, key=key, limit=limit, path=path))
        self.draft.set(path, markdown)

    def short(self, key: str, limit: int) -> None:
        path = MAPPING.field(key).sources[0]
        text, cut = fits(collapse(cell_markdown(self.value(key))), limit)
        if cut:
            self.draft.note(L_("'{field}' ({key}) was longer than {limit} characters and was cut: check {path}.",
                               field=BY_KEY[key].en, key=key, limit=limit, path=path))
        self.draft.set(path, text)

    def url(self, key: str) -> str | None:
        value = self.value(key)
        if value and not is_url(value):
            self.draft.note(L_("'{field}' ({key}) is not a web address starting with https:// ('{value}'), so it was "
                               "not imported.", field=BY_KEY[key].en, key=key, value=value[:80]))
            return None
        return value or None

    def build(self, name: str) -> tuple[dict[str, Any], list[str]]:
        d = self.draft
        d.set("schema_version", "1.0")
        d.set("id", unique(slug(name), self.taken))
        self.uuid()
        self.language()
        d.set("name", name)
        self.summary()
        self.domain()
        self.tags()
        self.short("area", 300)
        d.set("website", self.url("website"))
        self.owner()
        self.contact()
        self.accountable()
        self.organisation()
        self.text("goal")
        self.text("decision_making_process")
        self.text("impact")
        self.text("alternatives_considered")
        self.text("proportionality")
        self.text("source_data")
        self.training_data()
        self.text("connected_data_sources")
        self.technique()
        self.text("human_intervention", "human_oversight.description")
        self.text("objection_procedure")
        self.data_bias()
        self.text("risks")
        self.assessments()
        self.text("lawful_basis")
        self.risk_category()
        self.status()
        self.dates()
        self.links()
        self.text("remark")
        self.revision_note()
        d.missing_expected(L_("the Eurocities record"), L_("the Eurocities standard"), FILLABLE,
                           also=("human_oversight.level",))
        return d.record(), d.todo

    def uuid(self) -> None:
        value = self.value("uuid")
        if value and is_uuid(value):
            self.draft.set("uuid", value.lower())
        elif value:
            self.draft.note(L_("The unique identifier '{value}' is not a UUID, so it was not imported.", value=value[:80]))

    def language(self) -> None:
        lang = self.value("lang").lower()
        if re.fullmatch(r"[a-z]{2}", lang):
            self.draft.set("languages", [lang])
        elif lang:
            self.draft.note(L_("The language '{code}' is not a two-letter language code; say in which language the "
                               "record is written (languages).", code=lang))
        version = self.value("standard_version")
        if version and version != VERSION:
            self.draft.note(L_("The row was written for version {version} of the standard and read as {read_as}: check "
                               "every field.", version=version, read_as=VERSION))

    def summary(self) -> None:
        summary, cut = fits(collapse(cell_markdown(self.value("description_short"))), 400)
        if not summary:
            summary = "<Short summary>"
            self.draft.note(L_("Write a short summary (summary): the Eurocities record has no short description."))
        elif cut:
            self.draft.note(L_("The short description was longer than 400 characters and was cut: check the summary."))
        self.draft.set("summary", summary)

    def domain(self) -> None:
        raw = self.value("domain")
        if not raw:
            return
        value = _enum("domain", raw)
        if value is None:
            self.draft.note(L_("'{value}' is not one of the Eurocities domains, so it was not imported: choose the city "
                               "domains (domains).", value=raw))
            return
        self.draft.set("external_categories.eurocities_domain", value)
        ours, candidates = reverse(self.schemas, "domains", KEY, value)
        if len(candidates) == 1:
            self.draft.set("domains", [ours])
        elif candidates:
            self.draft.note(L_("The Eurocities domain '{value}' can be the city domain {choices}: choose in domains.",
                               value=value, choices=either([f"'{c}'" for c in candidates])))
        else:
            self.draft.note(L_("The Eurocities domain '{value}' has no matching city domain: choose the city domains "
                               "(domains) yourself. The Eurocities domain is kept in external_categories.", value=value))

    def tags(self) -> None:
        tags: list[str] = []
        for piece in (p.strip() for p in re.split(r"[,;]", cell_markdown(self.value("keywords")))):
            if len(piece) > 40:
                self.draft.note(L_("The keywords '{keywords}' were longer than a keyword may be (40 characters), so "
                                   "they were split at the spaces: check tags.", keywords=piece[:60]))
            for tag in ([piece] if len(piece) <= 40 else piece.split()):
                tag = fits(tag, 40)[0]
                if tag and tag not in tags:
                    tags.append(tag)
        self.draft.set("tags", tags)

    def owner(self) -> None:
        self.draft.set("owner.department", self.department)
        raw = collapse(self.value("department"))
        team = raw.split(DEPARTMENT_SEPARATOR, 1)[1].strip() if DEPARTMENT_SEPARATOR in raw else raw
        if team:
            self.draft.set("owner.team", fits(team, 300)[0])
            self.draft.note(L_("The Eurocities department '{value}' was kept as the team (owner.team) of the "
                               "department '{department}': check it.", value=raw, department=self.department))

    def contact(self) -> None:
        email = self.value("contact_email")
        if is_email(email):
            self.draft.set("contact.email", email)
        elif is_email(self.options.get("contact", "")):
            self.draft.set("contact.email", self.options["contact"])
        else:
            self.draft.set("contact.email", MAILBOX_PLACEHOLDER)
            self.draft.note(L_("Replace {placeholder} in contact.email with the team mailbox that answers questions "
                               "about this system (use --contact to give one).", placeholder=MAILBOX_PLACEHOLDER))
        phone = self.value("contact_phone")
        if phone and re.fullmatch(r"\+?[0-9][0-9 ()-]{4,24}", phone):
            self.draft.set("contact.phone", phone)
        elif phone:
            self.draft.note(L_("The phone number '{value}' could not be read (digits, spaces and a leading + only), so "
                               "it was not imported.", value=phone[:40]))

    def accountable(self) -> None:
        role = self.options.get("accountable_role", "").strip()
        self.draft.set("accountable.role", role or ROLE_PLACEHOLDER)
        if not role:
            self.draft.note(L_("Replace {placeholder} in accountable.role with the job title of the person accountable "
                               "for the system (the Eurocities standard has no such field; use --accountable-role).",
                               placeholder=ROLE_PLACEHOLDER))
        name = collapse(self.value("contact_name"))
        if name:
            self.draft.set("contact.person.name", fits(name, 100)[0])
            self.draft.note(L_("The contact name '{name}' was put in contact.person.name (the contact person, not the "
                               "accountable role). Publish a person's name only with their agreement; remove it "
                               "otherwise.", name=name))

    def organisation(self) -> None:
        theirs = collapse(self.value("organization"))
        ours = self.options.get("organisation", "")
        if theirs and ours and theirs.casefold() != ours.casefold():
            self.draft.note(L_("The Eurocities record belongs to '{theirs}', but this register is for '{ours}': check "
                               "that the system belongs in this register.", theirs=theirs, ours=ours))

    def training_data(self) -> None:
        text = cell_markdown(self.value("training_data"))
        if text:
            made = _options("training_data")["imported_as"]  # the data set made from the text
            description, _ = fits(text, 5000)
            self.draft.append("datasets", {"name": made["name"], "description": description,
                                           **{k: v for k, v in made.items() if k != "name"}})
            self.draft.note(L_("The training data was kept as one data set called '{name}': split it into the real "
                               "data sets, and say whether each holds personal data (datasets[].personal_data is "
                               "'{value}').", name=made["name"], value=made["personal_data"]))

    def technique(self) -> None:
        raw = self.value("algorithm_type")
        if raw:
            value = _enum("algorithm_type", raw)
            preference = tuple(_options("algorithm_type")["prefer"])
            ours, candidates = reverse(self.schemas, "technique.approach", KEY, value, preference) if value else (None, [])
            if ours:
                self.draft.set("technique.approach", ours)
                if len(candidates) > 1:
                    self.draft.note(L_("The algorithm type '{value}' can mean {choices}; it was read as '{ours}'. Check "
                                       "technique.approach.", value=value, choices=either([repr(c) for c in candidates]),
                                       ours=ours))
            else:
                self.draft.note(L_("'{value}' is not one of the Eurocities algorithm types, so it was not imported.", value=raw))
        self.text("description", "technique.how_it_works")
        self.models()
        self.text("performance")
        self.text("monitoring")
        self.text("rollback")
        self.draft.set("technique.source_code_url", self.url("codebase_url"))
        raw = self.value("type")
        if raw:
            value = _enum("type", raw)
            ours, _ = reverse(self.schemas, "technique.output_type", KEY, value) if value else (None, [])
            if ours:
                self.draft.set("technique.output_type", ours)
            else:
                self.draft.note(L_("'{value}' is not one of the Eurocities types of use, so it was not imported.", value=raw))

    def models(self) -> None:
        text = cell_markdown(self.value("methods_and_models"))
        if not text:
            return
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if all(re.match(r"[-*+]\s+", line) for line in lines):
            names = [re.sub(r"^[-*+]\s+", "", line) for line in lines]
        elif len(text) <= 300 and len(lines) == 1:
            names = [text]
        else:
            how = get(self.draft.data, "technique.how_it_works")
            self.draft.set("technique.how_it_works", fits(f"{how}\n\nMethods and models:\n\n{text}" if how else text,
                                                          5000)[0])
            self.draft.note(L_("The methods and models were too long to be a list of models, so they were added to "
                               "technique.how_it_works: list the models in technique.models."))
            return
        for name in names:
            self.draft.append("technique.models", {"name": fits(name, 300)[0]})

    def data_bias(self) -> None:
        text = cell_markdown(self.value("data_bias"))
        if text:
            self.draft.set("bias_assessment", {"status": placeholder_choice(self.schemas, "bias_assessment.status"),
                                               "findings": fits(text, 5000)[0]})
            self.draft.note(L_("Say whether a bias assessment was done (bias_assessment.status): the text about data "
                               "bias was put in bias_assessment.findings. If it was done, also give its date."))

    def assessments(self) -> None:
        for prefix in ("DPIA", "AIA"):
            kind = _options(f"{prefix}_description")["type"]
            summary, cut = fits(cell_markdown(self.value(f"{prefix}_description")), 5000)
            url = self.url(f"{prefix}_url")
            if summary or url:
                assessment = {"type": kind}
                if summary:
                    assessment["summary"] = summary
                if url:
                    assessment["url"] = url
                self.draft.append("impact_assessments", assessment)
        kind = _options("AIA_description")["type"]
        if any(a["type"] == kind for a in self.draft.data.get("impact_assessments", ())):
            self.draft.note(L_("The algorithm impact assessment was read as an '{type}' (impact_assessments[].type); if "
                               "it was a FRAIA, IAMA or FRIA, change the type.", type=kind))

    def risk_category(self) -> None:
        raw = self.value("risk_category")
        value = _enum("risk_category", raw) if raw else None
        options = _options("risk_category")  # prefer: the most cautious reading; otherwise: when there is none
        ours, candidates = reverse(self.schemas, "ai_act.classification", KEY, value, tuple(options["prefer"])) \
            if value else (None, [])
        if ours is None:
            unknown = options["otherwise"]
            self.draft.set("ai_act.classification", unknown)
            self.draft.note(L_("'{value}' is not one of the Eurocities risk categories; ai_act.classification was set "
                               "to {unknown}: classify the system.", value=raw, unknown=unknown) if raw else
                            L_("Classify the system under the EU AI Act (ai_act.classification): the Eurocities record "
                               "has no risk category, so it was set to {unknown}.", unknown=unknown))
            return
        self.draft.set("ai_act.classification", ours)
        self.draft.set("ai_act.role", placeholder_choice(self.schemas, "ai_act.role"))
        self.draft.note(L_("Replace the placeholder in ai_act.role: say whether the city is the provider or the "
                           "deployer of the system (the Eurocities standard does not say)."))
        if len(candidates) > 1:
            self.draft.note(L_("The risk category '{value}' can mean {choices}; it was read as '{ours}', the more "
                               "cautious choice. Change ai_act.classification if the system is not an AI system.",
                               value=value, choices=either([repr(c) for c in candidates]), ours=ours))
        if ours in options["todo"]:
            self.draft.note(L_(options["todo"][ours]))  # what the standard does not say (in the catalogs: make messages)

    def status(self) -> None:
        raw = self.value("status")
        value = _enum("status", raw) if raw else None
        read = _options("status")["read"]  # the standard's values that the schema's table cannot give back
        if value in read:
            status = read[value]
            self.draft.note(L_("The Eurocities status '{value}' was read as '{status}' (this register has no {value} "
                               "status).", value=value, status=status))
        else:
            status, _ = reverse(self.schemas, "status", KEY, value) if value else (None, [])
        if status is None:
            self.draft.set("status", placeholder_choice(self.schemas, "status"))
            self.draft.note(L_("Choose the status: '{value}' is not one of the Eurocities statuses.", value=raw) if raw
                            else L_("Choose the status: the Eurocities record has none."))
            return
        self.draft.set("status", status)
        meaning = meanings(self.schemas)
        if meaning.has("status", status, "paused"):
            self.draft.set("lifecycle.paused_on", "<YYYY-MM-DD>")
            self.draft.set("lifecycle.pause_reason", "<Why it was paused>")
            self.draft.note(L_("The Eurocities status 'evaluation' was read as paused. Write since when and why "
                               "(lifecycle.paused_on and lifecycle.pause_reason), or change the status if the system is "
                               "still in use while it is evaluated."))
        elif meaning.has("status", status, "retired"):
            self.draft.set("lifecycle.retired_on", "<YYYY-MM-DD>")
            self.draft.set("lifecycle.retirement_reason", "<Why it was retired>")
            self.draft.note(L_("Write when and why the system was retired (lifecycle.retired_on and "
                               "lifecycle.retirement_reason): the Eurocities record does not say."))

    def dates(self) -> None:
        for key in ("publication_date", "last_change_date", "revision_date"):
            path = MAPPING.field(key).sources[0]
            value = self.value(key)[:10]
            if value and is_date(value):
                self.draft.set(path, value)
            elif value:
                self.draft.note(L_("'{field}' ('{value}') is not a date written as YYYY-MM-DD, so it was not imported.",
                                   field=BY_KEY[key].en, value=self.value(key)[:40]))

    def links(self) -> None:
        for key in ("documentation", "product_page"):
            title, url = _options(key)["title"], self.url(key)
            if url:
                self.draft.append("links", {"title": title, "url": url})
        url = self.url("product_information")
        if url:
            self.draft.append("registrations", {"register": CENTRAL_REGISTRATION, "url": url})

    def revision_note(self) -> None:
        note = collapse(self.value("revision_note"))
        if note:
            self.draft.note(L_("The record says why it will be revised: '{note}'. This register has no such field; put "
                               "it in the remarks if it matters.", note=note[:200]))
