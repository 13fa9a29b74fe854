"""kg's own Turtle, TriG and JSON-LD writers: what they write parses back, in rdflib and pyoxigraph, to
exactly the triples given; the same triples in any order give the same bytes."""
import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.outputs import serialize_dataset, serialize_graph
from kg.publish import to_jsonld
from kg.rdfwrite import Unwritable, jsonld_nodes, trig, turtle

EX = "http://example.org/"
PREFIXES = {"ex": EX, "rdfs": str(RDFS), "skos": str(SKOS), "xsd": str(XSD), "rdf": str(RDF)}
S = URIRef(f"{EX}s")
P = URIRef(f"{EX}p")
_XSD_STRING = str(XSD.string)
_OX = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD}

TRICKY_STRINGS = ['say "hi"', "back\\slash", 'end\\', "line\nbreak", "cr\r\nlf", "tab\there", "\x00\x01\x1f\x7f",
                  "\b\f", "", " ", '"""', "'''", "中文：法治政府（2021）", "emoji 🎉", "\u2028\u2029", "é\u0301",
                  "a\\u0041b", "\\n is not a newline"]
TRICKY_LITERALS = [Literal(t) for t in TRICKY_STRINGS] + [
    Literal("法治", lang="zh-Hans"), Literal("fazhi", lang="zh-Latn-pinyin"), Literal("rule", lang="en"),
    Literal("x", lang="de-CH-1901"),
    Literal("42", datatype=XSD.integer), Literal("-7", datatype=XSD.integer),
    Literal("1418", datatype=XSD.decimal), Literal("12.75", datatype=XSD.decimal),
    Literal("0.5", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean),
    Literal("false", datatype=XSD.boolean), Literal("1.0E3", datatype=XSD.double),
    Literal("2021", datatype=XSD.gYear), Literal("2022-03-15", datatype=XSD.date),
    Literal("7", datatype=XSD.nonNegativeInteger), Literal("plain", datatype=XSD.string),
    Literal("odd", datatype=URIRef(f"{EX}type(1)")), Literal("x", datatype=URIRef("urn:kg:dt")),
]
TRICKY_IRIS = [f"{EX}a(b)", f"{EX}x,y", f"{EX}ends.", f"{EX}100%25", f"{EX}a.b", f"{EX}-x", f"{EX}_x",
               f"{EX}9", f"{EX}中文", f"{EX}p#frag", f"{EX}a:b", EX, f"{EX}a/b", f"{EX}a~b", f"{EX}a'b",
               f"{EX}a!b", f"{EX}a=b&c", f"{EX}?q=1", "urn:isbn:0451450523", "http://example.org",
               "https://w3id.org/gov-report-kg/id/place/330302"]


def _lang(tag):
    return tag.lower() if tag else None


