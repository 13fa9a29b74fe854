"""Pushing a build's named graphs to a remote store (SPARQL 1.1 Graph Store HTTP Protocol; `kg push`).

Each named graph of ``DIR/graph.trig`` is sent with ``PUT {endpoint}?graph={IRI}`` as
N-Triples, which replaces the graph on the remote side: pushing twice changes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_FAILED, EXIT_OK, KGError

__all__ = ["PushError", "PushedGraph", "read_named_graphs", "push", "count_remote", "register"]


class PushError(KGError):
    """A remote store that cannot be reached or refused a graph."""

    code = "E230"
    exit_code = EXIT_FAILED


@dataclass(frozen=True)
class PushedGraph:
    graph: str                 # the named graph IRI
    triples: int               # triples sent
    remote_triples: int | None = None  # triples the remote store holds afterwards, if checked


def read_named_graphs(data_dir: str | Path) -> dict[str, bytes]:
    """Returns each named graph of ``DIR/graph.trig`` as sorted N-Triples bytes, by graph IRI."""
    import pyoxigraph as ox

    from .errors import InputError

    path = Path(data_dir) / "graph.trig"
    if not path.is_file():
        raise InputError(f"{data_dir}: no graph.trig here; run `kg build --out {data_dir}` first",
                         code="E110")
    by_graph: dict[str, list[str]] = {}
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid TriG ({exc}); rebuild it with `kg build`", code="E112") from None
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            continue  # only report graphs are pushed; the default graph has none of them
        line = ox.serialize([q.triple], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        by_graph.setdefault(q.graph_name.value, []).append(line)
    return {g: "".join(sorted(lines)).encode("utf-8") for g, lines in sorted(by_graph.items())}


def _request(method: str, url: str, body: bytes | None, headers: dict, timeout: float) -> bytes:
    """Returns the response body; raises PushError (one line) on a network or HTTP error."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        first = detail[0] if detail else exc.reason
        raise PushError(f"{method} {url} answered {exc.code} {exc.reason}: {first}; check the "
                        "endpoint URL (for Oxigraph server it is http://HOST:PORT/store)") from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise PushError(f"cannot reach {url} ({reason}); is the store running at that address?") from None
    except (TimeoutError, OSError) as exc:
        raise PushError(f"cannot reach {url} ({exc}); is the store running at that address?") from None


def _with_graph(endpoint: str, graph: str) -> str:
    from urllib.parse import quote

    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}graph={quote(graph, safe='')}"


def count_remote(query_endpoint: str, graph: str, timeout: float = 30.0) -> int:
    """Returns how many triples the remote SPARQL endpoint holds in named graph ``graph``."""
    from urllib.parse import urlencode

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    sep = "&" if "?" in query_endpoint else "?"
    body = _request("GET", f"{query_endpoint}{sep}{urlencode({'query': query})}", None,
                    {"Accept": "application/sparql-results+json"}, timeout)
    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as exc:
        raise PushError(f"{query_endpoint} did not answer a SPARQL JSON count ({exc}); "
                        "give its SPARQL query URL (for Oxigraph server http://HOST:PORT/query)") from None


def push(data_dir: str | Path, endpoint: str, query_endpoint: str | None = None,
         timeout: float = 60.0) -> tuple[PushedGraph, ...]:
    """Returns one PushedGraph per named graph sent to the Graph Store ``endpoint`` (replacing it).

    With ``query_endpoint`` each graph's triples are counted back; a count that differs from
    what was sent raises PushError.
    """
    graphs = read_named_graphs(data_dir)
    if not graphs:
        raise PushError(f"{data_dir}/graph.trig holds no named graph; rebuild with `kg build`", code="E231")
    pushed = []
    for graph, ntriples in graphs.items():
        _request("PUT", _with_graph(endpoint, graph), ntriples,
                 {"Content-Type": "application/n-triples"}, timeout)
        sent = ntriples.count(b"\n")
        remote = None
        if query_endpoint:
            remote = count_remote(query_endpoint, graph, timeout)
            if remote != sent:
                raise PushError(f"{graph}: sent {sent} triples but {query_endpoint} holds {remote}; "
                                "check that both URLs belong to the same store", code="E232")
        pushed.append(PushedGraph(graph, sent, remote))
    return tuple(pushed)


def _cmd_push(args) -> int:
    for g in push(args.data, args.endpoint, args.query_endpoint, args.timeout):
        check = f", {g.remote_triples} there" if g.remote_triples is not None else ""
        print(f"pushed {g.graph} ({g.triples} triples{check})")
    return EXIT_OK


def register(subparsers) -> None:
    """Adds the ``push`` command."""
    p = subparsers.add_parser("push", help="send a build's named graphs to a remote SPARQL store (replacing them)")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL (Oxigraph server: http://HOST:PORT/store)")
    p.add_argument("--query-endpoint", default=None, metavar="URL",
                   help="the store's SPARQL query URL, to count each graph back (Oxigraph: http://HOST:PORT/query)")
    p.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per request (default: 60)")
    p.set_defaults(func=_cmd_push)
