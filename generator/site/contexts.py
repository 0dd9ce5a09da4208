"""What each page template receives: plain data views of the register, with no HTML in them.

``render.py`` builds these views from the ``Registry`` model and hands them to
the Jinja templates in ``templates/``; the templates decide all markup. A city
that overrides a template gets the same views, documented here field by field.
"""
from __future__ import annotations

import dataclasses

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.core import layout
from generator.core.fields import FieldInfo, Section, field_index, record_fields, sections
from generator.core.i18n import N_, Translator, translator
from generator.model.objects import PERSONAL_DATA_ANSWERS, Registry, System, Text, pick_text
from generator.model.richtext import plain, rich
from generator.core.schema import Schemas



@dataclass
class FieldView:
    """One field of a record as shown on its page."""

    info: FieldInfo = field(metadata={"help": "The field's schema view: title, description, kind, choices and labels."})
    value: Any = field(metadata={"help": "The value as written in the record (text may be one text per language)."})
    state: str = field(metadata={"help": "'present', 'withheld' or 'missing' (an expected field left empty)."})
    reason: Text | None = field(default=None, metadata={"help": "Why the field is withheld, when it is."})
    children: list["FieldView"] = field(default_factory=list, metadata={"help": "Fields of an object value."})
    items: list["ItemView"] = field(default_factory=list, metadata={"help": "Entries of a list of objects."})
    html: list[Markup] = field(default_factory=list, metadata={
        "help": "For text, long text, choices, yes/no and languages: the value ready to show (escaped, or the Markdown "
                "subset rendered safely), one entry per list item. Empty for dates, links and objects."})
    lang: str | None = field(default=None, metadata={"help": "Language of the text when it is not the page's language."})


@dataclass
class ItemView:
    """One entry of a list of objects (a data set, a risk, a supplier...)."""

    title: Text | None = field(metadata={"help": "The entry's own name or title, if it has one."})
    title_info: FieldInfo | None = field(metadata={"help": "The field the title comes from."})
    fields: list[FieldView] = field(metadata={"help": "The entry's other fields."})


@dataclass
class Group:
    """Consecutive simple fields (shown as one definition list), or one object or list of objects."""

    kind: str = field(metadata={"help": "'fields', 'object' (one set of fields) or 'list' (a list of entries)."})
    views: list[FieldView] = field(metadata={"help": "The fields in the group (one for 'object' and 'list')."})


@dataclass
class SectionView:
    """A section of the record format (Data, Human oversight, ...) with its fields."""

    section: Section = field(metadata={"help": "Section id, title and description from the schema."})
    fields: list[FieldView] = field(metadata={"help": "Fields shown in this section, in schema order."})

    @property
    def groups(self) -> list[Group]:
        """The fields grouped for display: runs of simple fields, and each object or list on its own."""
        groups: list[Group] = []
        for view in self.fields:
            if view.state == "present" and view.info.kind == "object":
                groups.append(Group("list" if view.info.is_list else "object", [view]))
            elif groups and groups[-1].kind == "fields":
                groups[-1].views.append(view)
            else:
                groups.append(Group("fields", [view]))
        return groups


OWN_ORGANISATION = "_own"  # the organisation filter's value for the organisation that runs the register


