"""The publishing files a build writes: VoID/DCAT, JSON-LD, CSV; every RDF file parses elsewhere."""
import csv
import io
import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID

BASE = "https://w3id.org/gov-report-kg/"
DATASET = URIRef(f"{BASE}id/dataset/kg")
LINKS = URIRef(f"{BASE}id/graph/links")
RDF_FILES = {"graph.ttl": "TURTLE", "graph.trig": "TRIG", "void.ttl": "TURTLE", "graph.jsonld": "JSON_LD"}


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("publish-build")
    build(["data/reports"], out, page=False)
    return out


@pytest.fixture(scope="module")
def void(build_dir):
    g = Graph()
    g.parse(build_dir / "void.ttl", format="turtle")
    return g


@pytest.mark.parametrize("name, fmt", sorted(RDF_FILES.items()))
def test_every_rdf_file_parses_in_pyoxigraph_with_the_same_triples_as_rdflib(build_dir, name, fmt):
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(build_dir / name), format=getattr(ox.RdfFormat, fmt)))
    ours = Dataset()
    ours.parse(build_dir / name, format={"TURTLE": "turtle", "TRIG": "trig", "JSON_LD": "json-ld"}[fmt])
    assert len(quads) > 300
    assert len(quads) == sum(len(c) for c in ours.graphs())


def test_void_counts_the_triples_of_the_graph(build_dir, void):
    data = Graph()
    data.parse(build_dir / "graph.ttl", format="turtle")
    assert void.value(DATASET, VOID.triples) == Literal(len(data))
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    partitions = {void.value(p, URIRef("http://rdfs.org/ns/void#class")): int(void.value(p, VOID.entities))
                  for p in void.objects(DATASET, VOID.classPartition)}
    assert partitions[URIRef("http://www.w3.org/ns/org#OrganizationalUnit")] == \
        len(set(data.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#OrganizationalUnit"))))
    assert partitions[URIRef("http://purl.org/linked-data/cube#Observation")] == 51


def test_linkset_describes_the_links_graph(build_dir, void):
    ds = Dataset()
    ds.parse(build_dir / "graph.trig", format="trig")
    n = len(list(ds.graph(LINKS).triples((None, OWL.sameAs, None))))
    assert n == 3
    assert (LINKS, RDF.type, VOID.Linkset) in void
    assert void.value(LINKS, VOID.triples) == Literal(n)
    assert void.value(LINKS, VOID.linkPredicate) == OWL.sameAs
    assert void.value(LINKS, VOID.subjectsTarget) == DATASET
    assert void.value(LINKS, VOID.objectsTarget) == URIRef("http://www.wikidata.org/")


def test_description_has_licence_sources_tool_and_report_dates(void):
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    reports = [s for s in void.objects(DATASET, DCTERMS.source) if isinstance(s, URIRef)]
    assert [str(r).rsplit("/", 1)[1] for r in reports] == ["2e58458a85ed7186"]
    tool = void.value(DATASET, DCTERMS.creator)
    assert str(tool).endswith("/software/kg-0.1.0")
    assert void.value(DATASET, DCTERMS.modified) == Literal("2021-02-23", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))


def test_description_is_a_named_graph_of_the_trig(build_dir):
    ds = Dataset()
    ds.parse(build_dir / "graph.trig", format="trig")
    assert (DATASET, VOID.triples, None) in ds.graph(URIRef(f"{BASE}id/graph/void"))


def test_csv_files_are_utf8_with_bom_for_excel(build_dir):
    raw = (build_dir / "statistics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 51
    first = rows[0]
    assert (first["value_as_written"], first["measure_word"], first["area"], first["area_code"]) == \
        ("19", "件", "鹿城区", "330302")
    assert any(r["value"] == "30136900" and r["unit"] == "CCY_CNY" for r in rows)


def test_organizations_csv_has_english_labels_and_served_townships(build_dir):
    text = (build_dir / "organizations.csv").read_bytes().decode("utf-8-sig")
    rows = {r["label_zh"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["鹿城区法律援助中心"]["label_en"] == "Lucheng District Legal Aid Center"
    assert (rows["七都司法所"]["serves"], rows["七都司法所"]["serves_code"]) == ("七都街道", "330302023")
    assert rows["退役军人法律援助工作站"]["label_en"] == "Veterans Legal Aid Workstation"


def test_jsonld_reads_with_short_keys_and_language_maps(build_dir):
    context = json.loads((build_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["label"]["@container"] == "@language"
    assert context["unitOf"] == {"@id": "http://www.w3.org/ns/org#unitOf", "@type": "@id"}
    doc = json.loads((build_dir / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context
    office = next(n for n in doc["@graph"] if n.get("label") == {"zh-Hans": "七都司法所"})
    assert office["prefLabel"]["en"] == "Qidu Judicial Office"
    assert office["serves"] == f"{BASE}id/place/330302023"


def test_publishing_files_are_byte_identical_across_builds(build_dir, tmp_path):
    from kg.pipeline import build

    build(["data/reports"], tmp_path, page=False)
    for name in ("graph.trig", "void.ttl", "context.jsonld", "graph.jsonld", "statistics.csv",
                 "organizations.csv"):
        assert (tmp_path / name).read_bytes() == (build_dir / name).read_bytes(), name


def test_base_iri_is_a_setting(tmp_path):
    from kg.pipeline import build
    from kg.settings import Settings

    build(["data/reports"], tmp_path, Settings.from_env(base="https://example.org/kg"), page=False)
    g = Graph()
    g.parse(tmp_path / "void.ttl", format="turtle")
    assert (URIRef("https://example.org/kg/id/dataset/kg"), RDF.type, VOID.Dataset) in g
    data = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert "https://example.org/kg/id/place/330302028" in data and f"{BASE}id/" not in data
