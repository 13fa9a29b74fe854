"""The ontology: metadata, terms, code lists, the Data Cube structure, parsing, OWL RL consistency, docs."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, SDO, SKOS

from kg.builder import DSD
from kg.model import HonourLevel, OrgKind, PlaceLevel, Qualifier
from kg.settings import ONTOLOGY_NS
from kg.validate import load_ontology
from kg.vocab import KGO, SDMXA, SDMXD, SDMXM, codelist

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY = REPO / "ontology" / "kg.ttl"
REPORT = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"
ONT_IRI = URIRef(ONTOLOGY_NS.rstrip("#"))
VANN = "http://purl.org/vocab/vann/"
ERR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")


@pytest.fixture(scope="module")
def ont() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("ontology-build")
    build([str(REPORT)], out, page=False)
    return out


def _kgo_terms() -> list[str]:
    return sorted(KGO.__annotations__)


def test_ontology_header_has_title_version_licence_creator_and_preferred_namespace(ont):
    assert (ONT_IRI, RDF.type, OWL.Ontology) in ont
    titles = {t.language: str(t) for t in ont.objects(ONT_IRI, DCTERMS.title)}
    assert set(titles) == {"en", "zh-Hans"}
    assert ont.value(ONT_IRI, OWL.versionIRI) == URIRef(f"{ONT_IRI}/{ont.value(ONT_IRI, OWL.versionInfo)}")
    assert ont.value(ONT_IRI, DCTERMS.license) == URIRef("https://www.apache.org/licenses/LICENSE-2.0")
    assert ont.value(ONT_IRI, DCTERMS.creator) is not None
    assert str(ont.value(ONT_IRI, URIRef(VANN + "preferredNamespacePrefix"))) == "kgo"
    assert str(ont.value(ONT_IRI, URIRef(VANN + "preferredNamespaceUri"))) == ONTOLOGY_NS


@pytest.mark.parametrize("term", _kgo_terms())
def test_every_vocab_term_is_defined_with_bilingual_label_comment_and_defined_by(ont, term):
    iri = KGO[term]
    kinds = set(ont.objects(iri, RDF.type))
    expected = OWL.Class if term[0].isupper() else None
    if expected:
        assert OWL.Class in kinds
    else:
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"{term} is not declared a property"
    labels = {lit.language for lit in ont.objects(iri, RDFS.label)}
    assert labels == {"en", "zh-Hans"}, term
    assert ont.value(iri, RDFS.comment) is not None, term
    assert ont.value(iri, RDFS.isDefinedBy) == ONT_IRI, term


def test_the_ontology_defines_no_kgo_term_missing_from_vocab(ont):
    defined = {str(s)[len(ONTOLOGY_NS):] for s in ont.subjects() if str(s).startswith(ONTOLOGY_NS)}
    assert defined == set(_kgo_terms())


def test_every_class_is_aligned_with_a_public_vocabulary(ont):
    for cls in ont.subjects(RDF.type, OWL.Class):
        supers = [s for s in ont.objects(cls, RDFS.subClassOf) if not str(s).startswith(ONTOLOGY_NS)]
        assert supers, f"{cls} has no superclass outside the project namespace"


@pytest.mark.parametrize("sub, rel, sup", [
    (KGO.Programme, RDFS.subClassOf, PROV.Activity),
    (KGO.HonourConferral, RDFS.subClassOf, PROV.Activity),
    (KGO.Honour, RDFS.subClassOf, SKOS.Concept),
    (KGO.Indicator, RDFS.subClassOf, SKOS.Concept),
    (KGO.AdministrativeUnit, RDFS.subClassOf, SDO.AdministrativeArea),
    (KGO.serves, RDFS.subPropertyOf, SDO.areaServed),
    (KGO.orgKind, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#classification")),
    (KGO.mentionedIn, RDFS.subPropertyOf, DCTERMS.isReferencedBy),
    (KGO.HonourConferral, OWL.disjointWith, KGO.HonourApplication),
])
def test_alignment_axioms(ont, sub, rel, sup):
    assert (sub, rel, sup) in ont


@pytest.mark.parametrize("scheme, enum", [
    ("org-kind", OrgKind), ("admin-level", PlaceLevel), ("honour-level", HonourLevel),
    ("qualifier", Qualifier),
])
def test_code_lists_hold_exactly_the_model_enum_values(ont, scheme, enum):
    s = codelist(scheme)
    assert (s, RDF.type, SKOS.ConceptScheme) in ont
    members = set(ont.subjects(SKOS.inScheme, s))
    assert members == {codelist(scheme, e.value) for e in enum}
    for e in enum:
        c = codelist(scheme, e.value)
        assert str(ont.value(c, SKOS.notation)) == e.value
        assert {lit.language for lit in ont.objects(c, SKOS.prefLabel)} == {"zh-Hans", "en"}
        assert (s, SKOS.hasTopConcept, c) in ont


def test_programme_kind_scheme_and_build_minted_schemes_exist(ont):
    assert len(set(ont.subjects(SKOS.inScheme, codelist("programme-kind")))) == 7
    for minted in ("indicator", "honour"):  # concepts are minted by the build, the scheme is here
        assert (codelist(minted), RDF.type, SKOS.ConceptScheme) in ont
        assert not set(ont.subjects(SKOS.inScheme, codelist(minted)))
    assert ont.value(KGO.indicator, QB.codeList) == codelist("indicator")


def test_dsd_has_the_dimensions_measure_and_attributes_of_report_statistics(ont):
    assert DSD == URIRef("https://w3id.org/gov-report-kg/def/dsd/statistics")
    assert (DSD, RDF.type, QB.DataStructureDefinition) in ont
    parts = {p: set() for p in (QB.dimension, QB.measure, QB.attribute)}
    for comp in ont.objects(DSD, QB.component):
        for p in parts:
            parts[p].update(ont.objects(comp, p))
    assert parts[QB.dimension] == {SDMXD.refArea, SDMXD.refPeriod, KGO.indicator}
    assert parts[QB.measure] == {SDMXM.obsValue}
    assert {SDMXA.unitMeasure, KGO.qualifier, KGO.measureWord, KGO.valueAsWritten} <= parts[QB.attribute]


def test_ontology_and_data_parse_alike_in_rdflib_and_pyoxigraph(ont, build_dir):
    ox = pytest.importorskip("pyoxigraph")
    for path in (ONTOLOGY, REPO / "ontology" / "shapes.ttl", build_dir / "graph.ttl"):
        g = Graph().parse(path, format="turtle")
        with open(path, "rb") as fh:
            quads = list(ox.parse(fh, format=ox.RdfFormat.TURTLE))
        assert len(quads) == len(g) > 100, path.name


def _owl_rl(graph: Graph) -> Graph:
    import owlrl

    g = Graph()
    for t in graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(g)
    return g


def _clashes(g: Graph) -> list:
    return sorted(set(g.subjects(RDF.type, OWL.Nothing))) + sorted(
        str(m) for e in g.subjects(RDF.type, ERR) for m in g.objects(e, None) if isinstance(m, Literal))


def test_owl_rl_closure_of_ontology_and_bundled_data_is_consistent(ont, build_dir):
    pytest.importorskip("owlrl")
    data = Graph().parse(build_dir / "graph.ttl")
    closed = _owl_rl(ont + data)
    assert _clashes(closed) == []
    # the closure did reason: a conferral is a prov:Activity through kgo:HonourConferral
    conferral = sorted(data.subjects(RDF.type, KGO.HonourConferral))[0]
    assert (conferral, RDF.type, PROV.Activity) in closed


def test_owl_rl_closure_finds_a_conferral_that_is_also_an_application(ont):
    pytest.importorskip("owlrl")
    bad = Graph()
    node = URIRef("https://w3id.org/gov-report-kg/id/conferral/bad")
    bad.add((node, RDF.type, KGO.HonourConferral))
    bad.add((node, RDF.type, KGO.HonourApplication))
    assert _clashes(_owl_rl(ont + bad)) != []


def test_kg_docs_writes_the_ontology_page_and_one_page_per_code_list(tmp_path):
    pytest.importorskip("pylode", reason="pyLODE 3.3.4 comes with the docs extra")
    from kg.cli import main

    assert main(["docs", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["code-lists.html", "index.html"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<title>政府工作报告知识图谱本体</title>" in index
    assert "Government report knowledge graph ontology" in index
    assert "荣誉授予" in index and "Honour conferral" in index
    assert "https://w3id.org/gov-report-kg/def/core#recipient" in index
    assert "Statistical indicators" not in index  # code lists are on their own page
    codes = (tmp_path / "code-lists.html").read_text(encoding="utf-8")
    assert "<td>司法所</td><td>Judicial office</td>" in codes
    assert 'id="qualifier"' in codes and "<td>余</td><td>More than</td>" in codes
    first = {p.name: p.read_bytes() for p in tmp_path.glob("*.html")}
    assert main(["docs", "--out", str(tmp_path)]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.html")} == first  # byte-identical