@dataclass
class Card:
    """A system as it appears in lists: browse page, department and domain pages, home page."""

    id: str = field(metadata={"help": "Record id."})
    src: str = field(metadata={"help": "Source path of the system's page, for the url() filter."})
    name: Text = field(metadata={"help": "Name of the system."})
    summary: Text = field(metadata={"help": "Short summary."})
    department_id: str = field(metadata={"help": "Owning department's id."})
    department_name: Text = field(metadata={"help": "Owning department's name."})
    status: str = field(metadata={"help": "Status value, such as 'in use'."})
    status_label: str = field(metadata={"help": "Status label for display."})
    classification: str = field(metadata={"help": "EU AI Act classification value."})
    classification_label: str = field(metadata={"help": "Classification label for display."})
    domains: list[str] = field(metadata={"help": "Domain values."})
    oversight: str = field(metadata={"help": "Human oversight level value, or 'not-provided'."})
    personal_data: str = field(metadata={"help": "'yes', 'no' or 'unknown'."})
    status_date: str | None = field(metadata={"help": "The date that goes with the status (in use since, retired on...)."})
    main_language: str = field(metadata={"help": "Language of the record's plain texts."})
    changed: str | None = field(metadata={"help": "Latest of first published and last reviewed, for 'recently changed'."})
    status_date_label: str | None = field(default=None, metadata={
        "help": "How the status date is worded in a sentence ('since', 'retired on'), from the schema's x-date-labels."})
    personal_data_label: str = field(default="", metadata={"help": "The answer to 'uses personal data?' in words."})
    oversight_label: str | None = field(default=None, metadata={"help": "Human oversight level label, or None if not provided."})
    review_overdue: bool = field(default=False, metadata={
        "help": "Whether the next review date has passed (never for a status the schema exempts from review)."})
    notice: "Notice | None" = field(default=None, metadata={
        "help": "The note shown at the top of the system's page for its status (x-notices), or None."})
    organisation_id: str = field(default="", metadata={
        "help": "Owning organisation's id in a register of several organisations ('' for the one that runs it)."})
    organisation_name: Text = field(default="", metadata={"help": "Owning organisation's name."})
    region: str = field(default="", metadata={"help": "The owning organisation's region, in the register's default language."})
    categories: list[str] = field(default_factory=list, metadata={
        "help": "Ids of the register's own categories the system belongs to (labels: SiteView.categories)."})

    @property
    def organisation_key(self) -> str:
        """The organisation as the filter names it: its id, or ``_own`` for the organisation that runs the register
        (not a possible id)."""
        return self.organisation_id or OWN_ORGANISATION

    @property
    def status_date_heading(self) -> str | None:
        """The status date words at the start of a line ("Since", "Retired on")."""
        label = self.status_date_label
        return label[:1].upper() + label[1:] if label else None


@dataclass
class Sentence:
    """One sentence of a status notice: words, then a value shown by its field's kind (a date, a record link)."""

    prefix: str
    info: FieldInfo
    value: Any


@dataclass
class Notice:
    """The note at the top of a system's page for a status such as retired or paused (the schema's x-notices)."""

    status: str = field(metadata={"help": "The status value."})
    title: str = field(metadata={"help": "The note's title."})
    sentences: list[Sentence] = field(metadata={"help": "Sentences for the lifecycle fields the record has."})
    closing: str | None = field(metadata={"help": "A sentence that ends the paragraph, if any."})
    reason: Text | None = field(metadata={"help": "Why the system has this status (the field named by x-reasons)."})


@dataclass
class Count:
    value: str
    label: str
    count: int
    src: str | None = None


@dataclass
class SiteView:
    """What every page gets: the register, the language, the layout and shared lookups."""

    registry: Registry = field(metadata={"help": "The whole register model."})
    language: str = field(metadata={"help": "Language of the site; texts are shown in it when the record has it."})
    layout: layout.Layout = field(metadata={"help": "Page URLs."})
    schemas: Schemas = field(metadata={"help": "The loaded schemas."})
    fields: dict[str, FieldInfo] = field(metadata={"help": "Every field by dotted path (domains, status, ai_act.classification...)."})
    cards: list[Card] = field(metadata={"help": "Every system as a card, sorted by name."})
    today: dt.date = field(metadata={"help": "The build date, for 'review overdue' marks."})
    t: Translator = field(default_factory=lambda: translator("en"), metadata={
        "help": "The interface texts, dates and numbers in the page's language (gettext, ngettext, date, number)."})

    @functools.cached_property
    def cards_by_id(self) -> dict[str, Card]:
        return {card.id: card for card in self.cards}

    @functools.cached_property
    def categories(self) -> dict[str, "CategoryView"]:
        """The register's own categories by id, in register.yaml's order, each with its page."""
        from generator.site.facets import category_page  # facets builds on this module

        return {key: CategoryView(key, c.label, c.description, category_page(key), c.data.get("external_categories") or {})
                for key, c in self.registry.register.categories.items()}

    @functools.cached_property
    def cards_by_department(self) -> dict[str, list[Card]]:
        """The cards of each department, in the cards' order (one pass: a national register has thousands)."""
        out: dict[str, list[Card]] = {}
        for card in self.cards:
            out.setdefault(card.department_id, []).append(card)
        return out


