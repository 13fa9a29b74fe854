"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint, tested with independent clients
(SPARQLWrapper, curl, urllib) on a free loopback port."""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import make_parser
from kg.query import run_query
from conftest import running_server
from kg.serve import ServeSettings, negotiate, refusal

REPORT = Path(__file__).resolve().parent.parent / "data" / "reports" / \
    "lucheng-justice-bureau-2020-law-based-government-report.txt"
MAX_ROWS = 5
TIMEOUT = 1.5
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ {' '.join(str(j) for j in range(10))} }}" for i in range(10)) + " }"
OFFICE_LABELS = ("PREFIX org: <http://www.w3.org/ns/org#>\n"
                 "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 "SELECT ?label WHERE { ?o a org:OrganizationalUnit ; rdfs:label ?label } ORDER BY ?label LIMIT 5")
PROBE = "ASK { <urn:kg:test:s> <urn:kg:test:p> <urn:kg:test:o> }"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build([str(REPORT)], out)
    return out


@pytest.fixture(scope="module")
def endpoint(build_dir):
    with running_server(build_dir, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2) as url:
        yield url


def _http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """Returns (status, headers, body) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _get(endpoint: str, query: str, accept: str | None = None):
    url = f"{endpoint}/sparql?{urllib.parse.urlencode({'query': query})}"
    return _http(url, headers={"Accept": accept} if accept else {})


def _probe_is_absent(endpoint: str) -> bool:
    status, _h, body = _get(endpoint, PROBE, "application/sparql-results+json")
    assert status == 200
    return json.loads(body)["boolean"] is False


