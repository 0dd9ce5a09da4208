"""The filters of the "All systems" page (facets), described once as data.

Each facet is one property of a system's card (``contexts.Card``): its values,
their labels in the page's language (from the schema's choice labels, or the
register's department names) and the page that lists the systems of one value
without JavaScript (the department and domain pages, or a page under
``browse/<facet>/``). The same list names the search index's filters, so the
browse page, the index and the plain pages always agree.

Adding a facet is one line in ``FACETS``: a key (the address parameter and the
index's filter name), a title, the card attribute that holds the value (or a
list of values), and the schema field whose choice labels name the values.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from generator.core import layout
from generator.core.i18n import N_
from generator.site.contexts import OWN_ORGANISATION, PERSONAL_DATA_OPTIONS, Card, SiteView
from generator.model.objects import PERSONAL_DATA_ANSWERS


@dataclass(frozen=True)
class FacetSpec:
    """How one facet is made: where its values come from and how they are named."""

    key: str  # address parameter (?status=in%20use) and the search index's filter name
    title: str  # a message id (N_): the heading of the filter group
    attribute: str  # the Card attribute that holds the value or the list of values
    field: str | None = None  # a schema choice field (dotted) whose labels name the values, in the schema's order
    extra: tuple[tuple[str, str], ...] = ()  # values the field does not list, with their message ids
    labels: Callable[[SiteView], dict[str, str]] | None = None  # value -> label, when not from a schema field
    page: Callable[[str], str] | None = None  # the page listing a value's systems; None: browse/<key>/<value>
    when: Callable[[SiteView], bool] | None = None  # whether the register offers this facet (None: always)
    descriptions: Callable[[SiteView], dict[str, str]] | None = None  # value -> a sentence for its page, if any
    heading: Callable[[SiteView], str | None] | None = None  # the register's own title for the facet, if it has one


def _departments(view: SiteView) -> dict[str, str]:
    register = view.registry.register
    return {key: register.text(d.name, view.language) or key for key, d in register.departments.items()}


def _organisations(view: SiteView) -> dict[str, str]:
    """The organisations' names by id, in alphabetical order (a register of many organisations)."""
    register = view.registry.register
    names = {key: register.text(o.name, view.language) or key for key, o in register.organisations.items()}
    names.setdefault(OWN_ORGANISATION, register.text(register.organisation.name, view.language) or "")
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


def _categories(view: SiteView) -> dict[str, str]:
    """The register's own categories' labels by id, in register.yaml's order."""
    register = view.registry.register
    return {key: register.text(c.label, view.language) or key for key, c in register.categories.items()}


def _category_descriptions(view: SiteView) -> dict[str, str]:
    register = view.registry.register
    return {key: register.text(c.description, view.language) or "" for key, c in register.categories.items()
            if c.description is not None}


def _category_title(view: SiteView) -> str | None:
    """What the register calls its categories (category_title in register.yaml), in the page's language."""
    register = view.registry.register
    return register.text(register.category_title, view.language)


def _has_categories(view: SiteView) -> bool:
    return bool(view.registry.register.categories)


def _several(view: SiteView) -> bool:
    return view.registry.register.several_organisations


def _departments_differ(view: SiteView) -> bool:
    """Whether the department filter says more than the organisation filter: not when each organisation has one
    department (as an import of a national register makes them)."""
    if not _several(view):
        return True
    return len({c.department_id for c in view.cards}) > len({c.organisation_id for c in view.cards})


def _personal(view: SiteView) -> dict[str, str]:
    return {value: view.t.gettext(PERSONAL_DATA_OPTIONS[answer]) for answer, value in PERSONAL_DATA_ANSWERS.items()}


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("organisation", N_("Organisation"), "organisation_key", labels=_organisations, when=_several),
    FacetSpec("region", N_("Region"), "region", when=_several),
    FacetSpec("domain", N_("City domain"), "domains", field="domains", page=layout.domain_page),
    FacetSpec("category", N_("Category"), "categories", labels=_categories, when=_has_categories,
              descriptions=_category_descriptions, heading=_category_title),
    FacetSpec("department", N_("Department"), "department_id", labels=_departments, page=layout.department_page,
              when=_departments_differ),
    FacetSpec("status", N_("Status"), "status", field="status"),
    FacetSpec("classification", N_("EU AI Act classification"), "classification", field="ai_act.classification"),
    FacetSpec("oversight", N_("Human oversight"), "oversight", field="human_oversight.level",
              extra=(("not-provided", N_("Not provided")),)),
    FacetSpec("personal", N_("Uses personal data"), "personal_data", labels=_personal),
)