@dataclass(frozen=True)
class CategoryView:
    """One of the register's own categories (categories in register.yaml)."""

    id: str = field(metadata={"help": "The category's id, as records list it."})
    label: Text = field(metadata={"help": "Its label (one text per language: show it with the text macro)."})
    description: Text | None = field(metadata={"help": "What it covers, if register.yaml says."})
    src: str = field(metadata={"help": "Source path of the page listing its systems, for the url() filter."})
    external: dict[str, Any] = field(default_factory=dict, metadata={
        "help": "What it stands for in other standards, as register.yaml gives it (the keys of external_categories)."})


# "Uses personal data?" in words: on the system page, and as the browse filter's option labels.
PERSONAL_DATA_WORDS = {True: N_("Yes, it uses personal data"), False: N_("No personal data"), None: N_("Not known")}
PERSONAL_DATA_OPTIONS = {True: N_("Yes"), False: N_("No"), None: N_("Not known")}


def _with_slot(words: str | None, slot: str, end: str = "") -> str | None:
    """Wording from the schema with the place of its value (``since {date}``); older wording without the
    placeholder (``since``) gets the value after it."""
    if words is None or "{" + slot + "}" in words:
        return words
    return f"{words} {{{slot}}}{end}"


def notice(system: System, index: dict[str, FieldInfo]) -> Notice | None:
    """The status notice of a system, from the schema's x-notices and x-reasons for its status (in ``index``'s language)."""
    meaning = system.meanings
    spec = index["status"].notices.get(system.status)
    if not spec:
        return None
    lifecycle = system.data.get("lifecycle") or {}
    sentences = [Sentence(_with_slot(prefix, "value", "."), index[f"lifecycle.{name}"], lifecycle[name])
                 for name, prefix in spec.get("sentences", {}).items() if lifecycle.get(name) is not None]
    reason_field = meaning.reason_field(system.status)
    return Notice(system.status, spec["title"], sentences, spec.get("closing"),
                  lifecycle.get(reason_field) if reason_field else None)


def make_card(system: System, index: dict[str, FieldInfo], today: dt.date | None = None,
              t: Translator | None = None) -> Card:
    """A system as a card; ``index`` and ``t`` give the labels and words in the page's language."""
    t = t or translator("en")
    personal = system.uses_personal_data
    record = system.data.get("record", {})
    changed = max((d for d in (record.get("first_published"), record.get("last_reviewed")) if d), default=None)
    status_date = system.status_date
    oversight = system.oversight_level
    return Card(
        id=system.id,
        src=layout.system_page(system.id),
        name=system.data["name"],
        summary=system.data["summary"],
        department_id=system.department_id,
        department_name=system.department.name,
        status=system.status,
        status_label=index["status"].label(system.status),
        classification=system.classification,
        classification_label=index["ai_act.classification"].label(system.classification),
        domains=system.domains,
        oversight=system.oversight_level or "not-provided",
        personal_data=PERSONAL_DATA_ANSWERS[personal],
        status_date=status_date[1] if status_date else None,
        main_language=system.main_language,
        changed=changed,
        status_date_label=_with_slot(index["status"].date_labels.get(system.status) if status_date and
                                     system.status in index["status"].date_labels else system.status_date_label, "date"),
        personal_data_label=t.gettext(PERSONAL_DATA_WORDS[personal]),
        oversight_label=index["human_oversight.level"].label(oversight) if oversight else None,
        review_overdue=system.review_overdue(today) if today else False,
        notice=notice(system, index),
        organisation_id=system.organisation.id,
        organisation_name=system.organisation.name,
        region=system.register.text(system.organisation.region) or "",
        categories=[c for c in system.categories if c in system.register.categories],
    )


