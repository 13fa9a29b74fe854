"""Prints how long the RDF writers of a build take: Turtle, TriG, JSON-LD (medians of 5).

Usage: python bench/bench_writers.py [BUILD_DIR] [--code CHECKOUT]

CHECKOUT is a checkout whose ``kg`` is timed (default: this one), to compare before and after a
change on the same machine at the same time. BUILD_DIR is a finished build (default: a fresh build of data/reports in a temporary folder). Its
graph.trig is read back into a Dataset as the pipeline holds it (one named graph per report plus
reference, links and the VoID description), and the merged graph is the union of all but the
description, so the writers get the same input as in ``kg build``.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

_CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_CODE))

from rdflib import Dataset, Graph  # noqa: E402

from kg.builder import bind_prefixes  # noqa: E402
from kg.outputs import serialize_graph  # noqa: E402
from kg.publish import jsonld_context, to_jsonld, trig_bytes, void_graph_iri  # noqa: E402
from kg.settings import Settings  # noqa: E402


def _median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def load(build: Path, settings: Settings) -> tuple[Dataset, Graph]:
    """Returns (dataset, merged graph) of a build, as the pipeline holds them before writing."""
    ds = Dataset()
    bind_prefixes(ds, settings)
    ds.parse(build / "graph.trig", format="trig")
    merged = Graph()
    bind_prefixes(merged, settings)
    skip = void_graph_iri(settings)
    for ctx in ds.graphs():
        if ctx.identifier != skip:
            for t in ctx:
                merged.add(t)
    return ds, merged


def main(argv: list[str]) -> None:
    settings = Settings()
    if argv:
        build = Path(argv[0])
    else:
        from kg.pipeline import build as run_build

        build = Path(tempfile.mkdtemp(prefix="bench-writers-"))
        run_build(["data/reports"], build, page=False)
    ds, merged = load(build, settings)
    context = jsonld_context(merged, settings)
    print(f"kg from {Path(sys.modules['kg'].__file__).parent}")
    print(f"{len(merged)} triples merged, {sum(len(c) for c in ds.graphs())} quads")
    for name, fn in (("graph.ttl  serialize_graph", lambda: serialize_graph(merged, "turtle")),
                     ("graph.trig trig_bytes", lambda: trig_bytes(ds, settings)),
                     ("graph.jsonld to_jsonld", lambda: to_jsonld(merged, context))):
        print(f"{name:28s} {_median_ms(fn):8.1f} ms")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--code" in args:
        del args[args.index("--code"):args.index("--code") + 2]
    main(args)
