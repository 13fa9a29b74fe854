"""Prints the median latency of the named queries: embedded pyoxigraph store vs rdflib's in-memory Dataset.

Two datasets: the bundled report's build, and about a million triples made by replicating that
build's quads with renamed graph, subject and object IRIs (and blank nodes), so every copy is a
separate report-sized graph with the same shape.

    python bench/bench_queries.py [--data DIR] [--triples 1000000] [--runs 5] [--big-runs 3]

Without --data the bundled report is built into a temporary folder first.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

REPORT = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"


def _median_seconds(fn, runs: int) -> float:
    fn()  # warm-up (and the answer is checked by the caller)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _replicate(quads, copies: int, data_prefix: str):
    """Yields ``copies`` renamed copies of ``quads`` (pyoxigraph Quads)."""
    import pyoxigraph as ox

    def rename(term, k):
        if isinstance(term, ox.NamedNode) and term.value.startswith(data_prefix):
            return ox.NamedNode(f"{term.value}-r{k}")
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}r{k}")
        return term

    for k in range(copies):
        for q in quads:
            yield ox.Quad(rename(q.subject, k), q.predicate, rename(q.object, k), rename(q.graph_name, k))


def _rdflib_dataset(quads):
    """Returns an rdflib Dataset (union default graph) holding pyoxigraph ``quads``."""
    from rdflib import BNode, Dataset, Literal, URIRef

    def conv(t):
        import pyoxigraph as ox

        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        return Literal(t.value, lang=t.language,
                       datatype=None if t.language else URIRef(t.datatype.value))

    ds = Dataset(default_union=True)
    graphs = {}
    for q in quads:
        g = graphs.get(q.graph_name.value)
        if g is None:
            g = graphs[q.graph_name.value] = ds.graph(URIRef(q.graph_name.value))
        g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return ds


def _bench(label: str, quads: list, queries, runs: int, workdir: Path) -> list[tuple]:
    import pyoxigraph as ox

    from kg.query import execute

    t = time.perf_counter()
    path = workdir / f"store-{label}"
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    store = ox.Store.read_only(str(path))
    load_ox = time.perf_counter() - t
    t = time.perf_counter()
    ds = _rdflib_dataset(quads)
    load_rdflib = time.perf_counter() - t
    print(f"\n## {label}: {len(quads):,} triples in {len({q.graph_name.value for q in quads})} named graphs "
          f"(load: pyoxigraph {load_ox:.1f} s, rdflib {load_rdflib:.1f} s)")
    print(f"{'query':<14}{'rows':>8}{'pyoxigraph ms':>16}{'rdflib ms':>12}{'rdflib/oxigraph':>18}")
    out = []
    for q in queries:
        n_ox = len(execute(store, q.text).rows)
        n_rd = len(ds.query(q.text))
        ox_s = _median_seconds(lambda: execute(store, q.text), runs)
        rd_s = _median_seconds(lambda: list(ds.query(q.text)), runs)
        note = "" if n_ox == n_rd else f"  (rdflib gave {n_rd} rows)"
        print(f"{q.name:<14}{n_ox:>8}{ox_s * 1000:>16.1f}{rd_s * 1000:>12.1f}{rd_s / ox_s:>17.1f}x{note}",
              flush=True)
        out.append((q.name, n_ox, ox_s, rd_s))
    total_ox = sum(o[2] for o in out)
    total_rd = sum(o[3] for o in out)
    print(f"{'all':<14}{'':>8}{total_ox * 1000:>16.1f}{total_rd * 1000:>12.1f}{total_rd / total_ox:>17.1f}x")
    return out


def main() -> int:
    import pyoxigraph as ox

    from kg.query import named_queries
    from kg.settings import DEFAULT_BASE

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="a build folder (default: build the bundled report)")
    ap.add_argument("--triples", type=int, default=1_000_000, help="size of the big graph (default: 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query on the report (default: 5)")
    ap.add_argument("--big-runs", type=int, default=3, help="timed runs per query on the big graph (default: 3)")
    args = ap.parse_args()
    queries = list(named_queries().values())
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        data = Path(args.data) if args.data else tmp / "build"
        if not args.data:
            from kg.pipeline import build

            build([str(REPORT)], data)
        quads = list(ox.parse(path=str(data / "graph.trig"), format=ox.RdfFormat.TRIG))
        print(f"pyoxigraph {ox.__version__}, Python {sys.version.split()[0]}; median of "
              f"{args.runs} (report) / {args.big_runs} (big) runs after one warm-up")
        _bench("report", quads, queries, args.runs, tmp)
        copies = max(1, round(args.triples / len(quads)))
        big = list(_replicate(quads, copies, DEFAULT_BASE + "id/"))
        _bench(f"x{copies}", big, queries, args.big_runs, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
