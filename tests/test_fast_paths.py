"""The fast paths of the build give exactly what the slow, obvious ways give."""
from __future__ import annotations

import json

from rdflib import Dataset, Graph, Literal, URIRef

from kg import labels
from kg.pipeline import _parse_quads
from kg.publish import organizations_table, statistics_table

STATISTICS_SPARQL = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX kgo: <https://w3id.org/gov-report-kg/def/core#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?obs ?value ?word ?normalized WHERE {
  ?obs a qb:Observation ; kgo:valueAsWritten ?value ; kgo:measureWord ?word ;
       sdmx-measure:obsValue ?normalized }"""


def merged(built) -> Graph:
    g = Graph()
    g.parse(built[1] / "graph.ttl", format="turtle")
    return g


def test_statistics_table_matches_a_sparql_query(built):
    g = merged(built)
    header, rows = statistics_table(g)
    by_sparql = {(str(o), str(v), str(w), str(n)) for o, v, w, n in g.query(STATISTICS_SPARQL)}
    assert len(rows) == len(by_sparql) == 51
    col = {name: i for i, name in enumerate(header)}
    table = sorted((r[col["observation"]], r[col["value_as_written"]], r[col["measure_word"]]) for r in rows)
    assert table == sorted((o, v, w) for o, v, w, _ in by_sparql)
    money = next(r for r in rows if r[col["value_as_written"]] == "3013.69")
    assert (money[col["measure_word"]], money[col["unit"]]) == ("万元", "CCY_CNY") or money[col["unit"]] == "CNY"


def test_organizations_table_lists_every_classified_organization(built):
    g = merged(built)
    header, rows = organizations_table(g)
    orgs = set(g.subjects(URIRef("http://www.w3.org/ns/org#classification"), None))
    assert len(rows) == len(orgs) == 15
    assert any("鹿城区司法局" in cell for r in rows for cell in r)


def test_cached_quads_parse_like_rdflib(built, tmp_path):
    ds = Dataset()
    ds.parse(built[1] / "graph.trig", format="trig")
    (report_graph,) = [g for g in ds.graphs() if "/id/graph/" in str(g.identifier)
                       and (None, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                            URIRef("https://schema.org/Report")) in g]
    # include a literal with a quote and a backslash, which N-Quads escapes
    report_graph.add((URIRef("http://example.org/x"), URIRef("http://example.org/p"),
                      Literal('a "quoted" \\ word', lang="en")))
    from kg.outputs import nquads

    nq = nquads(report_graph).decode("utf-8")
    ours = _parse_quads(nq, report_graph.identifier)
    assert ours is not None
    theirs = Dataset()
    theirs.parse(data=nq, format="nquads")
    assert set(ours) == set(theirs.graph(report_graph.identifier))
    assert len(ours) == len(report_graph)


def test_parse_quads_hands_unusual_lines_to_rdflib():
    assert _parse_quads("<http://a> <http://b> _:blank <http://g> .\n", URIRef("http://g")) is None


def test_pinyin_memo_round_trips(tmp_path):
    name = labels.pinyin_memo_name()
    assert name.startswith("pinyin-") and name.endswith(".json")
    expected = labels.pinyin("调处")
    path = tmp_path / name
    assert labels.save_pinyin_memo(path, known=0)
    memo = json.loads(path.read_text(encoding="utf-8"))
    assert memo and expected in memo.values()
    assert labels.load_pinyin_memo(path) == len(memo)
    assert not labels.save_pinyin_memo(path, known=len(memo))  # nothing new: not rewritten