def titled(infos: Any, register: Any, language: str) -> Any:
    """The fields (a list, or an index by dotted path) with the register's own title for its categories field
    (category_title in register.yaml), where it gives one; the others as they are."""
    title = register.text(register.category_title, language)
    if not title:
        return infos
    if isinstance(infos, dict):
        return {key: dataclasses.replace(info, title=title) if info.kind == "category" else info
                for key, info in infos.items()}
    return [dataclasses.replace(info, title=title) if info.kind == "category" else info for info in infos]


def site_view(registry: Registry, schemas: Schemas, language: str, page_layout: layout.Layout, today: dt.date) -> SiteView:
    t = translator(language)
    index = titled(field_index(schemas, language), registry.register, language)
    cards = [make_card(s, index, today, t) for s in registry]
    cards.sort(key=lambda c: (registry.register.text(c.name, language) or c.id).casefold())
    return SiteView(registry, language, page_layout, schemas, index, cards, today, t)


@dataclass(frozen=True)
class _Shown:
    """The language a record's texts are shown in (the page's, else the record's main language)."""

    language: str
    main: str

    def text(self, value: Text) -> tuple[str, str | None]:
        text = pick_text(value, self.language, self.main) or ""
        if isinstance(value, dict):
            chosen = self.language if self.language in value else (self.main if self.main in value else next(iter(value)))
        else:
            chosen = self.main
        return text, (chosen if chosen != self.language else None)


def _prerender(info: FieldInfo, value: Any, shown: _Shown) -> tuple[list[Markup], str | None]:
    t = translator(shown.language)
    """Escaped (or safely rendered) display forms of a simple value; links and dates are left to the templates."""
    values = value if info.is_list else [value]
    if info.kind in ("text", "markdown"):
        out, lang = [], None
        for item in values:
            text, lang = shown.text(item)
            out.append(rich(text) if info.kind == "markdown" else plain(text))
        return out, lang
    if info.kind == "choice":
        return [plain(info.summaries.get(v) or info.label(v)) for v in values], None  # a sentence, where the schema has one
    if info.kind == "boolean":
        return [plain(t.gettext("Yes") if v else t.gettext("No")) for v in values], None
    if info.kind == "language":
        return [plain(t.language_name(v)) for v in values], None
    if info.kind in ("string", "integer"):
        return [plain(str(v)) for v in values], None
    return [], None


def _field_view(info: FieldInfo, value: Any, withheld: dict[str, Text], top: bool, shown: _Shown) -> FieldView | None:
    dotted = info.dotted
    if value is None:
        if dotted in withheld:
            return FieldView(info, None, "withheld", withheld[dotted])
        if top and info.expected:
            return FieldView(info, None, "missing")
        return None
    view = FieldView(info, value, "present")
    if info.kind == "object" and not info.is_list:
        view.children = [v for child in info.children
                         if (v := _field_view(child, value.get(child.name), withheld, False, shown)) is not None]
    elif info.kind == "object":
        for entry in value:
            title_info = next((c for c in info.children if c.name in ("name", "title", "register") and c.name in entry), None)
            if title_info is None and info.children and info.children[0].kind == "choice":
                title_info = info.children[0]  # e.g. the type of an impact assessment
            fields = [v for child in info.children if child is not title_info
                      and (v := _field_view(child, entry.get(child.name), {}, False, shown)) is not None]
            title = entry.get(title_info.name) if title_info else None
            if title_info is not None and title_info.kind == "choice":
                title = title_info.label(title)
            view.items.append(ItemView(title, title_info, fields))
    else:
        view.html, view.lang = _prerender(info, value, shown)
    return view


def section_views(system: System, schemas: Schemas, language: str,
                  skip: tuple[str, ...] = ("name", "summary", "schema_version", "id", "objection")) -> list[SectionView]:
    """Every section of the record format with the system's fields in it (expected but empty ones included).

    The objection route is left out: the page shows it near the top, with the city's route when the record has none."""
    withheld = system.withheld
    shown = _Shown(language, system.main_language)
    out = []
    all_fields = titled(record_fields(schemas, language), system.register, language)
    for section in sections(schemas, language):
        views = [v for info in all_fields if info.section == section.id and info.name not in skip
                 and (v := _field_view(info, system.data.get(info.name), withheld, True, shown)) is not None]
        out.append(SectionView(section, views))
    return out