@dataclass(frozen=True)
class Option:
    """One value of a facet: its label, how many systems have it, and the page that lists them."""

    value: str = field(metadata={"help": "The value as the index and the address hold it ('in use')."})
    label: str = field(metadata={"help": "The value in words, in the page's language."})
    count: int = field(metadata={"help": "How many systems have this value."})
    src: str = field(metadata={"help": "Source path of the page listing these systems, for the url() filter."})
    description: str = field(default="", metadata={
        "help": "What the value covers, shown on its page (a category's description in register.yaml), or ''."})


@dataclass(frozen=True)
class Facet:
    """A filter of the browse page: one property of systems with its values."""

    key: str = field(metadata={"help": "Address parameter and search filter name, such as 'domain'."})
    title: str = field(metadata={"help": "Heading of the filter group."})
    options: list[Option] = field(metadata={"help": "Every value some system has, in the schema's order."})


def slug(value: str) -> str:
    """A value as a page name: 'in use' -> 'in-use'."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-") or "value"


def values_of(card: Card, spec: FacetSpec) -> list[str]:
    value = getattr(card, spec.attribute)
    return [v for v in (list(value) if isinstance(value, (list, tuple)) else [value]) if v != ""]


def offered(view: SiteView, specs: tuple[FacetSpec, ...] = FACETS) -> tuple[FacetSpec, ...]:
    """The facets this register offers (the organisation and region only in a register of several organisations)."""
    return tuple(spec for spec in specs if spec.when is None or spec.when(view))


def facet_page(spec: FacetSpec, value: str) -> str:
    return spec.page(value) if spec.page else layout.facet_page(spec.key, slug(value))


def category_page(category_id: str) -> str:
    """The page that lists the systems of one of the register's categories (browse/category/<id>.md)."""
    return facet_page(next(spec for spec in FACETS if spec.attribute == "categories"), category_id)


def _labels(view: SiteView, spec: FacetSpec) -> dict[str, str]:
    if spec.labels is not None:
        return spec.labels(view)
    info = view.fields[spec.field] if spec.field else None
    labels = {value: info.label(value) for value in info.choices} if info else {}
    labels.update({value: view.t.gettext(words) for value, words in spec.extra})
    return labels


def facets(view: SiteView, specs: tuple[FacetSpec, ...] = FACETS) -> list[Facet]:
    """Every facet with the values some system has, their labels and counts."""
    out = []
    for spec in offered(view, specs):
        counts: Counter[str] = Counter(v for card in view.cards for v in values_of(card, spec))
        labels = _labels(view, spec)
        notes = spec.descriptions(view) if spec.descriptions else {}
        order = list(labels) + sorted(v for v in counts if v not in labels)
        title = (spec.heading(view) if spec.heading else None) or view.t.gettext(spec.title)
        out.append(Facet(spec.key, title, [
            Option(value, labels.get(value, value), counts[value], facet_page(spec, value), notes.get(value, ""))
            for value in order if counts[value]]))
    return out


def own_pages(view: SiteView, specs: tuple[FacetSpec, ...] = FACETS) -> list[tuple[str, Facet, Option, list[Card]]]:
    """The plain pages this module adds (for facets without pages of their own): (source path, facet, value, cards)."""
    pages = []
    specs = offered(view, specs)
    for spec, facet in zip(specs, facets(view, specs)):
        if spec.page is not None:
            continue
        by_value: dict[str, list[Card]] = {}  # one pass over the cards (a national register has thousands of values)
        for card in view.cards:
            for value in values_of(card, spec):
                by_value.setdefault(value, []).append(card)
        for option in facet.options:
            pages.append((option.src, facet, option, by_value.get(option.value, [])))
    return pages


def filters_of(card: Card, specs: tuple[FacetSpec, ...] = FACETS) -> list[tuple[str, str]]:
    """(facet key, value) for every value of a system, as its page gives them to the search index."""
    return [(spec.key, value) for spec in specs for value in values_of(card, spec)]