def _from_ox(term):
    """Returns the rdflib term of a pyoxigraph term, lexical form untouched."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=_lang(term.language), normalize=False)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def _key(term):
    """Returns what identifies an RDF term: kind, lexical form or IRI, language (any case), datatype."""
    if isinstance(term, Literal):
        datatype = None if term.datatype in (None, XSD.string) else str(term.datatype)
        return ("literal", str(term), _lang(term.language), datatype)
    return ("iri", str(term))


def _quads(quads):
    return {tuple(_key(t) if t is not None else None for t in q) for q in quads}


def _ox_quads(text: str, fmt: str) -> set:
    found = set()
    for q in ox.parse(text.encode("utf-8"), format=_OX[fmt]):
        graph = None if isinstance(q.graph_name, ox.DefaultGraph) else _from_ox(q.graph_name)
        found.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object), graph))
    return _quads(found)


def _rdflib_quads(text: str, fmt: str) -> set:
    ds = Dataset()
    ds.parse(data=text, format=fmt)
    default = ds.default_graph.identifier
    return _quads((s, p, o, None if c.identifier == default else c.identifier)
                  for c in ds.graphs() for s, p, o in c)


def _assert_round_trip(text: str, fmt: str, quads) -> None:
    expected = _quads(quads)
    assert _ox_quads(text, fmt) == expected
    assert _rdflib_quads(text, fmt) == expected


def _tricky_triples():
    triples = [(S, P, lit) for lit in TRICKY_LITERALS]
    for i, iri in enumerate(TRICKY_IRIS):
        triples += [(URIRef(iri), P, Literal(i)), (S, URIRef(f"{EX}q{i}"), URIRef(iri)),
                    (S, RDF.type, URIRef(iri))]
    return triples


# ------------------------------------------------------------------------ Turtle and TriG

def test_tricky_literals_and_iris_round_trip_in_turtle():
    triples = _tricky_triples()
    _assert_round_trip(turtle(triples, PREFIXES), "turtle", [(*t, None) for t in triples])


def test_tricky_literals_and_iris_round_trip_in_trig_graphs():
    triples = _tricky_triples()
    graphs = [(None, triples[:10]), (URIRef(f"{EX}g(2)"), triples[10:30]), (URIRef(f"{EX}g1"), triples[30:])]
    quads = [(*t, name) for name, ts in graphs for t in ts]
    _assert_round_trip(trig(graphs, PREFIXES), "trig", quads)


def test_prefixed_names_only_where_the_local_part_is_plain():
    text = turtle([(S, P, URIRef(iri)) for iri in TRICKY_IRIS], PREFIXES)
    assert "ex:a.b" in text and "ex:-x" not in text and "ex:_x" in text and "ex:9" in text
    for iri in (f"{EX}a(b)", f"{EX}x,y", f"{EX}ends.", f"{EX}100%25", f"{EX}-x", f"{EX}中文", f"{EX}a:b", EX):
        assert f"<{iri}>" in text


def test_only_used_prefixes_are_declared_sorted():
    text = turtle([(S, RDFS.label, Literal("x", datatype=XSD.date)), (S, P, URIRef(f"{EX}o"))], PREFIXES)
    assert [line for line in text.splitlines() if line.startswith("@prefix")] == [
        f"@prefix ex: <{EX}> .", f"@prefix rdfs: <{RDFS}> .", f"@prefix xsd: <{XSD}> ."]


def test_layout_groups_predicates_and_objects_with_rdf_type_first():
    triples = [(S, URIRef(f"{EX}b"), Literal("2")), (S, URIRef(f"{EX}b"), Literal("1")),
               (S, URIRef(f"{EX}a"), URIRef(f"{EX}o")), (S, RDF.type, URIRef(f"{EX}T")),
               (URIRef(f"{EX}r"), URIRef(f"{EX}a"), URIRef(f"{EX}o"))]
    assert turtle(triples, {"ex": EX}) == (
        f"@prefix ex: <{EX}> .\n\n"
        "ex:r ex:a ex:o .\n\n"
        "ex:s a ex:T ;\n"
        "    ex:a ex:o ;\n"
        '    ex:b "1",\n'
        '        "2" .\n')


def test_numbers_are_bare_only_when_the_bare_form_keeps_the_lexical_form():
    values = [("007", XSD.integer), ("+1", XSD.integer), (".5", XSD.decimal), ("1418", XSD.decimal),
              ("1.", XSD.decimal), ("1e3", XSD.double), ("1", XSD.boolean), ("true", XSD.boolean),
              ("-0.0", XSD.decimal), ("1_000", XSD.integer)]
    lits = [Literal(lex, datatype=dt, normalize=False) for lex, dt in values]
    text = turtle([(S, P, lit) for lit in lits], PREFIXES)
    written = {line.strip().rstrip(",.").strip().removeprefix("ex:s ex:p ") for line in text.splitlines()[3:]}
    assert written == {"+1", "-0.0", ".5", "007", "true", '"1"^^xsd:boolean', '"1."^^xsd:decimal',
                       '"1418"^^xsd:decimal', '"1_000"^^xsd:integer', '"1e3"^^xsd:double'}
    found = {(str(q.object.value), q.object.datatype.value) for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)}
    assert found == {(lex, str(dt)) for lex, dt in values}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30),
                          st.sampled_from([None, "en", "zh-Hans", "zh-Latn-pinyin", str(XSD.string),
                                           str(XSD.integer), str(XSD.decimal), str(XSD.date)])),
                min_size=1, max_size=8))
def test_random_literals_round_trip_in_both_parsers(values):
    lits = []
    for text, kind in values:
        if kind is None or kind == str(XSD.string):
            lits.append(Literal(text, datatype=URIRef(kind) if kind else None))
        elif "#" in kind:  # rdflib reads "007"^^xsd:integer as "7" whoever wrote it: give it canonical forms
            lits.append(Literal(text, datatype=URIRef(kind)))
        else:
            lits.append(Literal(text, lang=kind))
    triples = [(S, URIRef(f"{EX}p{i % 3}"), lit) for i, lit in enumerate(lits)]
    _assert_round_trip(turtle(triples, PREFIXES), "turtle", [(*t, None) for t in triples])


def test_same_triples_in_any_order_give_the_same_bytes():
    triples = _tricky_triples()
    text = turtle(triples, PREFIXES)
    assert turtle(list(reversed(triples)), PREFIXES) == text
    assert turtle(triples + triples[:5], dict(reversed(list(PREFIXES.items())))) == text
    graphs = [(URIRef(f"{EX}g2"), triples[:20]), (URIRef(f"{EX}g1"), triples[20:]), (None, triples[:3])]
    assert trig(graphs, PREFIXES) == trig(list(reversed(graphs)), PREFIXES)
    assert trig(graphs, PREFIXES).index("{\n") < trig(graphs, PREFIXES).index("ex:g1 {") \
        < trig(graphs, PREFIXES).index("ex:g2 {")


def test_blank_nodes_are_refused_and_serialize_graph_falls_back_to_rdflib():
    with pytest.raises(ValueError):
        turtle([(BNode(), P, Literal("x"))], PREFIXES)
    with pytest.raises(Unwritable):
        trig([(URIRef(f"{EX}g"), [(S, P, BNode())])], PREFIXES)
    g = Graph()
    g.add((BNode("b1"), P, Literal("x")))
    back = Graph().parse(data=serialize_graph(g, "turtle").decode(), format="turtle")
    assert isomorphic(back, g)


def test_serialize_dataset_writes_the_default_graph_first_then_named_graphs_in_order():
    ds = Dataset()
    ds.bind("ex", EX)
    ds.graph(URIRef(f"{EX}g2")).add((S, P, Literal("two")))
    ds.graph(URIRef(f"{EX}g1")).add((S, P, Literal("one")))
    ds.default_graph.add((S, P, Literal("default")))
    text = serialize_dataset(ds).decode()
    assert text.index('"default"') < text.index("ex:g1 {") < text.index("ex:g2 {")
    _assert_round_trip(text, "trig", [(S, P, Literal("default"), None), (S, P, Literal("one"), URIRef(f"{EX}g1")),
                                      (S, P, Literal("two"), URIRef(f"{EX}g2"))])


# ------------------------------------------------------------------------ JSON-LD

CONTEXT = {"ex": EX, "xsd": str(XSD), "id": "@id", "type": "@type",
           "label": {"@id": str(RDFS.label), "@container": "@language"},
           "link": {"@id": f"{EX}link", "@type": "@id"},
           "year": {"@id": f"{EX}year", "@type": str(XSD.gYear)},
           "note": {"@id": f"{EX}note"}}


def _jsonld_triples():
    return [(S, RDF.type, URIRef(f"{EX}T")), (S, RDF.type, URIRef(f"{EX}U")),
            (S, RDFS.label, Literal("法治", lang="zh-Hans")), (S, RDFS.label, Literal("rule", lang="en")),
            (S, RDFS.label, Literal("no language")),  # does not fit the language map
            (S, URIRef(f"{EX}link"), URIRef(f"{EX}o")), (S, URIRef(f"{EX}link"), Literal("not an IRI")),
            (S, URIRef(f"{EX}year"), Literal("2021", datatype=XSD.gYear)),
            (S, URIRef(f"{EX}year"), Literal("2022-01-01", datatype=XSD.date)),
            (S, URIRef(f"{EX}note"), Literal('say "hi"\n')), (S, URIRef(f"{EX}note"), URIRef(f"{EX}a(b)")),
            (S, URIRef(f"{EX}note"), Literal("5", datatype=XSD.integer)),
            (S, URIRef(f"{EX}other"), Literal("x", lang="en")),
            (URIRef(f"{EX}o"), URIRef("http://example.com/p"), URIRef("urn:isbn:0451450523")),
            (URIRef("https://w3id.org/gov-report-kg/id/place/1"), URIRef(f"{EX}link"), S)]


def test_jsonld_round_trips_terms_that_fit_and_terms_that_do_not():
    triples = _jsonld_triples()
    g = Graph()
    for t in triples:
        g.add(t)
    text = to_jsonld(g, {"@context": CONTEXT}).decode()
    _assert_round_trip(text, "json-ld", [(*t, None) for t in triples])
    nodes = json.loads(text)["@graph"]
    assert [n["id"] for n in nodes] == ["ex:o", "ex:s", "https://w3id.org/gov-report-kg/id/place/1"]
    s = nodes[1]
    assert s["type"] == ["ex:T", "ex:U"]
    assert s["label"] == {"en": "rule", "zh-Hans": "法治"}
    assert s[str(RDFS.label)] == "no language" and s["ex:link"] == "not an IRI"
    assert s["link"] == "ex:o" and s["year"] == "2021"


def test_jsonld_refuses_an_iri_the_context_would_read_as_a_compact_iri():
    with pytest.raises(Unwritable):
        jsonld_nodes([(S, P, URIRef("ex:not-http"))], CONTEXT)
    g = Graph()
    g.add((S, P, URIRef("ex:not-http")))
    doc = json.loads(to_jsonld(g, {"@context": CONTEXT}))  # rdflib's serialiser then
    assert doc["@context"] == CONTEXT and len(doc["@graph"]) == 1


# ------------------------------------------------------------------------ the bundled report

@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("rdfwrite-build")
    build(["data/reports"], out, page=False)
    return out


def test_build_files_parse_to_the_same_triples_in_rdflib_and_pyoxigraph(build_dir):
    ttl = (build_dir / "graph.ttl").read_text(encoding="utf-8")
    trig_text = (build_dir / "graph.trig").read_text(encoding="utf-8")
    triples = _ox_quads(ttl, "turtle")
    assert len(triples) > 3000
    assert _rdflib_quads(ttl, "turtle") == triples
    quads = _ox_quads(trig_text, "trig")
    assert _rdflib_quads(trig_text, "trig") == quads
    void = {q[:3] + (None,) for q in quads if q[3] == ("iri", "https://w3id.org/gov-report-kg/id/graph/void")}
    assert {q[:3] + (None,) for q in quads} - void == triples
    assert all(q[3] is not None for q in quads)  # every triple in a named graph


def test_rewriting_the_build_graph_gives_the_same_bytes_and_triples(build_dir):
    ttl = (build_dir / "graph.ttl").read_text(encoding="utf-8")
    g = Graph().parse(data=ttl, format="turtle")
    text = turtle(g, g.namespaces())
    assert text == ttl
    _assert_round_trip(text, "turtle", [(*t, None) for t in g])


def test_build_jsonld_is_isomorphic_to_the_turtle(build_dir):
    ttl = Graph().parse(build_dir / "graph.ttl", format="turtle")
    jsonld = Graph().parse(build_dir / "graph.jsonld", format="json-ld")
    assert len(jsonld) == len(ttl)
    assert to_isomorphic(jsonld) == to_isomorphic(ttl)
    doc = json.loads((build_dir / "graph.jsonld").read_text(encoding="utf-8"))
    assert list(doc) == ["@context", "@graph"]
    ids = [n["id"] for n in doc["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
