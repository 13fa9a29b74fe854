"""Returns network analytics of a build (``kg stats``) and writes it for Gephi (``kg export``)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_OK, InputError, KGError

__all__ = ["GraphStats", "graph_stats", "format_stats", "export_graph", "load_build", "register"]

#: kinds that give the report its structure; rankings list the things the report talks about
_STRUCTURE = ("report", "section")


@dataclass(frozen=True)
class Ranked:
    label: str
    kind: str
    score: float
    iri: str


@dataclass(frozen=True)
class GraphStats:
    nodes: int
    edges: int
    kinds: tuple[tuple[str, int], ...]
    by_degree: tuple[Ranked, ...]
    by_betweenness: tuple[Ranked, ...]
    components: tuple[int, ...]        # sizes, largest first
    components_without_structure: tuple[int, ...]


def load_build(data: str | Path):
    """Returns the rdflib Graph of a build folder (its ``graph.ttl``)."""
    from rdflib import Graph

    src = Path(data) / "graph.ttl"
    if not src.is_file():
        raise InputError(f"{data}: no graph.ttl here; run `kg build --out {data}` first", code="E110")
    g = Graph()
    g.parse(src, format="turtle")
    return g


def graph_stats(G, top: int = 10) -> GraphStats:
    """Returns counts per kind, the ``top`` most central things and the connected components of ``G``."""
    import networkx as nx

    U = nx.Graph()
    U.add_nodes_from(sorted(G))
    U.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v in G.edges() if u != v}))
    kinds: dict[str, int] = {}
    for _, a in G.nodes(data=True):
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    degree = nx.degree_centrality(U) if len(U) > 1 else {n: 0.0 for n in U}
    k = None if len(U) <= 2000 else 500   # sampled (seeded) above 2,000 nodes: exact is O(n·m)
    between = nx.betweenness_centrality(U, k=k, seed=7)

    def ranked(scores: dict) -> tuple[Ranked, ...]:
        things = [n for n in U if G.nodes[n]["kind"] not in _STRUCTURE]
        best = sorted(things, key=lambda n: (-round(scores[n], 12), n))[:top]
        return tuple(Ranked(G.nodes[n]["label"], G.nodes[n]["kind"], round(scores[n], 4), n) for n in best)

    things = U.subgraph(n for n in U if G.nodes[n]["kind"] not in _STRUCTURE)
    return GraphStats(
        nodes=G.number_of_nodes(), edges=G.number_of_edges(), kinds=tuple(sorted(kinds.items())),
        by_degree=ranked(degree), by_betweenness=ranked(between),
        components=tuple(sorted((len(c) for c in nx.connected_components(U)), reverse=True)),
        components_without_structure=tuple(sorted((len(c) for c in nx.connected_components(things)),
                                                  reverse=True)))


def format_stats(s: GraphStats) -> str:
    """Returns the statistics as readable text."""
    lines = [f"nodes {s.nodes}, edges {s.edges}", "", "per kind:"]
    lines += [f"  {kind:<14}{n:>6}" for kind, n in s.kinds]
    for title, rows in (("by degree centrality", s.by_degree), ("by betweenness centrality", s.by_betweenness)):
        lines += ["", f"ten most central things, {title}:"]
        lines += [f"  {i:>2}. {r.score:<8.4f}{r.kind:<14}{r.label}" for i, r in enumerate(rows, 1)]
    sizes = ", ".join(str(n) for n in s.components[:10]) + (" …" if len(s.components) > 10 else "")
    lines += ["", f"connected components: {len(s.components)} (sizes {sizes})"]
    rest = s.components_without_structure
    lines.append(f"without the report and its sections: {len(rest)} components, "
                 f"largest {rest[0] if rest else 0}, {sum(1 for n in rest if n == 1)} isolated things")
    return "\n".join(lines) + "\n"


def export_graph(G, fmt: str) -> bytes:
    """Returns ``G`` as GEXF or GraphML for Gephi: nodes keep kind and labels, edges their relation."""
    import networkx as nx

    H = nx.MultiDiGraph()
    for n in sorted(G):
        a = G.nodes[n]
        H.add_node(n, kind=a["kind"], label=a["label"], label_zh=a["label"], label_en=a["label_en"],
                   label_pinyin=a["label_pinyin"])
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", ""))):
        H.add_edge(u, v, label=d.get("label", ""), relation=d.get("label", ""))
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(H, buf)
        # the writer stamps today's date; drop it so the same graph gives the same bytes
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
    if fmt == "graphml":
        nx.write_graphml(H, buf)
        return buf.getvalue()
    raise KGError(f"unknown export format {fmt!r}; use gexf or graphml", code="E120")


def _cmd_stats(args) -> int:
    from .viz import to_networkx

    print(format_stats(graph_stats(to_networkx(load_build(args.data), details=False))), end="")
    return EXIT_OK


def _cmd_export(args) -> int:
    from .outputs import atomic_write
    from .viz import to_networkx

    data = export_graph(to_networkx(load_build(args.data), details=False), args.format)
    out = atomic_write(Path(args.out or Path(args.data) / f"graph.{args.format}"), data)
    print(f"wrote {out}")
    return EXIT_OK


def register(subparsers) -> None:
    s = subparsers.add_parser("stats", help="print network analytics of a build (kinds, central things, components)")
    s.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    s.set_defaults(func=_cmd_stats)
    e = subparsers.add_parser("export", help="write the graph of a build as GEXF or GraphML for Gephi")
    e.add_argument("--format", required=True, choices=("gexf", "graphml"))
    e.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    e.add_argument("--out", default=None, metavar="FILE", help="the file to write (default: DIR/graph.FORMAT)")
    e.set_defaults(func=_cmd_export)
