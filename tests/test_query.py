"""`kg query`: named queries, result formats, syntax errors and a timeout that really stops the work."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import QueryError
from kg.query import (FORMATS, QueryTimeout, QueryWorker, ResultKind, _width, format_result,
                      named_queries, resolve_query, run_query)

REPORT = Path(__file__).resolve().parent.parent / "data" / "reports" / \
    "lucheng-justice-bureau-2020-law-based-government-report.txt"

#: A query whose work does not depend on the data: 10^10 rows to count.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ {' '.join(str(j) for j in range(10))} }}" for i in range(10)) + " }"

SCHEMA = "PREFIX schema: <https://schema.org/>\n"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build([str(REPORT)], out)
    assert (out / "store").is_dir()
    return out


def _rdflib_rows(build_dir: Path, text: str) -> Counter:
    """Rows of the same query on rdflib's Dataset (union default graph), as a multiset."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(build_dir / "graph.trig", format="trig")
    return Counter(tuple(_key(t) for t in row) for row in ds.query(text))


def _key(term):
    """A term compared by value: 19 = 19.0 (decimal), language tags case-insensitive, and
    xsd:nonNegativeInteger = xsd:integer (pyoxigraph's store keeps integer-derived types as integer)."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.value if term.value is not None else str(term)
        return ("literal", value, (term.language or "").lower())
    return (type(term).__name__, str(term))


def _as_rdflib(binding: dict | None):
    """A W3C JSON results binding as an rdflib term (rdflib normalises literals, e.g. 19 → 19.0)."""
    from rdflib import BNode, Literal, URIRef

    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    return Literal(binding["value"], lang=binding.get("xml:lang"),
                   datatype=URIRef(binding["datatype"]) if "datatype" in binding else None)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_gives_the_rows_rdflib_gives(build_dir, name):
    result = run_query(name, build_dir)
    assert result.kind is ResultKind.SELECT and result.rows
    ours = Counter(tuple(_key(_as_rdflib(b.get(v))) for v in result.variables)
                   for b in result.raw["results"]["bindings"])
    assert ours == _rdflib_rows(build_dir, named_queries()[name].text)


def test_every_named_query_has_questions_in_both_languages():
    queries = named_queries()
    assert {"report", "statistics", "offices", "awards"} <= set(queries)
    for q in queries.values():
        assert q.question_zh and q.question_en, q.name


def test_report_query_reads_the_bundled_report(build_dir):
    result = run_query("report", build_dir)
    assert len(result.rows) == 1
    row = dict(zip(result.variables, result.rows[0]))
    assert row["title"] == "鹿城区司法局2020年法治政府建设年度报告"
    assert row["year"] == "2020"
    assert row["identifier"] == "001008003001009/2021-31287"


def test_statistics_keep_the_percentage_as_written(build_dir):
    rows = run_query("statistics", build_dir).rows
    percent = [r for r in rows if r[0] and r[1] == "44.48"]
    assert percent and percent[0][4] == "PERCENT"


def test_table_aligns_chinese_columns(build_dir):
    text = SCHEMA + """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?org WHERE { ?org a org:OrganizationalUnit ; rdfs:label ?label } ORDER BY ?org"""
    result = run_query(text, build_dir)
    assert len(result.rows) >= 3
    lines = format_result(result, "table").splitlines()
    assert lines[0].startswith("label") and lines[-1] == f"({len(result.rows)} rows)"
    # the second column starts at the same display column on every line
    starts = {_width(line[: line.index(org)]) for line, (_label, org) in zip(lines[2:], result.rows)}
    starts.add(_width(lines[0][: lines[0].index("org")]))
    assert len(starts) == 1


def test_select_formats_follow_the_w3c_results_formats(build_dir):
    result = run_query("offices", build_dir)
    n = len(result.rows)
    assert n > 0
    table = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert table[0] == list(result.variables) and len(table) == n + 1
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t") == [f"?{v}" for v in result.variables] and len(tsv) == n + 1
    assert json.loads(format_result(result, "json"))["head"]["vars"] == list(result.variables)
    root = ET.fromstring(format_result(result, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == n


def test_ask_answers_true_and_false(build_dir):
    yes = run_query(SCHEMA + "ASK { ?r a schema:Report }", build_dir)
    no = run_query("ASK { ?r a <urn:kg:test:NoSuchClass> }", build_dir)
    assert yes.kind is ResultKind.ASK and yes.boolean is True and no.boolean is False
    assert format_result(yes, "table") == "true\n"
    assert json.loads(format_result(no, "json")) == {"head": {}, "boolean": False}
    assert "<boolean>true</boolean>" in format_result(yes, "xml")


def test_construct_serialises_as_turtle_json_ld_and_n_triples(build_dir):
    from rdflib import Graph

    text = SCHEMA + "CONSTRUCT { ?r ?p ?o } WHERE { ?r a schema:Report ; ?p ?o }"
    result = run_query(text, build_dir)
    assert result.kind is ResultKind.GRAPH
    n = len(result.rows)
    assert n > 5
    nt = format_result(result, "n-triples")
    assert len(nt.splitlines()) == n
    ttl = format_result(result, "turtle")
    assert "@prefix schema: <https://schema.org/>" in ttl  # the query's own prefixes
    assert len(Graph().parse(data=ttl, format="turtle")) == n
    assert len(Graph().parse(data=format_result(result, "json-ld"), format="json-ld")) == n
    with pytest.raises(QueryError, match="E205"):
        format_result(result, "csv")


def test_describe_returns_triples_about_the_resource(build_dir):
    result = run_query(SCHEMA + "DESCRIBE ?r WHERE { ?r a schema:Report }", build_dir)
    assert result.kind is ResultKind.GRAPH
    assert any(r[2] == '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>' or "2020" in r[2]
               for r in result.rows)


def test_select_refuses_graph_formats(build_dir):
    with pytest.raises(QueryError, match="E205"):
        format_result(run_query("laws", build_dir), "turtle")
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "n-triples"}


@pytest.mark.parametrize("text, line", [
    ("SELECT ?x WHERE { ?x ?y }", 1),
    ("SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER( }", 4),
])
def test_syntax_error_names_line_and_column(build_dir, text, line):
    with pytest.raises(QueryError) as err:
        run_query(text, build_dir)
    assert err.value.code == "E203"
    assert re.search(rf"line {line}, column \d+: expected", str(err.value)), str(err.value)
    assert "error at" not in str(err.value)


def test_limit_truncates_and_says_so(build_dir):
    result = run_query("offices", build_dir, limit=2)
    assert len(result.rows) == 2 and result.truncated
    assert format_result(result, "table").endswith("(2 rows, truncated)\n")
    assert not run_query("offices", build_dir).truncated


def test_timeout_kills_the_worker_that_runs_the_query(build_dir):
    worker = QueryWorker(build_dir)
    try:
        assert len(worker.run(resolve_query("report"), timeout=30).rows) == 1
        pid = worker.pid
        assert pid is not None
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="1 s"):
            worker.run(SLOW_QUERY, timeout=1)
        assert time.monotonic() - start < 6
        assert worker.pid is None
        with pytest.raises(ProcessLookupError):  # the process is gone, not merely abandoned
            os.kill(pid, 0)
        # the next query starts a fresh worker
        assert worker.run(resolve_query("report"), timeout=30).rows[0][3] == "2020"
    finally:
        worker.close()


def test_run_query_with_timeout_returns_the_same_rows(build_dir):
    assert run_query("offices", build_dir, timeout=30) == run_query("offices", build_dir)


def test_resolve_query_reads_rq_files_and_rejects_unknown_names(tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(f)) == "ASK { ?s ?p ?o }"
    with pytest.raises(QueryError, match="E202"):
        resolve_query("no-such-query")
    with pytest.raises(QueryError, match="E201"):
        resolve_query(str(tmp_path / "missing.rq"))


def test_cli_reads_the_query_from_stdin(build_dir, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(SCHEMA + "SELECT ?y WHERE { ?r a schema:Report ; "
                                                 "<https://w3id.org/gov-report-kg/def/core#reportYear> ?y }"))
    assert main(["query", "-", "--data", str(build_dir), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["y", "2020"]


def test_cli_syntax_error_is_one_line_with_line_and_column(build_dir, capsys):
    assert main(["query", "SELECT ?x WHERE { ?x ?y }", "--data", str(build_dir)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert re.search(r"\[E203\] SPARQL syntax error: line 1, column \d+: ", err)


def test_cli_timeout_stops_a_slow_query(build_dir, capsys):
    start = time.monotonic()
    assert main(["query", SLOW_QUERY, "--data", str(build_dir), "--timeout", "1"]) == 2
    assert time.monotonic() - start < 6
    assert "[E207]" in capsys.readouterr().err


def test_cli_lists_named_queries_with_questions(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "statistics" in out and named_queries()["statistics"].question_zh in out


def test_missing_build_says_how_to_make_one(tmp_path):
    with pytest.raises(Exception, match=r"E110.*kg build"):
        run_query("report", tmp_path)
