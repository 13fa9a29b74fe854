"""`kg push`: a build's named graphs sent to a real Oxigraph server with the Graph Store Protocol."""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import main
from kg.push import PushError, count_remote, push, read_named_graphs

REPORT = Path(__file__).resolve().parent.parent / "data" / "reports" / \
    "lucheng-justice-bureau-2020-law-based-government-report.txt"


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` PyPI package installs it here
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


OXIGRAPH = _oxigraph_binary()
needs_oxigraph = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server binary is not "
                                    "installed (pip install oxigraph)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build([str(REPORT)], out)
    return out


@pytest.fixture()
def oxigraph(tmp_path):
    """A real Oxigraph server on a free loopback port; yields its base URL and stops it after."""
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "oxi"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph did not start: {proc.stderr.read().decode(errors='replace')}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _remote_select(base: str, query: str, *, union: bool = False) -> list[dict]:
    params = {"query": query}
    if union:  # Oxigraph server: the default graph is the union of the named graphs
        params["union-default-graph"] = ""
    url = f"{base}/query?{urllib.parse.urlencode(params)}"
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["results"]["bindings"]


def _counts_per_graph(base: str) -> dict[str, int]:
    rows = _remote_select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def test_named_graphs_are_read_from_the_trig(build_dir):
    import pyoxigraph as ox

    graphs = read_named_graphs(build_dir)
    store = ox.Store.read_only(str(build_dir / "store"))
    assert sorted(graphs) == sorted(g.value for g in store.named_graphs())
    for graph, nt in graphs.items():
        assert graph.startswith("https://w3id.org/gov-report-kg/id/graph/")
        assert nt.count(b"\n") == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


@needs_oxigraph
def test_push_twice_leaves_the_same_graphs(build_dir, oxigraph):
    local = {g: nt.count(b"\n") for g, nt in read_named_graphs(build_dir).items()}
    report_graphs = [g for g in local if re.search(r"/graph/[0-9a-f]{16}$", g)]  # …/graph/{sha}
    assert report_graphs and all(local[g] > 1000 for g in report_graphs)
    first = push(build_dir, f"{oxigraph}/store", f"{oxigraph}/query")
    assert {p.graph: p.triples for p in first} == local
    assert all(p.remote_triples == p.triples for p in first)
    assert _counts_per_graph(oxigraph) == local
    second = push(build_dir, f"{oxigraph}/store")
    assert second == tuple(type(p)(p.graph, p.triples, None) for p in first)
    assert _counts_per_graph(oxigraph) == local  # replaced, not appended


@needs_oxigraph
def test_pushed_report_answers_a_named_query_remotely(build_dir, oxigraph):
    from kg.query import named_queries, run_query

    push(build_dir, f"{oxigraph}/store")
    rows = _remote_select(oxigraph, named_queries()["report"].text, union=True)
    local = run_query("report", build_dir)
    assert len(rows) == 1
    assert rows[0]["title"]["value"] == local.rows[0][1] == "鹿城区司法局2020年法治政府建设年度报告"


@needs_oxigraph
def test_cli_push_prints_one_line_per_graph(build_dir, oxigraph, capsys):
    assert main(["push", "--endpoint", f"{oxigraph}/store", "--query-endpoint", f"{oxigraph}/query",
                 "--data", str(build_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    graphs = read_named_graphs(build_dir)
    expected = []
    for graph, nt in graphs.items():
        n = count_remote(f"{oxigraph}/query", graph)
        assert n == nt.count(b"\n")
        expected.append(f"pushed {graph} ({n} triples, {n} there)")
    assert out == expected


@needs_oxigraph
def test_a_wrong_path_is_a_one_line_http_error(build_dir, oxigraph, capsys):
    assert main(["push", "--endpoint", f"{oxigraph}/no-such-path", "--data", str(build_dir)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "[E230]" in err and "404" in err


def test_connection_refused_is_one_line(build_dir, capsys):
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(PushError, match="cannot reach .*is the store running"):
        push(build_dir, url)
    assert main(["push", "--endpoint", url, "--data", str(build_dir)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "[E230]" in err


def test_missing_build_says_how_to_make_one(tmp_path):
    with pytest.raises(Exception, match=r"E110.*kg build"):
        push(tmp_path, "http://127.0.0.1:1/store")
