"""Prints the median latency of the named queries: embedded pyoxigraph store vs rdflib's in-memory Dataset.

Two datasets: the bundled report's build, and about a million triples made by replicating that
build's quads with renamed graph, subject and object IRIs (and blank nodes), so every copy is a
separate report-sized graph with the same shape.

    python bench/bench_queries.py [--data DIR] [--triples 1000000] [--runs 5] [--big-runs 3] [--cap 30]

Each engine runs each query in a child process (pyoxigraph: spawned, opening the store itself;
rdflib: forked, sharing the loaded Dataset) that is killed after --cap seconds, so one slow
query cannot stall the whole run; the figure is then the cold run, or "-" when even that did not end.

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


def _time_runs(conn, run, runs: int) -> None:
    """Sends the seconds of a warm-up run and then of each timed run of ``run()``."""
    for _ in range(runs + 1):
        t = time.perf_counter()
        run()
        conn.send(time.perf_counter() - t)
    conn.close()


def _rdflib_child(conn, text: str, runs: int) -> None:
    ds = _RDFLIB_DS  # inherited from the parent by fork: rdflib holds no threads or locks
    _time_runs(conn, lambda: list(ds.query(text)), runs)


def _oxigraph_child(conn, store_path: str, text: str, runs: int) -> None:
    import pyoxigraph as ox

    from kg.query import execute

    store = ox.Store.read_only(store_path)  # opened here: RocksDB must not cross a fork
    _time_runs(conn, lambda: execute(store, text), runs)


def _median_in_child(ctx, target, args, runs: int, cap: float) -> tuple[float | None, str]:
    """Returns (median seconds of the timed runs, note); the child is killed after ``cap`` s.

    When only the warm-up finished, its time is the figure; when not even that, None.
    """
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(child, *args), daemon=True)
    proc.start()
    child.close()
    times, deadline = [], time.monotonic() + cap
    while len(times) < runs + 1:
        if not parent.poll(max(0.0, deadline - time.monotonic())):
            break
        try:
            times.append(parent.recv())
        except EOFError:
            break
    proc.kill()
    proc.join()
    if len(times) > 1:
        return statistics.median(times[1:]), "" if len(times) == runs + 1 else f"{len(times) - 1} runs"
    if times:
        return times[0], "1 cold run"
    return None, f"> {cap:g} s"


_RDFLIB_DS = None


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


def _bench(label: str, quads: list, queries, runs: int, cap: float, workdir: Path) -> None:
    import multiprocessing

    import pyoxigraph as ox

    global _RDFLIB_DS
    t = time.perf_counter()
    path = workdir / f"store-{label}"
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    load_ox = time.perf_counter() - t
    t = time.perf_counter()
    _RDFLIB_DS = _rdflib_dataset(quads)
    load_rdflib = time.perf_counter() - t
    print(f"\n## {label}: {len(quads):,} triples in {len({q.graph_name.value for q in quads})} named graphs "
          f"(load: pyoxigraph {load_ox:.1f} s, rdflib {load_rdflib:.1f} s); each query capped at {cap:g} s")
    print(f"{'query':<22}{'pyoxigraph ms':>15}{'rdflib ms':>12}{'rdflib/oxigraph':>17}  note")
    fork, spawn = multiprocessing.get_context("fork"), multiprocessing.get_context("spawn")
    ratios = []
    for q in queries:
        ox_s, ox_note = _median_in_child(spawn, _oxigraph_child, (str(path), q.text, runs), runs, cap)
        rd_s, rd_note = _median_in_child(fork, _rdflib_child, (q.text, runs), runs, cap)
        fmt = lambda s: f"{s * 1000:.1f}" if s is not None else "-"  # noqa: E731
        if ox_s and rd_s:
            ratio = f"{rd_s / ox_s:.1f}x"
            ratios.append(rd_s / ox_s)
        else:
            ratio = "n/a"
        notes = "; ".join(n for n in (f"oxigraph {ox_note}" if ox_note else "",
                                      f"rdflib {rd_note}" if rd_note else "") if n)
        print(f"{q.name:<22}{fmt(ox_s):>15}{fmt(rd_s):>12}{ratio:>17}  {notes}", flush=True)
    if ratios:
        print(f"median ratio rdflib/oxigraph over {len(ratios)} queries: {statistics.median(ratios):.1f}x")
    _RDFLIB_DS = None


def main() -> int:
    import pyoxigraph as ox

    from kg.query import named_queries
    from kg.settings import DEFAULT_BASE

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="a build folder (default: build the bundled report)")
    ap.add_argument("--triples", type=int, default=1_000_000, help="size of the big graph (default: 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query on the report (default: 5)")
    ap.add_argument("--big-runs", type=int, default=3, help="timed runs per query on the big graph (default: 3)")
    ap.add_argument("--cap", type=float, default=30.0, help="seconds a query may take per engine (default: 30)")
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
        _bench("report", quads, queries, args.runs, args.cap, tmp)
        copies = max(1, round(args.triples / len(quads)))
        big = list(_replicate(quads, copies, DEFAULT_BASE + "id/"))
        _bench(f"x{copies}", big, queries, args.big_runs, args.cap, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
