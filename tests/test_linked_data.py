"""The DCAT-AP catalogue and the schema.org description of each system, read as RDF (rdflib), against the rules of
DCAT-AP 3.0.1 that the catalogue must keep. The rules are taken from the DCAT-AP 3.0.1 specification (its
mandatory properties and the class each property's value must have, as its SHACL shapes check them); the shapes
themselves are not part of this project.
"""
from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef

from generator.build.register import BuildOptions, build_register

from conftest import FIXTURES

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SDO = rdflib.Namespace("https://schema.org/")
SITE_URL = "https://register.example/city/"
PLACEHOLDER = "https://site-url-not-set.invalid/"

# DCAT-AP 3.0.1: the class the value of each property must be an instance of (the "range" of the property).
RANGES = {
    DCT.license: DCT.LicenseDocument,
    DCAT.mediaType: DCT.MediaType,
    DCT.conformsTo: DCT.Standard,
    DCAT.contactPoint: VCARD.Kind,
    DCAT.landingPage: FOAF.Document,
    FOAF.homepage: FOAF.Document,
    DCT.publisher: FOAF.Agent,
    DCAT.distribution: DCAT.Distribution,
    DCAT.dataset: DCAT.Dataset,
}
# DCAT-AP 3.0.1: the mandatory properties of each class.
MANDATORY = {
    DCAT.Catalog: (DCT.title, DCT.description, DCT.publisher),
    DCAT.Dataset: (DCT.title, DCT.description),
    DCAT.Distribution: (DCAT.accessURL,),
}


def _open_data(registry: Path, site_url: str | None) -> dict[str, bytes]:
    with build_register(registry, BuildOptions(workers=0, site_url=site_url)) as build:
        return build.open_data()


@pytest.fixture(scope="module", params=[SITE_URL, None], ids=["site-url", "no-site-url"])
def published(request, tmp_path_factory) -> tuple[str, dict[str, bytes], rdflib.Graph]:
    """The open data of a register in git, with and without a public address, and its catalogue as RDF, read
    from where it is published (JSON-LD resolves relative IRIs against that address)."""
    from test_history import commit, git

    project = tmp_path_factory.mktemp("linked")
    shutil.copytree(FIXTURES / "valid", project / "registry")
    settings = project / "registry" / "register.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "licence: CC-BY-4.0\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit(project, "Start the register", "2025-01-10T10:00:00+00:00")
    base = request.param or PLACEHOLDER
    files = _open_data(project / "registry", request.param)
    graph = rdflib.Graph().parse(data=files["data/catalog.jsonld"].decode("utf-8"), format="json-ld",
                                 base=base + "data/catalog.jsonld")
    return base, files, graph


def test_every_value_has_the_class_dcat_ap_asks_for(published):
    _, _, graph = published
    checked = 0
    for prop, cls in RANGES.items():
        for subject, value in graph.subject_objects(prop):
            assert (value, RDF.type, cls) in graph, f"{subject} {prop} {value}: not a {cls}"
            checked += 1
    assert checked > 30


def test_every_class_has_its_mandatory_properties(published):
    _, _, graph = published
    for cls, props in MANDATORY.items():
        subjects = list(graph.subjects(RDF.type, cls))
        assert subjects, cls
        for subject in subjects:
            for prop in props:
                assert graph.value(subject, prop) is not None, f"{subject} lacks {prop}"


def test_every_standard_is_an_iri_and_none_is_lost(published):
    _, files, graph = published
    written = files["data/catalog.jsonld"].decode("utf-8").count('"dct:conformsTo"')
    standards = list(graph.objects(None, DCT.conformsTo))
    assert len(standards) == written >= 1 + 6, "every dct:conformsTo survives reading as RDF"
    for standard in standards:
        assert isinstance(standard, URIRef) and " " not in standard and urllib.parse.urlparse(standard).scheme


def test_licence_and_media_types_use_the_registries_identifiers(published):
    _, _, graph = published
    licences = set(graph.objects(None, DCT.license))
    assert licences == {URIRef("http://spdx.org/licenses/CC-BY-4.0")}
    for media in graph.objects(None, DCAT.mediaType):
        assert str(media).startswith("http://www.iana.org/assignments/media-types/"), media
        assert str(media).rsplit("/", 2)[-2] in ("text", "application")
    assert URIRef("http://www.iana.org/assignments/media-types/application/schema+json") not in set(
        graph.objects(None, DCAT.mediaType)), "not a registered media type"


def test_every_iri_is_absolute_and_every_download_is_a_published_file(published):
    base, files, graph = published
    downloads = [str(o) for o in graph.objects(None, DCAT.downloadURL)]
    assert len(downloads) >= 5 + 6
    for download in downloads:
        assert download.startswith(base), download
        assert download[len(base):] in files, download
    for node in set(graph.subjects()) | {o for o in graph.objects() if isinstance(o, URIRef)}:
        if isinstance(node, URIRef):
            assert urllib.parse.urlparse(node).scheme in ("https", "http", "mailto", "urn"), node
            assert "/data/data/" not in node
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert str(catalogue) == base + "data/catalog.jsonld"
    landing = next(graph.objects(None, DCAT.landingPage))
    assert str(landing) == base


def test_without_a_public_address_the_placeholder_is_unmistakable(published):
    base, files, _ = published
    feed = files["data/feed.xml"].decode("utf-8")
    assert f'href="{base}data/feed.xml"' in feed
    if base == PLACEHOLDER:
        assert ".invalid/" in base  # RFC 2606: a domain that can never resolve


def _system_jsonld(registry: Path, record_id: str) -> dict:
    from generator.model.registry import load_registry
    from generator.publish.opendata import OpenDataOptions, system_jsonld

    result = load_registry(registry)
    assert result.registry is not None, result.problems
    return system_jsonld(result.registry.get(record_id), OpenDataOptions())


def test_the_provider_is_the_supplier_when_the_city_only_deploys(tmp_path):
    registry = tmp_path / "registry"
    shutil.copytree(FIXTURES / "valid", registry)
    path = registry / "high-risk-system.yaml"  # ai_act.role: deployer
    path.write_text(path.read_text() + "development: supplier\nsuppliers:\n  - name: Caseline Software Oy\n")
    node = _system_jsonld(registry, "high-risk-system")
    assert node["provider"] == [{"@type": "Organization", "name": "Caseline Software Oy"}]
    assert node["publisher"]["name"] == "Fixture City"
    assert node["creativeWorkStatus"] == "In use", "the status's label, not the internal code 'in use'"
    assert node["@id"].startswith("urn:uuid:") and node["url"] == PLACEHOLDER + "systems/high-risk-system/"
    minimal = _system_jsonld(registry, "minimal")
    assert minimal["provider"]["name"] == "Fixture City", "without a supplier the city provides the system"
    json.dumps(node)
