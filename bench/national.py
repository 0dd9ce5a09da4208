"""A synthetic national register in the Dutch publication standard 1.0 (NL-shaped records), for benchmarks and tests.

The records look like the export of the Dutch national Algorithm Register: many
organisations (municipalities, provinces, agencies), each record with the
national id (``lars``), the organisation's own id (``source_id``), HTML texts,
themes, a status and the groupings of laws, assessments and data. Names repeat
across organisations, as they do in the real register (several municipalities
publish "Parkeerscan" or "Signalen"), so an import that makes ids from names
alone runs into clashes.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

KINDS = (("Gemeente", "municipality"), ("Provincie", "region"), ("Waterschap", "other"), ("Dienst", "national-agency"))
PLACES = ("Amsterdam", "Rotterdam", "Utrecht", "Zwolle", "Groningen", "Leiden", "Delft", "Breda", "Tilburg", "Almere",
          "Arnhem", "Nijmegen", "Haarlem", "Enschede", "Apeldoorn", "Maastricht", "Dordrecht", "Ede", "Emmen", "Venlo")
PRODUCTS = ("Signalen", "Parkeerscan", "Chatbot Gemma", "Fraudesignalering bijstand", "Slimme verkeerslichten",
            "Afvalcontainer voorspelling", "Vertaalhulp", "Woningwaardering WOZ", "Route-optimalisatie",
            "Meldingen openbare ruimte classificeren")
STATUSES = ("In gebruik", "In ontwikkeling", "Buiten gebruik")
THEMES = ("Verkeer", "Natuur en milieu", "Sociale zekerheid", "Openbare orde en veiligheid", "Wonen", "Economie")


def organisations(count: int) -> list[tuple[str, str]]:
    """``count`` organisation names with their kind (such as ("Gemeente Zwolle 3", "municipality"))."""
    out = []
    for number in range(count):
        prefix, kind = KINDS[number % len(KINDS)]
        place = PLACES[number % len(PLACES)]
        out.append((f"{prefix} {place} {number // len(PLACES) + 1}" if number >= len(PLACES) else f"{prefix} {place}",
                    kind))
    return out


def nl_record(number: int, organisation: str, seed: int = 1) -> dict[str, Any]:
    """NL record number ``number`` of ``organisation``: a shared product name (often), its national id ``lars``."""
    rng = random.Random(seed * 7919 + number)
    product = PRODUCTS[number % len(PRODUCTS)] if number % 3 else f"{rng.choice(PRODUCTS)} {number}"
    status = STATUSES[number % len(STATUSES)]
    return {
        "name": product,
        "organization": organisation,
        "description_short": f"{organisation} gebruikt {product} om het werk sneller en beter te doen (nummer {number}).",
        "category": rng.sample(THEMES, 2),
        "status": status,
        "begin_date": f"20{10 + number % 14:02d}-{1 + number % 12:02d}",
        "end_date": "2024-06" if status == "Buiten gebruik" else None,
        "contact_email": f"algoritmes{number % 50}@{organisation.lower().replace(' ', '-')}.example",
        "website": f"https://www.example.org/{number}",
        "publication_category": "Impactvolle algoritmes" if number % 2 else "Overige algoritmes",
        "url": f"https://algoritmes.example.org/{number}",
        "goal": f"<p>{product} helpt bij <strong>taak {number}</strong>.</p><ul><li>sneller</li><li>eerlijker</li></ul>",
        "proportionality": "<p>De voordelen wegen op tegen de nadelen.</p>",
        "human_intervention": "<p>Een medewerker controleert elke uitkomst.</p>",
        "risks": "<p>Het model kan fouten maken; daarom kijkt een mens mee.</p>",
        "lawful_basis": "<p>Gemeentewet.</p>",
        "lawful_basis_grouping": [{"title": "Gemeentewet, artikel 160", "link": "https://wetten.example.org/gemeentewet"}],
        "process_index_url": None,
        "impacttoetsen_grouping": [{"title": "Data Protection Impact Assessment (DPIA)",
                                    "link": f"https://www.example.org/dpia/{number}.pdf"}],
        "impacttoetsen": "<p>Er is een DPIA gedaan.</p>",
        "source_data": "<p>Meldingen van inwoners.</p>",
        "source_data_grouping": [{"title": "Meldingen", "link": f"https://data.example.org/{number}"}],
        "methods_and_models": "<p>Een classificatiemodel op basis van woorden.</p>",
        "provider": "Leverancier B.V.",
        "publiccode": None,
        "lang": "nld",
        "standard_version": "1.0",
        "source_id": f"alg-{number % 40}",  # each organisation numbers its own: clashes across organisations
        "tags": "meldingen, classificatie",
        "lars": f"{10_000_000 + number * 37}",
        "publication_dt": "2024-01-15",
    }


def national_export(count: int, organisation_count: int | None = None, seed: int = 1) -> list[dict[str, Any]]:
    """``count`` NL records spread over ``organisation_count`` organisations (by default one per 4.5 records)."""
    orgs = organisations(organisation_count or max(1, round(count / 4.5)))
    return [nl_record(number, orgs[number % len(orgs)][0], seed) for number in range(1, count + 1)]


def write_national_export(path: Path, count: int, organisation_count: int | None = None) -> Path:
    path.write_text(json.dumps(national_export(count, organisation_count), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return path


NATIONAL_REGISTER = """\
schema_version: "1.0"
title: Algoritmeregister (synthetisch)
organisation:
  name: Nederlandse overheid
  country: NL
default_language: nl
contact:
  email: algoritmeregister@overheid.example
departments:
  algemeen:
    name: Algemeen
"""


def write_national_register(target: Path) -> Path:
    """An empty national register (``target/registry``) ready to import into."""
    registry = target / "registry"
    registry.mkdir(parents=True, exist_ok=True)
    (registry / "register.yaml").write_text(NATIONAL_REGISTER, encoding="utf-8")
    return registry