def test_sparqlwrapper_select_gets_the_rows_of_the_embedded_store(endpoint, build_dir):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(OFFICE_LABELS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert labels == [r[0] for r in run_query(OFFICE_LABELS, build_dir).rows]
    assert "丰门司法所" in labels or len(labels) == MAX_ROWS


def test_sparqlwrapper_post_with_xml_and_csv_results(endpoint):
    from SPARQLWrapper import CSV, POST, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setMethod(POST)
    client.setQuery(OFFICE_LABELS)
    client.setReturnFormat(XML)
    doc = client.query().convert()
    xml_labels = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["label"] and [r[0] for r in rows[1:]] == xml_labels
    assert len(xml_labels) == 5


def test_sparqlwrapper_ask_and_construct(endpoint):
    from rdflib import Graph
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery("PREFIX schema: <https://schema.org/> ASK { ?r a schema:Report }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("PREFIX schema: <https://schema.org/> CONSTRUCT { ?r a schema:Report } "
                    "WHERE { ?r a schema:Report }")
    client.setReturnFormat(TURTLE)
    g = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(g) == 1


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_gets_tsv_by_content_negotiation(endpoint):
    out = subprocess.run(["curl", "-s", "-H", "Accept: text/tab-separated-values",
                          "--data-urlencode", f"query={OFFICE_LABELS}", f"{endpoint}/sparql"],
                         capture_output=True, check=True, timeout=30).stdout.decode("utf-8")
    lines = out.splitlines()
    assert lines[0] == "?label" and len(lines) == 6 and lines[1].startswith('"')


@pytest.mark.parametrize("accept, ctype, parse_format", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_construct_negotiates_rdf_formats(endpoint, accept, ctype, parse_format):
    from rdflib import Graph

    q = "PREFIX schema: <https://schema.org/> CONSTRUCT { ?r ?p ?o } WHERE { ?r a schema:Report ; ?p ?o }"
    status, headers, body = _get(endpoint, q, accept)
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert len(Graph().parse(data=body.decode("utf-8"), format=parse_format)) == MAX_ROWS


def test_application_sparql_query_body(endpoint):
    status, headers, body = _http(f"{endpoint}/sparql", OFFICE_LABELS.encode("utf-8"),
                                  {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode("utf-8").splitlines()[0] == "label"


def test_unacceptable_accept_is_406(endpoint):
    status, _h, body = _get(endpoint, OFFICE_LABELS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


@pytest.mark.parametrize("how", ["form-update", "sparql-update-body", "insert-as-query", "get-update"])
def test_updates_are_refused(endpoint, how):
    insert = "INSERT DATA { <urn:kg:test:s> <urn:kg:test:p> <urn:kg:test:o> }"
    if how == "form-update":
        status, _h, body = _http(f"{endpoint}/sparql", urllib.parse.urlencode({"update": insert}).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "sparql-update-body":
        status, _h, body = _http(f"{endpoint}/sparql", insert.encode(),
                                 {"Content-Type": "application/sparql-update"})
    elif how == "insert-as-query":
        status, _h, body = _get(endpoint, insert)
    else:
        status, _h, body = _http(f"{endpoint}/sparql?{urllib.parse.urlencode({'update': insert})}")
    assert status == 403, body
    assert b"read-only" in body
    assert _probe_is_absent(endpoint)


def test_sparqlwrapper_update_is_refused(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:kg:test:s> <urn:kg:test:p> <urn:kg:test:o> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    assert _probe_is_absent(endpoint)


def test_put_and_delete_are_not_allowed(endpoint):
    for method in ("PUT", "DELETE"):
        status, headers, _b = _http(f"{endpoint}/sparql", b"", method=method)
        assert status == 405 and "POST" in headers["Allow"]


@pytest.fixture()
def listener():
    """A loopback socket that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    yield sock
    sock.close()


def _connected(sock) -> bool:
    try:
        conn, _ = sock.accept()
    except (socket.timeout, OSError):
        return False
    conn.close()
    return True


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c . FILTER(?c != 'x')SERVICE<{url}>{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # a comment\n  SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_no_request_leaves(endpoint, listener, template):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    status, _h, body = _get(endpoint, template.format(url=url))
    assert status == 403 and b"SERVICE is refused" in body
    assert not _connected(listener)


def test_load_is_refused(endpoint, listener):
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
    for send in (lambda q: _get(endpoint, q),
                 lambda q: _http(f"{endpoint}/sparql", urllib.parse.urlencode({"update": q}).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})):
        status, _h, body = send(f"LOAD <{url}> INTO GRAPH <urn:kg:test:g>")
        assert status == 403, body
    assert not _connected(listener)


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" } LIMIT 1',
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://example.org/> and LOAD",
    "SELECT ?s WHERE { ?s <http://example.org/service/load> ?o } LIMIT 1",
    "PREFIX service: <http://example.org/> SELECT ?s WHERE { ?s service:load ?o } LIMIT 1",
    "SELECT ?service WHERE { ?service ?load ?insert } LIMIT 1",
])
def test_words_inside_strings_comments_iris_and_names_are_not_refused(endpoint, text):
    assert refusal(text) is None
    status, _h, body = _get(endpoint, text)
    assert status == 200, body


def test_results_are_capped_with_a_header(endpoint):
    status, headers, body = _get(endpoint, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200
    assert headers["X-KG-Truncated"] == f"true; limit={MAX_ROWS}"
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, _b = _get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    assert status == 200 and headers.get("X-KG-Truncated") is None


def test_a_slow_query_times_out_and_the_endpoint_keeps_answering(endpoint):
    start = time.monotonic()
    status, _h, body = _get(endpoint, SLOW_QUERY)
    assert status == 503 and b"[E207]" in body
    assert time.monotonic() - start < TIMEOUT + 5
    status, _h, body = _get(endpoint, "PREFIX schema: <https://schema.org/> ASK { ?r a schema:Report }",
                            "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_syntax_error_is_400_with_line_and_column(endpoint):
    status, _h, body = _get(endpoint, "SELECT ?x WHERE {\n ?x ?y }")
    assert status == 400
    assert b"line 2, column" in body and b"error at" not in body


def test_missing_query_is_400(endpoint):
    assert _http(f"{endpoint}/sparql")[0] == 400


def test_query_page_works_offline(endpoint):
    from kg.resources import PACKAGE_DIR

    status, headers, body = _http(f"{endpoint}/")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    template = (PACKAGE_DIR / "web" / "query.html").read_text(encoding="utf-8")
    assert "http" not in template  # nothing is fetched from the network
    assert "innerHTML" not in page and "textContent" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    examples = json.loads(page.split('type="application/json">', 1)[1].split("</script>", 1)[0])
    from kg.query import named_queries

    assert [e["name"] for e in examples] == sorted(named_queries())
    awards = next(e for e in examples if e["name"] == "awards")
    assert awards["question_zh"] == "谁获得了什么荣誉，在哪一级？" and "kgo:HonourConferral" in awards["text"]


def test_named_query_text_cannot_break_out_of_the_page(build_dir, monkeypatch):
    from kg import serve as serve_module
    from kg.query import NamedQuery

    evil = NamedQuery("x", "</script><img src=x onerror=alert(1)>", "q", "SELECT * {}", Path("x.rq"))
    monkeypatch.setattr("kg.query.named_queries", lambda: {"x": evil})
    page = serve_module._page(build_dir).decode("utf-8")
    assert "</script><img" not in page and "\\u003c/script\\u003e" in page


def test_network_page_is_served(endpoint, build_dir):
    status, _h, body = _http(f"{endpoint}/network.html")
    assert status == 200 and body == (build_dir / "network.html").read_bytes()


def test_binds_to_loopback_unless_told_otherwise():
    assert ServeSettings().host == "127.0.0.1"
    args = make_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.timeout == 10.0 and args.max_rows == 10_000


@pytest.mark.parametrize("accept, graph, expected", [
    (None, False, "json"),
    ("application/sparql-results+xml", False, "xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.9", False, "tsv"),
    ("text/*", False, "csv"),
    ("application/sparql-results+json", True, None),
    ("application/n-triples, */*;q=0.1", True, "n-triples"),
])
def test_negotiate(accept, graph, expected):
    assert negotiate(accept, graph) == expected
